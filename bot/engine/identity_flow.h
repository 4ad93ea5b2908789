#pragma once

#include <functional>
#include <string>
#include <vector>

#include "shared/config/config.h"
#include "shared/domain/resident.h"
#include "shared/services/office_hours.h"

namespace ekel::bot {

struct Turn;

/// Who is writing: a verified phone, NIK + birth date (three failures lock the phone for an
/// hour), a choice between the residents sharing a phone, or a newcomer's name, address and RT.
/// Once known, the request goes on through `resume`.
class IdentityFlow {
public:
    IdentityFlow(const config::Config& config, const services::OfficeHours& office, std::function<void(Turn&)> resume);

    /// Asks for the NIK, unless the phone is locked.
    void ask(Turn& turn);
    /// Links the phone to the resident when NIK and birth date (ISO) match. Refused while the
    /// phone is locked, whatever the path to it, and such attempts do not extend the lock.
    void check(Turn& turn, const std::string& nik, const std::string& birth_date);
    /// Asks which of the residents of this phone is writing.
    void ask_who(Turn& turn, const std::vector<domain::Resident>& residents);

    // Answers, one per state.
    void answer_nik(Turn& turn);
    void answer_birth_date(Turn& turn);
    void answer_who(Turn& turn);
    void answer_newcomer_name(Turn& turn);
    void answer_newcomer_address(Turn& turn);
    void answer_newcomer_rt(Turn& turn);
    void ask_newcomer(Turn& turn);

private:
    /// Ends the turn with the lock message when the phone is locked; true then.
    bool refuse_while_locked(Turn& turn);

    const config::Config& config_;
    const services::OfficeHours& office_;
    std::function<void(Turn&)> resume_;
};

}  // namespace ekel::bot
