#pragma once

#include <optional>
#include <string>
#include <vector>

#include "shared/db/connection.h"

namespace ekel::db {

struct Complaint {
    std::int64_t id = 0;
    std::string code;
    std::string sender_key;
    std::optional<std::int64_t> resident_id;
    std::string channel = "whatsapp";
    std::string category = "lainnya";
    std::string text;
    std::string status = "diterima";
    std::string created_at;
    std::string due_at;
};

struct ComplaintReply {
    std::int64_t id = 0;
    std::int64_t complaint_id = 0;
    std::string staff;
    std::string text;
    std::string created_at;
};

/// Complaints (pengaduan). Never opens transactions.
class ComplaintRepository {
public:
    explicit ComplaintRepository(Connection& db);

    int next_code_number(const std::string& period);
    /// Inserts and sets complaint.id.
    void insert(Complaint& complaint, const std::string& now);
    std::optional<Complaint> find_by_code(const std::string& code);
    /// Newest first; `status` empty lists every status.
    std::vector<Complaint> list(const std::string& status, int limit);
    void update(std::int64_t id, const std::string& category, const std::string& status, const std::string& now);
    void add_reply(ComplaintReply& reply);
    std::vector<ComplaintReply> replies(std::int64_t complaint_id);

private:
    Statement next_code_;
    Statement insert_;
    Statement find_by_code_;
    Statement list_;
    Statement update_;
    Statement add_reply_;
    Statement replies_;
};

}  // namespace ekel::db
