#include "shared/services/report_service.h"

#include "shared/db/connection.h"
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "shared/config/letter_types.h"
#include "shared/db/store.h"
#include "shared/util/time.h"
#include "tests/support/test_config.h"

// The report against a generated data set: every expected number is computed here from the
// generated facts (plain vectors), never through SQL, and compared with the service's report.

TEST_SUITE_BEGIN("services");

using namespace ekel;
using services::Report;
using services::ReportPeriod;

namespace {

using Seconds = std::int64_t;  // Unix time

struct RequestFact {
    std::int64_t id = 0;
    std::string type;
    std::size_t rt = 0;  // index into the fixture's RTs
    std::string channel;
    std::string status;
    Seconds created = 0;
    std::optional<Seconds> rt_decided;
    std::optional<Seconds> escalated;
    std::optional<Seconds> issued;
    std::optional<Seconds> closed;
};

struct ComplaintFact {
    std::string category;
    std::string status;
    Seconds created = 0;
    Seconds due = 0;
};

struct SurveyFact {
    std::string status;
    std::optional<Seconds> completed;
    std::array<int, 9> scores{};
};

// Local civil time in WITA-like fixed offsets → Unix seconds, by hand (days-from-civil).
Seconds unix_time(int y, int m, int d, int hh, int mm, int ss, int offset_minutes) {
    y -= m <= 2;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const int yoe = y - era * 400;
    const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    const Seconds days = static_cast<Seconds>(era) * 146097 + doe - 719468;
    return days * 86400 + hh * 3600 + mm * 60 + ss - static_cast<Seconds>(offset_minutes) * 60;
}

std::string utc_text(Seconds at) { return format_utc(TimePoint(std::chrono::seconds(at))); }

// Local day number of an instant, and of a local date: the period test is on these.
Seconds local_day(Seconds at, int offset_minutes) {
    const Seconds local = at + static_cast<Seconds>(offset_minutes) * 60;
    return local >= 0 ? local / 86400 : (local - 86399) / 86400;
}

struct Window {
    Seconds first_day;  // local day numbers, inclusive
    Seconds last_day;
    int offset;
    bool contains(const std::optional<Seconds>& at) const {
        if (!at) return false;
        const Seconds day = local_day(*at, offset);
        return day >= first_day && day <= last_day;
    }
};

Window window(int y1, int m1, int d1, int y2, int m2, int d2, int offset) {
    return {local_day(unix_time(y1, m1, d1, 12, 0, 0, offset), offset),
            local_day(unix_time(y2, m2, d2, 12, 0, 0, offset), offset), offset};
}

double median_of(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

double p90_of(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    std::size_t rank = 1;  // smallest rank with rank >= 0.9 n
    while (rank * 10 < 9 * v.size()) ++rank;
    return v[rank - 1];
}

void check_stats(const services::DurationStats& stats, const std::vector<double>& hours) {
    CHECK(stats.count == static_cast<int>(hours.size()));
    if (hours.empty()) {
        CHECK_FALSE(stats.median.has_value());
        CHECK_FALSE(stats.p90.has_value());
        return;
    }
    REQUIRE(stats.median.has_value());
    REQUIRE(stats.p90.has_value());
    CHECK(*stats.median == doctest::Approx(median_of(hours)).epsilon(1e-12));
    CHECK(*stats.p90 == doctest::Approx(p90_of(hours)).epsilon(1e-12));
}

double hours(Seconds from, Seconds to) { return static_cast<double>(to - from) / 3600.0; }

constexpr const char* kUnknownType = "surat_lama";  // not in the catalogue
constexpr const char* kEdgeType = "uji_batas";      // only the period-boundary requests

struct ReportFixture : test::TempDatabase {
    ReportFixture()
        : store(config.database.target(), config.database.busy_timeout_ms),
          catalog(config::load_letter_types(test::repo_path("config/letter_types.toml"))),
          offset(config.kelurahan.utc_offset_minutes) {
        const std::array<std::string, 4> heads = {"Budi Santoso", "Siti Rahma", "Andi Wijaya", "Rina, \"Bu RT\""};
        for (int n = 1; n <= 4; ++n) rt_ids.push_back(test::add_rt(store, n, heads[static_cast<std::size_t>(n - 1)]));
        generate();
        insert();
    }

    void generate() {
        std::mt19937 rng(20261130);
        auto between = [&](Seconds lo, Seconds hi) { return std::uniform_int_distribution<Seconds>(lo, hi)(rng); };
        const std::array<std::string, 5> types = {"domisili", "sktm", "ahli_waris", "pengantar_nikah", kUnknownType};
        const Seconds start = unix_time(2026, 8, 25, 0, 0, 0, offset);
        const Seconds end = unix_time(2026, 12, 3, 0, 0, 0, offset);
        for (int i = 0; i < 420; ++i) {
            RequestFact r;
            r.type = types[static_cast<std::size_t>(between(0, i % 7 == 0 ? 4 : 3))];
            r.rt = static_cast<std::size_t>(between(0, 3));
            r.channel = between(0, 9) < 3 ? "walk_in" : "whatsapp";
            r.created = between(start, end);
            // The RTs differ in speed, so "who is slow" has an answer.
            const Seconds rt_delay = between(600, 3600 * (6 + 30 * static_cast<Seconds>(r.rt)));
            const Seconds office_delay = between(1800, 3600 * 90);
            const int roll = static_cast<int>(between(0, 99));
            if (roll < 15) {
                r.status = "submitted";
                if (between(0, 2) == 0) r.escalated = r.created + between(3600 * 24, 3600 * 72);
            } else if (roll < 25) {
                r.status = "rt_rejected";
                r.rt_decided = r.created + rt_delay;
                r.closed = r.rt_decided;
            } else if (roll < 30) {
                r.status = "rejected";
                r.rt_decided = r.created + rt_delay;
                r.closed = *r.rt_decided + office_delay;
            } else if (roll < 40) {
                r.status = "rt_approved";
                r.rt_decided = r.created + rt_delay;
            } else {
                r.status = roll < 88 ? "issued" : "collected";
                r.rt_decided = r.created + rt_delay;
                if (rt_delay > 3600 * 48) r.escalated = r.created + 3600 * 48;
                r.issued = *r.rt_decided + office_delay;
                if (r.status == "collected") r.closed = *r.issued + between(3600, 3600 * 200);
            }
            requests.push_back(r);
        }
        // Period boundaries in local time, on a type of their own so they can be checked by name.
        auto edge = [&](Seconds created, std::optional<Seconds> issued) {
            RequestFact r;
            r.type = kEdgeType;
            r.rt = 0;
            r.channel = "whatsapp";
            r.created = created;
            r.status = issued ? "issued" : "submitted";
            if (issued) {
                r.rt_decided = created + 60;
                r.issued = issued;
            }
            requests.push_back(r);
        };
        edge(unix_time(2026, 11, 30, 23, 30, 0, offset), std::nullopt);   // counts in November
        edge(unix_time(2026, 12, 1, 0, 10, 0, offset), std::nullopt);     // does not
        edge(unix_time(2026, 11, 1, 0, 0, 0, offset), std::nullopt);      // first second: counts
        edge(unix_time(2026, 10, 31, 23, 59, 59, offset), std::nullopt);  // last second before: does not
        edge(unix_time(2026, 11, 29, 8, 0, 0, offset), unix_time(2026, 11, 30, 23, 30, 0, offset));  // issued in Nov
        edge(unix_time(2026, 11, 29, 9, 0, 0, offset), unix_time(2026, 12, 1, 0, 10, 0, offset));    // issued in Dec

        const std::array<std::string, 6> categories = {"layanan_surat", "petugas",  "infrastruktur",
                                                       "kebersihan",    "keamanan", "lainnya"};
        const std::array<std::string, 3> statuses = {"diterima", "diproses", "selesai"};
        for (int i = 0; i < 90; ++i) {
            ComplaintFact c;
            c.category = categories[static_cast<std::size_t>(between(0, 5))];
            c.status = statuses[static_cast<std::size_t>(between(0, 2))];
            c.created = between(start, end);
            c.due = c.created + 3 * 86400;
            complaints.push_back(c);
        }
        // Surveys hang off issued requests (one per request).
        for (const auto& r : requests) {
            if (!r.issued || surveys.size() >= 45) continue;
            SurveyFact s;
            const int roll = static_cast<int>(between(0, 9));
            s.status = roll < 7 ? "completed" : roll == 7 ? "invited" : roll == 8 ? "declined" : "answering";
            if (s.status == "completed" || s.status == "declined") {
                s.completed = *r.issued + between(600, 3600 * 48);
                for (auto& score : s.scores) score = static_cast<int>(between(1, 4));
            }
            surveys.push_back(s);
        }
        now = unix_time(2026, 12, 2, 10, 0, 0, offset);
    }

    void insert() {
        db::Statement add(store.db(),
                              "INSERT INTO requests (code, applicant_name, letter_type, status, rt_id, channel,"
                              " created_at, updated_at, rt_decided_at, escalated_at, issued_at, closed_at)"
                              " VALUES (?, 'Warga', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
        auto bind_time = [&](int index, const std::optional<Seconds>& at) {
            if (at) {
                add.bind(index, utc_text(*at));
            } else {
                add.bind(index);
            }
        };
        store.db().exec("BEGIN");
        for (std::size_t i = 0; i < requests.size(); ++i) {
            auto& r = requests[i];
            add.reset();
            add.bind(1, "T-" + std::to_string(i));
            add.bind(2, r.type);
            add.bind(3, r.status);
            add.bind(4, rt_ids[r.rt]);
            add.bind(5, r.channel);
            add.bind(6, utc_text(r.created));
            add.bind(7, utc_text(r.created));
            bind_time(8, r.rt_decided);
            bind_time(9, r.escalated);
            bind_time(10, r.issued);
            bind_time(11, r.closed);
            REQUIRE(add.executeStep());
            r.id = add.getColumn(0).getInt64();
            add.reset();
        }
        for (std::size_t i = 0; i < complaints.size(); ++i) {
            db::Complaint c;
            c.code = "ADU-T-" + std::to_string(i);
            c.channel = "whatsapp";
            c.category = complaints[i].category;
            c.status = complaints[i].status;
            c.text = "keluhan";
            c.due_at = utc_text(complaints[i].due);
            store.complaints.insert(c, utc_text(complaints[i].created));
        }
        db::Statement survey(store.db(),
                                 "INSERT INTO ikm_surveys (request_id, sender_key, status, invited_at, completed_at,"
                                 " updated_at, u1, u2, u3, u4, u5, u6, u7, u8, u9)"
                                 " VALUES (?, 'wa:1', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        std::size_t next = 0;
        for (const auto& s : surveys) {
            while (!requests[next].issued) ++next;
            const auto& r = requests[next++];
            survey.reset();
            survey.bind(1, r.id);
            survey.bind(2, s.status);
            survey.bind(3, utc_text(*r.issued));
            if (s.completed) {
                survey.bind(4, utc_text(*s.completed));
            } else {
                survey.bind(4);
            }
            survey.bind(5, utc_text(s.completed.value_or(*r.issued)));
            for (int u = 0; u < 9; ++u) {
                if (s.completed) {
                    survey.bind(6 + u, s.scores[static_cast<std::size_t>(u)]);
                } else {
                    survey.bind(6 + u);
                }
            }
            survey.exec();
        }
        store.db().exec("COMMIT");
    }

    Report report(const ReportPeriod& period) {
        return services::compute_report(store, config, catalog, period, TimePoint(std::chrono::seconds(now)));
    }

    std::optional<int> target_of(const std::string& type) const {
        const auto* t = catalog.find(type);
        return t ? std::optional<int>(t->target_hours) : std::nullopt;
    }

    // Every figure of the report, computed from the facts.
    void check_report(const Report& report, const Window& w) {
        // Per letter type.
        std::map<std::string, const services::TypeRow*> rows;
        for (const auto& row : report.types) rows[row.code] = &row;
        for (const auto& t : catalog.types) CHECK(rows.count(t.code) == 1);  // every catalogue type, even at zero
        int all_filed = 0, all_issued = 0, all_refused = 0, all_on_time = 0, all_counted = 0;
        std::vector<double> all_processing;
        for (const std::string type : {"domisili", "sktm", "ahli_waris", "pengantar_nikah", kUnknownType, kEdgeType}) {
            CAPTURE(type);
            int filed = 0, issued = 0, refused = 0, on_time = 0, counted = 0;
            std::vector<double> processing;
            for (const auto& r : requests) {
                if (r.type != type) continue;
                if (w.contains(r.created)) ++filed;
                if ((r.status == "rt_rejected" || r.status == "rejected") && w.contains(r.closed)) ++refused;
                if (!w.contains(r.issued)) continue;
                ++issued;
                processing.push_back(hours(r.created, *r.issued));
                if (auto target = target_of(type)) {
                    ++counted;
                    if (*r.issued - r.rt_decided.value_or(r.created) <= *target * 3600) ++on_time;
                }
            }
            const bool known = target_of(type).has_value();
            if (!known && filed + issued + refused == 0) {
                CHECK(rows.count(type) == 0);  // unknown codes appear only with activity
                continue;
            }
            REQUIRE(rows.count(type) == 1);
            const auto& row = *rows[type];
            CHECK(row.name == (known ? catalog.find(type)->name : type));
            CHECK(row.filed == filed);
            CHECK(row.issued == issued);
            CHECK(row.refused == refused);
            check_stats(row.processing, processing);
            CHECK(row.on_time == on_time);
            CHECK(row.on_time_counted == counted);
            all_filed += filed;
            all_issued += issued;
            all_refused += refused;
            all_on_time += on_time;
            all_counted += counted;
            all_processing.insert(all_processing.end(), processing.begin(), processing.end());
        }
        CHECK(report.types_total.filed == all_filed);
        CHECK(report.types_total.issued == all_issued);
        CHECK(report.types_total.refused == all_refused);
        CHECK(report.types_total.on_time == all_on_time);
        CHECK(report.types_total.on_time_counted == all_counted);
        check_stats(report.types_total.processing, all_processing);

        // Per RT, slowest P90 first.
        REQUIRE(report.rts.size() == rt_ids.size());
        std::vector<double> all_response;
        for (std::size_t i = 0; i < rt_ids.size(); ++i) {
            CAPTURE(i);
            int filed = 0, decided = 0, waiting = 0, escalated = 0;
            std::vector<double> response;
            for (const auto& r : requests) {
                if (r.rt != i) continue;
                if (w.contains(r.created)) ++filed;
                if (w.contains(r.rt_decided)) {
                    ++decided;
                    response.push_back(hours(r.created, *r.rt_decided));
                }
                if (r.status == "submitted") ++waiting;
                if (w.contains(r.escalated)) ++escalated;
            }
            auto row = std::find_if(report.rts.begin(), report.rts.end(),
                                    [&](const services::RtRow& x) { return x.rt_id == rt_ids[i]; });
            REQUIRE(row != report.rts.end());
            CHECK(row->number == static_cast<int>(i) + 1);
            CHECK(row->filed == filed);
            CHECK(row->decided == decided);
            CHECK(row->waiting == waiting);
            CHECK(row->escalated == escalated);
            check_stats(row->response, response);
            all_response.insert(all_response.end(), response.begin(), response.end());
        }
        check_stats(report.rts_total.response, all_response);
        for (std::size_t i = 1; i < report.rts.size(); ++i) {
            const auto& a = report.rts[i - 1].response.p90;
            const auto& b = report.rts[i].response.p90;
            CHECK((!b || (a && *a >= *b)));
        }

        // Per channel.
        REQUIRE(report.channels.size() == 2);
        for (const auto& row : report.channels) {
            CAPTURE(row.code);
            int filed = 0, issued = 0;
            for (const auto& r : requests) {
                if (r.channel != row.code) continue;
                filed += w.contains(r.created);
                issued += w.contains(r.issued);
            }
            CHECK(row.filed == filed);
            CHECK(row.issued == issued);
            CHECK(row.name == (row.code == "whatsapp" ? "WhatsApp" : "Loket"));
        }
        CHECK(report.channels_total.filed == report.channels[0].filed + report.channels[1].filed);

        // Complaints per category × status, and overdue.
        REQUIRE(report.complaints.size() == 6);
        int all_complaints = 0;
        for (const auto& row : report.complaints) {
            CAPTURE(row.category);
            std::array<int, 3> by_status{};
            int overdue = 0;
            for (const auto& c : complaints) {
                if (c.category != row.category || !w.contains(c.created)) continue;
                for (std::size_t s = 0; s < 3; ++s) by_status[s] += c.status == services::kComplaintStatuses[s];
                overdue += c.status != "selesai" && c.due < now;
            }
            CHECK(row.by_status == by_status);
            CHECK(row.total == by_status[0] + by_status[1] + by_status[2]);
            CHECK(row.overdue == overdue);
            all_complaints += row.total;
        }
        CHECK(report.complaints_total.total == all_complaints);

        // IKM over completed surveys only.
        std::array<double, 9> sums{};
        int respondents = 0;
        for (const auto& s : surveys) {
            if (s.status != "completed" || !w.contains(s.completed)) continue;
            ++respondents;
            for (std::size_t u = 0; u < 9; ++u) sums[u] += s.scores[u];
        }
        CHECK(report.ikm.respondents == respondents);
        if (respondents > 0) {
            double index = 0;
            for (std::size_t u = 0; u < 9; ++u) {
                CHECK(report.ikm.nrr[u] == doctest::Approx(sums[u] / respondents));
                index += sums[u] / respondents / 9.0;
            }
            CHECK(report.ikm.index == doctest::Approx(index));
            CHECK(report.ikm.converted == doctest::Approx(std::round(index * 25 * 100) / 100));
        }
    }

    db::Store store;
    config::LetterCatalog catalog;
    int offset;
    std::vector<std::int64_t> rt_ids;
    std::vector<RequestFact> requests;
    std::vector<ComplaintFact> complaints;
    std::vector<SurveyFact> surveys;
    Seconds now = 0;
};

const services::TypeRow* find_type(const Report& report, const std::string& code) {
    for (const auto& row : report.types) {
        if (row.code == code) return &row;
    }
    return nullptr;
}

}  // namespace

TEST_CASE_FIXTURE(ReportFixture, "a month's report matches the figures computed from the generated data") {
    const Report november = report(services::month_period(2026, 11));
    CHECK(november.period.label() == "November 2026");
    check_report(november, window(2026, 11, 1, 2026, 11, 30, offset));
    // The data set exercises what it claims to.
    CHECK(november.types_total.filed > 100);
    CHECK(november.types_total.issued > 50);
    CHECK(november.types_total.refused > 5);
    CHECK(november.rts_total.escalated > 3);
    CHECK(november.types_total.on_time > 0);
    CHECK(november.types_total.on_time < november.types_total.on_time_counted);
    CHECK(november.ikm.respondents > 5);
    CHECK(november.complaints_total.overdue > 0);
    CHECK(november.channels[1].filed > 0);

    const Report october = report(services::month_period(2026, 10));
    check_report(october, window(2026, 10, 1, 2026, 10, 31, offset));
}

TEST_CASE_FIXTURE(ReportFixture, "a custom range report matches the figures computed from the generated data") {
    auto period = services::parse_report_period("", "2026-09-15", "2026-11-10", {2026, 12, 2});
    REQUIRE(period);
    CHECK_FALSE(period->whole_month);
    const Report range = report(*period);
    check_report(range, window(2026, 9, 15, 2026, 11, 10, offset));
    CHECK(range.ikm.respondents >= 10);
}

TEST_CASE_FIXTURE(ReportFixture,
                  "period boundaries follow local dates: 23:30 on the last day counts, 00:10 the next day does not") {
    const Report november = report(services::month_period(2026, 11));
    const auto* edge = find_type(november, kEdgeType);
    REQUIRE(edge);
    // Filed: 00:00:00 on the 1st, 23:30 on the 30th, and the two requests issued later (29th).
    CHECK(edge->filed == 4);
    CHECK(edge->issued == 1);  // 23:30 on the 30th; 00:10 on 1 December is not November
    const Report december = report(services::month_period(2026, 12));
    const auto* next = find_type(december, kEdgeType);
    REQUIRE(next);
    CHECK(next->filed == 1);
    CHECK(next->issued == 1);
    const Report one_day = report(*services::parse_report_period("", "2026-10-31", "2026-10-31", {2026, 12, 2}));
    const auto* before = find_type(one_day, kEdgeType);
    REQUIRE(before);
    CHECK(before->filed == 1);  // 23:59:59 local on 31 October
}

TEST_CASE("the report period is read from bulan or dari/sampai, and bad input names the field") {
    const domain::CivilDate today{2026, 11, 27};
    auto current = services::parse_report_period("", "", "", today);
    REQUIRE(current);
    CHECK(current->from == domain::CivilDate{2026, 11, 1});
    CHECK(current->to == domain::CivilDate{2026, 11, 30});
    CHECK(current->whole_month);
    CHECK(current->slug() == "2026-11");

    auto february = services::parse_report_period("2028-02", "", "", today);
    REQUIRE(february);
    CHECK(february->to == domain::CivilDate{2028, 2, 29});

    auto range = services::parse_report_period("", "2026-11-01", "2026-11-15", today);
    REQUIRE(range);
    CHECK(range->slug() == "2026-11-01_2026-11-15");
    CHECK(range->label() == "1 November 2026 – 15 November 2026");
    // UTC range of local dates in WITA (UTC+8).
    CHECK(range->utc_start(480) == "2026-10-31T16:00:00Z");
    CHECK(range->utc_end(480) == "2026-11-15T16:00:00Z");

    struct Case {
        const char* bulan;
        const char* dari;
        const char* sampai;
        const char* field;
        const char* message;
    };
    for (const auto& c : std::vector<Case>{
             {"2026-13", "", "", "bulan", "Bulan harus berformat TTTT-BB"},
             {"11-2026", "", "", "bulan", "Bulan harus berformat TTTT-BB"},
             {"", "01-11-2026", "2026-11-30", "dari", "Tanggal 'dari' harus berformat TTTT-BB-HH"},
             {"", "2026-11-01", "2026-11-31", "sampai", "Tanggal 'sampai' harus berformat TTTT-BB-HH"},
             {"", "2026-11-01", "", "sampai", "Tanggal 'sampai' wajib diisi"},
             {"", "2026-11-30", "2026-11-01", "dari", "Tanggal 'dari' tidak boleh sesudah tanggal 'sampai'."},
             {"", "2026-01-01", "2027-01-02", "sampai", "Rentang laporan paling lama 366 hari"},
         }) {
        CAPTURE(c.bulan);
        CAPTURE(c.dari);
        CAPTURE(c.sampai);
        auto result = services::parse_report_period(c.bulan, c.dari, c.sampai, today);
        REQUIRE_FALSE(result);
        CHECK(result.error().field == c.field);
        CHECK(result.error().message.find(c.message) != std::string::npos);
    }
    CHECK(services::parse_report_period("", "2028-01-01", "2028-12-31", today));  // 366 days (leap year)
}

TEST_CASE("median and P90 follow the stated definitions") {
    CHECK_FALSE(services::duration_stats({}).median);
    auto one = services::duration_stats({5});
    CHECK(*one.median == 5);
    CHECK(*one.p90 == 5);
    auto even = services::duration_stats({4, 1, 3, 2});
    CHECK(*even.median == 2.5);
    CHECK(*even.p90 == 4);  // ceil(3.6) = 4th
    auto ten = services::duration_stats({10, 9, 8, 7, 6, 5, 4, 3, 2, 1});
    CHECK(*ten.median == 5.5);
    CHECK(*ten.p90 == 9);  // ceil(9) = 9th, not interpolated
    auto eleven = services::duration_stats({1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11});
    CHECK(*eleven.median == 6);
    CHECK(*eleven.p90 == 10);  // ceil(9.9) = 10th
}

TEST_CASE("report cells are shown the Indonesian way") {
    using services::ReportCell;
    CHECK(services::format_indonesian(ReportCell::none()) == "–");
    CHECK(services::format_indonesian(ReportCell::of_int(1234567)) == "1.234.567");
    CHECK(services::format_indonesian(ReportCell::of_decimal(12.25, 1)) == "12,3");
    CHECK(services::format_indonesian(ReportCell::of_decimal(1234.5, 1)) == "1.234,5");
    CHECK(services::format_indonesian(ReportCell::of_decimal(std::optional<double>{}, 1)) == "–");
    CHECK(ReportCell::of_decimal(12.25, 1).number == doctest::Approx(12.3));
}

TEST_CASE_FIXTURE(ReportFixture, "the report's tables carry the figures with Indonesian headers and a totals row") {
    const Report november = report(services::month_period(2026, 11));
    const auto tables = services::report_tables(november);
    REQUIRE(tables.size() == 6);
    std::vector<std::string> names;
    for (const auto& t : tables) {
        names.push_back(t.name);
        CHECK(t.title.size() <= 31);
        for (const auto& row : t.rows) CHECK(row.size() == t.header.size());
    }
    CHECK(names == std::vector<std::string>{"per-jenis", "per-rt", "per-saluran", "aduan", "ikm", "ikm-ringkasan"});
    const auto& types = tables[0];
    CHECK(types.header == std::vector<std::string>{"Jenis surat", "Masuk", "Terbit", "Ditolak", "Median proses (jam)",
                                                   "P90 proses (jam)", "Target (jam)", "Tepat waktu (%)"});
    REQUIRE(types.has_total_row);
    const auto& total = types.rows.back();
    CHECK(total[0].text == "Jumlah");
    CHECK(total[1].number == november.types_total.filed);
    CHECK(total[4].number == doctest::Approx(std::round(*november.types_total.processing.median * 10) / 10));
    CHECK(
        total[7].number ==
        doctest::Approx(std::round(1000.0 * november.types_total.on_time / november.types_total.on_time_counted) / 10));
    const auto& rts = tables[1];
    CHECK(rts.rows[0][0].text == fmt::format("RT {:03d}", november.rts[0].number));
    CHECK(rts.rows.back()[0].text == "Jumlah");
}

TEST_SUITE_END();
