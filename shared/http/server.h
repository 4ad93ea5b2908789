#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace httplib {
class Server;
}

namespace ekel::http {

/// Limits that keep slow, idle or greedy clients from taking a server's threads or memory.
struct ServerLimits {
    std::size_t max_body_bytes = 1 << 20;
    std::size_t max_header_bytes = 16 * 1024;
    /// At either cap the connection that has waited longest without a request in progress
    /// (idle, or still sending its request) gives way to the newcomer, so a greedy or slow client
    /// cannot lock out one that sends its request at once. Behind the README's reverse proxy every
    /// connection comes from 127.0.0.1.
    std::size_t max_connections = 1000;
    std::size_t max_connections_per_address = 256;
    /// Request bodies held in memory at once, across all connections; a body that would go over
    /// is refused with 503 (Meta retries) before it is read.
    std::size_t buffered_body_budget = 8 << 20;
    /// From the first byte of a request (or the connect) to the end of its headers.
    std::chrono::milliseconds header_timeout{10'000};
    /// From the end of the headers to the end of the body; longer for a large body, which may
    /// come as slowly as `min_body_bytes_per_second` (a staff upload over a mobile connection).
    std::chrono::milliseconds body_timeout{30'000};
    std::size_t min_body_bytes_per_second = 32 * 1024;
    /// A kept-alive connection with no request in progress.
    std::chrono::milliseconds idle_timeout{5'000};
    /// Writing one response.
    std::chrono::milliseconds write_timeout{5'000};
};

/// One of our HTTP servers. cpp-httplib does the routing and the HTTP itself (TCP_NODELAY, a
/// payload limit, an exception handler that never leaks e.what(), an access log without query
/// strings), but connections are ours: one event-loop thread accepts them and reads each request
/// in full, within deadlines, before a worker thread sees it. A client that trickles its headers,
/// connects and says nothing, or sends a body slowly holds no worker, so `threads` workers stay
/// free for complete requests. Every response carries `headers` (security headers), errors and
/// refusals included.
class HttpServer {
public:
    using Headers = std::vector<std::pair<std::string, std::string>>;

    HttpServer(std::string service_name, int threads, ServerLimits limits, Headers headers);
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    /// For register_*_routes functions.
    httplib::Server& routes();

    /// Binds to host:port (0 = any free port) and returns the port. Throws ekel::Error naming
    /// the address when it is taken.
    int bind(const std::string& host, int port);
    /// Serves on background threads; returns once the server accepts connections.
    void start();
    /// Stops accepting, closes idle connections, finishes requests in flight and joins. Safe to
    /// call twice.
    void stop();
    int port() const;

    class Impl;

private:
    std::unique_ptr<Impl> impl_;
};

/// The security headers every answer of ours carries; `content_security_policy` differs per
/// service.
HttpServer::Headers security_headers(const std::string& content_security_policy);

}  // namespace ekel::http
