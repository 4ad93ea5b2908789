#include "shared/http/health.h"

#include <httplib.h>
#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "shared/db/migrations.h"
#include "shared/db/store.h"

namespace ekel::http {

const char* program_version() { return EKEL_VERSION; }

struct HealthReporter::Snapshot {
    nlohmann::json body;
    bool database_ok = false;
};

HealthReporter::HealthReporter(std::string service, db::ConnectionSettings database, Details details,
                               LiveDetails live_details, std::chrono::milliseconds max_age)
    : service_(std::move(service)),
      database_(std::move(database)),
      details_(std::move(details)),
      live_details_(std::move(live_details)),
      max_age_(max_age) {}

HealthReporter::~HealthReporter() = default;

HealthReporter::Answer HealthReporter::current() {
    auto taken = snapshot();
    nlohmann::json body = taken->body;
    if (live_details_) live_details_(body);
    if (!taken->database_ok) {
        body["status"] = "error";
    } else {
        body["status"] = body["schema_version"] == body["schema_version_expected"] ? "ok" : "degraded";
    }
    return {taken->database_ok ? 200 : 503, body.dump()};
}

std::shared_ptr<const HealthReporter::Snapshot> HealthReporter::snapshot() {
    auto fresh = [this]() -> std::shared_ptr<const Snapshot> {
        std::lock_guard lock(snapshot_mutex_);
        if (snapshot_ && std::chrono::steady_clock::now() - snapshot_at_ < max_age_) return snapshot_;
        return nullptr;
    };
    if (auto taken = fresh()) return taken;
    std::unique_lock reading(reader_, std::try_to_lock);
    if (!reading.owns_lock()) {
        // Someone is reading right now: the last snapshot will do; the very first waits for it.
        {
            std::lock_guard lock(snapshot_mutex_);
            if (snapshot_) return snapshot_;
        }
        reading.lock();
        if (auto taken = fresh()) return taken;
    }
    auto taken = std::make_shared<const Snapshot>(read());
    std::lock_guard lock(snapshot_mutex_);
    snapshot_ = taken;
    snapshot_at_ = std::chrono::steady_clock::now();
    return taken;
}

HealthReporter::Snapshot HealthReporter::read() {
    Snapshot snapshot;
    snapshot.body = {{"service", service_},
                     {"version", program_version()},
                     {"schema_version_expected", db::latest_schema_version()}};
    try {
        if (!store_) store_ = std::make_unique<db::Store>(database_);
        snapshot.body["schema_version"] = db::schema_version(store_->db());
        auto demo = store_->meta.get("demo_data");
        snapshot.body["demo_data"] = demo.has_value() && *demo == "true";
        if (details_) details_(*store_, snapshot.body);
        snapshot.database_ok = true;
    } catch (const std::exception& e) {
        spdlog::error("{} health check: database unavailable: {}", service_, e.what());
        store_.reset();  // reopened at the next read
        snapshot.body["error"] = "database unavailable";
    }
    return snapshot;
}

void register_health_routes(httplib::Server& server, HealthReporter& reporter) {
    server.Get("/healthz", [&reporter](const httplib::Request&, httplib::Response& res) {
        auto answer = reporter.current();
        res.status = answer.status;
        res.set_content(answer.body, "application/json");
    });
}

}  // namespace ekel::http
