#include "backoffice/reports/report_export.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "backoffice/reports/svg_chart.h"
#include "shared/services/report_service.h"
#include "tests/support/xlsx_reader.h"

// Exports of report tables: CSV bytes exactly as RFC 4180 and Excel want them, and XLSX read
// back with an independent reader and compared cell by cell.

TEST_SUITE_BEGIN("backoffice");

using namespace ekel;
using services::ReportCell;
using services::ReportTable;

namespace {

ReportTable small_table() {
    ReportTable t;
    t.name = "per-uji";
    t.title = "Tabel uji";
    t.header = {"Nama", "Jumlah", "Rata-rata (jam)"};
    t.rows = {
        {ReportCell::of_text("Budi, S.Pd"), ReportCell::of_int(3), ReportCell::of_decimal(12.46, 1)},
        {ReportCell::of_text("Kata \"kutip\""), ReportCell::of_int(1234), ReportCell::none()},
        {ReportCell::of_text("Baris\r\nbaru"), ReportCell::of_int(0), ReportCell::of_decimal(1.0, 1)},
        {ReportCell::of_text("=SUM(A1)"), ReportCell::of_int(-2), ReportCell::of_decimal(0.05, 1)},
        {ReportCell::of_text("Kebersihan – Ibu Ani"), ReportCell::of_int(7), ReportCell::of_decimal(2.25, 2)},
        {ReportCell::of_text("Jumlah"), ReportCell::of_int(1242), ReportCell::of_decimal(3.14159, 1)},
    };
    t.has_total_row = true;
    return t;
}

ReportTable ikm_like_table() {
    ReportTable t;
    t.name = "ringkas";
    t.title = "IKM ringkasan";
    t.header = {"Responden", "IKM (1-4)", "Nilai IKM (25-100)", "Mutu", "Kinerja unit"};
    t.rows = {{ReportCell::of_int(31), ReportCell::of_decimal(3.1234567, 4), ReportCell::of_decimal(78.09, 2),
               ReportCell::of_text("B"), ReportCell::of_text("Baik & <ramah>")}};
    return t;
}

std::string cell_at(const test::XlsxSheet& sheet, std::size_t r, std::size_t c) {
    if (r >= sheet.rows.size() || c >= sheet.rows[r].size()) return "";
    return sheet.rows[r][c];
}

void check_sheet(const test::XlsxSheet& sheet, const ReportTable& table) {
    CAPTURE(table.title);
    CHECK(sheet.name == table.title);
    REQUIRE(sheet.rows.size() == table.rows.size() + 1);
    for (std::size_t c = 0; c < table.header.size(); ++c) {
        CHECK(cell_at(sheet, 0, c) == table.header[c]);
        CHECK(sheet.bold[0][c]);
        CHECK_FALSE(sheet.numeric[0][c]);
    }
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
        const bool total = table.has_total_row && r + 1 == table.rows.size();
        for (std::size_t c = 0; c < table.header.size(); ++c) {
            CAPTURE(r);
            CAPTURE(c);
            const ReportCell& expected = table.rows[r][c];
            const std::string actual = cell_at(sheet, r + 1, c);
            switch (expected.kind) {
                case ReportCell::Kind::empty:
                    CHECK(actual == "");
                    break;
                case ReportCell::Kind::text:
                    CHECK(actual == expected.text);
                    CHECK_FALSE(sheet.numeric[r + 1][c]);
                    CHECK(sheet.bold[r + 1][c] == total);
                    break;
                case ReportCell::Kind::integer:
                case ReportCell::Kind::decimal:
                    REQUIRE(sheet.numeric[r + 1][c]);  // a number, not text that looks like one
                    CHECK(std::stod(actual) == doctest::Approx(expected.number).epsilon(1e-12));
                    CHECK(sheet.bold[r + 1][c] == total);
                    break;
            }
        }
    }
}

}  // namespace

TEST_CASE("a table exports to CSV with a BOM, CRLF, a header row and RFC 4180 quoting") {
    const std::string expected =
        "\xEF\xBB\xBF"
        "Nama,Jumlah,Rata-rata (jam)\r\n"
        "\"Budi, S.Pd\",3,12.5\r\n"
        "\"Kata \"\"kutip\"\"\",1234,\r\n"
        "\"Baris\r\nbaru\",0,1.0\r\n"
        "'=SUM(A1),-2,0.1\r\n"
        "Kebersihan – Ibu Ani,7,2.25\r\n"
        "Jumlah,1242,3.1\r\n";
    CHECK(office::table_to_csv(small_table()) == expected);
}

TEST_CASE("tables export to one XLSX workbook that reads back cell by cell") {
    const std::vector<ReportTable> tables = {small_table(), ikm_like_table()};
    const std::string bytes = office::tables_to_xlsx(tables);
    REQUIRE(bytes.size() > 100);
    CHECK(bytes.substr(0, 2) == "PK");  // a zip container
    const auto sheets = test::read_xlsx(bytes);
    REQUIRE(sheets.size() == 2);
    check_sheet(sheets[0], tables[0]);
    check_sheet(sheets[1], tables[1]);
}

TEST_CASE("a whole report exports to XLSX with one worksheet per table") {
    services::Report report;
    report.period = services::month_period(2026, 11);
    report.types.push_back(
        {"domisili", "Surat Keterangan Domisili", 24, 5, 3, 1, services::duration_stats({2, 30.5, 7}), 2, 3});
    report.types_total = report.types[0];
    report.types_total.name = "Jumlah";
    report.rts.push_back({1, 1, "Budi Santoso", 5, 4, services::duration_stats({1, 2, 3, 50}), 1, 1});
    report.rts_total = report.rts[0];
    report.channels = {{"whatsapp", "WhatsApp", 4, 2}, {"walk_in", "Loket", 1, 1}};
    report.channels_total = {"", "Jumlah", 5, 3};
    report.complaints.push_back({"petugas", "Petugas", {1, 2, 0}, 3, 1});
    report.complaints_total = report.complaints[0];
    report.complaints_total.label = "Jumlah";
    const auto tables = services::report_tables(report);
    const auto sheets = test::read_xlsx(office::tables_to_xlsx(tables));
    REQUIRE(sheets.size() == tables.size());
    for (std::size_t i = 0; i < tables.size(); ++i) check_sheet(sheets[i], tables[i]);
}

TEST_CASE("a worksheet name Excel would refuse is an error, not a broken file") {
    ReportTable bad = small_table();
    bad.title = "Laporan [rahasia]";
    CHECK_THROWS_AS(office::tables_to_xlsx({bad}), Error);
    CHECK_THROWS_AS(office::tables_to_xlsx({small_table(), small_table()}), Error);  // duplicate name
}

TEST_CASE("export file names carry the table and the period") {
    const auto november = services::month_period(2026, 11);
    CHECK(office::export_file_name(november, "per-jenis", "csv") == "laporan-per-jenis-2026-11.csv");
    CHECK(office::export_file_name(november, "", "xlsx") == "laporan-2026-11.xlsx");
    auto range = services::parse_report_period("", "2026-11-01", "2026-11-15", {2026, 11, 27});
    REQUIRE(range);
    CHECK(office::export_file_name(*range, "aduan", "csv") == "laporan-aduan-2026-11-01_2026-11-15.csv");
}

TEST_CASE("a bar chart is an accessible SVG with escaped text and no inline styles") {
    office::BarChart chart;
    chart.id = "grafik-uji";
    chart.title = "Aduan <per> kategori & \"status\"";
    chart.series = {"Masuk", "Terbit"};
    chart.decimals = 1;
    chart.unit = " jam";
    chart.items = {{"RT 001 <script>alert(1)</script>", {12.5, 3.0}}, {"Kosong", {std::nullopt, 0.0}}};
    const std::string svg = office::render_bar_chart(chart);
    CHECK(svg.rfind("<svg ", 0) == 0);
    CHECK(svg.find("role=\"img\"") != std::string::npos);
    CHECK(svg.find("<title id=\"grafik-uji-judul\">Aduan &lt;per&gt; kategori &amp; &quot;status&quot;</title>") !=
          std::string::npos);
    CHECK(svg.find("<script>") == std::string::npos);
    CHECK(svg.find("&lt;script&gt;") != std::string::npos);
    CHECK(svg.find("style") == std::string::npos);
    CHECK(svg.find(">12,5 jam<") != std::string::npos);
    CHECK(svg.find(">–<") != std::string::npos);
    CHECK(svg.find(">Masuk<") != std::string::npos);  // legend for two series

    office::BarChart empty;
    empty.title = "Kosong";
    CHECK(office::render_bar_chart(empty).find("Belum ada data") != std::string::npos);
    // A chart beside a table that has rows says what it lacks, not that there is no data.
    empty.empty_text = "Belum ada keputusan RT dalam periode ini";
    const std::string said = office::render_bar_chart(empty);
    CHECK(said.find(">Belum ada keputusan RT dalam periode ini<") != std::string::npos);
    CHECK(said.find("Belum ada data") == std::string::npos);
}

TEST_SUITE_END();
