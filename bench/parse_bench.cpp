// Understanding throughput: parses the labelled NLU corpus (rules and classifier combined, as the
// bot does) over and over on one thread for about three seconds and prints messages per second
// and the per-message p50/p99 time; then the same for the statistical text classifier alone
// (TextClassifier::classify), with its model size and memory cost.
//
//   parse_bench [SECONDS] [CORPUS_TSV] [LETTER_TYPES_TOML]
//
// Defaults: 3 seconds, tests/fixtures/nlu/train.tsv and config/letter_types.toml under the
// repository (EKEL_REPO_DIR when the build defines it, else the current directory).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <exception>
#include <fstream>
#include <iostream>
#include <stdexcept>
#include <string>
#include <vector>

#include "bot/nlu/classifier.h"
#include "bot/nlu/message_parser.h"
#include "shared/config/letter_types.h"

namespace {

#ifdef EKEL_REPO_DIR
constexpr const char* kRepoDir = EKEL_REPO_DIR;
#else
constexpr const char* kRepoDir = ".";
#endif

std::vector<std::string> load_messages(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot open " + path);
    std::vector<std::string> messages;
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        const std::string column = line.substr(0, line.find('\t'));
        std::string message;
        for (std::size_t i = 0; i < column.size(); ++i) {
            if (column[i] == '\\' && i + 1 < column.size()) {
                const char next = column[++i];
                message.push_back(next == 'n' ? '\n' : next == 't' ? '\t' : next);
            } else {
                message.push_back(column[i]);
            }
        }
        messages.push_back(std::move(message));
    }
    return messages;
}

// Resident set size in KiB (Linux), or 0.
long resident_kib() {
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
    }
    return 0;
}

struct Timing {
    std::size_t calls = 0;
    double seconds = 0;
    double p50 = 0, p99 = 0, max = 0;
};

// Calls `once(message)` over the messages, round after round, for `seconds`.
template <typename Once>
Timing time_calls(const std::vector<std::string>& messages, double seconds, Once once) {
    using Clock = std::chrono::steady_clock;
    std::vector<double> per_message_us;
    per_message_us.reserve(1 << 20);
    const auto deadline = Clock::now() + std::chrono::duration<double>(seconds);
    const auto start = Clock::now();
    while (Clock::now() < deadline) {
        for (const auto& m : messages) {
            const auto t0 = Clock::now();
            once(m);
            const auto t1 = Clock::now();
            per_message_us.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count());
        }
    }
    Timing timing;
    timing.calls = per_message_us.size();
    timing.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    std::sort(per_message_us.begin(), per_message_us.end());
    const auto percentile = [&](double p) {
        return per_message_us[static_cast<std::size_t>(
            p * static_cast<double>(per_message_us.size() - 1))];
    };
    timing.p50 = percentile(0.50);
    timing.p99 = percentile(0.99);
    timing.max = per_message_us.back();
    return timing;
}

}  // namespace

int main(int argc, char** argv) {
    using Clock = std::chrono::steady_clock;
    try {
        const double seconds = argc > 1 ? std::stod(argv[1]) : 3.0;
        const std::string corpus =
            argc > 2 ? argv[2] : std::string(kRepoDir) + "/tests/fixtures/nlu/train.tsv";
        const std::string catalog_path =
            argc > 3 ? argv[3] : std::string(kRepoDir) + "/config/letter_types.toml";

        const auto build_start = Clock::now();
        const auto catalog = ekel::config::load_letter_types(catalog_path);
        const ekel::bot::nlu::MessageParser parser(catalog);
        const double build_ms =
            std::chrono::duration<double, std::milli>(Clock::now() - build_start).count();
        const auto messages = load_messages(corpus);
        if (messages.empty()) throw std::runtime_error("no messages in " + corpus);

        // Warm-up pass (caches, lazy statics).
        std::size_t checksum = 0;
        for (const auto& m : messages) checksum += static_cast<std::size_t>(parser.parse(m).intent);

        const Timing parse = time_calls(messages, seconds, [&](const std::string& m) {
            const auto result = parser.parse(m);
            checksum += static_cast<std::size_t>(result.intent) + (result.nik ? 1 : 0);
        });
        std::printf("parser built in %.1f ms (%zu letter types)\n", build_ms, catalog.types.size());
        std::printf("%zu corpus messages, %zu parses in %.2f s on one thread\n", messages.size(),
                    parse.calls, parse.seconds);
        std::printf("throughput: %.0f messages/s\n",
                    static_cast<double>(parse.calls) / parse.seconds);
        std::printf("per message: p50 %.1f us, p99 %.1f us, max %.1f us\n", parse.p50, parse.p99,
                    parse.max);

        // The statistical classifier over the same messages.
        const long rss_before = resident_kib();
        const auto classifier_start = Clock::now();
        const ekel::bot::nlu::TextClassifier classifier;
        const double classifier_ms =
            std::chrono::duration<double, std::milli>(Clock::now() - classifier_start).count();
        std::size_t total_bytes = 0;
        for (const auto& m : messages) {
            checksum += static_cast<std::size_t>(classifier.classify(m).intent);
            total_bytes += m.size();
        }
        const long rss_after = resident_kib();
        const Timing classify = time_calls(messages, seconds, [&](const std::string& m) {
            checksum += static_cast<std::size_t>(classifier.classify(m).intent);
        });
        std::printf(
            "classifier loaded in %.1f ms (model %zu bytes, %zu features); resident "
            "memory +%ld KiB after load and one pass\n",
            classifier_ms, classifier.model().byte_size(), classifier.model().feature_count(),
            rss_after - rss_before);
        std::printf("%zu classifications in %.2f s on one thread (mean message %.0f bytes)\n",
                    classify.calls, classify.seconds,
                    static_cast<double>(total_bytes) / static_cast<double>(messages.size()));
        std::printf("classifier throughput: %.0f messages/s\n",
                    static_cast<double>(classify.calls) / classify.seconds);
        std::printf("classifier per message: p50 %.1f us, p99 %.1f us, max %.1f us\n", classify.p50,
                    classify.p99, classify.max);
        std::vector<std::string> around_100;
        for (const auto& m : messages) {
            if (m.size() >= 80 && m.size() <= 120) around_100.push_back(m);
        }
        if (!around_100.empty()) {
            const Timing hundred = time_calls(around_100, seconds / 3, [&](const std::string& m) {
                checksum += static_cast<std::size_t>(classifier.classify(m).intent);
            });
            std::printf("classifier, %zu messages of 80-120 bytes: p50 %.1f us, p99 %.1f us\n",
                        around_100.size(), hundred.p50, hundred.p99);
        }
        std::printf("(checksum %zu)\n", checksum);
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "parse_bench: " << e.what() << "\n";
        return 1;
    }
}
