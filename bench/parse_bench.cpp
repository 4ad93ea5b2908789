// Parse throughput: parses the labelled NLU corpus over and over on one thread for about three
// seconds and prints messages per second and the per-message p50/p99 time.
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

        std::vector<double> per_message_us;
        per_message_us.reserve(1 << 20);
        const auto deadline = Clock::now() + std::chrono::duration<double>(seconds);
        const auto start = Clock::now();
        std::size_t parsed = 0;
        while (Clock::now() < deadline) {
            for (const auto& m : messages) {
                const auto t0 = Clock::now();
                const auto result = parser.parse(m);
                const auto t1 = Clock::now();
                checksum += static_cast<std::size_t>(result.intent) + (result.nik ? 1 : 0);
                per_message_us.push_back(
                    std::chrono::duration<double, std::micro>(t1 - t0).count());
                ++parsed;
            }
        }
        const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
        std::sort(per_message_us.begin(), per_message_us.end());
        const auto percentile = [&](double p) {
            const auto index =
                static_cast<std::size_t>(p * static_cast<double>(per_message_us.size() - 1));
            return per_message_us[index];
        };
        std::printf("parser built in %.1f ms (%zu letter types)\n", build_ms, catalog.types.size());
        std::printf("%zu corpus messages, %zu parses in %.2f s on one thread\n", messages.size(),
                    parsed, elapsed);
        std::printf("throughput: %.0f messages/s\n", static_cast<double>(parsed) / elapsed);
        std::printf("per message: p50 %.1f us, p99 %.1f us, max %.1f us\n", percentile(0.50),
                    percentile(0.99), per_message_us.back());
        std::printf("(checksum %zu)\n", checksum);
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "parse_bench: " << e.what() << "\n";
        return 1;
    }
}
