#pragma once

#include <chrono>
#include <string>

namespace ekel::test {

/// A plain TCP connection to a server of ours on loopback, for tests that must misbehave the way
/// a slow or hostile client does (trickled headers, idle connects, pipelining).
class RawConnection {
public:
    /// Connects to 127.0.0.1:port from `source_ip` (any 127.x.y.z address is loopback too).
    explicit RawConnection(int port, const std::string& source_ip = "127.0.0.1");
    ~RawConnection();
    RawConnection(const RawConnection&) = delete;
    RawConnection& operator=(const RawConnection&) = delete;

    bool connected() const { return fd_ >= 0; }
    /// False when the server has closed the connection.
    bool send(const std::string& bytes);
    /// One whole response (head and Content-Length body), or what arrived before the server
    /// closed or the timeout passed; "" when nothing came.
    std::string read_response(std::chrono::milliseconds timeout);
    /// True when the server closes the connection within `timeout` (whatever it sent first).
    bool closed_within(std::chrono::milliseconds timeout);

private:
    int fd_ = -1;
    std::string pending_;
};

/// The status code of a raw response ("HTTP/1.1 408 …" → 408), or 0.
int status_of(const std::string& response);
/// How many times a header appears in a raw response's head (case-insensitive name).
int header_count(const std::string& response, const std::string& name);

}  // namespace ekel::test
