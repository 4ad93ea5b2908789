#pragma once

#include <memory>
#include <vector>

#include "shared/config/city_config.h"
#include "shared/config/config.h"
#include "shared/util/clock.h"

namespace ekel::http {
class HealthReporter;
class HttpServer;
}
namespace ekel::services {
class WebhookSink;
}

namespace ekel::bot {

struct BotPipeline;

/// Everything ekel-bot runs, wired from the configuration: the webhook server and, for each
/// database, the intake writer, the inbound processor, the outbox senders and the schedulers.
/// The same object serves main() and the end-to-end tests. The databases must have been
/// prepared (app::prepare_database).
class BotApp {
public:
    /// One kelurahan.
    BotApp(const config::Config& config, const Clock& clock);
    /// A city: a pipeline per kelurahan database and one for the city's own (newcomers on the
    /// city number, deliveries we refused), webhooks split between them by bot/city_router.
    BotApp(const config::CityConfig& city, const Clock& clock);
    ~BotApp();

    /// Binds (bot.port; 0 picks a free port), starts the workers and serves in the background.
    /// Returns the port.
    int start();
    /// Stops accepting webhooks first, then lets the workers finish their current item.
    void stop();

    /// Messages handled since start, in every database.
    std::uint64_t processed_messages() const;
    /// Runs the RT follow-up (reminders, escalation, digests) now and waits for it to finish;
    /// tests call it after moving the clock.
    void run_follow_up_now();

private:
    void serve(const config::Config& shared, services::WebhookSink& sink);

    const config::Config& shared_;  ///< servers and WhatsApp settings
    const Clock& clock_;
    std::vector<std::unique_ptr<BotPipeline>> pipelines_;  ///< the kelurahan, then the city's own
    std::unique_ptr<services::WebhookSink> router_;
    std::unique_ptr<http::HealthReporter> health_;
    std::unique_ptr<http::HttpServer> server_;
    bool started_ = false;
};

}  // namespace ekel::bot
