#pragma once

#include <memory>

#include "shared/config/config.h"
#include "shared/config/letter_types.h"
#include "shared/util/clock.h"

namespace ekel::app {
class RunLock;
}
namespace ekel::db {
class Checkpointer;
class StorePool;
}
namespace ekel::http {
class HealthReporter;
class HttpServer;
}
namespace ekel::services {
class InboundIntake;
}
namespace ekel::whatsapp {
class MediaDownloader;
class OutboxWorker;
}

namespace ekel::bot {

class MessageHandler;
class InboundProcessor;
class RtScheduler;

/// Everything ekel-bot runs, wired from the configuration: the webhook server, the intake
/// writer, the inbound processor and the outbox senders. The same object serves main() and the
/// end-to-end tests. The database must have been prepared (app::prepare_database).
class BotApp {
public:
    BotApp(const config::Config& config, const Clock& clock);
    ~BotApp();

    /// Binds (bot.port; 0 picks a free port), starts the workers and serves in the background.
    /// Returns the port.
    int start();
    /// Stops accepting webhooks first, then lets the workers finish their current item.
    void stop();

    std::uint64_t processed_messages() const;
    /// Runs the RT follow-up (reminders, escalation, digests) now and waits for it to finish;
    /// tests call it after moving the clock.
    void run_follow_up_now();

private:
    const config::Config& config_;
    const Clock& clock_;
    std::unique_ptr<app::RunLock> run_lock_;
    config::LetterCatalog catalog_;
    std::unique_ptr<db::StorePool> stores_;
    std::unique_ptr<db::Checkpointer> checkpointer_;
    std::unique_ptr<MessageHandler> handler_;
    std::unique_ptr<InboundProcessor> processor_;
    std::unique_ptr<whatsapp::OutboxWorker> outbox_;
    std::unique_ptr<whatsapp::MediaDownloader> media_;
    std::unique_ptr<RtScheduler> scheduler_;
    std::unique_ptr<services::InboundIntake> intake_;
    std::unique_ptr<http::HealthReporter> health_;
    std::unique_ptr<http::HttpServer> server_;
    bool started_ = false;
};

}  // namespace ekel::bot
