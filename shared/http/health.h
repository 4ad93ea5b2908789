#pragma once

#include <nlohmann/json_fwd.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "shared/db/database.h"

namespace httplib {
class Server;
}

namespace ekel::db {
class Store;
}

namespace ekel::http {

/// What GET /healthz answers: the service name, version, schema version and whether the database
/// answers, plus the service's own figures. What comes from the database is a snapshot read with
/// a connection of its own at most once per `max_age`, so monitors may poll as often and as many
/// at once as they like: a request either refreshes the snapshot (one at a time) or answers the
/// current one. It never borrows a pooled handle, so health checks can neither starve nor
/// deadlock the service's own requests. Thread-safe.
class HealthReporter {
public:
    /// Adds the service's figures, read from `store` only (cached for `max_age`).
    using Details = std::function<void(db::Store& store, nlohmann::json& body)>;
    /// Adds figures the service keeps in memory (read at every request, without the database).
    using LiveDetails = std::function<void(nlohmann::json& body)>;

    HealthReporter(std::string service, db::ConnectionSettings database, Details details,
                   LiveDetails live_details = {}, std::chrono::milliseconds max_age = std::chrono::milliseconds(250));
    ~HealthReporter();
    HealthReporter(const HealthReporter&) = delete;
    HealthReporter& operator=(const HealthReporter&) = delete;

    struct Answer {
        int status = 503;
        std::string body;
    };
    Answer current();

private:
    /// The database part, as a snapshot.
    struct Snapshot;
    Snapshot read();
    std::shared_ptr<const Snapshot> snapshot();

    std::string service_;
    db::ConnectionSettings database_;
    Details details_;
    LiveDetails live_details_;
    std::chrono::milliseconds max_age_;
    std::mutex reader_;  ///< held while reading; guards store_
    std::unique_ptr<db::Store> store_;
    std::mutex snapshot_mutex_;
    std::shared_ptr<const Snapshot> snapshot_;
    std::chrono::steady_clock::time_point snapshot_at_{};
};

/// GET /healthz from `reporter`, which must outlive the server.
void register_health_routes(httplib::Server& server, HealthReporter& reporter);

/// The program version (from CMake).
const char* program_version();

}  // namespace ekel::http
