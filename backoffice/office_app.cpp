#include "backoffice/office_app.h"

#include <httplib.h>

#include <filesystem>

#include "backoffice/backup_scheduler.h"
#include "backoffice/letters/letter_pdf.h"
#include "backoffice/letters/letter_signers.h"
#include "backoffice/office_site.h"
#include "backoffice/web/routes.h"
#include "backoffice/web/web.h"
#include "shared/app/run_lock.h"
#include "shared/config/config_error.h"
#include "shared/config/letter_words.h"
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

std::unique_ptr<app::RunLock> lock_database(const config::Config& config) {
    if (config.database.on_postgresql()) return nullptr;  // restore (what the lock keeps out) is SQLite's
    auto lock = std::make_unique<app::RunLock>(config.database.path, app::RunLock::Mode::shared);
    if (!lock->held()) throw Error("a restore of " + config.database.path + " is running; start again after it");
    return lock;
}

}  // namespace

OfficeSite::OfficeSite(const config::Config& site_config, const Clock& clock, bool issues_letters)
    : config(site_config),
      run_lock(lock_database(site_config)),
      catalog(config::load_letter_catalog(site_config)),
      letters_dir((std::filesystem::path(site_config.database.path).parent_path() / "letters").string()),
      stores(std::make_unique<db::StorePool>(site_config.database.target(), site_config.database.busy_timeout_ms,
                                             static_cast<std::size_t>(site_config.office.threads))),
      backups(std::make_unique<BackupScheduler>(site_config, clock)) {
    if (issues_letters) {
        config::check_letter_signers(catalog, config);
        if (config.kelurahan.logo_png) {
            // The config check reads the PNG's header; this one decodes the image as letters will.
            if (auto problem = letter_logo_problem(*config.kelurahan.logo_png)) {
                throw config::ConfigError(config.source + ": kelurahan.logo \"" + config.kelurahan.logo +
                                          "\" cannot be embedded in letters (" + *problem +
                                          "); save it again as a plain PNG");
            }
        }
    }
    // Keys are read after the cheaper checks so each problem is reported in the order of the file.
    web = std::make_unique<Web>(config, catalog, *stores, clock, letters_dir, render_letter_pdf,
                                issues_letters ? make_letter_signers(config, clock.now()) : services::LetterSigners{});
}

OfficeSite::~OfficeSite() = default;

void register_kelurahan_routes(http::SiteRoutes& routes, Web& web) {
    register_static_routes(routes, web);
    register_auth_routes(routes, web);
    register_dashboard_routes(routes, web);
    register_request_routes(routes, web);
    register_walk_in_routes(routes, web);
    register_registry_routes(routes, web);
    register_status_routes(routes, web);
    register_complaint_routes(routes, web);
    register_announcement_routes(routes, web);
    register_collection_routes(routes, web);
    register_report_routes(routes, web);
    register_letter_routes(routes, web);
}

OfficeApp::OfficeApp(const config::Config& config, const Clock& clock) : clock_(clock), shared_(&config) {
    require_letter_fonts();  // a missing font is reported at start, not at the first letter issued
    sites_.push_back(std::make_unique<OfficeSite>(config, clock, true));
    register_kelurahan_routes(sites_.back()->routes, *sites_.back()->web);
    serve(config);
    http::mount_sites(server_->routes(), {&sites_.back()->routes}, [](const httplib::Request&) { return std::size_t{0}; });
}

OfficeApp::OfficeApp(const config::CityConfig& city, const Clock& clock)
    : clock_(clock), city_(&city), shared_(&city.city) {
    require_letter_fonts();
    std::vector<CityKelurahanSite> kelurahan;
    for (const auto& k : city.kelurahan) {
        sites_.push_back(std::make_unique<OfficeSite>(k.config, clock, true));
        register_kelurahan_routes(sites_.back()->routes, *sites_.back()->web);
        kelurahan.push_back({&k, sites_.back().get()});
    }
    sites_.push_back(std::make_unique<OfficeSite>(city.city, clock, false));
    OfficeSite& own = *sites_.back();
    register_static_routes(own.routes, *own.web);
    register_auth_routes(own.routes, *own.web);
    register_city_routes(own.routes, *own.web, city, std::move(kelurahan));
    serve(city.city);

    std::vector<const http::SiteRoutes*> routes;
    for (const auto& site : sites_) routes.push_back(&site->routes);
    http::mount_sites(server_->routes(), routes, [&city, own_site = sites_.size() - 1](const httplib::Request& req) {
        const auto* k = city.by_host(http::request_host(req));
        return k ? static_cast<std::size_t>(k - city.kelurahan.data()) : own_site;
    });
}

void OfficeApp::serve(const config::Config& shared) {
    server_ = std::make_unique<http::HttpServer>("ekel-office", shared.office.threads, office_limits(),
                                                 http::security_headers(kContentSecurityPolicy));
    health_ = std::make_unique<http::HealthReporter>(
        "ekel-office", db::ConnectionSettings{shared.database.target(), shared.database.busy_timeout_ms, true},
        [this](db::Store& store, nlohmann::json& body) {
            auto s = services::read_system_status(store, *shared_, clock_.now());
            body["disk_free_bytes"] = s.disk_free_bytes;
            body["database_bytes"] = s.database_bytes;
            body["last_webhook_at"] = s.last_webhook_at;
            body["outbox"] = {{"queued", s.outbox_queued}, {"failed", s.outbox_failed},
                              {"oldest_queued_at", s.outbox_oldest_queued_at}};
            body["whatsapp_token_invalid_since"] = s.token_invalid_since;
            body["last_backup_at"] = s.last_backup_at;
            body["backup_dir"] = BackupScheduler::directory(*shared_);
            body["alerts"] = s.alerts;
            if (city_) body["kelurahan"] = city_->kelurahan.size();
        });
    http::register_health_routes(server_->routes(), *health_);
}

OfficeApp::~OfficeApp() { stop(); }

int OfficeApp::start() {
    int port = server_->bind(shared_->office.bind, shared_->office.port);
    server_->start();
    for (auto& site : sites_) site->backups->start();
    return port;
}

void OfficeApp::stop() {
    server_->stop();
    for (auto& site : sites_) site->backups->stop();
}

const std::string& OfficeApp::letters_dir() const { return sites_.front()->letters_dir; }

std::vector<std::string> OfficeApp::kelurahan_routes() const {
    std::vector<std::string> out;
    for (const auto& route : sites_.front()->routes.routes()) out.push_back(route.method + " " + route.pattern);
    return out;
}

}  // namespace ekel::office
