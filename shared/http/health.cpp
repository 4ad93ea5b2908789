#include "shared/http/health.h"

#include <httplib.h>
#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "shared/db/migrations.h"
#include "shared/db/store_pool.h"

namespace ekel::http {

const char* program_version() { return EKEL_VERSION; }

void register_health_routes(httplib::Server& server, const std::string& service, db::StorePool& stores,
                            std::function<void(nlohmann::json&)> add_details) {
    server.Get("/healthz", [&stores, service, add_details](const httplib::Request&, httplib::Response& res) {
        nlohmann::json body = {{"service", service},
                               {"version", program_version()},
                               {"schema_version_expected", db::latest_schema_version()}};
        try {
            auto store = stores.acquire();
            body["schema_version"] = db::schema_version(store->db());
            auto demo = store->meta.get("demo_data");
            body["demo_data"] = demo.has_value() && *demo == "true";
            if (add_details) add_details(body);
            body["status"] = body["schema_version"] == body["schema_version_expected"] ? "ok" : "degraded";
        } catch (const std::exception& e) {
            spdlog::error("{} health check: database unavailable: {}", service, e.what());
            body["status"] = "error";
            body["error"] = "database unavailable";
        }
        res.status = body["status"] == "error" ? 503 : 200;
        res.set_content(body.dump(), "application/json");
    });
}

}  // namespace ekel::http
