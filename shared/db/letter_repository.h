#pragma once

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <optional>
#include <string>
#include <vector>

#include "shared/domain/letter.h"

namespace ekel::db {

/// Issued letters and their number sequences. Never opens transactions.
class LetterRepository {
public:
    explicit LetterRepository(SQLite::Database& db);

    /// Takes the next number of a (scope, year) sequence, starting at 1. Inside the issuing
    /// transaction, so a rolled-back issue leaves no gap.
    int next_sequence(const std::string& scope, int year);
    /// Inserts and sets letter.id.
    void insert(domain::Letter& letter);
    std::optional<domain::Letter> find_by_token(const std::string& token);
    std::optional<domain::Letter> find_by_request(std::int64_t request_id);
    void revoke(std::int64_t id, const std::string& at, const std::string& reason, const std::string& by);
    /// Letters issued at or after `since` (UTC text), newest first.
    std::vector<domain::Letter> issued_since(const std::string& since, int limit);

private:
    SQLite::Statement next_sequence_;
    SQLite::Statement insert_;
    SQLite::Statement find_by_token_;
    SQLite::Statement find_by_request_;
    SQLite::Statement revoke_;
    SQLite::Statement issued_since_;
};

}  // namespace ekel::db
