#pragma once

#include "shared/config/config.h"
#include "shared/config/letter_types.h"
#include "shared/services/rt_review.h"
#include "shared/util/clock.h"

namespace ekel::bot {

struct Turn;

/// RT heads and deputies on WhatsApp: Setujui/Tolak/Perbaiki by button or by command (SETUJU,
/// TOLAK, PERBAIKI <kode> [alasan]), DAFTAR, INFO <kode>, LAMPIRAN <kode>, and the reason asked
/// after a Tolak or Perbaiki tap. The same phone may also be a citizen: whatever is not RT
/// business goes on to the citizen conversation, and a citizen flow interrupted by an RT
/// question resumes afterwards. While a reason is awaited the conversation is in State::rt_reason.
class RtDesk {
public:
    RtDesk(const config::Config& config, const config::LetterCatalog& catalog, const Clock& clock);

    /// Handles the turn when it is RT business of an RT officer; false otherwise.
    bool handle(Turn& turn);

private:
    void decide(Turn& turn, services::RtReview& review, const std::string& code, services::RtDecision decision,
                const std::string& note);
    void propose(Turn& turn, services::RtReview& review, services::RtDecision decision, const std::string& note);
    void show_pending(Turn& turn, services::RtReview& review);
    void show_request(Turn& turn, services::RtReview& review, const std::string& code);
    void send_attachments(Turn& turn, services::RtReview& review, const std::string& code);
    void leave_reason_state(Turn& turn);

    const config::Config& config_;
    const config::LetterCatalog& catalog_;
    const Clock& clock_;
};

}  // namespace ekel::bot
