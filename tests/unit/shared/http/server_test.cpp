#include <doctest/doctest.h>

#include <httplib.h>

#include <thread>
#include <vector>

#include "shared/http/request_head.h"
#include "shared/http/server.h"
#include "tests/support/raw_connection.h"

TEST_SUITE_BEGIN("http");

using namespace ekel;
using namespace std::chrono_literals;
using test::RawConnection;
using test::status_of;

namespace {

/// A server with one worker and short deadlines, so a single stuck request would show at once.
struct SmallServer {
    explicit SmallServer(http::ServerLimits limits = small_limits())
        : server("test", 1, limits, http::security_headers("default-src 'none'")) {
        server.routes().Get("/ping", [](const httplib::Request&, httplib::Response& res) {
            res.set_content("pong", "text/plain");
        });
        server.routes().Post("/echo", [](const httplib::Request& req, httplib::Response& res) {
            res.set_content(req.body, "text/plain");
        });
        server.routes().Get("/throw", [](const httplib::Request&, httplib::Response&) {
            throw std::runtime_error("NIK 6474031208850001 leaked?");
        });
        port = server.bind("127.0.0.1", 0);
        server.start();
    }

    static http::ServerLimits small_limits() {
        http::ServerLimits limits;
        limits.max_body_bytes = 1000;
        limits.max_header_bytes = 1024;
        limits.buffered_body_budget = 1500;
        limits.max_connections_per_address = 8;
        limits.header_timeout = 400ms;
        limits.body_timeout = 400ms;
        limits.idle_timeout = 400ms;
        return limits;
    }

    /// A well-behaved client's round trip, timed.
    std::pair<int, std::chrono::milliseconds> ping() {
        httplib::Client client("127.0.0.1", port);
        client.set_read_timeout(5s);
        const auto start = std::chrono::steady_clock::now();
        auto res = client.Get("/ping");
        const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
        return {res ? res->status : 0, took};
    }

    http::HttpServer server;
    int port = 0;
};

}  // namespace

TEST_CASE("the head scanner finds the end of the headers and the body length") {
    CHECK_FALSE(http::scan_request_head("POST /x HTTP/1.1\r\nContent-Length: 5\r\n"));
    auto head = http::scan_request_head("POST /x HTTP/1.1\r\ncontent-length:  12 \r\nHost: a\r\n\r\nbody");
    REQUIRE(head);
    CHECK(head->head_bytes == 51);
    CHECK(head->content_length == 12);
    CHECK(head->refusal == 0);
    auto bare_lf = http::scan_request_head("GET / HTTP/1.1\nHost: a\n\n");
    REQUIRE(bare_lf);
    CHECK(bare_lf->head_bytes == 24);
    CHECK(bare_lf->content_length == 0);
    CHECK(http::scan_request_head("POST / HTTP/1.1\r\nContent-Length: 1x\r\n\r\n")->refusal == 400);
    CHECK(http::scan_request_head("POST / HTTP/1.1\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n")->refusal == 400);
    CHECK(http::scan_request_head("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n")->refusal == 411);
    auto expect = http::scan_request_head("POST / HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n");
    REQUIRE(expect);
    CHECK(expect->expects_continue);
    CHECK(expect->expect_line_at == 17);
    CHECK(expect->expect_line_bytes == 22);
}

TEST_CASE("a client trickling its headers holds no worker and is answered 408 at the header deadline") {
    SmallServer s;
    RawConnection slow(s.port);
    const std::string request = "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nhi";
    std::size_t sent = 0;
    const auto start = std::chrono::steady_clock::now();
    // One byte every 50 ms: the one worker must stay free for others meanwhile.
    for (; sent < 5; ++sent) {
        slow.send(request.substr(sent, 1));
        std::this_thread::sleep_for(50ms);
    }
    auto [status, took] = s.ping();
    CHECK(status == 200);
    CHECK(took < 300ms);
    while (slow.send(request.substr(sent, 1)) && std::chrono::steady_clock::now() - start < 3s) {
        ++sent;
        std::this_thread::sleep_for(50ms);
        if (sent >= request.size() - 1) break;
    }
    auto answer = slow.read_response(2s);
    CHECK(status_of(answer) == 408);
    CHECK(slow.closed_within(1s));
    CHECK(std::chrono::steady_clock::now() - start < 2s);
}

TEST_CASE("connections that never send anything are closed and do not delay requests") {
    SmallServer s;
    std::vector<std::unique_ptr<RawConnection>> idle;
    for (int i = 0; i < 50; ++i) idle.push_back(std::make_unique<RawConnection>(s.port, "127.0.0.2"));
    auto [status, took] = s.ping();
    CHECK(status == 200);
    CHECK(took < 300ms);
    int closed = 0;
    for (auto& connection : idle) closed += connection->closed_within(2s) ? 1 : 0;
    CHECK(closed == 50);
}

TEST_CASE("at the per-address cap the longest-waiting connection gives way to a newcomer") {
    SmallServer s;
    std::vector<std::unique_ptr<RawConnection>> idle;
    for (int i = 0; i < 8; ++i) {
        idle.push_back(std::make_unique<RawConnection>(s.port));
        idle.back()->send("GET /pi");  // started, never finished
        std::this_thread::sleep_for(5ms);
    }
    // The ninth connection from the same address sends its request at once and is served.
    auto [status, took] = s.ping();
    CHECK(status == 200);
    // The oldest one made room for it; the others are still open.
    CHECK(status_of(idle[0]->read_response(1s)) == 503);
    CHECK_FALSE(idle[7]->closed_within(100ms));
}

TEST_CASE("bodies over the limit or over the in-memory budget are refused before they are read") {
    SmallServer s;
    RawConnection too_long(s.port);
    too_long.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1001\r\n\r\n");
    CHECK(status_of(too_long.read_response(1s)) == 413);

    // 900 bytes are promised and held; another 900 would go over the 1,500-byte budget.
    RawConnection first(s.port);
    first.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 900\r\n\r\n");
    std::this_thread::sleep_for(50ms);
    RawConnection second(s.port);
    second.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 900\r\n\r\n");
    CHECK(status_of(second.read_response(1s)) == 503);
    // The first completes its body and is answered; its budget is free again.
    first.send(std::string(900, 'a'));
    auto echoed = first.read_response(1s);
    CHECK(status_of(echoed) == 200);
    CHECK(echoed.find(std::string(900, 'a')) != std::string::npos);
    std::this_thread::sleep_for(50ms);  // the event loop takes the finished request back
    RawConnection third(s.port);
    third.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 900\r\n\r\n" + std::string(900, 'b'));
    CHECK(status_of(third.read_response(1s)) == 200);
}

TEST_CASE("a body sent too slowly is answered 408 at the body deadline") {
    SmallServer s;
    RawConnection slow(s.port);
    slow.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nabc");
    auto [status, took] = s.ping();
    CHECK(status == 200);
    CHECK(status_of(slow.read_response(2s)) == 408);
}

TEST_CASE("oversized headers get 431 and a chunked body 411") {
    SmallServer s;
    RawConnection big(s.port);
    big.send("GET /ping HTTP/1.1\r\nX-Filler: " + std::string(2000, 'x') + "\r\n\r\n");
    CHECK(status_of(big.read_response(1s)) == 431);
    RawConnection chunked(s.port);
    chunked.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhi\r\n0\r\n\r\n");
    CHECK(status_of(chunked.read_response(1s)) == 411);
}

TEST_CASE("pipelined requests on one connection are answered in order, and Expect: 100-continue once") {
    SmallServer s;
    RawConnection pipelined(s.port);
    pipelined.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\none"
                   "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\ntwo");
    auto first = pipelined.read_response(1s);
    auto second = pipelined.read_response(1s);
    CHECK(status_of(first) == 200);
    CHECK(first.substr(first.size() - 3) == "one");
    CHECK(status_of(second) == 200);
    CHECK(second.substr(second.size() - 3) == "two");

    RawConnection expecting(s.port);
    expecting.send("POST /echo HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n");
    CHECK(status_of(expecting.read_response(1s)) == 100);
    expecting.send("body");
    auto answer = expecting.read_response(1s);
    CHECK(status_of(answer) == 200);
    CHECK(answer.substr(answer.size() - 4) == "body");
}

TEST_CASE("every answer carries the security headers exactly once, errors and refusals included") {
    SmallServer s;
    struct Case {
        std::string request;
        int status;
    };
    const std::vector<Case> cases = {
        {"GET /ping HTTP/1.1\r\nHost: x\r\n\r\n", 200},
        {"GET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n", 404},
        {"GET /throw HTTP/1.1\r\nHost: x\r\n\r\n", 500},
        {"NONSENSE\r\n\r\n", 400},
        {"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n", 413},
        {"GET /ping HTTP/1.1\r\nHost: x\r\n", 408},  // never finished
    };
    for (const auto& c : cases) {
        CAPTURE(c.request);
        RawConnection connection(s.port);
        connection.send(c.request);
        auto answer = connection.read_response(2s);
        CHECK(status_of(answer) == c.status);
        for (const char* header : {"Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options",
                                   "Referrer-Policy", "Cache-Control"}) {
            CAPTURE(header);
            CHECK(test::header_count(answer, header) == 1);
        }
        CHECK(answer.find("6474031208850001") == std::string::npos);
    }
}

TEST_SUITE_END();
