// The hostile-input campaign against a running ekel-bot: COUNT signed bodies, each a mutation
// of a real envelope (very large strings, deep nesting, 10 MB bodies, 1,000 messages in one
// envelope, wide objects, random byte damage, truncation), sent over CONNECTIONS keep-alive
// connections. It samples the bot's resident memory (from /proc/PID/status) throughout and once
// more after a few idle seconds, and counts the answers by status. Prints one RESULT line.
//
//   hostile_webhooks PORT PID APP_SECRET COUNT [CONNECTIONS]
#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "webhooks/envelope_builder.h"
#include "webhooks/signature.h"

namespace {

using Clock = std::chrono::steady_clock;

long status_kb(int pid, const std::string& field) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    for (std::string line; std::getline(in, line);) {
        if (line.rfind(field + ":", 0) == 0) return std::stol(line.substr(field.size() + 1));
    }
    return -1;
}

std::string envelope_of(const std::vector<ekel::messaging::InboundMessage>& messages) {
    return ekel::whatsapp::build_envelope(messages, {}, "123456789012345");
}

ekel::messaging::InboundMessage text(std::size_t n, const std::string& body) {
    return ekel::whatsapp::text_message("6281" + std::to_string(300000000 + n % 5000), "wamid.HOSTILE." + std::to_string(n),
                                        body, 1764200000 + static_cast<std::int64_t>(n));
}

/// The n-th body of the campaign.
std::string mutated(std::size_t n, std::mt19937_64& random) {
    auto pick = [&](std::size_t below) { return static_cast<std::size_t>(random() % below); };
    // HOSTILE_ONLY=3 sends only mutation 3, to see what one kind costs.
    static const char* only = std::getenv("HOSTILE_ONLY");
    switch (only ? static_cast<std::size_t>(std::atoi(only)) : n % 10) {
        case 0:  // a text body of 0.5–2.9 MB
            return envelope_of({text(n, std::string(500'000 + pick(2'400'000), 'a' + static_cast<char>(pick(26))))});
        case 1: {  // nesting thousands deep inside a message
            std::string body = envelope_of({text(n, "halo")});
            const std::size_t depth = 1'000 + pick(100'000);
            const std::string deep = std::string(depth, '[') + std::string(depth, ']');
            body.insert(body.find("\"text\""), "\"deep\":" + deep + ",");
            return body;
        }
        case 2:  // a 10 MB body (refused by size)
            return std::string(10u << 20, ' ');
        case 3: {  // 1,000 messages in one envelope; the same twenty envelopes recur, as Meta's retries do
            std::vector<ekel::messaging::InboundMessage> many;
            const std::size_t round = (n / 10) % 20;
            for (std::size_t i = 0; i < 1000; ++i) many.push_back(text(1'000'000 + round * 1000 + i, "pesan ke " + std::to_string(i)));
            return envelope_of(many);
        }
        case 4: {  // a wide object: hundreds of thousands of small members
            std::string body = envelope_of({text(n, "halo")});
            std::string wide = "{";
            const std::size_t members = 50'000 + pick(250'000);
            for (std::size_t i = 0; i < members; ++i) wide += (i ? ",\"k" : "\"k") + std::to_string(i) + "\":0";
            wide += "}";
            body.insert(body.find("\"text\""), "\"wide\":" + wide + ",");
            return body;
        }
        case 5: {  // long numbers and escapes
            std::string body = envelope_of({text(n, "halo")});
            std::string escapes;
            for (std::size_t i = 0; i < 20'000 + pick(100'000); ++i) escapes += "\\u00e9";
            body.insert(body.find("\"text\""), "\"n\":" + std::string(100'000, '9') + ",\"e\":\"" + escapes + "\",");
            return body;
        }
        case 6: {  // random byte damage
            std::string body = envelope_of({text(n, "mau urus surat domisili")});
            for (std::size_t i = 0, flips = 1 + pick(20); i < flips; ++i) body[pick(body.size())] = static_cast<char>(random());
            return body;
        }
        case 7: {  // truncated
            std::string body = envelope_of({text(n, "status permohonan saya")});
            return body.substr(0, pick(body.size()));
        }
        case 8: {  // an array of a million tiny values
            std::string body = envelope_of({text(n, "halo")});
            std::string values = "[";
            for (std::size_t i = 0, count = 100'000 + pick(900'000); i < count; ++i) values += i ? ",0" : "0";
            values += "]";
            body.insert(body.find("\"text\""), "\"v\":" + values + ",");
            return body;
        }
        default:  // an ordinary message, so real work goes on meanwhile
            return envelope_of({text(n, "jam buka kantor kelurahan?")});
    }
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 5) {
        std::fprintf(stderr, "usage: hostile_webhooks PORT PID APP_SECRET COUNT [CONNECTIONS]\n");
        return 2;
    }
    // A body refused before it is read closes the connection under the sender's feet.
    std::signal(SIGPIPE, SIG_IGN);
    const int port = std::atoi(argv[1]);
    const int pid = std::atoi(argv[2]);
    const std::string secret = argv[3];
    const std::size_t count = std::stoul(argv[4]);
    const int connections = argc > 5 ? std::atoi(argv[5]) : 8;

    const long start_rss_kb = status_kb(pid, "VmRSS");
    std::atomic<std::size_t> next{0};
    std::mutex mutex;
    std::map<int, std::size_t> statuses;  // 0: no answer (refused before the body was read, or closed)
    std::atomic<long> peak_rss_kb{0};
    std::atomic<bool> running{true};
    std::thread sampler([&] {
        while (running) {
            peak_rss_kb = std::max(peak_rss_kb.load(), status_kb(pid, "VmRSS"));
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    });
    const auto start = Clock::now();
    std::vector<std::thread> senders;
    for (int c = 0; c < connections; ++c) {
        senders.emplace_back([&, c] {
            std::mt19937_64 random(static_cast<std::uint64_t>(c) * 7919 + 17);
            httplib::Client client("127.0.0.1", port);
            client.set_keep_alive(true);
            client.set_read_timeout(std::chrono::seconds(30));
            client.set_write_timeout(std::chrono::seconds(30));
            std::map<int, std::size_t> mine;
            for (std::size_t n = next++; n < count; n = next++) {
                const std::string body = mutated(n, random);
                auto res = client.Post("/webhooks/whatsapp", {{"X-Hub-Signature-256", ekel::whatsapp::sign_body(body, secret)}},
                                       body, "application/json");
                ++mine[res ? res->status : 0];
            }
            std::lock_guard lock(mutex);
            for (auto [status, times] : mine) statuses[status] += times;
        });
    }
    for (auto& t : senders) t.join();
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    std::this_thread::sleep_for(std::chrono::seconds(5));
    running = false;
    sampler.join();
    std::string answers;
    for (auto [status, times] : statuses) answers += " status_" + std::to_string(status) + "=" + std::to_string(times);
    std::printf("RESULT bodies=%zu seconds=%.1f%s rss_start_kb=%ld peak_rss_kb=%ld vm_hwm_kb=%ld rss_after_idle_kb=%ld\n",
                count, seconds, answers.c_str(), start_rss_kb, peak_rss_kb.load(), status_kb(pid, "VmHWM"), status_kb(pid, "VmRSS"));
    return 0;
}
