#include <doctest/doctest.h>
#include <fmt/format.h>
#include <httplib.h>

#include <algorithm>
#include <string>
#include <vector>

#include "shared/config/letter_types.h"
#include "shared/db/connection.h"
#include "shared/db/store.h"
#include "shared/domain/request_status.h"
#include "shared/services/report_service.h"
#include "shared/services/request_service.h"
#include "shared/util/csv.h"
#include "shared/util/time.h"
#include "tests/support/office_client.h"
#include "tests/support/xlsx_reader.h"

// The lurah's reports over HTTP on the real ekel-office: the page, its charts, the CSV and XLSX
// downloads, and who may see them.

TEST_SUITE_BEGIN("e2e");

using namespace ekel;
using domain::RequestStatus;
using test::kPassword;
using test::OfficeClient;
using test::OfficeFixture;
using test::page_text;

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// page_text, plus the apostrophe entity mustache writes ("&apos;").
std::string visible(const std::string& html) {
    const std::string text = page_text(html);
    std::string out;
    for (std::size_t i = 0; i < text.size();) {
        if (text.compare(i, 6, "&apos;") == 0) {
            out += '\'';
            i += 6;
        } else {
            out += text[i++];
        }
    }
    return out;
}

struct Download {
    int status = 0;
    std::string content_type;
    std::string disposition;
    std::string body;
};

Download download(const OfficeClient& client, const std::string& path) {
    httplib::Client http("127.0.0.1", client.port);
    auto res = http.Get(path.c_str(), httplib::Headers{{"Cookie", client.cookie}});
    REQUIRE(res);
    return {res->status, res->get_header_value("Content-Type"), res->get_header_value("Content-Disposition"),
            res->body};
}

// The visible text of one table's section of the report page.
std::string section_text(const std::string& html, const std::string& id) {
    const std::size_t start = html.find("id=\"" + id + "\"");
    REQUIRE(start != std::string::npos);
    return page_text(html.substr(start, html.find("</section>", start) - start));
}

std::string csv_value(const services::ReportCell& cell) {
    switch (cell.kind) {
        case services::ReportCell::Kind::empty:
            return "";
        case services::ReportCell::Kind::text:
            return cell.text;
        case services::ReportCell::Kind::integer:
            return fmt::format("{:.0f}", cell.number);
        case services::ReportCell::Kind::decimal:
            break;
    }
    return fmt::format("{:.{}f}", cell.number, cell.decimals);
}

// November 2026 in Belimbing: three requests (one issued after 5 h with the RT and 5 h at the
// office, one refused by the RT after 7 h, one still waiting), a late complaint and one IKM survey.
struct SeededOffice : OfficeFixture {
    SeededOffice() : catalog(config::load_letter_types(h.config.letter_types_path)) {
        db::Store store(h.config.database.target(), 5000);
        services::RequestService requests(store, h.clock, h.config.kelurahan);
        auto file = [&](int rt, const char* type, domain::Channel channel) {
            services::NewRequest r;
            r.applicant_name = fmt::format("Warga RT {}", rt);
            r.letter_type = type;
            r.purpose = "keperluan uji";
            r.rt_id = store.rts.find_by_number(rt)->id;
            r.channel = channel;
            return requests.submit(r, {domain::ActorKind::citizen, "6281355500100"});
        };
        const domain::Actor head{domain::ActorKind::rt, "628110000021", "Ketua RT 002"};
        issued = file(2, "domisili", domain::Channel::whatsapp).code;
        const auto refused = file(2, "domisili", domain::Channel::walk_in);
        file(1, "sktm", domain::Channel::whatsapp);
        h.clock.advance(std::chrono::hours(5));
        requests.change_status(request(issued).id, RequestStatus::rt_approved, head, "");
        h.clock.advance(std::chrono::hours(2));
        requests.change_status(refused.id, RequestStatus::rt_rejected, head, "bukan warga RT ini");

        db::Complaint late;
        late.code = "ADU-2611-9001";
        late.channel = "whatsapp";
        late.category = "petugas";
        late.text = "Petugas loket datang terlambat";
        late.due_at = "2026-11-27T00:00:00Z";  // already past
        store.complaints.insert(late, format_utc(h.clock.now()));
        db::Statement survey(store.db(),
                                 "INSERT INTO ikm_surveys (request_id, sender_key, status, invited_at, completed_at,"
                                 " updated_at, u1, u2, u3, u4, u5, u6, u7, u8, u9)"
                                 " VALUES (?, 'wa:6281355500100', 'completed', ?, ?, ?, 4, 4, 3, 4, 4, 4, 4, 3, 4)");
        survey.bind(1, request(issued).id);
        for (int i = 2; i <= 4; ++i) survey.bind(i, format_utc(h.clock.now()));
        survey.exec();
        h.clock.advance(std::chrono::hours(3));
        // Issued through the office, as the lurah does it.
        OfficeClient lurah(port);
        REQUIRE(lurah.login("lurah", kPassword));
        lurah.get("/permohonan/" + issued);
        REQUIRE(lurah.post("/permohonan/" + issued + "/terbitkan").status == 200);
        REQUIRE(request(issued).status == RequestStatus::issued);
    }

    services::Report expected_report() {
        db::Store store(h.config.database.target(), 5000);
        return services::compute_report(store, h.config, catalog, services::month_period(2026, 11), h.clock.now());
    }

    config::LetterCatalog catalog;
    std::string issued;
};

}  // namespace

TEST_CASE_FIXTURE(SeededOffice, "the lurah's report page shows the month's figures, charts and the definitions") {
    OfficeClient lurah(port);
    REQUIRE(lurah.login("lurah", kPassword));
    auto page = lurah.get("/laporan");  // the current month by default
    REQUIRE(page.status == 200);
    CHECK(contains(page.body, "<a href=\"/laporan\">Laporan</a>"));
    CHECK(contains(page_text(page.body), "Laporan November 2026"));
    CHECK(contains(page.body, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\""));
    CHECK(contains(page.body, "<title id=\"grafik-per-rt-judul\">"));
    CHECK_FALSE(contains(page.body, "style="));  // the CSP allows no inline styles

    // The figures we seeded, as the page writes them.
    const std::string domisili = catalog.find("domisili")->name;
    CHECK(contains(section_text(page.body, "per-jenis"), domisili + " 2 1 1 10,0 10,0 24 100,0"));
    db::Store store(h.config.database.target(), 5000);
    const std::string head2 = store.rts.find_by_number(2)->head_name;
    CHECK(contains(section_text(page.body, "per-rt"), "RT 002 " + head2 + " 2 2 6,0 7,0 0 0"));
    CHECK(contains(section_text(page.body, "per-saluran"), "WhatsApp 2 1 Loket 1 0 Jumlah 3 1"));
    CHECK(contains(section_text(page.body, "aduan"), "Petugas 1 0 0 1 1"));
    CHECK(contains(section_text(page.body, "ikm"), "U3 Waktu Penyelesaian 1 3,00"));
    CHECK(contains(page_text(page.body), "Keterangan"));

    // Every row of every table, as the service computes it.
    const auto report = expected_report();
    for (const auto& table : services::report_tables(report)) {
        const std::string text = section_text(page.body, table.name);
        for (const auto& row : table.rows) {
            std::string line;
            for (const auto& cell : row) {
                if (!line.empty()) line += ' ';
                line += services::format_indonesian(cell);
            }
            CAPTURE(table.name);
            CHECK(contains(text, line));
        }
    }
}

TEST_CASE_FIXTURE(SeededOffice, "report tables download as CSV and as one XLSX workbook that match the report") {
    OfficeClient lurah(port);
    REQUIRE(lurah.login("lurah", kPassword));
    const auto tables = services::report_tables(expected_report());

    auto csv = download(lurah, "/laporan/unduh?tabel=per-jenis&format=csv&bulan=2026-11");
    REQUIRE(csv.status == 200);
    CHECK(csv.content_type == "text/csv; charset=utf-8");
    CHECK(csv.disposition == "attachment; filename=\"laporan-per-jenis-2026-11.csv\"");
    CHECK(csv.body.rfind("\xEF\xBB\xBFJenis surat,Masuk,Terbit,Ditolak,", 0) == 0);
    auto parsed = parse_csv(csv.body);
    REQUIRE(parsed);
    REQUIRE(parsed->rows.size() == tables[0].rows.size());
    for (std::size_t r = 0; r < tables[0].rows.size(); ++r) {
        for (std::size_t c = 0; c < tables[0].header.size(); ++c) {
            CAPTURE(r);
            CAPTURE(c);
            CHECK(parsed->rows[r].cells[c] == csv_value(tables[0].rows[r][c]));
        }
    }
    const std::string domisili = catalog.find("domisili")->name;
    auto row =
        std::find_if(parsed->rows.begin(), parsed->rows.end(), [&](const CsvRow& x) { return x.cells[0] == domisili; });
    REQUIRE(row != parsed->rows.end());
    CHECK(row->cells == std::vector<std::string>{domisili, "2", "1", "1", "10.0", "10.0", "24", "100.0"});

    auto book = download(lurah, "/laporan/unduh?format=xlsx");
    REQUIRE(book.status == 200);
    CHECK(book.content_type == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    CHECK(book.disposition == "attachment; filename=\"laporan-2026-11.xlsx\"");
    const auto sheets = test::read_xlsx(book.body);
    REQUIRE(sheets.size() == tables.size());
    for (std::size_t t = 0; t < tables.size(); ++t) {
        CAPTURE(tables[t].name);
        CHECK(sheets[t].name == tables[t].title);
        REQUIRE(sheets[t].rows.size() == tables[t].rows.size() + 1);
        CHECK(sheets[t].rows[0] == tables[t].header);
        for (std::size_t r = 0; r < tables[t].rows.size(); ++r) {
            for (std::size_t c = 0; c < tables[t].header.size(); ++c) {
                const auto& cell = tables[t].rows[r][c];
                const auto& got = sheets[t].rows[r + 1];
                const std::string value = c < got.size() ? got[c] : "";
                CAPTURE(r);
                CAPTURE(c);
                if (cell.kind == services::ReportCell::Kind::integer ||
                    cell.kind == services::ReportCell::Kind::decimal) {
                    CHECK(sheets[t].numeric[r + 1][c]);
                    CHECK(std::stod(value) == doctest::Approx(cell.number));
                } else {
                    CHECK(value == csv_value(cell));
                }
            }
        }
    }

    // Staff read the workbook: no status, event, complaint state or channel appears as its code.
    std::vector<std::string> codes = {"diterima", "diproses", "selesai", "whatsapp", "walk_in", "escalated",
                                      "rt_reminded", "rt_action_refused", "collection_booked", "collection_moved"};
    for (auto status : domain::all_request_statuses()) codes.emplace_back(domain::to_string(status));
    for (const auto& sheet : sheets) {
        for (const auto& cells : sheet.rows) {
            for (const auto& value : cells) {
                CAPTURE(sheet.name);
                CAPTURE(value);
                CHECK(value.find('_') == std::string::npos);
                CHECK(std::find(codes.begin(), codes.end(), value) == codes.end());
            }
        }
    }

    auto one = download(lurah, "/laporan/unduh?tabel=aduan&format=xlsx&dari=2026-11-01&sampai=2026-11-30");
    REQUIRE(one.status == 200);
    CHECK(one.disposition == "attachment; filename=\"laporan-aduan-2026-11.xlsx\"");
    const auto aduan = test::read_xlsx(one.body);
    REQUIRE(aduan.size() == 1);
    CHECK(aduan[0].name == "Aduan");
}

TEST_CASE_FIXTURE(OfficeFixture, "an RT account may not see reports, and a bad period is refused naming the field") {
    OfficeClient rt(port);
    REQUIRE(rt.login("rt2", kPassword));
    CHECK(rt.get("/laporan").status == 403);
    CHECK(download(rt, "/laporan/unduh?format=xlsx").status == 403);
    CHECK_FALSE(contains(rt.get("/permohonan").body, "href=\"/laporan\""));

    OfficeClient operator_(port);
    REQUIRE(operator_.login("operator", kPassword));
    auto october = operator_.get("/laporan?bulan=2026-10");
    CHECK(october.status == 200);
    CHECK(contains(page_text(october.body), "Laporan Oktober 2026"));
    CHECK(contains(page_text(october.body), "Belum ada responden pada periode ini."));
    CHECK(contains(october.body, "Belum ada data"));  // charts of an empty month
    // The per-RT table lists every RT even in an empty month; its chart says what it lacks.
    CHECK(contains(section_text(october.body, "per-rt"), "Belum ada keputusan RT dalam periode ini"));
    auto bad = operator_.get("/laporan?dari=2026-13-01&sampai=2026-11-30");
    CHECK(bad.status == 400);
    CHECK(contains(visible(bad.body), "Tanggal 'dari' harus berformat TTTT-BB-HH"));
    auto reversed = operator_.get("/laporan?dari=2026-11-30&sampai=2026-11-01");
    CHECK(reversed.status == 400);
    CHECK(contains(visible(reversed.body), "Tanggal 'dari' tidak boleh sesudah tanggal 'sampai'."));
    CHECK(operator_.get("/laporan?dari=2025-01-01&sampai=2026-11-30").status == 400);
    CHECK(download(operator_, "/laporan/unduh?tabel=rahasia&format=csv").status == 400);
    CHECK(download(operator_, "/laporan/unduh?tabel=aduan&format=pdf").status == 400);
}

TEST_SUITE_END();
