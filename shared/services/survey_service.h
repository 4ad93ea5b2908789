#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "shared/config/config.h"
#include "shared/domain/request.h"
#include "shared/util/clock.h"

namespace ekel::db {
class Store;
}

namespace ekel::services {

/// The satisfaction survey (IKM, PermenPAN-RB 14/2017) on WhatsApp. After a letter is collected
/// or its document delivered, the applicant is invited once (buttons: fill in, or decline).
/// Each of the nine elements is one WhatsApp list with four answers; every answer is stored as it
/// comes, so a survey left half-way is resumed where it stopped ("survei").
///
/// Reply ids: "ikm:start:<id>", "ikm:no:<id>", and "ikm:<id>:<element 1-9>:<score 1-4>" for an
/// answer (built and read with messaging::encode / messaging::decode). Every method checks that
/// the survey belongs to the sender and runs inside the caller's write transaction; replies go
/// through the outbox.
class SurveyService {
public:
    SurveyService(db::Store& store, const config::Config& config);

    /// Invites the applicant unless surveys are off, the request has no phone or already has a
    /// survey, or this phone was invited within [survey] quiet_days. Returns whether invited.
    bool invite_in_transaction(const domain::Request& request, TimePoint now);
    /// Invites the applicants of digital letters whose document WhatsApp reported delivered in
    /// the last week. Opens its own write transaction; returns the number invited.
    int invite_delivered(TimePoint now, const std::function<bool(const domain::Request&)>& is_digital);

    void start(const std::string& sender, std::int64_t survey_id, TimePoint now);
    void decline(const std::string& sender, std::int64_t survey_id, TimePoint now);
    void answer(const std::string& sender, std::int64_t survey_id, int element, int score, TimePoint now);
    /// The next unanswered question of the sender's open survey, or a note that none is open.
    void resume(const std::string& sender, TimePoint now);

private:
    void ask(const std::string& sender, std::int64_t survey_id, int element, TimePoint now);
    void say(const std::string& sender, const std::string& text, TimePoint now);

    db::Store& store_;
    const config::Config& config_;
};

}  // namespace ekel::services
