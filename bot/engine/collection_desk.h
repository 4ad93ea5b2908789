#pragma once

#include "shared/config/config.h"
#include "shared/config/letter_types.h"

namespace ekel::bot {

struct Turn;

/// Collection slots on WhatsApp: taps on the slot lists (see services::CollectionService for
/// their ids) in any conversation state, and "JADWAL [kode]" typed by a citizen who has a letter
/// waiting to be collected, to book or move the slot.
class CollectionDesk {
public:
    CollectionDesk(const config::Config& config, const config::LetterCatalog& catalog);

    /// Handles the turn when it is about a collection slot; false otherwise.
    bool handle(Turn& turn);

private:
    void book(Turn& turn, const std::string& code, const std::string& slot);
    /// Offers slots for the sender's letters waiting to be collected; false when there are none.
    bool offer_for_sender(Turn& turn, const std::string& code);

    const config::Config& config_;
    const config::LetterCatalog& catalog_;
};

/// The satisfaction survey on WhatsApp: the invitation's buttons, the answer lists (see
/// services::SurveyService), and "survei" typed to resume a survey left half-way.
class SurveyDesk {
public:
    explicit SurveyDesk(const config::Config& config);

    bool handle(Turn& turn);

private:
    const config::Config& config_;
};

}  // namespace ekel::bot
