#include "shared/http/server.h"

#include <httplib.h>
#include <spdlog/spdlog.h>

#include <chrono>

#include "shared/util/error.h"

namespace ekel::http {

HttpServer::HttpServer(std::string service_name, int threads, std::size_t max_payload_bytes)
    : service_name_(std::move(service_name)), server_(std::make_unique<httplib::Server>()) {
    // Without it Debian's 0.11.4 falls to a few hundred requests per second (Nagle + delayed ACK).
    server_->set_tcp_nodelay(true);
    // 0.11.4 sets SO_REUSEPORT, which lets a second copy of a service share the port silently.
    server_->set_socket_options([](socket_t sock) {
        int yes = 1;
        setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
    });
    // stop() waits for idle keep-alive connections to time out (5 s by default in 0.11.4);
    // behind a reverse proxy on loopback a reconnect costs next to nothing.
    server_->set_keep_alive_timeout(1);
    // 0.11.4 defaults to unlimited bodies.
    server_->set_payload_max_length(max_payload_bytes);
    server_->new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<std::size_t>(threads)); };
    // 0.11.4 would otherwise send e.what() to the client in a header; it may hold personal data.
    server_->set_exception_handler([service = service_name_](const httplib::Request& req, httplib::Response& res,
                                                             std::exception_ptr error) {
        std::string what = "unknown exception";
        try {
            std::rethrow_exception(error);
        } catch (const std::exception& e) {
            what = e.what();
        } catch (...) {
        }
        spdlog::error("{} {} {} failed: {}", service, req.method, req.path, what);
        res.status = 500;
        res.set_content("{\"error\":\"internal_error\"}", "application/json");
    });
    // The path only: query strings may carry tokens (hub.verify_token) or personal data.
    server_->set_logger([service = service_name_](const httplib::Request& req, const httplib::Response& res) {
        spdlog::debug("{} {} {} -> {}", service, req.method, req.path, res.status);
    });
}

HttpServer::~HttpServer() { stop(); }

int HttpServer::bind(const std::string& host, int port) {
    port_ = port == 0 ? server_->bind_to_any_port(host) : (server_->bind_to_port(host, port) ? port : -1);
    if (port_ <= 0) {
        throw Error(service_name_ + " cannot listen on " + host + ":" + std::to_string(port) +
                    " (address in use or not available)");
    }
    return port_;
}

void HttpServer::start() {
    thread_ = std::thread([this] { server_->listen_after_bind(); });
    // 0.11.4 has no wait_until_ready, and stop() is a no-op until is_running() turns true.
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!server_->is_running()) {
        if (std::chrono::steady_clock::now() > deadline) throw Error(service_name_ + " did not start listening");
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
}

void HttpServer::stop() {
    if (thread_.joinable()) {
        server_->stop();
        thread_.join();
    }
}

}  // namespace ekel::http
