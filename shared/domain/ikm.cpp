#include "shared/domain/ikm.h"

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <numeric>
#include <optional>

namespace ekel::domain {

namespace {

// Questions and answers follow the sample questionnaire of PermenPAN-RB 14/2017, shortened where a
// label would not fit a WhatsApp list row (24 characters).
constexpr std::array<IkmElement, kIkmElements> kElements = {{
    {"U1",
     "Persyaratan",
     "Bagaimana pendapat Anda tentang kesesuaian persyaratan pelayanan dengan jenis pelayanannya?",
     {"Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"}},
    {"U2",
     "Sistem, Mekanisme, dan Prosedur",
     "Bagaimana pendapat Anda tentang kemudahan prosedur pelayanan di kelurahan ini?",
     {"Tidak mudah", "Kurang mudah", "Mudah", "Sangat mudah"}},
    {"U3",
     "Waktu Penyelesaian",
     "Bagaimana pendapat Anda tentang kecepatan waktu pelayanan?",
     {"Tidak cepat", "Kurang cepat", "Cepat", "Sangat cepat"}},
    {"U4",
     "Biaya/Tarif",
     "Bagaimana pendapat Anda tentang kewajaran biaya/tarif pelayanan?",
     {"Sangat mahal", "Cukup mahal", "Murah", "Gratis"}},
    {"U5",
     "Produk Spesifikasi Jenis Pelayanan",
     "Bagaimana pendapat Anda tentang kesesuaian hasil pelayanan dengan standar pelayanan?",
     {"Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"}},
    {"U6",
     "Kompetensi Pelaksana",
     "Bagaimana pendapat Anda tentang kemampuan (kompetensi) petugas dalam pelayanan?",
     {"Tidak kompeten", "Kurang kompeten", "Kompeten", "Sangat kompeten"}},
    {"U7",
     "Perilaku Pelaksana",
     "Bagaimana pendapat Anda tentang kesopanan dan keramahan petugas dalam pelayanan?",
     {"Tidak sopan dan ramah", "Kurang sopan dan ramah", "Sopan dan ramah",
      "Sangat sopan dan ramah"}},
    {"U8",
     "Sarana dan Prasarana",
     "Bagaimana pendapat Anda tentang kualitas sarana dan prasarana pelayanan?",
     {"Buruk", "Cukup", "Baik", "Sangat baik"}},
    {"U9",
     "Penanganan Pengaduan, Saran dan Masukan",
     "Bagaimana pendapat Anda tentang penanganan pengaduan, saran dan masukan?",
     {"Tidak ada", "Ada, tidak berfungsi", "Kurang maksimal", "Dikelola dengan baik"}},
}};

// Band limits in hundredths of the converted value.
constexpr std::int64_t kBandA = 8831;
constexpr std::int64_t kBandB = 7661;
constexpr std::int64_t kBandC = 6500;

IkmBand band_of_hundredths(std::int64_t hundredths) {
    if (hundredths >= kBandA) return {'A', "Sangat Baik"};
    if (hundredths >= kBandB) return {'B', "Baik"};
    if (hundredths >= kBandC) return {'C', "Kurang Baik"};
    return {'D', "Tidak Baik"};
}

// Each NRR is at most 4, so the numerator of Σ NRR stays below 36 × the common denominator, and
// the final step needs 5000 × numerator + 9 × denominator: keep the denominator under this.
constexpr std::int64_t kMaxDenominator = std::numeric_limits<std::int64_t>::max() / 200'000;

// round(Σ sums[i]/counts[i] × 25/9 × 100), half away from zero, computed on exact fractions.
// Empty when the common denominator would not fit (only with very many, very different counts).
std::optional<std::int64_t> exact_hundredths(const std::array<std::int64_t, kIkmElements>& sums,
                                             const std::array<int, kIkmElements>& counts) {
    std::int64_t num = 0;
    std::int64_t den = 1;
    for (int i = 0; i < kIkmElements; ++i) {
        const std::int64_t n = counts[i];
        const std::int64_t step = den / std::gcd(den, n);  // new denominator = step × n
        if (step > kMaxDenominator / n) return std::nullopt;
        const std::int64_t new_den = step * n;
        num = num * (new_den / den) + sums[i] * step;
        den = new_den;
        const std::int64_t g = std::gcd(num, den);
        num /= g;
        den /= g;
    }
    // 2500·num / (9·den), rounded half up (all values are positive).
    return (5000 * num + 9 * den) / (18 * den);
}

}  // namespace

const std::array<IkmElement, kIkmElements>& ikm_elements() { return kElements; }

IkmBand ikm_band(double converted) { return band_of_hundredths(std::llround(converted * 100)); }

IkmResult compute_ikm(const std::vector<IkmResponse>& responses) {
    IkmResult result;
    std::array<std::int64_t, kIkmElements> sums{};
    for (std::size_t r = 0; r < responses.size(); ++r) {
        bool answered_any = false;
        for (int i = 0; i < kIkmElements; ++i) {
            const int score = responses[r].scores[i];
            if (score < 0 || score > kIkmAnswers) {
                throw Error("compute_ikm: response " + std::to_string(r) + " has score " +
                            std::to_string(score) + " for " + std::string(kElements[i].code) +
                            ", outside 0..4");
            }
            if (score == 0) continue;
            sums[i] += score;
            ++result.answers[i];
            answered_any = true;
        }
        if (answered_any) ++result.respondents;
    }

    bool complete = true;
    double nrr_sum = 0;
    for (int i = 0; i < kIkmElements; ++i) {
        if (result.answers[i] == 0) {
            complete = false;
            continue;
        }
        result.nrr[i] = static_cast<double>(sums[i]) / result.answers[i];
        nrr_sum += result.nrr[i];
    }
    if (!complete) return result;

    result.index = nrr_sum / kIkmElements;
    std::int64_t hundredths = 0;
    if (auto exact = exact_hundredths(sums, result.answers)) {
        hundredths = *exact;
    } else {
        long double precise = 0;
        for (int i = 0; i < kIkmElements; ++i) {
            precise += static_cast<long double>(sums[i]) / result.answers[i];
        }
        hundredths = std::llround(precise * 2500 / kIkmElements);
    }
    result.converted = static_cast<double>(hundredths) / 100;
    result.band = band_of_hundredths(hundredths);
    return result;
}

std::string format_ikm(double converted) {
    const long long hundredths = std::llround(converted * 100);
    const long long whole = std::llabs(hundredths) / 100;
    const long long cents = std::llabs(hundredths) % 100;
    std::string text = hundredths < 0 ? "-" : "";
    text += std::to_string(whole);
    text += ',';
    if (cents < 10) text += '0';
    text += std::to_string(cents);
    return text;
}

}  // namespace ekel::domain
