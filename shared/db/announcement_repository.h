#pragma once

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <string>
#include <vector>

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
    explicit AnnouncementRepository(SQLite::Database& db);

    void subscribe(const std::string& sender_key, const std::string& now);
    /// Kept as opted out: a later announcement never reaches this sender.
    void unsubscribe(const std::string& sender_key, const std::string& now);
    bool is_subscribed(const std::string& sender_key);
    std::vector<std::string> subscribers();

    void insert(Announcement& announcement);
    /// Not yet expired at `now`, newest first.
    std::vector<Announcement> current(const std::string& now, int limit);

private:
    SQLite::Statement subscribe_;
    SQLite::Statement unsubscribe_;
    SQLite::Statement is_subscribed_;
    SQLite::Statement subscribers_;
    SQLite::Statement insert_;
    SQLite::Statement current_;
};

}  // namespace ekel::db
