#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "shared/db/connection.h"

namespace ekel::db {

/// One satisfaction survey (IKM) offered for one letter. answers[0] is U1; 0 = not answered yet.
struct Survey {
    std::int64_t id = 0;
    std::int64_t request_id = 0;
    std::string sender_key;
    std::string status;  ///< invited, declined, answering, completed
    std::string invited_at;
    std::optional<std::string> completed_at;
    std::array<int, 9> answers{};
};

/// A letter handed over digitally whose document WhatsApp reported delivered.
struct DeliveredLetter {
    std::int64_t request_id = 0;
    std::string recipient;
};

/// Surveys and their answers. Never opens transactions.
class SurveyRepository {
public:
    explicit SurveyRepository(Connection& db);

    /// Returns the new survey's id, or nothing when this request already has one.
    std::optional<std::int64_t> insert(std::int64_t request_id, const std::string& sender_key, const std::string& now);
    std::optional<Survey> find(std::int64_t id);
    /// The sender's newest survey that is still open (invited or answering).
    std::optional<Survey> open_for(const std::string& sender_key);
    /// Whether the sender was invited at or after `since`.
    bool invited_since(const std::string& sender_key, const std::string& since);
    /// Stores the answer to element 1..9 and moves the survey to `status`.
    void answer(std::int64_t id, int element, int score, const std::string& status, const std::string& now);
    void set_status(std::int64_t id, const std::string& status, const std::string& now);
    /// Requests still issued (not collected) whose letter document reached the phone since `since`,
    /// and that have no survey yet.
    std::vector<DeliveredLetter> delivered_without_survey(const std::string& since, int limit);

private:
    Statement insert_;
    Statement find_;
    Statement open_for_;
    Statement invited_since_;
    Statement answer_;
    Statement set_status_;
    Statement delivered_;
};

}  // namespace ekel::db
