#include "shared/db/attachment_repository.h"

#include "shared/db/statements.h"

namespace ekel::db {

namespace {

constexpr const char* kColumns =
    "SELECT id, request_id, sender_key, kind, media_id, mime_type, caption, filename, COALESCE(path, ''), status,"
    " attempts, complaint_id FROM request_attachments ";

Attachment read_attachment(Statement& q) {
    Attachment a;
    a.id = q.getColumn(0).getInt64();
    if (!q.getColumn(1).isNull()) a.request_id = q.getColumn(1).getInt64();
    a.sender_key = q.getColumn(2).getString();
    a.kind = q.getColumn(3).getString();
    a.media_id = q.getColumn(4).getString();
    a.mime_type = q.getColumn(5).getString();
    a.caption = q.getColumn(6).getString();
    a.filename = q.getColumn(7).getString();
    a.path = q.getColumn(8).getString();
    a.status = q.getColumn(9).getString();
    a.attempts = q.getColumn(10).getInt();
    if (!q.getColumn(11).isNull()) a.complaint_id = q.getColumn(11).getInt64();
    return a;
}

}  // namespace

AttachmentRepository::AttachmentRepository(Connection& db)
    : add_(db,
           "INSERT INTO request_attachments (sender_key, kind, media_id, mime_type, caption, filename, status,"
           " created_at, updated_at) VALUES (:key, :kind, :media, :mime, :caption, :filename, 'pending', :now, :now)"
           " RETURNING id"),
      draft_(db, std::string(kColumns) +
                     "WHERE sender_key = :key AND request_id IS NULL AND complaint_id IS NULL ORDER BY id"),
      attach_draft_(db,
                    "UPDATE request_attachments SET request_id = :request, updated_at = :now"
                    " WHERE sender_key = :key AND request_id IS NULL AND complaint_id IS NULL"),
      attach_draft_to_complaint_(db,
                                 "UPDATE request_attachments SET complaint_id = :complaint, updated_at = :now"
                                 " WHERE sender_key = :key AND request_id IS NULL AND complaint_id IS NULL"),
      discard_draft_(db,
                     "DELETE FROM request_attachments WHERE sender_key = :key AND request_id IS NULL"
                     " AND complaint_id IS NULL"),
      for_complaint_(db, std::string(kColumns) + "WHERE complaint_id = :complaint ORDER BY id"),
      for_request_(db, std::string(kColumns) + "WHERE request_id = :request ORDER BY id"),
      find_(db, std::string(kColumns) + "WHERE id = :id"),
      pending_(db, std::string(kColumns) + "WHERE status = 'pending' ORDER BY id LIMIT :limit"),
      downloaded_(db,
                  "UPDATE request_attachments SET status = 'downloaded', path = :path, mime_type = :mime,"
                  " attempts = attempts + 1, updated_at = :now WHERE id = :id"),
      failed_(db,
              "UPDATE request_attachments SET status = CASE WHEN :final THEN 'failed' ELSE status END,"
              " attempts = attempts + 1, error = :error, updated_at = :now WHERE id = :id") {}

std::int64_t AttachmentRepository::add_to_draft(const Attachment& a, const std::string& now) {
    add_.reset();
    add_.bind(":key", a.sender_key);
    add_.bind(":kind", a.kind);
    add_.bind(":media", a.media_id);
    add_.bind(":mime", a.mime_type);
    add_.bind(":caption", a.caption);
    add_.bind(":filename", a.filename);
    add_.bind(":now", now);
    return fetch_int(add_);
}

std::vector<Attachment> AttachmentRepository::draft(const std::string& sender_key) {
    draft_.reset();
    draft_.bind(":key", sender_key);
    return fetch_all(draft_, read_attachment);
}

void AttachmentRepository::attach_draft(const std::string& sender_key, std::int64_t request_id, const std::string& now) {
    attach_draft_.reset();
    attach_draft_.bind(":request", request_id);
    attach_draft_.bind(":now", now);
    attach_draft_.bind(":key", sender_key);
    attach_draft_.exec();
}

void AttachmentRepository::discard_draft(const std::string& sender_key) {
    discard_draft_.reset();
    discard_draft_.bind(":key", sender_key);
    discard_draft_.exec();
}

int AttachmentRepository::attach_draft_to_complaint(const std::string& sender_key, std::int64_t complaint_id,
                                                    const std::string& now) {
    attach_draft_to_complaint_.reset();
    attach_draft_to_complaint_.bind(":complaint", complaint_id);
    attach_draft_to_complaint_.bind(":now", now);
    attach_draft_to_complaint_.bind(":key", sender_key);
    return attach_draft_to_complaint_.exec();
}

std::vector<Attachment> AttachmentRepository::for_complaint(std::int64_t complaint_id) {
    for_complaint_.bind(":complaint", complaint_id);
    return fetch_all(for_complaint_, read_attachment);
}

std::vector<Attachment> AttachmentRepository::for_request(std::int64_t request_id) {
    for_request_.reset();
    for_request_.bind(":request", request_id);
    return fetch_all(for_request_, read_attachment);
}

std::optional<Attachment> AttachmentRepository::find(std::int64_t id) {
    find_.reset();
    find_.bind(":id", id);
    return fetch_one(find_, read_attachment);
}

std::vector<Attachment> AttachmentRepository::pending_downloads(int limit) {
    pending_.reset();
    pending_.bind(":limit", limit);
    return fetch_all(pending_, read_attachment);
}

void AttachmentRepository::mark_downloaded(std::int64_t id, const std::string& path, const std::string& mime_type,
                                           const std::string& now) {
    downloaded_.reset();
    downloaded_.bind(":path", path);
    downloaded_.bind(":mime", mime_type);
    downloaded_.bind(":now", now);
    downloaded_.bind(":id", id);
    downloaded_.exec();
}

void AttachmentRepository::mark_download_failed(std::int64_t id, const std::string& error, bool final,
                                                const std::string& now) {
    failed_.reset();
    failed_.bind(":final", final ? 1 : 0);
    failed_.bind(":error", error);
    failed_.bind(":now", now);
    failed_.bind(":id", id);
    failed_.exec();
}

}  // namespace ekel::db
