#include "bot/bot_app.h"

#include "shared/db/store_pool.h"
#include "shared/http/health.h"
#include "shared/http/server.h"

namespace ekel::bot {

BotApp::BotApp(const config::Config& config, const Clock& clock)
    : config_(config),
      clock_(clock),
      stores_(std::make_unique<db::StorePool>(config.database.path, config.database.busy_timeout_ms,
                                              static_cast<std::size_t>(config.bot.threads))),
      server_(std::make_unique<http::HttpServer>("ekel-bot", config.bot.threads)) {
    http::register_health_routes(server_->routes(), "ekel-bot", *stores_);
}

BotApp::~BotApp() { stop(); }

int BotApp::start() {
    int port = server_->bind(config_.bot.bind, config_.bot.port);
    server_->start();
    return port;
}

void BotApp::stop() { server_->stop(); }

}  // namespace ekel::bot
