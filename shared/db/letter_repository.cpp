#include "shared/db/letter_repository.h"

#include "shared/db/statements.h"

namespace ekel::db {

namespace {

constexpr const char* kSelect =
    "SELECT id, request_id, number, scope, year, sequence, letter_type, holder_name, signer_name,"
    " signer_position, signer_nip, issued_at, issued_by, verification_token, COALESCE(pdf_path, ''),"
    " COALESCE(pdf_sha256, ''), revoked_at, revoked_reason, revoked_by FROM letters ";

domain::Letter read_letter(Statement& q) {
    domain::Letter l;
    l.id = q.getColumn(0).getInt64();
    l.request_id = q.getColumn(1).getInt64();
    l.number = q.getColumn(2).getString();
    l.scope = q.getColumn(3).getString();
    l.year = q.getColumn(4).getInt();
    l.sequence = q.getColumn(5).getInt();
    l.letter_type = q.getColumn(6).getString();
    l.holder_name = q.getColumn(7).getString();
    l.signer_name = q.getColumn(8).getString();
    l.signer_position = q.getColumn(9).getString();
    l.signer_nip = q.getColumn(10).getString();
    l.issued_at = q.getColumn(11).getString();
    l.issued_by = q.getColumn(12).getString();
    l.verification_token = q.getColumn(13).getString();
    l.pdf_path = q.getColumn(14).getString();
    l.pdf_sha256 = q.getColumn(15).getString();
    l.revoked_at = optional_text(q.getColumn(16));
    l.revoked_reason = optional_text(q.getColumn(17));
    l.revoked_by = optional_text(q.getColumn(18));
    return l;
}

}  // namespace

LetterRepository::LetterRepository(Connection& db)
    // A shared register started in a year that already has letters (a catalogue switched from
    // per-type sequences) continues after the highest number issued, so no number repeats.
    : next_sequence_(db,
                     "INSERT INTO letter_sequences (scope, year, last_number) VALUES (:scope, :year,"
                     " CASE WHEN :scope = 'shared' THEN (SELECT COALESCE(MAX(sequence), 0) FROM letters"
                     " WHERE year = :year) + 1 ELSE 1 END)"
                     " ON CONFLICT(scope, year) DO UPDATE SET last_number = letter_sequences.last_number + 1 RETURNING last_number"),
      peek_sequence_(db,
                     "SELECT COALESCE((SELECT last_number FROM letter_sequences WHERE scope = :scope AND year = :year)"
                     " + 1, CASE WHEN :scope = 'shared' THEN (SELECT COALESCE(MAX(sequence), 0) FROM letters"
                     " WHERE year = :year) + 1 ELSE 1 END)"),
      insert_(db,
              "INSERT INTO letters (request_id, number, scope, year, sequence, letter_type, holder_name, signer_name,"
              " signer_position, signer_nip, issued_at, issued_by, verification_token, pdf_path, pdf_sha256)"
              " VALUES (:request, :number, :scope, :year, :sequence, :type, :holder, :signer, :position, :nip,"
              " :issued_at, :issued_by, :token, :path, :sha) RETURNING id"),
      find_by_token_(db, std::string(kSelect) + "WHERE verification_token = :token"),
      find_by_request_(db, std::string(kSelect) + "WHERE request_id = :request"),
      find_by_pdf_sha256_(db, std::string(kSelect) + "WHERE pdf_sha256 = :sha"),
      revoke_(db,
              "UPDATE letters SET revoked_at = :at, revoked_reason = :reason, revoked_by = :by"
              " WHERE id = :id AND revoked_at IS NULL"),
      issued_since_(db, std::string(kSelect) + "WHERE issued_at >= :since ORDER BY issued_at DESC LIMIT :limit") {}

int LetterRepository::next_sequence(const std::string& scope, int year) {
    next_sequence_.reset();
    next_sequence_.bind(":scope", scope);
    next_sequence_.bind(":year", year);
    return static_cast<int>(fetch_int(next_sequence_));
}

int LetterRepository::peek_sequence(const std::string& scope, int year) {
    peek_sequence_.reset();
    peek_sequence_.bind(":scope", scope);
    peek_sequence_.bind(":year", year);
    return static_cast<int>(fetch_int(peek_sequence_));
}

void LetterRepository::insert(domain::Letter& l) {
    insert_.reset();
    insert_.bind(":request", l.request_id);
    insert_.bind(":number", l.number);
    insert_.bind(":scope", l.scope);
    insert_.bind(":year", l.year);
    insert_.bind(":sequence", l.sequence);
    insert_.bind(":type", l.letter_type);
    insert_.bind(":holder", l.holder_name);
    insert_.bind(":signer", l.signer_name);
    insert_.bind(":position", l.signer_position);
    insert_.bind(":nip", l.signer_nip);
    insert_.bind(":issued_at", l.issued_at);
    insert_.bind(":issued_by", l.issued_by);
    insert_.bind(":token", l.verification_token);
    insert_.bind(":path", l.pdf_path);
    insert_.bind(":sha", l.pdf_sha256);
    l.id = fetch_int(insert_);
}

std::optional<domain::Letter> LetterRepository::find_by_token(const std::string& token) {
    find_by_token_.reset();
    find_by_token_.bind(":token", token);
    return fetch_one(find_by_token_, read_letter);
}

std::optional<domain::Letter> LetterRepository::find_by_request(std::int64_t request_id) {
    find_by_request_.reset();
    find_by_request_.bind(":request", request_id);
    return fetch_one(find_by_request_, read_letter);
}

std::optional<domain::Letter> LetterRepository::find_by_pdf_sha256(const std::string& sha256) {
    find_by_pdf_sha256_.reset();
    find_by_pdf_sha256_.bind(":sha", sha256);
    return fetch_one(find_by_pdf_sha256_, read_letter);
}

void LetterRepository::revoke(std::int64_t id, const std::string& at, const std::string& reason, const std::string& by) {
    revoke_.reset();
    revoke_.bind(":id", id);
    revoke_.bind(":at", at);
    revoke_.bind(":reason", reason);
    revoke_.bind(":by", by);
    revoke_.exec();
}

std::vector<domain::Letter> LetterRepository::issued_since(const std::string& since, int limit) {
    issued_since_.reset();
    issued_since_.bind(":since", since);
    issued_since_.bind(":limit", limit);
    return fetch_all(issued_since_, read_letter);
}

}  // namespace ekel::db
