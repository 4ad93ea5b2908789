#pragma once

#include <optional>
#include <string>
#include <vector>

#include "shared/db/connection.h"

namespace ekel::db {

struct Attachment {
    std::int64_t id = 0;
    std::optional<std::int64_t> request_id;
    std::string sender_key;
    std::string kind;  ///< image or document
    std::string media_id;
    std::string mime_type;
    std::string caption;
    std::string filename;
    std::string path;
    std::string status;  ///< pending, downloaded, failed
    int attempts = 0;
    std::optional<std::int64_t> complaint_id;  ///< a photo sent with a complaint (aduan)
};

/// Photos and documents citizens send with a request or a complaint. Stored as pending first (the download is a
/// network call and happens outside the conversation's transaction). Never opens transactions.
class AttachmentRepository {
public:
    explicit AttachmentRepository(Connection& db);

    std::int64_t add_to_draft(const Attachment& attachment, const std::string& now);
    /// The sender's attachments not yet tied to a request.
    std::vector<Attachment> draft(const std::string& sender_key);
    /// Ties the sender's draft attachments to the submitted request.
    void attach_draft(const std::string& sender_key, std::int64_t request_id, const std::string& now);
    /// Ties the sender's draft attachments to a complaint instead; returns how many.
    int attach_draft_to_complaint(const std::string& sender_key, std::int64_t complaint_id, const std::string& now);
    void discard_draft(const std::string& sender_key);
    std::vector<Attachment> for_complaint(std::int64_t complaint_id);
    std::vector<Attachment> for_request(std::int64_t request_id);
    std::optional<Attachment> find(std::int64_t id);
    std::vector<Attachment> pending_downloads(int limit);
    void mark_downloaded(std::int64_t id, const std::string& path, const std::string& mime_type, const std::string& now);
    void mark_download_failed(std::int64_t id, const std::string& error, bool final, const std::string& now);

private:
    Statement add_;
    Statement draft_;
    Statement attach_draft_;
    Statement attach_draft_to_complaint_;
    Statement discard_draft_;
    Statement for_complaint_;
    Statement for_request_;
    Statement find_;
    Statement pending_;
    Statement downloaded_;
    Statement failed_;
};

}  // namespace ekel::db
