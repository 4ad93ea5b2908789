#include "bot/bot_app.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <thread>

#include "bot/city_router.h"
#include "bot/engine/conversation_engine.h"
#include "bot/engine/kelurahan_chooser.h"
#include "bot/inbound_processor.h"
#include "bot/rt_scheduler.h"
#include "shared/app/run_lock.h"
#include "shared/config/letter_types.h"
#include "shared/config/letter_words.h"
#include "shared/db/checkpointer.h"
#include "shared/db/notifications.h"
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

/// One database's workers: what a deployment of one kelurahan runs, once per kelurahan in a city.
struct BotPipeline {
    using HandlerFactory = std::function<std::unique_ptr<MessageHandler>(const config::LetterCatalog&)>;

    /// `follows_up`: a kelurahan (RT follow-up, collection reminders, surveys, media); false for
    /// the city's own database, which only talks to newcomers.
    BotPipeline(const config::Config& pipeline_config, const Clock& clock, const HandlerFactory& make_handler,
                bool follows_up)
        : config(pipeline_config),
          // Keeps `ekel-office restore` out while we run; restore is SQLite's alone.
          run_lock(config.database.on_postgresql()
                       ? nullptr
                       : std::make_unique<app::RunLock>(config.database.path, app::RunLock::Mode::shared)),
          catalog(config::load_letter_catalog(config)),
          stores(std::make_unique<db::StorePool>(config.database.target(), config.database.busy_timeout_ms, 2)),
          handler(make_handler(catalog)) {
        if (run_lock && !run_lock->held()) throw Error("a restore of " + config.database.path + " is running; start again after it");
        // SQLite: the writers never checkpoint after their commits; checkpointer does, off the write path.
        const db::ConnectionSettings writer{config.database.target(), config.database.busy_timeout_ms, false};
        if (!config.database.on_postgresql()) checkpointer = std::make_unique<db::Checkpointer>(writer);
        outbox = std::make_unique<whatsapp::OutboxWorker>(writer, clock, config.whatsapp,
                                                          [&wa = config.whatsapp] { return whatsapp::make_sender(wa); });
        if (follows_up && config.whatsapp.provider == "cloud_api") {
            // Attachments live beside the database: var/media for var/ekelurahan.db.
            auto media_dir = (std::filesystem::path(config.database.path).parent_path() / "media").string();
            media = std::make_unique<whatsapp::MediaDownloader>(writer, clock, config.whatsapp, media_dir);
        }
        if (follows_up) {
            scheduler = std::make_unique<RtScheduler>(writer, clock, config, catalog, [this] { outbox->notify(); });
        }
        processor = std::make_unique<InboundProcessor>(
            writer, clock, *handler,
            [this] {
                outbox->notify();
                if (media) media->notify();
            },
            [this] { return intake && intake->saturated(); });
        intake = std::make_unique<services::InboundIntake>(writer, clock, [this](bool new_messages, bool outbox_requeued) {
            if (new_messages) processor->notify();
            if (outbox_requeued) outbox->notify();
        });
    }

    void start() {
        processor->start();
        outbox->start();
        if (media) media->start();
        if (scheduler) scheduler->start();
        // Other processes on a shared PostgreSQL database (ekel-office, other ekel-bot) wake these.
        listener = std::make_unique<db::NotificationListener>(
            db::ConnectionSettings{config.database.target(), config.database.busy_timeout_ms, true},
            std::map<std::string, std::function<void()>>{{db::kInboundChannel, [this] { processor->notify(); }},
                                                         {db::kOutboxChannel, [this] { outbox->notify(); }}});
    }

    void stop() {
        listener.reset();
        processor->stop();
        outbox->stop();
        if (media) media->stop();
        if (scheduler) scheduler->stop();
    }

    const config::Config& config;
    std::unique_ptr<app::RunLock> run_lock;
    config::LetterCatalog catalog;
    std::unique_ptr<db::StorePool> stores;
    std::unique_ptr<MessageHandler> handler;
    std::unique_ptr<db::Checkpointer> checkpointer;
    std::unique_ptr<whatsapp::OutboxWorker> outbox;
    std::unique_ptr<whatsapp::MediaDownloader> media;
    std::unique_ptr<RtScheduler> scheduler;
    std::unique_ptr<InboundProcessor> processor;
    std::unique_ptr<services::InboundIntake> intake;
    std::unique_ptr<db::NotificationListener> listener;
};

BotApp::BotApp(const config::Config& config, const Clock& clock) : shared_(config), clock_(clock) {
    pipelines_.push_back(std::make_unique<BotPipeline>(
        config, clock,
        [&](const config::LetterCatalog& catalog) { return std::make_unique<ConversationEngine>(config, catalog, clock); },
        true));
    serve(config, *pipelines_.front()->intake);
    if (config.whatsapp.provider == "sandbox") {
        whatsapp::register_sandbox_routes(server_->routes(), [this](const std::string&) {
            return pipelines_.front()->stores.get();
        });
    }
}

BotApp::BotApp(const config::CityConfig& city, const Clock& clock) : shared_(city.city), clock_(clock) {
    std::vector<services::InboundIntake*> intakes;
    for (const auto& k : city.kelurahan) {
        pipelines_.push_back(std::make_unique<BotPipeline>(
            k.config, clock,
            [&](const config::LetterCatalog& catalog) {
                return std::make_unique<ConversationEngine>(k.config, catalog, clock);
            },
            true));
        intakes.push_back(pipelines_.back()->intake.get());
    }
    pipelines_.push_back(std::make_unique<BotPipeline>(
        city.city, clock, [&](const config::LetterCatalog&) { return std::make_unique<KelurahanChooser>(city); },
        false));
    router_ = std::make_unique<CityRouter>(city, std::move(intakes), *pipelines_.back()->intake);
    serve(city.city, *router_);
    if (city.city.whatsapp.provider == "sandbox") {
        whatsapp::register_sandbox_routes(server_->routes(), [this, &city](const std::string& code) -> db::StorePool* {
            if (code.empty() || code == "kota") return pipelines_.back()->stores.get();
            const auto* k = city.find(code);
            return k ? pipelines_[static_cast<std::size_t>(k - city.kelurahan.data())]->stores.get() : nullptr;
        });
    }
}

void BotApp::serve(const config::Config& shared, services::WebhookSink& sink) {
    http::ServerLimits limits;
    limits.max_body_bytes = kMaxWebhookBytes;
    server_ = std::make_unique<http::HttpServer>("ekel-bot", shared.bot.threads, limits,
                                                 http::security_headers("default-src 'none'; frame-ancestors 'none'"));
    whatsapp::register_whatsapp_routes(server_->routes(), shared.whatsapp, sink);
    health_ = std::make_unique<http::HealthReporter>(
        "ekel-bot", db::ConnectionSettings{shared.database.target(), shared.database.busy_timeout_ms, true},
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
            bool token_invalid = false;
            std::string token_invalid_since, last_error;
            std::uint64_t sent = 0, retried = 0, stored = 0, handled = 0;
            for (const auto& p : pipelines_) {
                auto outbox_health = p->outbox->health();
                if (outbox_health.token_invalid && !token_invalid) {
                    token_invalid = true;
                    token_invalid_since = outbox_health.token_invalid_since;
                }
                if (!outbox_health.last_error.empty()) last_error = outbox_health.last_error;
                sent += outbox_health.sent;
                retried += outbox_health.retried;
                stored += p->intake->stored();
                handled += p->processor->processed();
            }
            body["whatsapp"] = {{"provider", shared_.whatsapp.provider},
                                {"token_invalid", token_invalid},
                                {"token_invalid_since", token_invalid_since},
                                {"last_send_error", last_error}};
            body["outbox"]["sent_since_start"] = sent;
            body["outbox"]["retries_since_start"] = retried;
            // Exact and current, unlike the snapshot's counts: what a load test waits on.
            body["inbound_stored_since_start"] = stored;
            body["inbound_handled_since_start"] = handled;
            if (pipelines_.size() > 1) body["databases"] = pipelines_.size();
            if (token_invalid) body["alerts"] = {"WhatsApp access token ditolak: pengiriman dihentikan"};
        });
    http::register_health_routes(server_->routes(), *health_);
}

BotApp::~BotApp() { stop(); }

int BotApp::start() {
    int port = server_->bind(shared_.bot.bind, shared_.bot.port);
    for (auto& p : pipelines_) p->start();
    server_->start();
    started_ = true;
    return port;
}

void BotApp::stop() {
    if (!started_) return;
    started_ = false;
    server_->stop();
    for (auto& p : pipelines_) p->stop();
}

std::uint64_t BotApp::processed_messages() const {
    std::uint64_t total = 0;
    for (const auto& p : pipelines_) total += p->processor->processed();
    return total;
}

void BotApp::run_follow_up_now() {
    for (auto& p : pipelines_) {
        if (!p->scheduler) continue;
        const std::uint64_t ticket = p->scheduler->wake();
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
        while (p->scheduler->completed() < ticket) {
            if (std::chrono::steady_clock::now() > deadline) throw Error("the RT follow-up pass did not finish in 30 s");
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
    }
}

}  // namespace ekel::bot
