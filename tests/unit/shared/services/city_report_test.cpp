#include "shared/services/city_report.h"

#include "shared/db/connection.h"
#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "shared/config/letter_types.h"
#include "shared/db/store.h"
#include "shared/util/time.h"
#include "tests/support/test_config.h"

// The city report over three kelurahan databases with hand-made rows: every expected figure is
// worked out in the comments from the rows, never through SQL.

TEST_SUITE_BEGIN("services");

using namespace ekel;
using services::CityReport;
using services::CityRow;
using services::KelurahanFigures;
using services::KelurahanPart;
using services::ReportCell;

namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

struct Req {
    std::string type = "domisili";
    std::string status{};
    TimePoint created{};
    std::optional<TimePoint> rt_decided{};
    std::optional<TimePoint> escalated{};
    std::optional<TimePoint> issued{};
    std::optional<TimePoint> closed{};
};

// One kelurahan: its own migrated database file with one RT.
struct Kelurahan : test::TempDatabase {
    Kelurahan() : store(config.database.target(), config.database.busy_timeout_ms) {
        rt = test::add_rt(store, 1);
    }

    // A local wall-clock time in this kelurahan's zone.
    TimePoint local(int y, unsigned m, unsigned d, int h, int mi, int s = 0) const {
        return local_to_utc({y, m, d}, h * 60 + mi, config.kelurahan.utc_offset_minutes) +
               seconds(s);
    }

    std::int64_t add(const Req& r) {
        db::Statement q(
            store.db(),
            "INSERT INTO requests (code, applicant_name, letter_type, status, rt_id, channel,"
            " created_at, updated_at, rt_decided_at, escalated_at, issued_at, closed_at)"
            " VALUES (?, 'Warga', ?, ?, ?, 'whatsapp', ?, ?, ?, ?, ?, ?) RETURNING id");
        auto bind_time = [&](int index, const std::optional<TimePoint>& at) {
            if (at) {
                q.bind(index, format_utc(*at));
            } else {
                q.bind(index);
            }
        };
        q.bind(1, "T-" + std::to_string(++requests));
        q.bind(2, r.type);
        q.bind(3, r.status);
        q.bind(4, rt);
        q.bind(5, format_utc(r.created));
        q.bind(6, format_utc(r.created));
        bind_time(7, r.rt_decided);
        bind_time(8, r.escalated);
        bind_time(9, r.issued);
        bind_time(10, r.closed);
        REQUIRE(q.executeStep());
        return q.getColumn(0).getInt64();
    }

    void complaint(const std::string& status, TimePoint created, TimePoint due) {
        db::Complaint c;
        c.code = "ADU-T-" + std::to_string(++complaints);
        c.status = status;
        c.text = "keluhan";
        c.due_at = format_utc(due);
        store.complaints.insert(c, format_utc(created));
    }

    // A survey on `request_id`; `completed` only for status completed, with every element `score`.
    void survey(std::int64_t request_id, const std::string& status,
                std::optional<TimePoint> completed, int score) {
        db::Statement q(
            store.db(),
            "INSERT INTO ikm_surveys (request_id, sender_key, status, invited_at, completed_at,"
            " updated_at, u1, u2, u3, u4, u5, u6, u7, u8, u9)"
            " VALUES (?, 'wa:1', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        q.bind(1, request_id);
        q.bind(2, status);
        q.bind(3, "2026-11-01T00:00:00Z");
        if (completed) {
            q.bind(4, format_utc(*completed));
        } else {
            q.bind(4);
        }
        q.bind(5, "2026-11-01T00:00:00Z");
        for (int u = 0; u < 9; ++u) {
            if (completed) {
                q.bind(6 + u, score);
            } else {
                q.bind(6 + u);
            }
        }
        q.exec();
    }

    KelurahanFigures read(const services::ReportPeriod& period, TimePoint now,
                          const config::LetterCatalog& catalog) {
        return services::read_kelurahan_figures(store, config, catalog, period, now);
    }

    db::Store store;
    std::int64_t rt = 0;
    int requests = 0;
    int complaints = 0;
};

const config::LetterCatalog& catalog() {
    static const config::LetterCatalog c =
        config::load_letter_types(test::repo_path("config/letter_types.toml"));
    return c;
}

const services::ReportPeriod kNovember = services::month_period(2026, 11);

// Three kelurahan: A and B in Bontang Barat, C (no rows at all) in Bontang Utara, given in the
// order A, C, B so that a kecamatan's kelurahan need not be adjacent.
struct City {
    City() {
        fill_a();
        fill_b();
    }

    // A: issue hours {1, 2, 3}; RT response hours {0.5, 1, 2, 4}; one RT refusal; one escalation,
    // still open; three waiting for their RT; five in the office queue, two of them late;
    // three complaints, one late; one survey, all 4s.
    void fill_a() {
        auto at = [&](unsigned d, int h, int mi = 0) { return a.local(2026, 11, d, h, mi); };
        const auto r1 = a.add({.status = "issued",
                               .created = at(10, 8),
                               .rt_decided = at(10, 8, 30),
                               .issued = at(10, 9)});
        const auto r2 = a.add({.status = "issued",
                               .created = at(11, 8),
                               .rt_decided = at(11, 9),
                               .issued = at(11, 10)});
        const auto r3 = a.add({.status = "collected",
                               .created = at(12, 8),
                               .rt_decided = at(12, 10),
                               .issued = at(12, 11),
                               .closed = at(13, 8)});
        a.add({.status = "rt_rejected",
               .created = at(13, 8),
               .rt_decided = at(13, 12),
               .closed = at(13, 12)});
        a.add({.status = "submitted", .created = at(20, 8), .escalated = at(22, 8)});
        a.add({.status = "submitted", .created = at(21, 8)});
        a.add({.status = "submitted",
               .created = a.local(2026, 12, 15, 8, 0)});  // waiting, filed after November

        // The office queue now (filed in December, outside the period): the dashboard's rule per
        // type.
        const TimePoint n = now();
        auto queued = [&](const std::string& type, std::chrono::seconds since_rt) {
            a.add({.type = type,
                   .status = "rt_approved",
                   .created = n - since_rt - hours(1),
                   .rt_decided = n - since_rt});
        };
        queued("domisili", hours(25));     // target 24: late
        queued("domisili", hours(24));     // exactly the target: not late
        queued("ahli_waris", hours(50));   // target 72: not late (though past domisili's 24)
        queued("ahli_waris", hours(73));   // late
        queued("surat_lama", hours(300));  // not in the catalogue: no target, never late

        a.complaint("diterima", at(5, 9), at(8, 9));                     // late
        a.complaint("selesai", at(6, 9), at(9, 9));                      // done: not late
        a.complaint("diproses", at(7, 9), a.local(2026, 12, 25, 9, 0));  // due after now
        a.complaint("diterima", a.local(2026, 10, 30, 9, 0), at(2, 9));  // filed in October

        a.survey(r1, "completed", at(15, 9), 4);
        a.survey(r2, "invited", std::nullopt, 0);
        a.survey(r3, "completed", a.local(2026, 12, 3, 9, 0), 4);  // completed after the period
    }

    // B: issue hours {10, 20}; RT response hours {6, 8, 2}; one office refusal; one waiting for
    // its RT; one complaint, late; three surveys, all 1s.
    void fill_b() {
        auto at = [&](unsigned d, int h, int mi = 0) { return b.local(2026, 11, d, h, mi); };
        const auto b1 = b.add({.status = "issued",
                               .created = at(3, 8),
                               .rt_decided = at(3, 14),
                               .issued = at(3, 18)});
        const auto b2 = b.add(
            {.status = "issued", .created = at(4, 8), .rt_decided = at(4, 16), .issued = at(5, 4)});
        const auto b3 = b.add({.status = "rejected",
                               .created = at(5, 8),
                               .rt_decided = at(5, 10),
                               .closed = at(6, 9)});
        b.add({.status = "submitted", .created = at(25, 8)});
        b.complaint("diproses", at(20, 9), at(23, 9));
        for (auto id : {b1, b2, b3}) b.survey(id, "completed", at(20, 10), 1);
    }

    TimePoint now() const { return a.local(2026, 12, 20, 10, 0); }

    CityReport report() {
        std::vector<KelurahanPart> parts;
        parts.push_back({"BLB", "Belimbing", "Bontang Barat", a.read(kNovember, now(), catalog())});
        parts.push_back({"API", "Api-Api", "Bontang Utara", c.read(kNovember, now(), catalog())});
        parts.push_back({"TGL", "Telihan", "Bontang Barat", b.read(kNovember, now(), catalog())});
        return services::combine_city_report(kNovember, now(), parts);
    }

    Kelurahan a;
    Kelurahan b;
    Kelurahan c;
};

std::vector<double> sorted(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    return values;
}

void check_counts(const CityRow& row, std::array<int, 11> expected) {
    const std::array<int, 11> actual = {row.filed,          row.issued,
                                        row.refused,        row.escalated,
                                        row.waiting_rt,     row.waiting_office,
                                        row.overdue_now,    row.escalated_open,
                                        row.complaints,     row.complaints_overdue,
                                        row.ikm.respondents};
    CAPTURE(row.label);
    CHECK(actual == expected);
}

}  // namespace

TEST_CASE("the city report reads each kelurahan's figures from its own database") {
    City city;
    const auto fa = city.a.read(kNovember, city.now(), catalog());
    CHECK(fa.filed == 6);  // r1..r4 and the two submitted in November
    CHECK(fa.issued == 3);
    CHECK(fa.refused == 1);
    CHECK(sorted(fa.issue_hours) == std::vector<double>{1, 2, 3});
    CHECK(sorted(fa.rt_response_hours) == std::vector<double>{0.5, 1, 2, 4});
    CHECK(fa.escalated == 1);
    CHECK(fa.waiting_rt == 3);
    CHECK(fa.waiting_office == 5);
    CHECK(fa.overdue_now == 2);
    CHECK(fa.escalated_open == 1);
    CHECK(fa.complaints == 3);
    CHECK(fa.complaints_overdue == 1);
    REQUIRE(fa.ikm_responses.size() == 1);
    CHECK(fa.ikm_responses[0].scores == std::array<int, 9>{4, 4, 4, 4, 4, 4, 4, 4, 4});

    const auto fb = city.b.read(kNovember, city.now(), catalog());
    CHECK(fb.filed == 4);
    CHECK(fb.issued == 2);
    CHECK(fb.refused == 1);
    CHECK(sorted(fb.issue_hours) == std::vector<double>{10, 20});
    CHECK(sorted(fb.rt_response_hours) == std::vector<double>{2, 6, 8});
    CHECK(fb.waiting_rt == 1);
    CHECK(fb.waiting_office == 0);
    CHECK(fb.complaints == 1);
    CHECK(fb.complaints_overdue == 1);
    CHECK(fb.ikm_responses.size() == 3);

    const auto fc = city.c.read(kNovember, city.now(), catalog());
    CHECK(fc.filed == 0);
    CHECK(fc.issue_hours.empty());
    CHECK(fc.ikm_responses.empty());
}

TEST_CASE(
    "the city report's lewat target counts the office queue by each type's target, as the "
    "dashboard does") {
    City city;
    // Of the five queued in A: domisili 25 h (late), domisili exactly 24 h (not), ahli_waris 50 h
    // (not: its target is 72), ahli_waris 73 h (late), an unknown type 300 h (no target).
    CHECK(city.a.read(kNovember, city.now(), catalog()).overdue_now == 2);
    // A second later the one at exactly 24 hours is late too.
    CHECK(city.a.read(kNovember, city.now() + seconds(1), catalog()).overdue_now == 3);
    // Without a catalogue nothing has a target.
    CHECK(city.a.read(kNovember, city.now(), config::LetterCatalog{}).overdue_now == 0);
}

TEST_CASE("kelurahan, kecamatan and city rows add up their kelurahan") {
    City city;
    const CityReport report = city.report();
    CHECK(report.generated_at == format_utc(city.now()));
    REQUIRE(report.kelurahan.size() == 3);
    CHECK(report.kelurahan[0].label == "Belimbing");
    CHECK(report.kelurahan[0].code == "BLB");
    CHECK(report.kelurahan[1].label == "Api-Api");
    CHECK(report.kelurahan[2].label == "Telihan");
    CHECK(report.kelurahan[2].kecamatan == "Bontang Barat");
    // filed, issued, refused, escalated, waiting RT, waiting office, late, escalated open,
    // complaints, complaints late, respondents
    check_counts(report.kelurahan[0], {6, 3, 1, 1, 3, 5, 2, 1, 3, 1, 1});
    check_counts(report.kelurahan[1], {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
    check_counts(report.kelurahan[2], {4, 2, 1, 0, 1, 0, 0, 0, 1, 1, 3});

    // Kecamatan in order of first appearance; Bontang Barat pools A and B though C is between.
    REQUIRE(report.kecamatan.size() == 2);
    CHECK(report.kecamatan[0].label == "Bontang Barat");
    CHECK(report.kecamatan[1].label == "Bontang Utara");
    check_counts(report.kecamatan[0], {10, 5, 2, 1, 4, 5, 2, 1, 4, 2, 4});
    check_counts(report.kecamatan[1], {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
    check_counts(report.city, {10, 5, 2, 1, 4, 5, 2, 1, 4, 2, 4});
    CHECK(report.city.label == "Jumlah");
}

TEST_CASE(
    "kecamatan and city medians are taken over the pooled durations, not medians of medians") {
    City city;
    const CityReport report = city.report();
    const CityRow& a = report.kelurahan[0];
    const CityRow& b = report.kelurahan[2];
    REQUIRE(a.issue_time.median);
    REQUIRE(b.issue_time.median);
    CHECK(*a.issue_time.median == 2);     // {1, 2, 3}
    CHECK(*b.issue_time.median == 15);    // {10, 20}
    CHECK(*a.rt_response.median == 1.5);  // {0.5, 1, 2, 4}
    CHECK(*b.rt_response.median == 6);    // {2, 6, 8}

    for (const CityRow* row : {&report.kecamatan[0], &report.city}) {
        CAPTURE(row->label);
        // {1, 2, 3, 10, 20}: the median is 3 (the median of the medians would be 8.5), P90 is 20.
        REQUIRE(row->issue_time.median);
        CHECK(row->issue_time.count == 5);
        CHECK(*row->issue_time.median == 3);
        CHECK(*row->issue_time.p90 == 20);
        // {0.5, 1, 2, 2, 4, 6, 8}: the median is 2 (the median of the medians would be 3.75).
        REQUIRE(row->rt_response.median);
        CHECK(row->rt_response.count == 7);
        CHECK(*row->rt_response.median == 2);
    }
}

TEST_CASE("the city pools every kecamatan, and a kecamatan only its own kelurahan") {
    // Figures made by hand, no database: two kecamatan that both have values.
    KelurahanFigures x, y, z;
    x.issue_hours = {1, 2};
    y.issue_hours = {100};
    z.issue_hours = {4, 5, 6};
    x.filed = 1;
    y.filed = 10;
    z.filed = 100;
    const CityReport report = services::combine_city_report(
        kNovember, TimePoint{},
        {{"X", "X", "Satu", x}, {"Y", "Y", "Dua", y}, {"Z", "Z", "Satu", z}});
    REQUIRE(report.kecamatan.size() == 2);
    CHECK(report.kecamatan[0].filed == 101);
    CHECK(*report.kecamatan[0].issue_time.median == 4);  // {1, 2, 4, 5, 6}
    CHECK(report.kecamatan[1].filed == 10);
    CHECK(*report.kecamatan[1].issue_time.median == 100);
    CHECK(report.city.filed == 111);
    CHECK(*report.city.issue_time.median == 4.5);  // {1, 2, 4, 5, 6, 100}
    CHECK(*report.city.issue_time.p90 == 100);
}

TEST_CASE("the IKM of a kecamatan and of the city is computed over all their responses") {
    City city;
    const CityReport report = city.report();
    REQUIRE(report.kelurahan[0].ikm.has_index());
    CHECK(report.kelurahan[0].ikm.converted == 100);  // one response, all 4s
    REQUIRE(report.kelurahan[2].ikm.has_index());
    CHECK(report.kelurahan[2].ikm.converted == 25);  // three responses, all 1s
    for (const CityRow* row : {&report.kecamatan[0], &report.city}) {
        CAPTURE(row->label);
        // (4 + 1 + 1 + 1) / 4 = 1.75 → 43.75; the mean of the two kelurahan would be 62.5.
        REQUIRE(row->ikm.has_index());
        CHECK(row->ikm.respondents == 4);
        CHECK(row->ikm.index == doctest::Approx(1.75));
        CHECK(row->ikm.converted == 43.75);
    }
}

TEST_CASE("the city report's period is the local dates of each kelurahan's zone") {
    Kelurahan k;
    REQUIRE(k.config.kelurahan.utc_offset_minutes == 480);  // WITA
    // 1, 2, 4 and 8 requests at the edges, so each count says which edges were taken.
    auto filed_at = [&](int n, TimePoint at) {
        for (int i = 0; i < n; ++i) k.add({.status = "cancelled", .created = at});
    };
    filed_at(1, k.local(2026, 10, 31, 23, 59, 59));  // before
    filed_at(2, k.local(2026, 11, 1, 0, 0, 0));      // first second (31 October in UTC)
    filed_at(4, k.local(2026, 11, 30, 23, 59, 59));  // last second
    filed_at(8, k.local(2026, 12, 1, 0, 0, 0));      // after (still 30 November in UTC)
    // Issued at 00:00 on 1 December local: not November's, 1,000 hours after filing.
    const auto late = k.add({.status = "issued",
                             .created = k.local(2026, 10, 20, 8, 0),
                             .rt_decided = k.local(2026, 10, 20, 9, 0),
                             .issued = k.local(2026, 12, 1, 0, 0)});
    // Issued at 00:00 on 1 November local: November's, 192 hours (8 days) after filing.
    const auto early = k.add({.status = "issued",
                              .created = k.local(2026, 10, 24, 0, 0),
                              .rt_decided = k.local(2026, 10, 24, 9, 0),
                              .issued = k.local(2026, 11, 1, 0, 0)});
    k.complaint("selesai", k.local(2026, 11, 1, 0, 30), k.local(2026, 11, 4, 0, 30));  // in
    k.complaint("selesai", k.local(2026, 11, 1, 0, 30), k.local(2026, 11, 4, 0, 30));  // in
    k.complaint("selesai", k.local(2026, 12, 1, 0, 30), k.local(2026, 12, 4, 0, 30));  // after
    k.survey(early, "completed", k.local(2026, 11, 1, 0, 30), 4);                      // in
    k.survey(late, "completed", k.local(2026, 12, 1, 0, 30), 1);                       // after
    const TimePoint now = k.local(2026, 12, 10, 0, 0);

    const auto wita = k.read(kNovember, now, catalog());
    CHECK(wita.filed == 2 + 4);
    CHECK(wita.issued == 1);
    CHECK(wita.issue_hours == std::vector<double>{192});
    CHECK(wita.rt_response_hours.empty());  // both RT decisions were in October
    CHECK(wita.complaints == 2);
    REQUIRE(wita.ikm_responses.size() == 1);
    CHECK(wita.ikm_responses[0].scores[0] == 4);

    // The same rows read with the zone an hour west (WIB): every instant is an hour earlier on
    // the local clock, so 00:00 on the 1st falls on the day before.
    k.config.kelurahan.utc_offset_minutes = 420;
    const auto wib = k.read(kNovember, now, catalog());
    CHECK(wib.filed == 4 + 8);
    CHECK(wib.issue_hours == std::vector<double>{1000});
    CHECK(wib.complaints == 1);
    REQUIRE(wib.ikm_responses.size() == 1);
    CHECK(wib.ikm_responses[0].scores[0] == 1);
}

TEST_CASE(
    "in the city tables a kelurahan without data has empty cells for medians and IKM, zeros for "
    "counts") {
    City city;
    const auto tables = services::city_report_tables(city.report());
    REQUIRE(tables.size() == 2);
    const auto& header = tables[0].header;
    auto column = [&](const std::string& name) {
        const auto it = std::find(header.begin(), header.end(), name);
        REQUIRE(it != header.end());
        return static_cast<std::size_t>(it - header.begin());
    };
    const auto& c = tables[0].rows[1];  // Api-Api, in the parts' order
    REQUIRE(c[0].text == "Api-Api");
    for (const char* name :
         {"Median proses (jam)", "P90 proses (jam)", "Median respons RT (jam)", "IKM"}) {
        CAPTURE(name);
        CHECK(c[column(name)].kind == ReportCell::Kind::empty);
    }
    for (const char* name : {"Masuk", "Terbit", "Lewat target", "Aduan", "Responden"}) {
        CAPTURE(name);
        CHECK(c[column(name)].kind == ReportCell::Kind::integer);
        CHECK(c[column(name)].number == 0);
    }
    // Belimbing, beside it, has values.
    const auto& a = tables[0].rows[0];
    CHECK(a[column("Median proses (jam)")].kind == ReportCell::Kind::decimal);
    CHECK(a[column("IKM")].number == 100);

    // The kecamatan of only that kelurahan is empty the same way.
    const auto& utara = tables[1].rows[1];
    REQUIRE(utara[0].text == "Bontang Utara");
    CHECK(utara[4].kind ==
          ReportCell::Kind::empty);  // Median proses (jam), after Kecamatan, Masuk, Terbit, Ditolak
}

TEST_CASE("the city tables have one width and end with a Jumlah row") {
    City city;
    const auto tables = services::city_report_tables(city.report());
    REQUIRE(tables.size() == 2);
    const std::vector<std::string> figures = {"Masuk",
                                              "Terbit",
                                              "Ditolak",
                                              "Median proses (jam)",
                                              "P90 proses (jam)",
                                              "Median respons RT (jam)",
                                              "Diteruskan",
                                              "Menunggu RT",
                                              "Menunggu kantor",
                                              "Lewat target",
                                              "Aduan",
                                              "Aduan terlambat",
                                              "IKM",
                                              "Responden"};
    std::vector<std::string> kelurahan_header = {"Kelurahan", "Kecamatan"};
    kelurahan_header.insert(kelurahan_header.end(), figures.begin(), figures.end());
    std::vector<std::string> kecamatan_header = {"Kecamatan"};
    kecamatan_header.insert(kecamatan_header.end(), figures.begin(), figures.end());

    CHECK(tables[0].name == "per-kelurahan");
    CHECK(tables[0].header == kelurahan_header);
    CHECK(tables[0].rows.size() == 3 + 1);
    CHECK(tables[1].name == "per-kecamatan");
    CHECK(tables[1].header == kecamatan_header);
    CHECK(tables[1].rows.size() == 2 + 1);
    for (const auto& table : tables) {
        CAPTURE(table.name);
        CHECK(table.title.size() <= 31);  // a worksheet name
        CHECK(table.has_total_row);
        for (const auto& row : table.rows) CHECK(row.size() == table.header.size());
        REQUIRE(!table.rows.empty());
        CHECK(table.rows.back()[0].text == "Jumlah");
        const auto masuk =
            std::find(table.header.begin(), table.header.end(), "Masuk") - table.header.begin();
        CHECK(table.rows.back()[static_cast<std::size_t>(masuk)].number == 10);  // the city's
    }
    CHECK(tables[0].rows.back()[1].kind == ReportCell::Kind::empty);  // no kecamatan for the city
}

TEST_SUITE_END();
