#include "shared/domain/ikm.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <string>
#include <vector>

#include "shared/util/error.h"

using ekel::domain::compute_ikm;
using ekel::domain::format_ikm;
using ekel::domain::ikm_band;
using ekel::domain::ikm_elements;
using ekel::domain::IkmResponse;
using ekel::domain::IkmResult;
using ekel::domain::kIkmElements;

TEST_SUITE_BEGIN("domain");

namespace {

using Row = std::array<int, kIkmElements>;

std::vector<IkmResponse> from_rows(const std::vector<Row>& rows) {
    std::vector<IkmResponse> responses;
    for (const Row& row : rows) responses.push_back(IkmResponse{row});
    return responses;
}

// Column i holds the answers to element i; shorter columns leave the remaining respondents
// unanswered (0) for that element.
std::vector<IkmResponse> from_columns(const std::array<std::vector<int>, kIkmElements>& columns) {
    std::size_t respondents = 0;
    for (const auto& column : columns) respondents = std::max(respondents, column.size());
    std::vector<IkmResponse> responses(respondents);
    for (std::size_t i = 0; i < columns.size(); ++i) {
        for (std::size_t r = 0; r < columns[i].size(); ++r) responses[r].scores[i] = columns[i][r];
    }
    return responses;
}

std::vector<IkmResponse> everyone_answers(int score, int respondents) {
    Row row;
    row.fill(score);
    return from_rows(std::vector<Row>(static_cast<std::size_t>(respondents), row));
}

// Ten respondents, every element answered.
//         U1 U2 U3 U4 U5 U6 U7 U8 U9
// R1       4  3  3  4  3  3  4  3  3
// R2       3  3  3  4  3  4  4  3  3
// R3       4  4  3  4  3  3  4  3  2
// R4       3  3  2  4  3  3  4  3  3
// R5       4  3  3  4  4  3  4  4  3
// R6       3  3  3  4  3  3  3  3  3
// R7       4  4  4  4  3  4  4  3  3
// R8       3  3  3  4  3  3  4  3  2
// R9       4  3  2  4  3  3  4  3  3
// R10      3  3  3  3  3  3  4  3  3
// sum     35 32 29 39 31 32 39 31 28   (total 296)
// NRR    3.5 3.2 2.9 3.9 3.1 3.2 3.9 3.1 2.8   (sum ÷ 10)
// Σ NRR = 29.6
// IKM   = 29.6 × 1/9 = 3.28888…
// ×25   = 740/9 = 82.2222… → 82.22 → B "Baik"
const std::vector<Row> kWorkedExample = {
    {4, 3, 3, 4, 3, 3, 4, 3, 3}, {3, 3, 3, 4, 3, 4, 4, 3, 3}, {4, 4, 3, 4, 3, 3, 4, 3, 2},
    {3, 3, 2, 4, 3, 3, 4, 3, 3}, {4, 3, 3, 4, 4, 3, 4, 4, 3}, {3, 3, 3, 4, 3, 3, 3, 3, 3},
    {4, 4, 4, 4, 3, 4, 4, 3, 3}, {3, 3, 3, 4, 3, 3, 4, 3, 2}, {4, 3, 2, 4, 3, 3, 4, 3, 3},
    {3, 3, 3, 3, 3, 3, 4, 3, 3},
};

}  // namespace

TEST_CASE("the IKM of a ten-respondent survey matches the hand computation") {
    const IkmResult result = compute_ikm(from_rows(kWorkedExample));

    CHECK(result.respondents == 10);
    const std::array<double, kIkmElements> expected_nrr = {3.5, 3.2, 2.9, 3.9, 3.1,
                                                           3.2, 3.9, 3.1, 2.8};
    for (int i = 0; i < kIkmElements; ++i) {
        CAPTURE(i);
        CHECK(result.answers[i] == 10);
        CHECK(result.nrr[i] == doctest::Approx(expected_nrr[i]).epsilon(1e-12));
    }
    CHECK(result.index == doctest::Approx(3.2888888888888).epsilon(1e-12));
    CHECK(result.converted == 82.22);
    CHECK(result.has_index());
    CHECK(result.band.grade == 'B');
    CHECK(result.band.label == "Baik");
    CHECK(format_ikm(result.converted) == "82,22");
}

TEST_CASE("the weight is exactly 1/9, not the published 0,11 or 0,111") {
    // Same data as the worked example, Σ NRR = 29.6:
    //   exact 1/9: 29.6 / 9 × 25 = 82.2222… → 82.22
    //   0,11:      29.6 × 0.11 = 3.256  × 25 = 81.40
    //   0,111:     29.6 × 0.111 = 3.2856 × 25 = 82.14
    const IkmResult result = compute_ikm(from_rows(kWorkedExample));
    CHECK(result.converted == 82.22);
    CHECK(result.converted != 81.40);
    CHECK(result.converted != 82.14);
}

TEST_CASE("only the converted value is rounded, never the NRRs or the index") {
    // Three respondents answer 3, 3, 4 on every element: each NRR = 10/3 = 3.3333…
    //   full precision: IKM = 10/3, ×25 = 83.3333… → 83.33
    //   NRRs rounded first to 3.33: Σ = 29.97, ÷9 = 3.33, ×25 = 83.25 (wrong)
    //   IKM rounded first to 3.33: ×25 = 83.25 (wrong)
    Row three;
    three.fill(3);
    Row four;
    four.fill(4);
    const IkmResult result = compute_ikm(from_rows({three, three, four}));
    CHECK(result.nrr[0] == doctest::Approx(10.0 / 3).epsilon(1e-12));
    CHECK(result.index == doctest::Approx(10.0 / 3).epsilon(1e-12));
    CHECK(result.converted == 83.33);
    CHECK(result.converted != 83.25);
    CHECK(result.band.grade == 'B');
}

TEST_CASE("an exact half rounds away from zero even where floating point lands just below it") {
    // element  answers                     n  sum  NRR
    // U1       3 3 3 3 3 2 2 2             8  21   2.625
    // U2       2 1 1 1                     4   5   1.25
    // U3       2 2 2 1 1 1                 6   9   1.5
    // U4       2 2 2 1                     4   7   1.75
    // U5       4 3                         2   7   3.5
    // U6       4 4 3 3 3                   5  17   3.4
    // U7       2                           1   2   2
    // U8       3 2                         2   5   2.5
    // U9       3 3 2 2 2                   5  12   2.4
    // Σ NRR = 20.925; IKM = 20.925 / 9 = 2.325; ×25 = 58.125 exactly → 58.13 (D).
    // Summing the NRRs in doubles and multiplying gives 58.12499999999999, which would round
    // to 58.12.
    const IkmResult result = compute_ikm(from_columns({{
        {3, 3, 3, 3, 3, 2, 2, 2},
        {2, 1, 1, 1},
        {2, 2, 2, 1, 1, 1},
        {2, 2, 2, 1},
        {4, 3},
        {4, 4, 3, 3, 3},
        {2},
        {3, 2},
        {3, 3, 2, 2, 2},
    }}));
    CHECK(result.respondents == 8);
    CHECK(result.index == doctest::Approx(2.325).epsilon(1e-12));
    CHECK(result.converted == 58.13);
    CHECK(result.band.grade == 'D');
}

TEST_CASE("quality bands follow PermenPAN-RB 14/2017 at their 2-decimal boundaries") {
    struct Case {
        double converted;
        char grade;
        std::string label;
    };
    const std::vector<Case> cases = {
        {100.00, 'A', "Sangat Baik"}, {88.31, 'A', "Sangat Baik"}, {88.30, 'B', "Baik"},
        {76.61, 'B', "Baik"},         {76.60, 'C', "Kurang Baik"}, {65.00, 'C', "Kurang Baik"},
        {64.99, 'D', "Tidak Baik"},   {25.00, 'D', "Tidak Baik"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.converted);
        CHECK(ikm_band(c.converted).grade == c.grade);
        CHECK(std::string(ikm_band(c.converted).label) == c.label);
    }
}

TEST_CASE("all 4s give 100,00 (A) and all 1s give 25,00 (D)") {
    // Every NRR = 4: IKM = 36/9 = 4, ×25 = 100. Every NRR = 1: IKM = 9/9 = 1, ×25 = 25.
    const IkmResult best = compute_ikm(everyone_answers(4, 5));
    CHECK(best.index == 4.0);
    CHECK(best.converted == 100.0);
    CHECK(best.band.grade == 'A');
    CHECK(format_ikm(best.converted) == "100,00");

    const IkmResult worst = compute_ikm(everyone_answers(1, 5));
    CHECK(worst.index == 1.0);
    CHECK(worst.converted == 25.0);
    CHECK(worst.band.grade == 'D');
    CHECK(format_ikm(worst.converted) == "25,00");
}

TEST_CASE("an element's NRR divides by the answers to that element only") {
    //        U1 U2 U3 U4 U5 U6 U7 U8 U9
    // R1      4  4  -  4  4  4  4  4  4
    // R2      3  3  2  3  3  3  3  3  3
    // R3      3  3  4  3  3  3  3  3  3
    // R4      -  -  -  -  -  -  -  -  -   (answered nothing: not a respondent)
    // U3: (2 + 4) / 2 = 3 (not 6 / 3 = 2); every other element: 10 / 3.
    // Σ NRR = 8 × 10/3 + 3 = 89/3; IKM = 89/27 = 3.2963…; ×25 = 2225/27 = 82.4074… → 82.41
    // (dividing U3 by 3 would give 86/27 × 25 = 79.63).
    const IkmResult result = compute_ikm(from_rows({
        {4, 4, 0, 4, 4, 4, 4, 4, 4},
        {3, 3, 2, 3, 3, 3, 3, 3, 3},
        {3, 3, 4, 3, 3, 3, 3, 3, 3},
        {0, 0, 0, 0, 0, 0, 0, 0, 0},
    }));
    CHECK(result.respondents == 3);
    CHECK(result.answers[0] == 3);
    CHECK(result.answers[2] == 2);
    CHECK(result.nrr[2] == doctest::Approx(3.0).epsilon(1e-12));
    CHECK(result.nrr[0] == doctest::Approx(10.0 / 3).epsilon(1e-12));
    CHECK(result.index == doctest::Approx(89.0 / 27).epsilon(1e-12));
    CHECK(result.converted == 82.41);
    CHECK(result.band.grade == 'B');
}

TEST_CASE("without an answer for every element there is no index") {
    SUBCASE("empty input") {
        const IkmResult result = compute_ikm({});
        CHECK(result.respondents == 0);
        CHECK_FALSE(result.has_index());
        CHECK(result.band.grade == '-');
        CHECK(result.band.label.empty());
        CHECK(result.index == 0.0);
        CHECK(result.converted == 0.0);
    }
    SUBCASE("nobody answered U9") {
        const IkmResult result = compute_ikm(from_rows({{4, 4, 4, 4, 4, 4, 4, 4, 0}}));
        CHECK(result.respondents == 1);
        CHECK_FALSE(result.has_index());
        CHECK(result.answers[8] == 0);
        CHECK(result.nrr[8] == 0.0);
        CHECK(result.nrr[0] == 4.0);
        CHECK(result.converted == 0.0);
    }
}

TEST_CASE("a score outside 0..4 is rejected") {
    CHECK_THROWS_AS(compute_ikm(from_rows({{4, 4, 4, 5, 4, 4, 4, 4, 4}})), ekel::Error);
    CHECK_THROWS_AS(
        compute_ikm(from_rows({{4, 4, 4, 4, 4, 4, 4, 4, 4}, {-1, 3, 3, 3, 3, 3, 3, 3, 3}})),
        ekel::Error);
}

TEST_CASE("the nine elements come in regulation order with short answer labels") {
    const auto& elements = ikm_elements();
    const std::array<std::string, kIkmElements> names = {
        "Persyaratan",
        "Sistem, Mekanisme, dan Prosedur",
        "Waktu Penyelesaian",
        "Biaya/Tarif",
        "Produk Spesifikasi Jenis Pelayanan",
        "Kompetensi Pelaksana",
        "Perilaku Pelaksana",
        "Sarana dan Prasarana",
        "Penanganan Pengaduan, Saran dan Masukan",
    };
    for (int i = 0; i < kIkmElements; ++i) {
        const auto& element = elements[static_cast<std::size_t>(i)];
        CAPTURE(element.code);
        CHECK(element.code == "U" + std::to_string(i + 1));
        CHECK(std::string(element.name) == names[static_cast<std::size_t>(i)]);
        CHECK_FALSE(element.question.empty());
        CHECK(element.question.back() == '?');
        for (std::string_view answer : element.answers) {
            CAPTURE(answer);
            CHECK_FALSE(answer.empty());
            CHECK(answer.size() <= 24);
        }
    }
    CHECK(elements[3].answers[0] == "Sangat mahal");
    CHECK(elements[3].answers[3] == "Gratis");
}

TEST_CASE("converted values are written with a decimal comma") {
    CHECK(format_ikm(88.31) == "88,31");
    CHECK(format_ikm(82.2) == "82,20");
    CHECK(format_ikm(65.0) == "65,00");
    CHECK(format_ikm(100.0) == "100,00");
    CHECK(format_ikm(76.05) == "76,05");
}

TEST_SUITE_END();
