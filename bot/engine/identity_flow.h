#pragma once

#include <functional>
#include <string>
#include <vector>

#include "bot/engine/conversation_state.h"
#include "shared/config/config.h"
#include "shared/domain/resident.h"
#include "shared/services/office_hours.h"

namespace ekel::bot {

struct Turn;

/// Who is writing: a verified phone, NIK + birth date (three failures lock the phone for an
/// hour), a choice between the residents sharing a phone, or a newcomer's name, NIK, place and
/// date of birth, address, RT and origin address. A newcomer's NIK must agree with the birth
/// date it encodes; a NIK in the registry is checked against the registry instead. Either
/// mismatch counts as a failed identity check. Once known, the request goes on through `resume`.
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
    void answer_newcomer_nik(Turn& turn);
    void answer_newcomer_birth_date(Turn& turn);
    void answer_newcomer_birth_place(Turn& turn);
    void answer_newcomer_origin(Turn& turn);
    /// Asks the first thing about a newcomer not known yet, or resumes when all is known.
    void ask_newcomer(Turn& turn);
    /// True when everything ask_newcomer asks is known.
    static bool is_complete(const Newcomer& newcomer);

private:
    /// Ends the turn with the lock message when the phone is locked; true then.
    bool refuse_while_locked(Turn& turn);
    /// Counts a failed check for `nik`; ends with the lock message or asks for the NIK again in
    /// `retry` (identify_nik or newcomer_nik).
    void fail_check(Turn& turn, const std::string& nik, State retry);
    /// The newcomer's NIK against their birth date (or the registry); false when the turn ended.
    bool check_newcomer(Turn& turn);
    /// The draft's newcomer, started empty when there is none.
    static Newcomer& newcomer(Turn& turn);
    /// The kelurahan's local date now.
    domain::CivilDate today(const Turn& turn) const;

    const config::Config& config_;
    const services::OfficeHours& office_;
    std::function<void(Turn&)> resume_;
};

}  // namespace ekel::bot
