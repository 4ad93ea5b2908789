#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "shared/db/connection.h"

namespace ekel::db {

/// A citizen on a city's one number who is in no kelurahan's registry, while they choose theirs.
struct Newcomer {
    std::string sender_key;
    std::string kecamatan;       ///< empty until chosen
    std::string kelurahan_code;  ///< empty until chosen
};

/// city_newcomers in the city's own database. Built on the handler's connection inside its
/// transaction (newcomers are few; the statements are prepared when needed).
class NewcomerRepository {
public:
    explicit NewcomerRepository(Connection& db);

    std::optional<Newcomer> find(const std::string& sender_key);
    /// Records (or updates) the newcomer's choice so far.
    void save(const Newcomer& newcomer, const std::string& now);

private:
    Statement find_;
    Statement save_;
};

/// Answers "is this WhatsApp sender known in this kelurahan?" from its database, on a read-only
/// connection of its own (a few statements, shared by the webhook threads under a mutex): a phone
/// in its registry, an RT head or deputy, someone mid-conversation or who filed a request there.
class CitizenLookup {
public:
    CitizenLookup(const std::string& path, int busy_timeout_ms);
    bool knows(const std::string& sender_key);

private:
    std::mutex mutex_;
    std::unique_ptr<Connection> db_;
    Statement known_;
};

/// The kelurahan a newcomer chose on the city's number, read by the webhook threads.
class ChosenKelurahanLookup {
public:
    ChosenKelurahanLookup(const std::string& path, int busy_timeout_ms);
    std::optional<std::string> kelurahan_of(const std::string& sender_key);

private:
    std::mutex mutex_;
    std::unique_ptr<Connection> db_;
    Statement chosen_;
};

}  // namespace ekel::db
