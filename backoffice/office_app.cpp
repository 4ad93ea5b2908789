#include "backoffice/office_app.h"

#include "shared/db/store_pool.h"
#include "shared/http/health.h"
#include "shared/http/server.h"

namespace ekel::office {

OfficeApp::OfficeApp(const config::Config& config, const Clock& clock)
    : config_(config),
      clock_(clock),
      stores_(std::make_unique<db::StorePool>(config.database.path, config.database.busy_timeout_ms,
                                              static_cast<std::size_t>(config.office.threads))),
      server_(std::make_unique<http::HttpServer>("ekel-office", config.office.threads, 8u << 20)) {
    http::register_health_routes(server_->routes(), "ekel-office", *stores_);
}

OfficeApp::~OfficeApp() { stop(); }

int OfficeApp::start() {
    int port = server_->bind(config_.office.bind, config_.office.port);
    server_->start();
    return port;
}

void OfficeApp::stop() { server_->stop(); }

}  // namespace ekel::office
