#include "tests/support/raw_connection.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>

namespace ekel::test {

namespace {

using Clock = std::chrono::steady_clock;

std::string lower(std::string text) {
    for (char& c : text) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    return text;
}

/// The length of the first complete response in `buffer`, or 0 when it is not complete yet.
std::size_t complete_response(const std::string& buffer) {
    const std::size_t head_end = buffer.find("\r\n\r\n");
    if (head_end == std::string::npos) return 0;
    const std::string head = lower(buffer.substr(0, head_end));
    std::size_t length = 0;
    if (auto at = head.find("\r\ncontent-length:"); at != std::string::npos) {
        length = std::stoul(head.substr(at + 17));
    }
    const std::size_t total = head_end + 4 + length;
    return buffer.size() >= total ? total : 0;
}

}  // namespace

RawConnection::RawConnection(int port, const std::string& source_ip) {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd_ < 0) return;
    sockaddr_in source{};
    source.sin_family = AF_INET;
    ::inet_pton(AF_INET, source_ip.c_str(), &source.sin_addr);
    sockaddr_in target{};
    target.sin_family = AF_INET;
    target.sin_port = htons(static_cast<std::uint16_t>(port));
    ::inet_pton(AF_INET, "127.0.0.1", &target.sin_addr);
    if (::bind(fd_, reinterpret_cast<sockaddr*>(&source), sizeof(source)) != 0 ||
        ::connect(fd_, reinterpret_cast<sockaddr*>(&target), sizeof(target)) != 0) {
        ::close(fd_);
        fd_ = -1;
    }
}

RawConnection::~RawConnection() {
    if (fd_ >= 0) ::close(fd_);
}

bool RawConnection::send(const std::string& bytes) {
    if (fd_ < 0) return false;
    return ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(bytes.size());
}

std::string RawConnection::read_response(std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    while (fd_ >= 0) {
        if (std::size_t length = complete_response(pending_); length > 0) {
            std::string response = pending_.substr(0, length);
            pending_.erase(0, length);
            return response;
        }
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        if (left.count() <= 0) break;
        pollfd readable{fd_, POLLIN, 0};
        if (::poll(&readable, 1, static_cast<int>(left.count())) <= 0) break;
        char chunk[4096];
        const ssize_t n = ::recv(fd_, chunk, sizeof(chunk), 0);
        if (n <= 0) break;
        pending_.append(chunk, static_cast<std::size_t>(n));
    }
    std::string rest;
    rest.swap(pending_);
    return rest;
}

bool RawConnection::closed_within(std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    while (fd_ >= 0) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        if (left.count() <= 0) return false;
        pollfd readable{fd_, POLLIN, 0};
        if (::poll(&readable, 1, static_cast<int>(left.count())) <= 0) return false;
        char chunk[4096];
        const ssize_t n = ::recv(fd_, chunk, sizeof(chunk), 0);
        if (n <= 0) return true;
        pending_.append(chunk, static_cast<std::size_t>(n));
    }
    return true;
}

int status_of(const std::string& response) {
    if (response.rfind("HTTP/1.", 0) != 0 || response.size() < 12) return 0;
    return std::atoi(response.substr(9, 3).c_str());
}

int header_count(const std::string& response, const std::string& name) {
    const std::string head = lower(response.substr(0, response.find("\r\n\r\n")));
    const std::string needle = "\r\n" + lower(name) + ":";
    int count = 0;
    for (std::size_t at = head.find(needle); at != std::string::npos; at = head.find(needle, at + 1)) ++count;
    return count;
}

}  // namespace ekel::test
