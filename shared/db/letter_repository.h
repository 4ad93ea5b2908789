#pragma once

#include <optional>
#include <string>
#include <vector>

#include "shared/db/connection.h"
#include "shared/domain/letter.h"

namespace ekel::db {

/// Issued letters and their number sequences. Never opens transactions.
class LetterRepository {
public:
    explicit LetterRepository(Connection& db);

    /// Takes the next number of a (scope, year) sequence, starting at 1. Inside the issuing
    /// transaction, so a rolled-back issue leaves no gap.
    int next_sequence(const std::string& scope, int year);
    /// The number next_sequence would take now, without taking it: an issue renders and signs
    /// with it before its write transaction, then checks it still holds.
    int peek_sequence(const std::string& scope, int year);
    /// Inserts and sets letter.id.
    void insert(domain::Letter& letter);
    std::optional<domain::Letter> find_by_token(const std::string& token);
    std::optional<domain::Letter> find_by_request(std::int64_t request_id);
    /// The letter whose issued PDF has this SHA-256 (lower-case hex).
    std::optional<domain::Letter> find_by_pdf_sha256(const std::string& sha256);
    void revoke(std::int64_t id, const std::string& at, const std::string& reason, const std::string& by);
    /// Letters issued at or after `since` (UTC text), newest first.
    std::vector<domain::Letter> issued_since(const std::string& since, int limit);

private:
    Statement next_sequence_;
    Statement peek_sequence_;
    Statement insert_;
    Statement find_by_token_;
    Statement find_by_request_;
    Statement find_by_pdf_sha256_;
    Statement revoke_;
    Statement issued_since_;
};

}  // namespace ekel::db
