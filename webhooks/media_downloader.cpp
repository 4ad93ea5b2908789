#include "webhooks/media_downloader.h"

#include <pthread.h>
#include <spdlog/spdlog.h>

#include <filesystem>

#include "shared/db/store.h"
#include "shared/db/write_transaction.h"
#include "shared/util/time.h"
#include "webhooks/graph_client.h"

namespace ekel::whatsapp {

namespace {

constexpr int kMaxAttempts = 5;

std::string extension_for(const std::string& mime, const std::string& filename) {
    auto dot = filename.rfind('.');
    if (dot != std::string::npos && filename.size() - dot <= 6) return filename.substr(dot);
    if (mime == "image/jpeg") return ".jpg";
    if (mime == "image/png") return ".png";
    if (mime == "image/webp") return ".webp";
    if (mime == "application/pdf") return ".pdf";
    return ".bin";
}

}  // namespace

MediaDownloader::MediaDownloader(const db::ConnectionSettings& database, const Clock& clock,
                                 const config::WhatsAppConfig& whatsapp, std::string media_dir)
    : database_(database), clock_(clock), whatsapp_(whatsapp), media_dir_(std::move(media_dir)) {}

MediaDownloader::~MediaDownloader() { stop(); }

void MediaDownloader::start() { thread_ = std::thread([this] { run(); }); }

void MediaDownloader::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void MediaDownloader::notify() {
    {
        std::lock_guard lock(mutex_);
        ++generation_;
    }
    wake_.notify_all();
}

void MediaDownloader::run() {
    pthread_setname_np(pthread_self(), "ekel-media");
    db::Store store(database_);
    GraphClient client(GraphSettings{whatsapp_.graph_base_url, whatsapp_.api_version, whatsapp_.phone_number_id,
                                     whatsapp_.access_token});
    std::filesystem::create_directories(media_dir_);
    while (true) {
        std::uint64_t seen;
        {
            std::lock_guard lock(mutex_);
            if (stopping_) return;
            seen = generation_;
        }
        std::vector<db::Attachment> pending;
        try {
            pending = store.attachments.pending_downloads(16);
        } catch (const std::exception& e) {
            spdlog::error("media downloader: cannot read pending attachments: {}", e.what());
        }
        for (const auto& a : pending) {
            std::string target = (std::filesystem::path(media_dir_) /
                                  (std::to_string(a.id) + extension_for(a.mime_type, a.filename)))
                                     .string();
            auto mime = client.download_media(a.media_id, target);
            const std::string now = format_utc(clock_.now());
            try {
                db::WriteTransaction tx(store.db());
                if (mime) {
                    store.attachments.mark_downloaded(a.id, target, mime.value(), now);
                } else {
                    store.attachments.mark_download_failed(a.id, mime.error().message, a.attempts + 1 >= kMaxAttempts, now);
                    spdlog::warn("attachment {} not downloaded (attempt {}): {}", a.id, a.attempts + 1,
                                 mime.error().message);
                }
                tx.commit();
            } catch (const std::exception& e) {
                spdlog::error("media downloader: cannot record attachment {}: {}", a.id, e.what());
            }
        }
        std::unique_lock lock(mutex_);
        // Failed downloads are tried again on the next round, a few seconds later.
        wake_.wait_for(lock, std::chrono::seconds(pending.empty() ? 1 : 3),
                       [&] { return stopping_ || (pending.empty() && generation_ != seen); });
    }
}

}  // namespace ekel::whatsapp
