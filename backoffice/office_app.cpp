#include "backoffice/office_app.h"

#include <filesystem>

#include "backoffice/backup_scheduler.h"
#include "backoffice/letters/letter_pdf.h"
#include "backoffice/letters/letter_signers.h"
#include "shared/config/letter_words.h"
#include "backoffice/web/routes.h"
#include "backoffice/web/web.h"
#include "shared/app/run_lock.h"
#include "shared/config/config_error.h"
#include "shared/db/store.h"
#include "shared/db/store_pool.h"
#include "shared/http/health.h"
#include "shared/http/server.h"
#include "shared/services/system_status.h"
#include "shared/util/error.h"

#include <nlohmann/json.hpp>

namespace ekel::office {

namespace {

// No scripts at all; styles and images from the office itself; forms post only to it.
constexpr const char* kContentSecurityPolicy =
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'";

http::ServerLimits office_limits() {
    http::ServerLimits limits;
    limits.max_body_bytes = 8u << 20;  // registry CSV uploads and complaint photos
    limits.buffered_body_budget = 24u << 20;
    return limits;
}

}  // namespace

OfficeApp::OfficeApp(const config::Config& config, const Clock& clock)
    : config_(config),
      clock_(clock),
      run_lock_(std::make_unique<app::RunLock>(config.database.path, app::RunLock::Mode::shared)),
      catalog_(config::load_letter_catalog(config)),
      letters_dir_((std::filesystem::path(config.database.path).parent_path() / "letters").string()),
      stores_(std::make_unique<db::StorePool>(config.database.path, config.database.busy_timeout_ms,
                                              static_cast<std::size_t>(config.office.threads))),
      server_(std::make_unique<http::HttpServer>("ekel-office", config.office.threads, office_limits(),
                                                 http::security_headers(kContentSecurityPolicy))),
      backups_(std::make_unique<BackupScheduler>(config, clock)) {
    if (!run_lock_->held()) throw Error("a restore of " + config.database.path + " is running; start again after it");
    config::check_letter_signers(catalog_, config_);
    require_letter_fonts();  // a missing font is reported at start, not at the first letter issued
    if (config.kelurahan.logo_png) {
        // The config check reads the PNG's header; this one decodes the image as letters will.
        if (auto problem = letter_logo_problem(*config.kelurahan.logo_png)) {
            throw config::ConfigError(config.source + ": kelurahan.logo \"" + config.kelurahan.logo +
                                      "\" cannot be embedded in letters (" + *problem +
                                      "); save it again as a plain PNG");
        }
    }
    // Keys are read after the cheaper checks so each problem is reported in the order of the file.
    web_ = std::make_unique<Web>(config, catalog_, *stores_, clock, letters_dir_, render_letter_pdf,
                                 make_letter_signers(config, clock.now()));
    auto& routes = server_->routes();
    health_ = std::make_unique<http::HealthReporter>(
        "ekel-office", db::ConnectionSettings{config.database.path, config.database.busy_timeout_ms, true},
        [this](db::Store& store, nlohmann::json& body) {
            auto s = services::read_system_status(store, config_, clock_.now());
            body["disk_free_bytes"] = s.disk_free_bytes;
            body["database_bytes"] = s.database_bytes;
            body["last_webhook_at"] = s.last_webhook_at;
            body["outbox"] = {{"queued", s.outbox_queued}, {"failed", s.outbox_failed},
                              {"oldest_queued_at", s.outbox_oldest_queued_at}};
            body["whatsapp_token_invalid_since"] = s.token_invalid_since;
            body["last_backup_at"] = s.last_backup_at;
            body["backup_dir"] = BackupScheduler::directory(config_);
            body["alerts"] = s.alerts;
        });
    http::register_health_routes(routes, *health_);
    register_static_routes(routes, *web_);
    register_auth_routes(routes, *web_);
    register_dashboard_routes(routes, *web_);
    register_request_routes(routes, *web_);
    register_walk_in_routes(routes, *web_);
    register_registry_routes(routes, *web_);
    register_status_routes(routes, *web_);
    register_complaint_routes(routes, *web_);
    register_announcement_routes(routes, *web_);
    register_collection_routes(routes, *web_);
    register_report_routes(routes, *web_);
    register_letter_routes(routes, *web_);
}

OfficeApp::~OfficeApp() { stop(); }

int OfficeApp::start() {
    int port = server_->bind(config_.office.bind, config_.office.port);
    server_->start();
    backups_->start();
    return port;
}

void OfficeApp::stop() {
    server_->stop();
    backups_->stop();
}

}  // namespace ekel::office
