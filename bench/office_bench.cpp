// Page latency of a running ekel-office over a large database (bench/office_bench.sh makes one
// with bench_office_data). Logs in as the demo lurah, then for each kind of page sends N requests
// one after another on one keep-alive connection and prints p50/p95/max in milliseconds:
//   dashboard  GET /
//   list       GET /permohonan with the filters staff use (N per variant), and second pages
//              reached through the "Berikutnya" link
//   detail     GET /permohonan/<code> for random existing requests
//   report     GET /laporan for a month and a year, and the month's XLSX export
// Every response must be 200 with the expected content; failures are counted and printed.
// Codes, names and NIKs to ask for are read from the database (read-only).
//
//   bench_office_bench [--host NAME] DB_PATH PORT [N=300] [SECONDS_PER_VARIANT=60]
//   bench_office_bench [--host NAME] --city USER PORT [N=300] [SECONDS_PER_VARIANT=60]
// --host (or EKEL_BENCH_HOST) sends every request with that Host header: in a city (README,
// "Running a city") it picks the site, e.g. kaa.localhost:8080 for a kelurahan's back office and
// localhost:8080 for the city's pages. --city times the city's pages instead, logged in as USER
// (a camat or kota account; password in EKEL_BENCH_PASSWORD): the city dashboard (every
// kelurahan's queue), the late requests, and the city report for this month and the previous one
// (months in WITA); a page that answers 404 is reported as missing, not as a failure.
// With EKEL_OFFICE_PID set to ekel-office's process id, also reports its peak RSS after the login
// (Argon2id password check) and, separately, the peak while serving the pages (the peak is reset
// through /proc/PID/clear_refs after the login).
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <map>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

using Steady = std::chrono::steady_clock;

struct Variant {
    std::string kind;  // dashboard, list, detail, report
    std::string name;
    std::vector<std::string> paths;  // used in turn
    std::string must_contain;        // in every body ("" = no check beyond the status)
    bool must_have_rows = false;     // list pages: not the "no match" row
    bool may_be_missing = false;     // a 404 at the first request: reported as missing, not timed
};

struct Stats {
    std::vector<double> ms;
    int failures = 0;
    int empty = 0;
};

double percentile(std::vector<double> values, double fraction) {
    if (values.empty()) return 0.0;
    std::sort(values.begin(), values.end());
    // Nearest rank.
    auto rank = static_cast<std::size_t>(fraction * static_cast<double>(values.size()) + 0.999999);
    return values[std::clamp<std::size_t>(rank, 1, values.size()) - 1];
}

std::string encode(const std::string& text) { return httplib::detail::encode_query_param(text); }

std::string unescape_html(std::string text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text.compare(i, 5, "&amp;") == 0) {
            out += '&';
            i += 4;
        } else if (text.compare(i, 6, "&#x3D;") == 0 || text.compare(i, 5, "&#61;") == 0) {
            out += '=';
            i += text[i + 2] == 'x' ? 5 : 4;
        } else {
            out += text[i];
        }
    }
    return out;
}

/// The href of the "Berikutnya" link, unescaped, or "".
std::string next_link(const std::string& body) {
    auto at = body.find("Berikutnya");
    if (at == std::string::npos) return "";
    auto href = body.rfind("href=\"/permohonan?", at);
    if (href == std::string::npos) return "";
    href += 6;
    auto end = body.find('"', href);
    return unescape_html(body.substr(href, end - href));
}

class Office {
public:
    Office(int port, const std::string& host) : client_("127.0.0.1", port) {
        if (!host.empty()) headers_ = {{"Host", host}};
        client_.set_keep_alive(true);
        client_.set_connection_timeout(5, 0);
        client_.set_read_timeout(120, 0);
    }

    void login(const std::string& username, const std::string& password) {
        httplib::Params form{{"username", username}, {"password", password}};
        auto res = client_.Post("/login", headers_, form);
        if (!res) throw std::runtime_error("POST /login: " + httplib::to_string(res.error()));
        if (res->status != 303) throw std::runtime_error("POST /login answered " + std::to_string(res->status));
        const std::string cookie = res->get_header_value("Set-Cookie");
        const std::string prefix = "ekel_session=";
        if (cookie.rfind(prefix, 0) != 0) throw std::runtime_error("no ekel_session cookie in: " + cookie);
        headers_.emplace("Cookie", cookie.substr(0, cookie.find(';')));
    }

    /// Status and body of GET path; status -1 when the connection failed.
    std::pair<int, std::string> get(const std::string& path) {
        auto res = client_.Get(path.c_str(), headers_);
        if (!res) return {-1, httplib::to_string(res.error())};
        return {res->status, std::move(res->body)};
    }

private:
    httplib::Client client_;
    httplib::Headers headers_;
};

struct Sample {
    std::vector<std::string> codes;
    std::vector<std::string> niks;
    std::vector<std::string> names;  // applicant names of random requests
};

Sample sample_database(const std::string& path, std::size_t count) {
    SQLite::Database db(path, SQLite::OPEN_READONLY);
    const auto max_id = db.execAndGet("SELECT MAX(id) FROM requests").getInt64();
    if (max_id <= 0) throw std::runtime_error(path + " has no requests");
    std::mt19937_64 random(42);
    std::uniform_int_distribution<std::int64_t> id(1, max_id);
    SQLite::Statement q(db,
                        "SELECT r.code, r.applicant_name, s.nik FROM requests r"
                        " JOIN residents s ON s.id = r.resident_id WHERE r.id = ?");
    Sample sample;
    while (sample.codes.size() < count) {
        q.reset();
        q.bind(1, id(random));
        if (!q.executeStep()) continue;
        sample.codes.push_back(q.getColumn(0).getString());
        sample.names.push_back(q.getColumn(1).getString());
        sample.niks.push_back(q.getColumn(2).getString());
    }
    return sample;
}

/// VmHWM of a process in kB, or -1.
long peak_rss_kb(const std::string& pid) {
    std::ifstream status("/proc/" + pid + "/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind("VmHWM:", 0) == 0) return std::atol(line.c_str() + 6);
    }
    return -1;
}

/// "2026-12" for the month `months_back` months before this one, in WITA (UTC+8) as the city's reports.
std::string month_text(int months_back) {
    using namespace std::chrono;
    const auto local = floor<days>(system_clock::now() + hours(8));
    const year_month ym = year_month_day{local}.year() / year_month_day{local}.month() - months(months_back);
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02u", static_cast<int>(ym.year()), static_cast<unsigned>(ym.month()));
    return text;
}

std::string first_word(const std::string& name) { return name.substr(0, name.find(' ')); }

/// "Ahmad Sa" from "Ahmad Saputra": the first word and two letters of the next.
std::string short_prefix(const std::string& name) {
    auto space = name.find(' ');
    if (space == std::string::npos) return name;
    return name.substr(0, std::min(name.size(), space + 3));
}

}  // namespace

int main(int argc, char** argv) {
    const char* host_env = std::getenv("EKEL_BENCH_HOST");
    std::string host = host_env ? host_env : "";
    std::string city_user;
    std::vector<std::string> args;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--host" && i + 1 < argc) {
            host = argv[++i];
        } else if (arg == "--city" && i + 1 < argc) {
            city_user = argv[++i];
        } else {
            args.push_back(arg);
        }
    }
    const bool city = !city_user.empty();
    const std::size_t first = city ? 0 : 1;  // index of PORT
    if (args.size() < first + 1) {
        std::fprintf(stderr,
                     "usage: bench_office_bench [--host NAME] DB_PATH PORT [N=300] [SECONDS_PER_VARIANT=60]\n"
                     "       bench_office_bench [--host NAME] --city USER PORT [N=300] [SECONDS_PER_VARIANT=60]"
                     " (password in EKEL_BENCH_PASSWORD)\n");
        return 2;
    }
    const std::string db_path = city ? "" : args[0];
    const int port = std::atoi(args[first].c_str());
    const int n = args.size() > first + 1 ? std::max(1, std::atoi(args[first + 1].c_str())) : 300;
    const double budget_s = args.size() > first + 2 ? std::atof(args[first + 2].c_str()) : 60.0;
    try {
        const Sample sample = city ? Sample{} : sample_database(db_path, static_cast<std::size_t>(n));
        Office office(port, host);
        if (city) {
            const char* password = std::getenv("EKEL_BENCH_PASSWORD");
            if (!password) throw std::runtime_error("--city: set EKEL_BENCH_PASSWORD to " + city_user + "'s password");
            office.login(city_user, password);
        } else {
            office.login("lurah", "demo-belimbing");
        }
        const char* pid_env = std::getenv("EKEL_OFFICE_PID");
        const std::string pid = pid_env ? pid_env : "";
        bool peak_reset = false;
        if (!pid.empty()) {
            std::printf("RESULT ekel_office_peak_rss_after_login_kb=%ld\n", peak_rss_kb(pid));
            std::ofstream clear("/proc/" + pid + "/clear_refs");
            clear << "5";
            clear.close();
            peak_reset = static_cast<bool>(clear);
        }

        std::vector<Variant> variants;
        if (city) {
            // The city's pages read every kelurahan's database in turn (one handle at a time).
            variants.push_back({"city", "city dashboard", {"/"}, "city-queue", false});
            variants.push_back({"city", "late requests", {"/permohonan"}, "Permohonan terlambat", false});
            for (int back : {0, 1}) {
                const std::string month = month_text(back);
                variants.push_back(
                    {"city", "report (bulan=" + month + ")", {"/laporan?bulan=" + month}, "", false, true});
            }
        } else {
            variants.push_back({"dashboard", "dashboard", {"/"}, "Beranda", false});
            const std::vector<std::pair<std::string, std::string>> filters = {
                {"unfiltered", "/permohonan"},
                {"status=rt_approved", "/permohonan?status=rt_approved"},
                {"jenis=sktm&status=collected", "/permohonan?jenis=sktm&status=collected"},
                {"rt=3", "/permohonan?rt=3"},
                {"kanal=walk_in&dari&sampai", "/permohonan?kanal=walk_in&dari=2026-01-01&sampai=2026-03-31"},
            };
            std::vector<std::string> second_pages;
            for (const auto& [name, path] : filters) {
                variants.push_back({"list", name, {path}, "Permohonan", true});
                auto [status, body] = office.get(path);
                std::string next = status == 200 ? next_link(body) : "";
                if (next.empty()) {
                    std::fprintf(stderr, "no \"Berikutnya\" link on %s (status %d)\n", path.c_str(), status);
                } else {
                    second_pages.push_back(next);
                }
            }
            Variant name_prefix{"list", "q=name prefix (\"Ahmad Sa\")", {}, "Permohonan", true};
            Variant first_name{"list", "q=first name (\"Ahmad\")", {}, "Permohonan", true};
            Variant nik{"list", "q=NIK", {}, "Permohonan", true};
            for (std::size_t i = 0; i < sample.codes.size(); ++i) {
                name_prefix.paths.push_back("/permohonan?q=" + encode(short_prefix(sample.names[i])));
                first_name.paths.push_back("/permohonan?q=" + encode(first_word(sample.names[i])));
                nik.paths.push_back("/permohonan?q=" + sample.niks[i]);
            }
            variants.push_back(name_prefix);
            variants.push_back(first_name);
            variants.push_back(nik);
            variants.push_back({"list", "second page (Berikutnya)", second_pages, "Permohonan", true});
            Variant detail{"detail", "detail", {}, "", false};
            for (const auto& code : sample.codes) detail.paths.push_back("/permohonan/" + code);
            variants.push_back(detail);
            // Reports for the lurah: a month (about 42,000 requests filed), a whole year, and the
            // month's workbook with every table.
            variants.push_back({"report", "month (bulan=2026-06)", {"/laporan?bulan=2026-06"}, "Laporan", false});
            variants.push_back({"report", "year (2025-01-01..2025-12-31)",
                                {"/laporan?dari=2025-01-01&sampai=2025-12-31"}, "Laporan", false});
            variants.push_back(
                {"report", "XLSX export, month", {"/laporan/unduh?format=xlsx&bulan=2026-06"}, "", false});
        }

        std::printf("%-6s %-32s %5s %5s %5s %9s %9s %9s\n", "kind", "variant", "n", "fail", "empty", "p50_ms",
                    "p95_ms", "max_ms");
        std::map<std::string, Stats> by_kind;
        int total_failures = 0;
        for (const auto& v : variants) {
            if (v.paths.empty()) {
                std::printf("%-6s %-32s skipped: nothing to ask for\n", v.kind.c_str(), v.name.c_str());
                continue;
            }
            if (v.may_be_missing && office.get(v.paths.front()).first == 404) {
                std::printf("%-6s %-32s missing: %s answered 404\n", v.kind.c_str(), v.name.c_str(),
                            v.paths.front().c_str());
                std::printf("RESULT kind=%s variant=\"%s\" missing=404\n", v.kind.c_str(), v.name.c_str());
                continue;
            }
            // Warm-up, not measured: a few requests so the first timed one does not pay for cold caches.
            for (std::size_t i = 0; i < std::min<std::size_t>(3, v.paths.size()); ++i) office.get(v.paths[i]);
            Stats stats;
            const auto started = Steady::now();
            for (int i = 0; i < n; ++i) {
                const std::string& path = v.paths[static_cast<std::size_t>(i) % v.paths.size()];
                const auto t0 = Steady::now();
                auto [status, body] = office.get(path);
                stats.ms.push_back(std::chrono::duration<double, std::milli>(Steady::now() - t0).count());
                bool ok = status == 200;
                if (ok && v.kind == "detail") ok = body.find(path.substr(12)) != std::string::npos;
                if (ok && !v.must_contain.empty()) ok = body.find(v.must_contain) != std::string::npos;
                // The page always has a <p class="error">; a filter it refused puts text in it.
                if (ok && v.kind == "list") {
                    auto at = body.find("<p class=\"error\">");
                    ok = at == std::string::npos || body.compare(at + 17, 4, "</p>") == 0;
                }
                if (!ok) {
                    if (stats.failures < 3) {
                        std::fprintf(stderr, "FAIL %s -> %d %s\n", path.c_str(), status,
                                     status < 0 ? body.c_str() : body.substr(0, 200).c_str());
                    }
                    ++stats.failures;
                } else if (v.must_have_rows && body.find("Tidak ada permohonan yang cocok") != std::string::npos) {
                    ++stats.empty;
                }
                if (std::chrono::duration<double>(Steady::now() - started).count() > budget_s) break;
            }
            total_failures += stats.failures;
            std::printf("%-6s %-32s %5zu %5d %5d %9.2f %9.2f %9.2f\n", v.kind.c_str(), v.name.c_str(), stats.ms.size(),
                        stats.failures, stats.empty, percentile(stats.ms, 0.5), percentile(stats.ms, 0.95),
                        *std::max_element(stats.ms.begin(), stats.ms.end()));
            std::printf("RESULT kind=%s variant=\"%s\" n=%zu failures=%d empty=%d p50_ms=%.2f p95_ms=%.2f max_ms=%.2f\n",
                        v.kind.c_str(), v.name.c_str(), stats.ms.size(), stats.failures, stats.empty,
                        percentile(stats.ms, 0.5), percentile(stats.ms, 0.95),
                        *std::max_element(stats.ms.begin(), stats.ms.end()));
            std::fflush(stdout);
            Stats& all = by_kind[v.kind];
            all.ms.insert(all.ms.end(), stats.ms.begin(), stats.ms.end());
            all.failures += stats.failures;
            all.empty += stats.empty;
        }
        for (const auto& [kind, stats] : by_kind) {
            std::printf("RESULT kind=%s variant=all n=%zu failures=%d empty=%d p50_ms=%.2f p95_ms=%.2f max_ms=%.2f\n",
                        kind.c_str(), stats.ms.size(), stats.failures, stats.empty, percentile(stats.ms, 0.5),
                        percentile(stats.ms, 0.95), *std::max_element(stats.ms.begin(), stats.ms.end()));
        }
        if (peak_reset) std::printf("RESULT ekel_office_peak_rss_serving_pages_kb=%ld\n", peak_rss_kb(pid));
        std::printf("RESULT failures=%d\n", total_failures);
        return total_failures == 0 ? 0 : 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_office_bench: %s\n", e.what());
        return 1;
    }
}
