#include "shared/db/announcement_repository.h"

#include "shared/db/statements.h"

namespace ekel::db {

AnnouncementRepository::AnnouncementRepository(Connection& db)
    : subscribe_(db,
                 "INSERT INTO announcement_subscribers (sender_key, subscribed_at) VALUES (:key, :now)"
                 " ON CONFLICT(sender_key) DO UPDATE SET subscribed_at = :now, unsubscribed_at = NULL"),
      unsubscribe_(db,
                   "INSERT INTO announcement_subscribers (sender_key, subscribed_at, unsubscribed_at)"
                   " VALUES (:key, :now, :now) ON CONFLICT(sender_key) DO UPDATE SET unsubscribed_at = :now"),
      is_subscribed_(db,
                     "SELECT COUNT(*) FROM announcement_subscribers WHERE sender_key = :key AND unsubscribed_at IS NULL"),
      subscribers_(db, "SELECT sender_key FROM announcement_subscribers WHERE unsubscribed_at IS NULL ORDER BY sender_key"),
      insert_(db,
              "INSERT INTO announcements (text, published_by, published_at, expires_at, recipients)"
              " VALUES (:text, :by, :at, :expires, :recipients) RETURNING id"),
      current_(db,
               "SELECT id, text, published_by, published_at, expires_at, recipients FROM announcements"
               " WHERE expires_at > :now ORDER BY published_at DESC, id DESC LIMIT :limit") {}

void AnnouncementRepository::subscribe(const std::string& sender_key, const std::string& now) {
    subscribe_.reset();
    subscribe_.bind(":key", sender_key);
    subscribe_.bind(":now", now);
    subscribe_.exec();
}

void AnnouncementRepository::unsubscribe(const std::string& sender_key, const std::string& now) {
    unsubscribe_.reset();
    unsubscribe_.bind(":key", sender_key);
    unsubscribe_.bind(":now", now);
    unsubscribe_.exec();
}

bool AnnouncementRepository::is_subscribed(const std::string& sender_key) {
    is_subscribed_.reset();
    is_subscribed_.bind(":key", sender_key);
    return fetch_int(is_subscribed_) > 0;
}

std::vector<std::string> AnnouncementRepository::subscribers() {
    subscribers_.reset();
    return fetch_all(subscribers_, [](Statement& q) { return q.getColumn(0).getString(); });
}

void AnnouncementRepository::insert(Announcement& a) {
    insert_.reset();
    insert_.bind(":text", a.text);
    insert_.bind(":by", a.published_by);
    insert_.bind(":at", a.published_at);
    insert_.bind(":expires", a.expires_at);
    insert_.bind(":recipients", a.recipients);
    a.id = fetch_int(insert_);
}

std::vector<Announcement> AnnouncementRepository::current(const std::string& now, int limit) {
    current_.reset();
    current_.bind(":now", now);
    current_.bind(":limit", limit);
    return fetch_all(current_, [](Statement& q) {
        return Announcement{q.getColumn(0).getInt64(), q.getColumn(1).getString(), q.getColumn(2).getString(),
                            q.getColumn(3).getString(), q.getColumn(4).getString(), q.getColumn(5).getInt()};
    });
}

}  // namespace ekel::db
