#include "bot/bot_app.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <thread>

#include "bot/engine/conversation_engine.h"
#include "bot/inbound_processor.h"
#include "shared/config/letter_words.h"
#include "bot/rt_scheduler.h"
#include "shared/app/run_lock.h"
#include "shared/db/checkpointer.h"
#include "shared/db/store_pool.h"
#include "shared/http/health.h"
#include "shared/http/server.h"
#include "shared/services/inbound_intake.h"
#include "shared/util/error.h"
#include "webhooks/media_downloader.h"
#include "webhooks/outbox_worker.h"
#include "webhooks/sandbox_routes.h"
#include "webhooks/whatsapp_routes.h"

namespace ekel::bot {

namespace {
// Meta allows up to 3 MB per webhook POST.
constexpr std::size_t kMaxWebhookBytes = 3u << 20;
}  // namespace

BotApp::BotApp(const config::Config& config, const Clock& clock)
    : config_(config),
      clock_(clock),
      run_lock_(std::make_unique<app::RunLock>(config.database.path, app::RunLock::Mode::shared)),
      catalog_(config::load_letter_catalog(config)),
      stores_(std::make_unique<db::StorePool>(config.database.path, config.database.busy_timeout_ms, 2)),
      handler_(std::make_unique<ConversationEngine>(config, catalog_, clock)) {
    if (!run_lock_->held()) throw Error("a restore of " + config.database.path + " is running; start again after it");
    // The writers never checkpoint after their commits; checkpointer_ does, off the write path.
    const db::ConnectionSettings writer{config.database.path, config.database.busy_timeout_ms, false};
    checkpointer_ = std::make_unique<db::Checkpointer>(writer);
    outbox_ = std::make_unique<whatsapp::OutboxWorker>(writer, clock, config.whatsapp,
                                                       [&wa = config.whatsapp] { return whatsapp::make_sender(wa); });
    if (config.whatsapp.provider == "cloud_api") {
        // Attachments live beside the database: var/media for var/ekelurahan.db.
        auto media_dir = (std::filesystem::path(config.database.path).parent_path() / "media").string();
        media_ = std::make_unique<whatsapp::MediaDownloader>(writer, clock, config.whatsapp, media_dir);
    }
    scheduler_ = std::make_unique<RtScheduler>(writer, clock, config, catalog_, [this] { outbox_->notify(); });
    processor_ = std::make_unique<InboundProcessor>(
        writer, clock, *handler_,
        [this] {
            outbox_->notify();
            if (media_) media_->notify();
        },
        [this] { return intake_ && intake_->saturated(); });
    intake_ = std::make_unique<services::InboundIntake>(
        writer, clock, [this](bool new_messages, bool outbox_requeued) {
            if (new_messages) processor_->notify();
            if (outbox_requeued) outbox_->notify();
        });
    http::ServerLimits limits;
    limits.max_body_bytes = kMaxWebhookBytes;
    server_ = std::make_unique<http::HttpServer>("ekel-bot", config.bot.threads, limits,
                                                 http::security_headers("default-src 'none'; frame-ancestors 'none'"));
    whatsapp::register_whatsapp_routes(server_->routes(), config.whatsapp, *intake_);
    if (config.whatsapp.provider == "sandbox") whatsapp::register_sandbox_routes(server_->routes(), *stores_);
    health_ = std::make_unique<http::HealthReporter>(
        "ekel-bot", db::ConnectionSettings{config.database.path, config.database.busy_timeout_ms, true},
        [](db::Store& store, nlohmann::json& body) {
            auto backlog = store.outbox.backlog();
            body["outbox"] = {{"queued", backlog.queued},
                              {"failed", backlog.failed},
                              {"oldest_queued_at", backlog.oldest_queued_at}};
            body["inbound_pending"] = store.inbound.count_pending();
            body["inbound_failed"] = store.inbound.count_failed();
            body["rejected_webhooks"] = store.inbound.count_rejected();
            body["last_webhook_at"] = store.inbound.last_received_at().value_or("");
        },
        [this](nlohmann::json& body) {
            auto outbox_health = outbox_->health();
            body["whatsapp"] = {{"provider", config_.whatsapp.provider},
                                {"token_invalid", outbox_health.token_invalid},
                                {"token_invalid_since", outbox_health.token_invalid_since},
                                {"last_send_error", outbox_health.last_error}};
            body["outbox"]["sent_since_start"] = outbox_health.sent;
            body["outbox"]["retries_since_start"] = outbox_health.retried;
            // Exact and current, unlike the snapshot's counts: what a load test waits on.
            body["inbound_stored_since_start"] = intake_->stored();
            body["inbound_handled_since_start"] = processor_->processed();
            if (outbox_health.token_invalid) body["alerts"] = {"WhatsApp access token ditolak: pengiriman dihentikan"};
        });
    http::register_health_routes(server_->routes(), *health_);
}

BotApp::~BotApp() { stop(); }

int BotApp::start() {
    int port = server_->bind(config_.bot.bind, config_.bot.port);
    processor_->start();
    outbox_->start();
    if (media_) media_->start();
    scheduler_->start();
    server_->start();
    started_ = true;
    return port;
}

void BotApp::stop() {
    if (!started_) return;
    started_ = false;
    server_->stop();
    processor_->stop();
    outbox_->stop();
    if (media_) media_->stop();
    scheduler_->stop();
}

std::uint64_t BotApp::processed_messages() const { return processor_->processed(); }

void BotApp::run_follow_up_now() {
    const std::uint64_t ticket = scheduler_->wake();
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (scheduler_->completed() < ticket) {
        if (std::chrono::steady_clock::now() > deadline) throw Error("the RT follow-up pass did not finish in 30 s");
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
}

}  // namespace ekel::bot
