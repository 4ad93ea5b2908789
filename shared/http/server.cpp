#include "shared/http/server.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <httplib.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "shared/app/memory.h"
#include "shared/http/request_head.h"
#include "shared/util/error.h"

namespace ekel::http {

namespace {

using SteadyClock = std::chrono::steady_clock;

constexpr std::size_t kReadChunk = 64 * 1024;
constexpr auto kSweepInterval = std::chrono::milliseconds(100);
// After so many requests a kept-alive connection is closed, as cpp-httplib does by default.
constexpr std::size_t kRequestsPerConnection = 1000;
// A request buffer this large is released as soon as it has been read, not kept for the next.
constexpr std::size_t kTrimAfterBytes = 256 * 1024;
constexpr auto kAcceptPause = std::chrono::milliseconds(100);
constexpr std::size_t kFlushAt = 64 * 1024;

/// cpp-httplib's routing and HTTP handling for one request read from a Stream.
class RoutedServer : public httplib::Server {
public:
    bool serve(httplib::Stream& stream, bool close_connection, bool& connection_closed) {
        return process_request(stream, close_connection, connection_closed, nullptr);
    }
};

struct Connection {
    int fd = -1;
    std::string peer_ip;
    int peer_port = 0;
    std::string local_ip;
    int local_port = 0;
    std::string buffer;        ///< bytes of the current request received so far
    bool started = false;      ///< a byte of the current request has arrived
    bool in_body = false;      ///< the head is read; `need` is known
    bool busy = false;         ///< a worker has it (not watched by the event loop meanwhile)
    std::size_t need = 0;      ///< bytes of the current request, head and body
    std::size_t reserved = 0;  ///< body bytes counted against the buffered-body budget
    std::size_t served = 0;
    SteadyClock::time_point deadline;
    SteadyClock::time_point waiting_since;  ///< accepted, or back from its last request
};

/// The current request, already in memory, and the socket its answer goes to.
class ConnectionStream final : public httplib::Stream {
public:
    ConnectionStream(Connection& connection, std::chrono::milliseconds write_timeout)
        : c_(connection), write_timeout_(write_timeout) {}

    bool is_readable() const override { return position_ < c_.need; }
    bool is_writable() const override { return !write_failed_; }

    ssize_t read(char* ptr, size_t size) override {
        // Never past the current request: the bytes of a pipelined next one stay for later.
        const std::size_t n = std::min(size, c_.need - position_);
        std::memcpy(ptr, c_.buffer.data() + position_, n);
        position_ += n;
        // The library holds its own copy of a body it has read; a large one is not kept twice
        // while the handler runs.
        if (position_ == c_.need && c_.need > kTrimAfterBytes) std::string().swap(c_.buffer);
        return static_cast<ssize_t>(n);
    }

    // Collected and sent at once by flush(): cpp-httplib writes the head and the body of an
    // answer separately, and two sends would cost two packets and two wake-ups at the client.
    ssize_t write(const char* ptr, size_t size) override {
        if (write_failed_) return -1;
        out_.append(ptr, size);
        if (out_.size() >= kFlushAt && !flush()) return -1;
        return static_cast<ssize_t>(size);
    }

    /// Sends what write() collected, within the write timeout; false when the client did not
    /// take it.
    bool flush() {
        const auto deadline = SteadyClock::now() + write_timeout_;
        std::size_t sent = 0;
        while (!write_failed_ && sent < out_.size()) {
            const ssize_t n = ::send(c_.fd, out_.data() + sent, out_.size() - sent, MSG_NOSIGNAL);
            if (n > 0) {
                sent += static_cast<std::size_t>(n);
                continue;
            }
            if (n < 0 && errno == EINTR) continue;
            if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
                const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - SteadyClock::now());
                pollfd waiting{c_.fd, POLLOUT, 0};
                if (left.count() > 0 && (::poll(&waiting, 1, static_cast<int>(left.count())) >= 0 || errno == EINTR)) {
                    continue;
                }
            }
            write_failed_ = true;
        }
        out_.clear();
        if (out_.capacity() > kFlushAt) out_.shrink_to_fit();
        return !write_failed_;
    }

    void get_remote_ip_and_port(std::string& ip, int& port) const override {
        ip = c_.peer_ip;
        port = c_.peer_port;
    }
    void get_local_ip_and_port(std::string& ip, int& port) const override {
        ip = c_.local_ip;
        port = c_.local_port;
    }
    // Nobody needs to wait on it with select(): the request is in memory.
    socket_t socket() const override { return INVALID_SOCKET; }

    bool write_failed() const { return write_failed_; }

private:
    Connection& c_;
    std::chrono::milliseconds write_timeout_;
    std::size_t position_ = 0;
    std::string out_;
    bool write_failed_ = false;
};

std::pair<std::string, int> address_of(const sockaddr_storage& address) {
    char text[INET6_ADDRSTRLEN] = {};
    if (address.ss_family == AF_INET) {
        const auto& in = reinterpret_cast<const sockaddr_in&>(address);
        ::inet_ntop(AF_INET, &in.sin_addr, text, sizeof(text));
        return {text, ntohs(in.sin_port)};
    }
    if (address.ss_family == AF_INET6) {
        const auto& in6 = reinterpret_cast<const sockaddr_in6&>(address);
        ::inet_ntop(AF_INET6, &in6.sin6_addr, text, sizeof(text));
        return {text, ntohs(in6.sin6_port)};
    }
    return {"", 0};
}

const char* reason_phrase(int status) {
    switch (status) {
        case 400:
            return "Bad Request";
        case 408:
            return "Request Timeout";
        case 411:
            return "Length Required";
        case 413:
            return "Payload Too Large";
        case 431:
            return "Request Header Fields Too Large";
        default:
            return "Service Unavailable";
    }
}

}  // namespace

class HttpServer::Impl {
public:
    Impl(std::string name, int threads, ServerLimits limits, Headers headers)
        : name_(std::move(name)), threads_(std::max(1, threads)), limits_(limits) {
        for (const auto& [header, value] : headers) {
            default_headers_.emplace(header, value);
            raw_headers_ += header + ": " + value + "\r\n";
        }
        server_.set_default_headers(default_headers_);
        server_.set_payload_max_length(limits_.max_body_bytes);
        // cpp-httplib 0.11.4 would otherwise send e.what() to the client in a header; it may hold
        // personal data.
        server_.set_exception_handler([service = name_](const httplib::Request& req, httplib::Response& res,
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
        server_.set_logger([service = name_](const httplib::Request& req, const httplib::Response& res) {
            spdlog::debug("{} {} {} -> {}", service, req.method, req.path, res.status);
        });
    }

    ~Impl() {
        stop();
        if (listen_fd_ >= 0) ::close(listen_fd_);
    }

    RoutedServer& routes() { return server_; }
    int port() const { return port_; }

    int bind(const std::string& host, int port) {
        addrinfo hints{};
        hints.ai_family = AF_UNSPEC;
        hints.ai_socktype = SOCK_STREAM;
        hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
        addrinfo* found = nullptr;
        const std::string service = std::to_string(port);
        if (::getaddrinfo(host.c_str(), service.c_str(), &hints, &found) == 0) {
            for (addrinfo* a = found; a && listen_fd_ < 0; a = a->ai_next) {
                int fd = ::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
                if (fd < 0) continue;
                int yes = 1;
                // SO_REUSEADDR only: SO_REUSEPORT would let a second copy share the port silently.
                ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
                if (::bind(fd, a->ai_addr, a->ai_addrlen) == 0 && ::listen(fd, SOMAXCONN) == 0) {
                    listen_fd_ = fd;
                } else {
                    ::close(fd);
                }
            }
            ::freeaddrinfo(found);
        }
        if (listen_fd_ < 0) {
            throw Error(name_ + " cannot listen on " + host + ":" + std::to_string(port) +
                        " (address in use or not available)");
        }
        sockaddr_storage bound{};
        socklen_t length = sizeof(bound);
        ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&bound), &length);
        port_ = address_of(bound).second;
        return port_;
    }

    void start() {
        if (listen_fd_ < 0) throw Error(name_ + " must be bound before it starts");
        epoll_fd_ = ::epoll_create1(EPOLL_CLOEXEC);
        wake_fd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
        if (epoll_fd_ < 0 || wake_fd_ < 0) throw Error(name_ + " cannot create its event loop");
        watch(listen_fd_);
        watch(wake_fd_);
        running_ = true;
        loop_thread_ = std::thread([this] { loop(); });
        for (int i = 0; i < threads_; ++i) workers_.emplace_back([this] { work(); });
    }

    void stop() {
        if (!running_) return;
        running_ = false;
        stopping_ = true;
        wake();
        loop_thread_.join();
        {
            std::lock_guard lock(mutex_);
            workers_stop_ = true;
        }
        ready_cv_.notify_all();
        for (auto& worker : workers_) worker.join();
        workers_.clear();
        ::close(epoll_fd_);
        ::close(wake_fd_);
        epoll_fd_ = wake_fd_ = -1;
        if (listen_fd_ >= 0) ::close(listen_fd_);
        listen_fd_ = -1;
    }

private:
    // ---- event loop thread: accepting, reading whole requests, deadlines ----

    void loop() {
        pthread_setname_np(pthread_self(), "ekel-http-loop");
        std::vector<epoll_event> events(256);
        auto next_sweep = SteadyClock::now() + kSweepInterval;
        while (true) {
            const auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(next_sweep - SteadyClock::now());
            const int n = ::epoll_wait(epoll_fd_, events.data(), static_cast<int>(events.size()),
                                       static_cast<int>(std::max<std::int64_t>(0, wait.count())));
            for (int i = 0; i < n; ++i) {
                const int fd = events[static_cast<std::size_t>(i)].data.fd;
                if (fd == listen_fd_) {
                    accept_all();
                } else if (fd == wake_fd_) {
                    std::uint64_t count = 0;
                    [[maybe_unused]] auto drained = ::read(wake_fd_, &count, sizeof(count));
                    take_back_finished();
                } else if (auto it = connections_.find(fd); it != connections_.end() && !it->second->busy) {
                    on_readable(*it->second);
                }
            }
            const auto now = SteadyClock::now();
            if (now >= next_sweep) {
                sweep(now);
                next_sweep = now + kSweepInterval;
            }
            if (stopping_) {
                if (listen_fd_ >= 0) {
                    ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, listen_fd_, nullptr);
                    ::close(listen_fd_);
                    listen_fd_ = -1;
                }
                std::vector<int> idle;
                for (const auto& [fd, connection] : connections_) {
                    if (!connection->busy) idle.push_back(fd);
                }
                for (int fd : idle) close_connection(fd);
                if (connections_.empty()) return;
            }
        }
    }

    void watch(int fd) {
        epoll_event event{};
        event.events = EPOLLIN;
        event.data.fd = fd;
        ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &event);
    }

    void accept_all() {
        while (true) {
            sockaddr_storage address{};
            socklen_t length = sizeof(address);
            const int fd = ::accept4(listen_fd_, reinterpret_cast<sockaddr*>(&address), &length,
                                     SOCK_NONBLOCK | SOCK_CLOEXEC);
            if (fd < 0) {
                if (errno == EINTR) continue;
                if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
                    // Out of descriptors: stop watching the listener for a moment instead of spinning.
                    spdlog::warn("{}: cannot accept connections ({}); pausing for {} ms", name_, std::strerror(errno),
                                 kAcceptPause.count());
                    ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, listen_fd_, nullptr);
                    accept_paused_until_ = SteadyClock::now() + kAcceptPause;
                }
                return;
            }
            auto [ip, port] = address_of(address);
            if (!make_room(ip)) {
                answer_and_close(fd, 503);
                continue;
            }
            int yes = 1;
            ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof(yes));
            auto connection = std::make_unique<Connection>();
            connection->fd = fd;
            connection->peer_ip = ip;
            connection->peer_port = port;
            sockaddr_storage local{};
            socklen_t local_length = sizeof(local);
            ::getsockname(fd, reinterpret_cast<sockaddr*>(&local), &local_length);
            std::tie(connection->local_ip, connection->local_port) = address_of(local);
            // A connection that says nothing is held no longer than one that trickles its headers.
            connection->waiting_since = SteadyClock::now();
            connection->deadline = connection->waiting_since + limits_.header_timeout;
            ++per_address_[ip];
            connections_.emplace(fd, std::move(connection));
            watch(fd);
        }
    }

    /// Room for one more connection from `ip` under both caps. At a cap, the connection that has
    /// waited longest without a request in a worker's hands is closed: a client trickling its
    /// headers or holding idle connections loses them to newcomers, and a webhook that sends its
    /// request at once always gets in. False when every connection is busy with a request.
    bool make_room(const std::string& ip) {
        while (true) {
            const bool address_full = per_address_.count(ip) && per_address_[ip] >= limits_.max_connections_per_address;
            if (!address_full && connections_.size() < limits_.max_connections) return true;
            Connection* oldest = nullptr;
            for (const auto& [fd, c] : connections_) {
                if (c->busy || (address_full && c->peer_ip != ip)) continue;
                if (!oldest || c->waiting_since < oldest->waiting_since) oldest = c.get();
            }
            if (!oldest) return false;
            answer_and_close(oldest->fd, 503);
        }
    }

    void on_readable(Connection& c) {
        char chunk[kReadChunk];
        const int fd = c.fd;
        while (true) {
            const std::size_t cap = c.in_body ? c.need : limits_.max_header_bytes;
            const std::size_t room = std::min(kReadChunk, cap - std::min(cap, c.buffer.size()));
            const ssize_t n = room == 0 ? 0 : ::recv(fd, chunk, room, 0);
            if (n < 0 && errno == EINTR) continue;
            if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
            if (n <= 0) {
                // Closed by the client, or an error; room == 0 cannot happen here (see advance).
                close_connection(fd);
                return;
            }
            if (!c.started) {
                c.started = true;
                c.deadline = SteadyClock::now() + limits_.header_timeout;
            }
            c.buffer.append(chunk, static_cast<std::size_t>(n));
            if (!advance(c)) return;  // refused, closed or with a worker now
        }
    }

    /// Moves a connection on with what it has buffered: reads its head, refuses what must be
    /// refused, and hands a complete request to a worker. False when the event loop is done with
    /// the connection for now.
    bool advance(Connection& c) {
        if (!c.in_body) {
            auto head = scan_request_head(c.buffer);
            if (!head) {
                if (c.buffer.size() < limits_.max_header_bytes) return true;
                refuse(c, 431);
                return false;
            }
            if (head->refusal != 0) {
                refuse(c, head->refusal);
                return false;
            }
            if (head->content_length > limits_.max_body_bytes) {
                refuse(c, 413);
                return false;
            }
            const auto body = static_cast<std::size_t>(head->content_length);
            if (buffered_ + body > limits_.buffered_body_budget) {
                spdlog::warn("{}: request bodies in memory would exceed {} bytes; a {}-byte body is refused with 503",
                             name_, limits_.buffered_body_budget, body);
                refuse(c, 503);
                return false;
            }
            buffered_ += body;
            c.reserved = body;
            std::size_t head_bytes = head->head_bytes;
            if (head->expects_continue) {
                // Answered here, so the library must not answer it a second time.
                c.buffer.erase(head->expect_line_at, head->expect_line_bytes);
                head_bytes -= head->expect_line_bytes;
                if (c.buffer.size() < head_bytes + body) send_now(c.fd, "HTTP/1.1 100 Continue\r\n\r\n");
            }
            c.need = head_bytes + body;
            c.in_body = true;
            const std::size_t rate = std::max<std::size_t>(1, limits_.min_body_bytes_per_second);
            const std::chrono::milliseconds slowest(static_cast<std::int64_t>(body * 1000 / rate));
            c.deadline = SteadyClock::now() + std::max(limits_.body_timeout, slowest);
        }
        if (c.buffer.size() < c.need) return true;
        dispatch(c);
        return false;
    }

    void dispatch(Connection& c) {
        ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, c.fd, nullptr);
        c.busy = true;
        {
            std::lock_guard lock(mutex_);
            ready_.push_back(&c);
        }
        ready_cv_.notify_one();
    }

    void take_back_finished() {
        std::vector<std::pair<Connection*, bool>> finished;
        {
            std::lock_guard lock(mutex_);
            finished.swap(finished_);
        }
        for (auto [c, keep] : finished) {
            c->busy = false;
            buffered_ -= c->reserved;
            c->reserved = 0;
            if (!keep || stopping_) {
                close_connection(c->fd);
                continue;
            }
            c->in_body = false;
            c->need = 0;
            c->waiting_since = SteadyClock::now();
            // Bytes read past the last request are the start of the next one (pipelining).
            c->started = !c->buffer.empty();
            c->deadline = c->waiting_since + (c->started ? limits_.header_timeout : limits_.idle_timeout);
            watch(c->fd);
            if (c->started) advance(*c);
        }
    }

    void sweep(SteadyClock::time_point now) {
        if (accept_paused_until_ && now >= *accept_paused_until_ && listen_fd_ >= 0) {
            accept_paused_until_.reset();
            watch(listen_fd_);
        }
        std::vector<int> expired;
        for (const auto& [fd, c] : connections_) {
            if (!c->busy && now >= c->deadline) expired.push_back(fd);
        }
        for (int fd : expired) {
            Connection& c = *connections_.at(fd);
            if (c.started) {
                refuse(c, 408);
            } else {
                close_connection(fd);
            }
        }
    }

    void refuse(Connection& c, int status) { answer_and_close(c.fd, status); }

    /// A short answer for a request we will not hand on, then the connection is closed. Best
    /// effort: a client that does not read it is not waited for.
    void answer_and_close(int fd, int status) {
        const std::string response = "HTTP/1.1 " + std::to_string(status) + " " + reason_phrase(status) +
                                     "\r\n" + raw_headers_ +
                                     "Content-Type: text/plain\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
        send_now(fd, response);
        if (connections_.count(fd)) {
            close_connection(fd);
        } else {
            ::close(fd);
        }
    }

    static void send_now(int fd, const std::string& bytes) {
        [[maybe_unused]] auto sent = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    }

    void close_connection(int fd) {
        auto it = connections_.find(fd);
        if (it == connections_.end()) return;
        Connection& c = *it->second;
        if (!c.busy) ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, fd, nullptr);
        buffered_ -= c.reserved;
        if (--per_address_[c.peer_ip] == 0) per_address_.erase(c.peer_ip);
        ::close(fd);
        connections_.erase(it);
    }

    void wake() {
        const std::uint64_t one = 1;
        [[maybe_unused]] auto written = ::write(wake_fd_, &one, sizeof(one));
    }

    // ---- worker threads: one complete request at a time ----

    void work() {
        pthread_setname_np(pthread_self(), "ekel-http");
        while (true) {
            Connection* c = nullptr;
            {
                std::unique_lock lock(mutex_);
                ready_cv_.wait(lock, [this] { return workers_stop_ || !ready_.empty(); });
                if (ready_.empty()) return;
                c = ready_.front();
                ready_.pop_front();
            }
            const bool keep = serve(*c);
            {
                std::lock_guard lock(mutex_);
                finished_.emplace_back(c, keep);
            }
            wake();
        }
    }

    bool serve(Connection& c) {
        ConnectionStream stream(c, limits_.write_timeout);
        const bool close_connection = stopping_ || ++c.served >= kRequestsPerConnection;
        bool connection_closed = false;
        bool answered = false;
        try {
            answered = server_.serve(stream, close_connection, connection_closed) && stream.flush();
        } catch (const std::exception& e) {
            spdlog::error("{}: request from {} failed outside its handler: {}", name_, c.peer_ip, e.what());
        }
        c.buffer.erase(0, std::min(c.need, c.buffer.size()));
        if (c.need > kTrimAfterBytes) std::string().swap(c.buffer);
        app::release_free_memory();
        return answered && !close_connection && !connection_closed && !stream.write_failed();
    }

    std::string name_;
    int threads_;
    ServerLimits limits_;
    httplib::Headers default_headers_;
    std::string raw_headers_;
    RoutedServer server_;
    int listen_fd_ = -1;
    int epoll_fd_ = -1;
    int wake_fd_ = -1;
    int port_ = 0;
    bool running_ = false;
    std::atomic<bool> stopping_{false};
    std::thread loop_thread_;
    std::vector<std::thread> workers_;

    // Event loop thread only.
    std::unordered_map<int, std::unique_ptr<Connection>> connections_;
    std::unordered_map<std::string, std::size_t> per_address_;
    std::size_t buffered_ = 0;
    std::optional<SteadyClock::time_point> accept_paused_until_;

    // Hand-off between the event loop and the workers.
    std::mutex mutex_;
    std::condition_variable ready_cv_;
    std::deque<Connection*> ready_;
    std::vector<std::pair<Connection*, bool>> finished_;
    bool workers_stop_ = false;
};

HttpServer::HttpServer(std::string service_name, int threads, ServerLimits limits, Headers headers)
    : impl_(std::make_unique<Impl>(std::move(service_name), threads, limits, std::move(headers))) {}

HttpServer::~HttpServer() = default;

httplib::Server& HttpServer::routes() { return impl_->routes(); }

int HttpServer::bind(const std::string& host, int port) { return impl_->bind(host, port); }

void HttpServer::start() { impl_->start(); }

void HttpServer::stop() { impl_->stop(); }

int HttpServer::port() const { return impl_->port(); }

HttpServer::Headers security_headers(const std::string& content_security_policy) {
    return {{"Content-Security-Policy", content_security_policy},
            {"X-Frame-Options", "DENY"},
            {"X-Content-Type-Options", "nosniff"},
            {"Referrer-Policy", "same-origin"},
            {"Cache-Control", "no-store"}};
}

}  // namespace ekel::http
