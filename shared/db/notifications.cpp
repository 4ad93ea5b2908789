#include "shared/db/notifications.h"

#include <pqxx/pqxx>
#include <pthread.h>
#include <spdlog/spdlog.h>

#include <memory>
#include <vector>

namespace ekel::db {

namespace {

class Receiver final : public pqxx::notification_receiver {
public:
    Receiver(pqxx::connection_base& connection, const std::string& channel, std::function<void()> handler)
        : pqxx::notification_receiver(connection, channel), handler_(std::move(handler)) {}
    void operator()(const std::string& /*payload*/, int /*backend_pid*/) override { handler_(); }

private:
    std::function<void()> handler_;
};

}  // namespace

void notify_on_commit(Connection& db, const char* channel) {
    if (db.engine() == Engine::postgresql) db.exec(std::string("NOTIFY ") + channel);
}

NotificationListener::NotificationListener(ConnectionSettings database,
                                           std::map<std::string, std::function<void()>> handlers)
    : database_(std::move(database)), handlers_(std::move(handlers)) {
    if (is_postgresql_target(database_.path)) thread_ = std::thread([this] { run(); });
}

NotificationListener::~NotificationListener() {
    stopping_ = true;
    if (thread_.joinable()) thread_.join();
}

void NotificationListener::run() {
    pthread_setname_np(pthread_self(), "ekel-listen");
    while (!stopping_) {
        try {
            pqxx::connection connection(database_.path);
            std::vector<std::unique_ptr<Receiver>> receivers;
            for (const auto& [channel, handler] : handlers_) {
                receivers.push_back(std::make_unique<Receiver>(connection, channel, handler));
            }
            // Work queued while we were away is found by the workers' polls; wake them once anyway.
            for (const auto& [channel, handler] : handlers_) handler();
            while (!stopping_) connection.await_notification(0, 200000);
        } catch (const std::exception& e) {
            spdlog::warn("notification listener: {}; listening again shortly", e.what());
            for (int i = 0; i < 10 && !stopping_; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
    }
}

}  // namespace ekel::db
