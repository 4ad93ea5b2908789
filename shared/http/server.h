#pragma once

#include <functional>
#include <memory>
#include <string>
#include <thread>

namespace httplib {
class Server;
}

namespace ekel::http {

/// One of our HTTP servers: a cpp-httplib server set up the way every service needs it (TCP_NODELAY,
/// a payload limit, an exception handler that never leaks e.what(), an access log without query
/// strings), run on its own thread.
class HttpServer {
public:
    HttpServer(std::string service_name, int threads, std::size_t max_payload_bytes = 1 << 20);
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    /// For register_*_routes functions.
    httplib::Server& routes() { return *server_; }

    /// Binds to host:port (0 = any free port) and returns the port. Throws ekel::Error naming
    /// the address when it is taken.
    int bind(const std::string& host, int port);
    /// Serves on a background thread; returns once the server accepts connections.
    void start();
    /// Stops accepting, finishes requests in flight and joins. Safe to call twice.
    void stop();
    int port() const { return port_; }

private:
    std::string service_name_;
    std::unique_ptr<httplib::Server> server_;
    std::thread thread_;
    int port_ = 0;
};

}  // namespace ekel::http
