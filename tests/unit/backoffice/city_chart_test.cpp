#include "backoffice/reports/city_chart.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "backoffice/reports/report_export.h"
#include "shared/services/city_report.h"
#include "shared/util/error.h"
#include "tests/support/xlsx_reader.h"

// The city report's charts and exports, from figures made by hand (no database).

TEST_SUITE_BEGIN("backoffice");

using namespace ekel;

namespace {

services::CityReport sample_city() {
    services::KelurahanFigures a, b, c;
    a.filed = 7;
    a.issued = 5;
    a.issue_hours = {2, 4, 9};
    b.filed = 3;
    b.issued = 1;
    b.issue_hours = {30};
    c.filed = 1;  // nothing issued: no median
    return services::combine_city_report(services::month_period(2026, 11), TimePoint{},
                                         {{"BLB", "Belimbing", "Bontang Barat", a},
                                          {"TGL", "Telihan", "Bontang Barat", b},
                                          {"API", "Api-Api", "Bontang Utara", c}});
}

}  // namespace

TEST_CASE(
    "the city charts show filed and issued per kelurahan or kecamatan, and the median per "
    "kelurahan") {
    const auto report = sample_city();

    const auto per_kelurahan = office::city_chart(report, "per-kelurahan");
    CHECK(per_kelurahan.series == std::vector<std::string>{"Masuk", "Terbit"});
    REQUIRE(per_kelurahan.items.size() == 3);
    CHECK(per_kelurahan.items[0].label == "Belimbing");
    CHECK(per_kelurahan.items[0].values == std::vector<std::optional<double>>{7.0, 5.0});
    CHECK(per_kelurahan.items[2].values == std::vector<std::optional<double>>{1.0, 0.0});

    const auto per_kecamatan = office::city_chart(report, "per-kecamatan");
    REQUIRE(per_kecamatan.items.size() == 2);
    CHECK(per_kecamatan.items[0].label == "Bontang Barat");
    CHECK(per_kecamatan.items[0].values == std::vector<std::optional<double>>{10.0, 6.0});

    const auto median = office::city_chart(report, "median");
    CHECK(median.series.size() == 1);
    CHECK(median.decimals == 1);
    REQUIRE(median.items.size() == 3);
    CHECK(median.items[0].values == std::vector<std::optional<double>>{4.0});
    CHECK(median.items[1].values == std::vector<std::optional<double>>{30.0});
    CHECK_FALSE(median.items[2].values[0].has_value());  // "–", not 0
    CHECK(office::render_bar_chart(median).find("Api-Api") != std::string::npos);

    CHECK_THROWS_AS(office::city_chart(report, "per-rt"), Error);
}

TEST_CASE("the city tables export to CSV and to one XLSX workbook unchanged") {
    const auto tables = services::city_report_tables(sample_city());
    const std::string csv = office::table_to_csv(tables[0]);
    CHECK(csv.find("Kelurahan,Kecamatan,Masuk,Terbit,Ditolak,Median proses (jam),") !=
          std::string::npos);
    CHECK(csv.find("\r\nApi-Api,Bontang Utara,1,0,0,,,,") != std::string::npos);  // empty medians
    CHECK(csv.find("\r\nJumlah,,11,6,") != std::string::npos);

    const auto sheets = test::read_xlsx(office::tables_to_xlsx(tables));
    REQUIRE(sheets.size() == 2);
    CHECK(sheets[0].name == "Per kelurahan");
    CHECK(sheets[1].name == "Per kecamatan");
    REQUIRE(sheets[1].rows.size() == 1 + 2 + 1);
    CHECK(sheets[1].rows.back()[0] == "Jumlah");
}

TEST_SUITE_END();
