// Open-loop load at a fixed rate: sends pre-signed webhooks (from make_webhooks) to a running
// ekel-bot at RATE per second for SECONDS over CONNECTIONS connections, and meanwhile samples
// /healthz for the backlog (messages stored but not yet answered). Latency is measured from the
// scheduled send time, so a stalled server cannot hide its queueing (no coordinated omission).
// Prints one RESULT line.
#include <httplib.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <mutex>
#include <thread>
#include <vector>

using Clock = std::chrono::steady_clock;

namespace {

/// Messages stored but not yet handled, from the live counters of /healthz (exact and current;
/// inbound_pending is a snapshot up to 250 ms old).
std::int64_t backlog(httplib::Client& client) {
    auto res = client.Get("/healthz");
    if (!res || res->status != 200) return -1;
    auto j = nlohmann::json::parse(res->body);
    return j.value("inbound_stored_since_start", 0LL) - j.value("inbound_handled_since_start", 0LL);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 6) {
        std::cerr << "usage: paced_webhooks FILE.tsv PORT RATE SECONDS CONNECTIONS\n";
        return 2;
    }
    const std::string file = argv[1];
    const int port = std::atoi(argv[2]);
    const double rate = std::atof(argv[3]);
    const double seconds = std::atof(argv[4]);
    const int connections = std::atoi(argv[5]);

    std::vector<std::pair<std::string, std::string>> requests;
    std::ifstream in(file);
    for (std::string line; std::getline(in, line);) {
        auto tab = line.find('\t');
        requests.emplace_back(line.substr(0, tab), line.substr(tab + 1));
    }
    const std::size_t total = std::min<std::size_t>(requests.size(), static_cast<std::size_t>(rate * seconds));
    if (total == 0) return 2;

    std::mutex mutex;
    std::vector<double> latencies_ms;
    latencies_ms.reserve(total);
    std::atomic<std::size_t> failures{0};
    const auto start = Clock::now() + std::chrono::milliseconds(100);
    std::vector<std::thread> senders;
    for (int c = 0; c < connections; ++c) {
        senders.emplace_back([&, c] {
            httplib::Client client("127.0.0.1", port);
            client.set_tcp_nodelay(true);
            client.set_keep_alive(true);
            std::vector<double> mine;
            for (std::size_t i = static_cast<std::size_t>(c); i < total; i += static_cast<std::size_t>(connections)) {
                auto scheduled = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(i / rate));
                std::this_thread::sleep_until(scheduled);
                httplib::Headers headers = {{"X-Hub-Signature-256", requests[i].first}};
                auto res = client.Post("/webhooks/whatsapp", headers, requests[i].second, "application/json");
                if (!res || res->status != 200) ++failures;
                mine.push_back(std::chrono::duration<double, std::milli>(Clock::now() - scheduled).count());
            }
            std::lock_guard lock(mutex);
            latencies_ms.insert(latencies_ms.end(), mine.begin(), mine.end());
        });
    }
    std::atomic<bool> sending{true};
    std::int64_t max_backlog = 0;
    std::thread sampler([&] {
        httplib::Client client("127.0.0.1", port);
        auto next = Clock::now();
        while (sending) {
            if (Clock::now() >= next) {
                max_backlog = std::max(max_backlog, backlog(client));
                next += std::chrono::milliseconds(250);
            }
            // Short naps, so the drain below is timed from the end of sending, not from a nap.
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
    });
    for (auto& t : senders) t.join();
    const double send_seconds = std::chrono::duration<double>(Clock::now() - start).count();
    sending = false;
    sampler.join();
    // Drain: how long until every message has been answered.
    httplib::Client client("127.0.0.1", port);
    std::int64_t left = backlog(client);
    while (left > 0) {
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
        left = backlog(client);
    }
    const double drained_seconds = std::chrono::duration<double>(Clock::now() - start).count();
    std::sort(latencies_ms.begin(), latencies_ms.end());
    auto pct = [&](double p) { return latencies_ms[static_cast<std::size_t>(p * (latencies_ms.size() - 1))]; };
    std::printf(
        "RESULT sent=%zu target_rate=%.0f achieved_rate=%.0f end_to_end_rate=%.0f p50_ms=%.3f p99_ms=%.3f "
        "max_backlog=%lld failures=%zu\n",
        total, rate, total / send_seconds, total / drained_seconds, pct(0.50), pct(0.99),
        static_cast<long long>(max_backlog), failures.load());
    return failures == 0 ? 0 : 1;
}
