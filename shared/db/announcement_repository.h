#pragma once

#include <string>
#include <vector>

#include "shared/db/connection.h"

namespace ekel::db {

struct Announcement {
    std::int64_t id = 0;
    std::string text;
    std::string published_by;
    std::string published_at;
    std::string expires_at;
    int recipients = 0;
};

/// Announcements and their WhatsApp subscribers. Never opens transactions.
class AnnouncementRepository {
public:
    explicit AnnouncementRepository(Connection& db);

    void subscribe(const std::string& sender_key, const std::string& now);
    /// Kept as opted out: a later announcement never reaches this sender.
    void unsubscribe(const std::string& sender_key, const std::string& now);
    bool is_subscribed(const std::string& sender_key);
    std::vector<std::string> subscribers();

    void insert(Announcement& announcement);
    /// Not yet expired at `now`, newest first.
    std::vector<Announcement> current(const std::string& now, int limit);

private:
    Statement subscribe_;
    Statement unsubscribe_;
    Statement is_subscribed_;
    Statement subscribers_;
    Statement insert_;
    Statement current_;
};

}  // namespace ekel::db
