#include "shared/db/city_repository.h"

#include "shared/db/statements.h"

namespace ekel::db {

NewcomerRepository::NewcomerRepository(Connection& db)
    : find_(db, "SELECT sender_key, COALESCE(kecamatan, ''), COALESCE(kelurahan_code, '') FROM city_newcomers"
                " WHERE sender_key = :sender"),
      save_(db,
            "INSERT INTO city_newcomers (sender_key, kecamatan, kelurahan_code, asked_at, chosen_at)"
            " VALUES (:sender, NULLIF(:kecamatan, ''), NULLIF(:kelurahan, ''), :now,"
            " CASE WHEN :kelurahan = '' THEN NULL ELSE :now END)"
            " ON CONFLICT(sender_key) DO UPDATE SET kecamatan = excluded.kecamatan,"
            " kelurahan_code = excluded.kelurahan_code, chosen_at = excluded.chosen_at") {}

std::optional<Newcomer> NewcomerRepository::find(const std::string& sender_key) {
    find_.reset();
    find_.bind(":sender", sender_key);
    return fetch_one(find_, [](Statement& q) {
        return Newcomer{q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getString()};
    });
}

void NewcomerRepository::save(const Newcomer& newcomer, const std::string& now) {
    save_.reset();
    save_.bind(":sender", newcomer.sender_key);
    save_.bind(":kecamatan", newcomer.kecamatan);
    save_.bind(":kelurahan", newcomer.kelurahan_code);
    save_.bind(":now", now);
    save_.exec();
}

CitizenLookup::CitizenLookup(const std::string& path, int busy_timeout_ms)
    : db_(open_connection({path, busy_timeout_ms, true})),
      // Each arm uses an index: resident_phones' primary key, rts_head_phone, rts_deputy_phone,
      // conversations' primary key, requests_applicant_phone.
      known_(*db_,
             "SELECT EXISTS (SELECT 1 FROM resident_phones WHERE phone = :sender)"
             " OR EXISTS (SELECT 1 FROM rts WHERE head_phone = :sender)"
             " OR EXISTS (SELECT 1 FROM rts WHERE deputy_phone = :sender)"
             " OR EXISTS (SELECT 1 FROM conversations WHERE sender_key = :sender)"
             " OR EXISTS (SELECT 1 FROM requests WHERE applicant_phone = :sender)") {}

bool CitizenLookup::knows(const std::string& sender_key) {
    std::lock_guard lock(mutex_);
    known_.reset();
    known_.bind(":sender", sender_key);
    return fetch_int(known_) != 0;
}

ChosenKelurahanLookup::ChosenKelurahanLookup(const std::string& path, int busy_timeout_ms)
    : db_(open_connection({path, busy_timeout_ms, true})),
      chosen_(*db_, "SELECT kelurahan_code FROM city_newcomers WHERE sender_key = :sender AND kelurahan_code IS NOT NULL") {}

std::optional<std::string> ChosenKelurahanLookup::kelurahan_of(const std::string& sender_key) {
    std::lock_guard lock(mutex_);
    chosen_.reset();
    chosen_.bind(":sender", sender_key);
    return fetch_one(chosen_, [](Statement& q) { return q.getColumn(0).getString(); });
}

}  // namespace ekel::db
