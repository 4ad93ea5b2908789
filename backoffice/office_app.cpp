#include "backoffice/office_app.h"

#include <filesystem>

#include "backoffice/letters/letter_pdf.h"
#include "backoffice/web/routes.h"
#include "backoffice/web/web.h"
#include "shared/db/store_pool.h"
#include "shared/http/health.h"
#include "shared/http/server.h"

namespace ekel::office {

OfficeApp::OfficeApp(const config::Config& config, const Clock& clock)
    : config_(config),
      clock_(clock),
      catalog_(config::load_letter_types(config.letter_types_path)),
      letters_dir_((std::filesystem::path(config.database.path).parent_path() / "letters").string()),
      stores_(std::make_unique<db::StorePool>(config.database.path, config.database.busy_timeout_ms,
                                              static_cast<std::size_t>(config.office.threads))),
      web_(std::make_unique<Web>(config, catalog_, *stores_, clock, letters_dir_, render_letter_pdf)),
      server_(std::make_unique<http::HttpServer>("ekel-office", config.office.threads, 8u << 20)) {
    auto& routes = server_->routes();
    http::register_health_routes(routes, "ekel-office", *stores_);
    register_static_routes(routes, *web_);
    register_auth_routes(routes, *web_);
    register_dashboard_routes(routes, *web_);
    register_request_routes(routes, *web_);
    register_walk_in_routes(routes, *web_);
    register_registry_routes(routes, *web_);
    register_letter_routes(routes, *web_);
}

OfficeApp::~OfficeApp() { stop(); }

int OfficeApp::start() {
    int port = server_->bind(config_.office.bind, config_.office.port);
    server_->start();
    return port;
}

void OfficeApp::stop() { server_->stop(); }

}  // namespace ekel::office
