#pragma once

#include <string>

#include "shared/config/config.h"
#include "shared/config/letter_types.h"
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
    void send_info(Turn& turn, const std::string& topic);
    /// One request of this phone by code, or its latest requests when `code` is empty.
    void send_status(Turn& turn, const std::string& code);
    void start_cancel(Turn& turn, const std::string& code);
    void start_correction(Turn& turn, const std::string& code);
    void ask_complaint(Turn& turn, const std::string& prompt);
    void file_complaint(Turn& turn, const std::string& text);
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

private:
    const config::Config& config_;
    const config::LetterCatalog& catalog_;
    const Clock& clock_;
    const services::OfficeHours& office_;
    RequestFlow& requests_;
};

}  // namespace ekel::bot
