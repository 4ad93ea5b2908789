#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "shared/util/error.h"

namespace ekel::domain {

/// IKM — Indeks Kepuasan Masyarakat, the Survei Kepuasan Masyarakat of PermenPAN-RB No. 14 Tahun
/// 2017 (replaces PermenPAN-RB 16/2014; not the 14-element KepMenPAN 25/2004 index).
///
/// Nine elements (unsur), always in this order:
///   U1 Persyaratan; U2 Sistem, Mekanisme, dan Prosedur; U3 Waktu Penyelesaian; U4 Biaya/Tarif;
///   U5 Produk Spesifikasi Jenis Pelayanan; U6 Kompetensi Pelaksana; U7 Perilaku Pelaksana;
///   U8 Sarana dan Prasarana; U9 Penanganan Pengaduan, Saran dan Masukan.
/// Each is answered on a 1..4 scale (1 worst, 4 best); a respondent may skip an element.
///
/// Our rule (the regulation publishes the weight as 0,11 or 0,111; we use the exact value):
///   NRR per element     = sum of that element's scores / number of answers TO THAT ELEMENT
///   NRR tertimbang      = NRR × 1/9                (exactly 1/9, never 0,11)
///   IKM (1..4)          = Σ NRR tertimbang
///   converted (25..100) = IKM × 25, rounded to 2 decimals, half away from zero
/// Only the converted value is rounded; the NRRs and the 1..4 index keep full precision.
/// The rounding is done on the exact fraction (not on a binary floating-point approximation), so
/// a true x,xx5 always rounds up.
///
/// Quality band (mutu pelayanan), from the converted value rounded to 2 decimals:
///   88,31 – 100,00  A  Sangat Baik
///   76,61 – 88,30   B  Baik
///   65,00 – 76,60   C  Kurang Baik
///   25,00 – 64,99   D  Tidak Baik

inline constexpr int kIkmElements = 9;
inline constexpr int kIkmAnswers = 4;

/// One survey element: code "U1".."U9", its name as printed in reports, a short polite question
/// for the WhatsApp survey, and the labels of answers 1..4 (answers[0] is score 1). Every label
/// fits a WhatsApp list row (at most 24 bytes).
struct IkmElement {
    std::string_view code;
    std::string_view name;
    std::string_view question;
    std::array<std::string_view, kIkmAnswers> answers;
};

/// The nine elements, U1 first.
const std::array<IkmElement, kIkmElements>& ikm_elements();

/// One filled-in questionnaire. scores[0] is U1; 0 = not answered, otherwise 1..4.
struct IkmResponse {
    std::array<int, kIkmElements> scores{};
};

/// A quality band: grade 'A'..'D' and its label ("Sangat Baik" … "Tidak Baik").
struct IkmBand {
    char grade = '-';
    std::string_view label;
};

/// The band of a converted value (meant for 25..100), after rounding it to 2 decimals (half away
/// from zero): 88.31 is A, 88.30 is B. Anything below 65,00 is D.
IkmBand ikm_band(double converted);

struct IkmResult {
    int respondents = 0;                      ///< responses that answered at least one element
    std::array<int, kIkmElements> answers{};  ///< number of answers per element
    std::array<double, kIkmElements> nrr{};   ///< per element, full precision; 0 if unanswered
    double index = 0;                         ///< IKM on the 1..4 scale, full precision
    double converted = 0;                     ///< index × 25, rounded to 2 decimals
    IkmBand band;                             ///< grade '-' and empty label when no index

    /// False when some element has no answer at all (including empty input): the regulation's
    /// index needs all nine NRRs, so index and converted stay 0 and band.grade is '-'. The
    /// per-element counts and NRRs are still filled in.
    bool has_index() const { return band.grade != '-'; }
};

/// Computes the IKM of a set of responses (see the rules above).
/// Throws ekel::Error for a score outside 0..4: scores come from our own survey buttons, so such a
/// value is a programming error, not user input.
IkmResult compute_ikm(const std::vector<IkmResponse>& responses);

/// A converted value written the Indonesian way with two decimals: 88.31 → "88,31",
/// 100 → "100,00". Rounds half away from zero if given more decimals.
std::string format_ikm(double converted);

}  // namespace ekel::domain
