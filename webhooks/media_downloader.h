#pragma once

#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "shared/config/config.h"
#include "shared/db/database.h"
#include "shared/util/clock.h"

namespace ekel::whatsapp {

/// Fetches photos and documents citizens attach to requests through the Graph media API into
/// `media_dir`, outside any conversation transaction (it is a network call). Retries a failed
/// download up to 5 times; media ids expire after 7 days at Meta.
class MediaDownloader {
public:
    MediaDownloader(const db::ConnectionSettings& database, const Clock& clock, const config::WhatsAppConfig& whatsapp,
                    std::string media_dir);
    ~MediaDownloader();

    void start();
    void stop();
    void notify();

private:
    void run();

    db::ConnectionSettings database_;
    const Clock& clock_;
    const config::WhatsAppConfig& whatsapp_;
    std::string media_dir_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::uint64_t generation_ = 0;
    std::thread thread_;
};

}  // namespace ekel::whatsapp
