// Letter PDF rendering throughput: a typical one-page letter (8 identity rows, 3 paragraphs, QR,
// the letterhead logo config/emblem.png, held in memory as the configuration holds it)
// rendered N times on one thread, then N times split over two threads; then the same letter with
// a name outside Windows-1252, which needs the fonts in UTF-8, N/4 times on one thread; then the
// PAdES signature alone and rendering plus signing, as an issue does (one thread, a pilot key made
// in memory), with RSA-3072 and P-256, N/4 each.
// Usage: bench_letter_pdf [N=2000]. Prints figures only; it never judges them.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <unistd.h>

#include "backoffice/letters/letter_pdf.h"
#include "backoffice/letters/pades_signature.h"
#include "backoffice/letters/sample_letter.h"
#include "backoffice/letters/signing_certificate.h"

namespace {

using Clock = std::chrono::steady_clock;


/// Renders `count` letters and returns each render's duration in milliseconds.
std::vector<double> render_many(const ekel::office::LetterDocument& letter, int count,
                                std::size_t& bytes_sink) {
    std::vector<double> durations;
    durations.reserve(static_cast<std::size_t>(count));
    for (int i = 0; i < count; ++i) {
        const auto start = Clock::now();
        const std::string pdf = ekel::office::render_letter_pdf(letter);
        durations.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
        bytes_sink += pdf.size();  // keeps the result observable
    }
    return durations;
}

double percentile(std::vector<double> values, double fraction) {
    if (values.empty()) return 0.0;
    std::sort(values.begin(), values.end());
    const auto index = static_cast<std::size_t>(fraction * static_cast<double>(values.size() - 1));
    return values[index];
}

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

/// Signs `pdf` `count` times with a fresh pilot key of `algorithm`; prints the rate.
void bench_signing(const ekel::office::LetterDocument& letter, const std::string& algorithm, int count) {
    const std::string pdf = ekel::office::render_letter_pdf(letter);
    ekel::office::PilotSigner signer;
    signer.kelurahan = "Belimbing";
    signer.name = "Lurah Bench";
    signer.algorithm = algorithm;
    const auto made = ekel::office::make_pilot_certificates(signer, "bench-password", std::chrono::system_clock::now());
    char path[] = "/tmp/ekel-bench-key-XXXXXX";
    const int fd = mkstemp(path);
    if (fd < 0) return;
    close(fd);
    std::ofstream(path, std::ios::binary) << made.signer_pkcs12;
    const auto key = ekel::office::SigningKey::from_pkcs12(path, "bench-password");
    std::remove(path);
    ekel::office::SignatureDetails details;
    details.signed_at = std::chrono::system_clock::now();
    std::vector<double> durations;
    std::size_t bytes = 0;
    const auto start = Clock::now();
    for (int i = 0; i < count; ++i) {
        const auto one = Clock::now();
        bytes += ekel::office::sign_pdf(pdf, key, details).size();
        durations.push_back(std::chrono::duration<double, std::milli>(Clock::now() - one).count());
    }
    const double seconds = seconds_since(start);
    std::printf("RESULT signing=%s signatures_per_second_one_thread=%.0f p50_ms=%.3f p99_ms=%.3f bytes_added=%zu\n",
                algorithm.c_str(), count / seconds, percentile(durations, 0.50), percentile(durations, 0.99),
                bytes / static_cast<std::size_t>(count) - pdf.size());

    // What issuing costs: each letter rendered (with its e-signature block) and then signed.
    std::vector<double> issued;
    const auto issue_start = Clock::now();
    for (int i = 0; i < count; ++i) {
        const auto one = Clock::now();
        bytes += ekel::office::sign_pdf(ekel::office::render_letter_pdf(letter), key, details).size();
        issued.push_back(std::chrono::duration<double, std::milli>(Clock::now() - one).count());
    }
    std::printf("RESULT render_and_sign=%s letters_per_second_one_thread=%.0f p50_ms=%.3f p99_ms=%.3f\n",
                algorithm.c_str(), count / seconds_since(issue_start), percentile(issued, 0.50),
                percentile(issued, 0.99));
}

}  // namespace

int main(int argc, char** argv) {
    const int count = argc > 1 ? std::max(2, std::atoi(argv[1])) : 2000;
    auto letter = ekel::office::sample_letter();
    letter.electronic_signature_time = "4 Desember 2026 pukul 10.05 WITA";  // as issued letters print it
    letter.electronic_signature_note = "Ditandatangani secara elektronik dengan sertifikat Lurah Bench.";
    std::ifstream logo(std::string(EKEL_REPO_DIR) + "/config/emblem.png", std::ios::binary);
    if (!logo) {
        std::fprintf(stderr, "bench_letter_pdf: cannot read config/emblem.png\n");
        return 1;
    }
    letter.logo_png = std::make_shared<const std::string>(std::istreambuf_iterator<char>(logo),
                                                          std::istreambuf_iterator<char>());
    const std::size_t bytes_per_letter = ekel::office::render_letter_pdf(letter).size();

    std::size_t warm_up_bytes = 0;
    render_many(letter, std::min(count, 50), warm_up_bytes);

    std::size_t one_thread_bytes = 0;
    const auto one_start = Clock::now();
    const std::vector<double> durations = render_many(letter, count, one_thread_bytes);
    const double one_seconds = seconds_since(one_start);

    std::size_t thread_bytes[2] = {0, 0};
    const auto two_start = Clock::now();
    {
        std::vector<std::jthread> workers;
        for (int t = 0; t < 2; ++t) {
            const int share = count / 2 + (t == 0 ? count % 2 : 0);
            workers.emplace_back([&, t, share] { render_many(letter, share, thread_bytes[t]); });
        }
    }
    const double two_seconds = seconds_since(two_start);

    auto utf8_letter = letter;
    utf8_letter.identity[0].second = "ŁUKASZ DĄBROWSKI";
    const int utf8_count = std::max(2, count / 4);
    const std::size_t utf8_bytes_per_letter = ekel::office::render_letter_pdf(utf8_letter).size();
    std::size_t utf8_bytes = 0;
    const auto utf8_start = Clock::now();
    const std::vector<double> utf8_durations = render_many(utf8_letter, utf8_count, utf8_bytes);
    const double utf8_seconds = seconds_since(utf8_start);

    const double one_rate = count / one_seconds;
    const double two_rate = count / two_seconds;
    std::printf("letters: %d, one thread %.3f s, two threads %.3f s, %zu bytes each\n", count,
                one_seconds, two_seconds, bytes_per_letter);
    std::printf(
        "RESULT letters_per_second_one_thread=%.0f two_threads=%.0f bytes_per_letter=%zu "
        "p50_ms=%.3f p99_ms=%.3f\n",
        one_rate, two_rate, bytes_per_letter, percentile(durations, 0.50),
        percentile(durations, 0.99));
    std::printf(
        "RESULT utf8_letters_per_second_one_thread=%.0f utf8_bytes_per_letter=%zu utf8_p50_ms=%.3f "
        "utf8_p99_ms=%.3f\n",
        utf8_count / utf8_seconds, utf8_bytes_per_letter, percentile(utf8_durations, 0.50),
        percentile(utf8_durations, 0.99));
    for (const char* algorithm : {"rsa-3072", "p-256"}) bench_signing(letter, algorithm, std::max(2, count / 4));
    return 0;
}
