#include <fmt/format.h>
#include <httplib.h>

#include "backoffice/web/routes.h"
#include "shared/http/site_routes.h"
#include "backoffice/web/web.h"
#include "shared/db/store.h"
#include "shared/http/health.h"
#include "shared/services/system_status.h"
#include "shared/util/masking.h"

namespace ekel::office {

namespace {

std::string human_bytes(std::uint64_t bytes) {
    if (bytes >= (1ull << 30)) return fmt::format("{:.1f} GB", static_cast<double>(bytes) / (1ull << 30));
    return fmt::format("{:.1f} MB", static_cast<double>(bytes) / (1ull << 20));
}

}  // namespace

void register_status_routes(http::SiteRoutes& server, Web& web) {
    server.Get("/status", [&web](const httplib::Request& req, httplib::Response& res) {
        web.guarded(req, res, {domain::StaffRole::admin}, [&](db::Store& store, const services::StaffSessionView& session) {
            const int offset = web.config.kelurahan.utc_offset_minutes;
            auto s = services::read_system_status(store, web.config, web.clock.now());
            auto when = [&](const std::string& utc, const char* none) {
                return utc.empty() ? std::string(none) : local_time_text(utc, offset);
            };
            nlohmann::json failures = nlohmann::json::array();
            for (const auto& f : s.latest_inbound_failures) {
                failures.push_back({{"at", when(f.failed_at, "")}, {"sender", mask_phone(f.sender_key)}, {"error", f.error}});
            }
            web.page(res, "status",
                     {{"title", "Status sistem"},
                      {"alerts", s.alerts},
                      {"has_alerts", !s.alerts.empty()},
                      {"disk_free", human_bytes(s.disk_free_bytes)},
                      {"disk_total", human_bytes(s.disk_total_bytes)},
                      {"database", human_bytes(s.database_bytes)},
                      {"last_webhook", when(s.last_webhook_at, "belum ada")},
                      {"outbox_queued", std::to_string(s.outbox_queued)},
                      {"outbox_failed", std::to_string(s.outbox_failed)},
                      {"inbound_failed", std::to_string(s.inbound_failed)},
                      {"inbound_failures", failures},
                      {"has_inbound_failures", !failures.empty()},
                      {"token", s.token_invalid_since.empty() ? "berfungsi" : "DITOLAK sejak " + when(s.token_invalid_since, "")},
                      {"last_backup", when(s.last_backup_at, "belum pernah")},
                      {"version", http::program_version()},
                      {"schema", std::to_string(s.schema_version)}},
                     session);
        });
    });
}

}  // namespace ekel::office
