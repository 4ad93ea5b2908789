#pragma once

#include <optional>
#include <string>

#include "shared/config/config.h"
#include "shared/config/letter_types.h"
#include "shared/domain/request.h"
#include "shared/services/office_hours.h"
#include "shared/util/clock.h"

namespace ekel::bot {

struct Turn;
class RequestFlow;

/// What a citizen may ask at any point besides a letter request: the menu, requirements, office
/// information, the status of their requests, cancelling one, complaints (with photos),
/// announcements, and the correction of a request the RT sent back.
class CommandFlow {
public:
    CommandFlow(const config::Config& config, const config::LetterCatalog& catalog, const Clock& clock,
                const services::OfficeHours& office, RequestFlow& requests);

    void greet(Turn& turn);
    void show_menu(Turn& turn, const std::string& intro);
    void send_requirements(Turn& turn, const std::string& letter_type);
    /// Office information; about one letter (fee, duration, collection) when `letter_type` is named.
    void send_info(Turn& turn, const std::string& topic, const std::optional<std::string>& letter_type = std::nullopt);
    /// One request of this phone by code, or its latest requests when `code` is empty.
    void send_status(Turn& turn, const std::string& code);
    void start_cancel(Turn& turn, const std::string& code);
    void start_correction(Turn& turn, const std::string& code);
    void ask_complaint(Turn& turn, const std::string& prompt);
    /// "Kirim sebagai aduan?": a complaint is filed only once the citizen confirms.
    void propose_complaint(Turn& turn, const std::string& text);
    void file_complaint(Turn& turn, const std::string& text);
    /// Another institution's business, spam (no answer) or a social message: where it belongs.
    void redirect(Turn& turn, const std::string& where);
    /// "bicara dengan petugas": a notice for staff with the recent messages of this phone.
    void hand_to_staff(Turn& turn);
    /// The applicant's "Ingatkan RT": at most one reminder a day per request, recorded.
    void remind_rt(Turn& turn, const std::string& code);
    /// RT commands from a phone that is no RT officer.
    void refuse_rt_command(Turn& turn);
    /// LANGGANAN / BERHENTI; false when the message is neither.
    bool take_subscription(Turn& turn);
    /// A photo or document for a correction, or for a complaint being written, just filed, or
    /// filed by its caption; false when it belongs to none.
    bool take_media(Turn& turn);

    // Answers, one per state.
    void answer_cancel(Turn& turn);
    void answer_complaint(Turn& turn);
    void answer_requirements(Turn& turn);
    void answer_correction(Turn& turn);
    void answer_complaint_confirmation(Turn& turn);

private:
    bool correct_field(Turn& turn, const domain::Request& request, std::string& change);
    /// `text` with a button that starts a request for `type`.
    void offer_to_start(Turn& turn, const config::LetterType& type, const std::string& text);
    void send_letter_info(Turn& turn, const config::LetterType& type, const std::string& topic);

    const config::Config& config_;
    const config::LetterCatalog& catalog_;
    const Clock& clock_;
    const services::OfficeHours& office_;
    RequestFlow& requests_;
};

}  // namespace ekel::bot
