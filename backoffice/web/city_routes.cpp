#include <fmt/format.h>
#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>
#include <nlohmann/json.hpp>

#include "backoffice/office_site.h"
#include "backoffice/reports/city_chart.h"
#include "backoffice/reports/report_export.h"
#include "backoffice/reports/svg_chart.h"
#include "backoffice/web/report_views.h"
#include "backoffice/web/web.h"
#include "shared/db/store.h"
#include "shared/db/store_pool.h"
#include "shared/db/write_transaction.h"
#include "shared/http/site_routes.h"
#include "shared/services/city_report.h"
#include "shared/services/office_queue.h"
#include "shared/services/staff_service.h"
#include "shared/util/password.h"
#include "shared/util/time.h"

// The city's own pages, at any host that is not a kelurahan's: the list of kelurahan for
// everyone, the city view for camat and kota accounts (read only, each kelurahan's database read
// in turn with one handle at a time), kelurahan accounts for kota_admin, and letter verification
// for letters of every kelurahan (QR codes printed before an upgrade point at this host).

namespace ekel::office {

using domain::StaffRole;
using nlohmann::json;

namespace {

constexpr auto kCityStaff = {StaffRole::camat, StaffRole::kota, StaffRole::kota_admin};
constexpr std::size_t kOverdueShown = 200;
// Threads reading kelurahan databases for one city report; more than the cores gains nothing.
constexpr unsigned kReportReaders = 4;

class CityPages {
public:
    CityPages(Web& web, const config::CityConfig& city, std::vector<CityKelurahanSite> kelurahan)
        : web_(web), city_(city), kelurahan_(std::move(kelurahan)) {}


    /// The kelurahan `user` may see: its kecamatan's for a camat, all for kota accounts.
    std::vector<const CityKelurahanSite*> in_scope(const domain::StaffUser& user) const {
        std::vector<const CityKelurahanSite*> out;
        for (const auto& k : kelurahan_) {
            if (user.role != StaffRole::camat || k.entry->kecamatan == user.kecamatan) out.push_back(&k);
        }
        return out;
    }

    std::string url_of(const config::CityKelurahan& k) const { return k.config.office.public_url + "/"; }

    void home(const httplib::Request& req, httplib::Response& res);
    void dashboard(httplib::Response& res, const services::StaffSessionView& session);
    void show_report(const httplib::Request& req, httplib::Response& res, const services::StaffSessionView& session);
    void download_report(const httplib::Request& req, httplib::Response& res,
                         const services::StaffSessionView& session);
    void late_requests(httplib::Response& res, const services::StaffSessionView& session);
    void accounts(httplib::Response& res, const services::StaffSessionView& session, json notice, int status = 200);
    void add_account(const httplib::Request& req, httplib::Response& res, const services::StaffSessionView& session);
    /// Hands a public verification request to the kelurahan that issued the letter.
    void verify_token(const httplib::Request& req, httplib::Response& res);
    void verify_upload(const httplib::Request& req, httplib::Response& res);

private:
    /// The city report over the kelurahan `user` may see, each database read in turn.
    services::CityReport report_for(const domain::StaffUser& user, const services::ReportPeriod& period,
                                    TimePoint now) const;
    Result<services::ReportPeriod> period_of(const httplib::Request& req) const;
    std::string scope_label(const domain::StaffUser& user) const;
    void delegate(const CityKelurahanSite& k, const std::string& method, const std::string& pattern,
                  const httplib::Request& req, httplib::Response& res) const;

    Web& web_;
    const config::CityConfig& city_;
    std::vector<CityKelurahanSite> kelurahan_;
};

constexpr const char* kVerifyTokenPattern = R"(/verifikasi/([^/]{1,64}))";
constexpr const char* kVerifyUploadPath = "/verifikasi/periksa";

void CityPages::home(const httplib::Request& req, httplib::Response& res) {
    web_.open(req, res, [&] {
        std::optional<services::StaffSessionView> session;
        {
            auto store = web_.stores.acquire();
            session = web_.session(req, *store);
        }
        if (session && domain::is_city_role(session->user.role)) return dashboard(res, *session);
        json kecamatan = json::array();
        for (const auto& name : city_.kecamatan) {
            json rows = json::array();
            for (const auto& k : city_.kelurahan) {
                if (k.kecamatan == name) rows.push_back({{"name", k.name}, {"code", k.code}, {"url", url_of(k)}});
            }
            kecamatan.push_back({{"name", name}, {"kelurahan", rows}});
        }
        web_.page(res, "city_home", {{"title", "Layanan kelurahan"}, {"kota", city_.name}, {"kecamatan", kecamatan}},
                  std::nullopt);
    });
}

services::CityReport CityPages::report_for(const domain::StaffUser& user, const services::ReportPeriod& period,
                                           TimePoint now) const {
    const auto scope = in_scope(user);
    std::vector<services::KelurahanPart> parts(scope.size());
    // Each kelurahan's figures come from its own database, so they are read side by side: every
    // reader holds one handle of one kelurahan's pool, and this request thread holds none besides.
    std::atomic<std::size_t> next{0};
    std::exception_ptr failure;
    std::mutex failure_mutex;
    auto read = [&] {
        for (std::size_t i; (i = next++) < scope.size();) {
            try {
                const auto* k = scope[i];
                auto store = k->site->stores->acquire();
                parts[i] = {k->entry->code, k->entry->name, k->entry->kecamatan,
                            services::read_kelurahan_figures(*store, k->site->config, k->site->catalog, period, now)};
            } catch (...) {
                std::lock_guard lock(failure_mutex);
                if (!failure) failure = std::current_exception();
            }
        }
    };
    const std::size_t helpers =
        std::min<std::size_t>(scope.size(), std::clamp(std::thread::hardware_concurrency(), 1u, kReportReaders)) - 1;
    std::vector<std::thread> readers;
    for (std::size_t t = 0; t < helpers; ++t) readers.emplace_back(read);
    read();
    for (auto& reader : readers) reader.join();
    if (failure) std::rethrow_exception(failure);
    return services::combine_city_report(period, now, parts);
}

Result<services::ReportPeriod> CityPages::period_of(const httplib::Request& req) const {
    const domain::CivilDate today = to_local(web_.clock.now(), web_.config.kelurahan.utc_offset_minutes).date;
    return services::parse_report_period(param(req, "bulan"), param(req, "dari"), param(req, "sampai"), today);
}

std::string CityPages::scope_label(const domain::StaffUser& user) const {
    return user.role == StaffRole::camat ? "Kecamatan " + user.kecamatan : "Kota " + city_.name;
}

void CityPages::dashboard(httplib::Response& res, const services::StaffSessionView& session) {
    const TimePoint now = web_.clock.now();
    const domain::CivilDate today = to_local(now, web_.config.kelurahan.utc_offset_minutes).date;
    const auto report = report_for(session.user, services::month_period(today.year, today.month), now);
    auto row_of = [](const services::CityRow& r) {
        return json{{"name", r.label},
                    {"kecamatan", r.kecamatan},
                    {"waiting_rt", std::to_string(r.waiting_rt)},
                    {"waiting_office", std::to_string(r.waiting_office)},
                    {"overdue", std::to_string(r.overdue_now)},
                    {"escalated", std::to_string(r.escalated_open)},
                    {"filed", std::to_string(r.filed)},
                    {"issued", std::to_string(r.issued)},
                    {"median", services::format_indonesian(services::ReportCell::of_decimal(r.issue_time.median, 1))}};
    };
    json rows = json::array();
    for (const auto& r : report.kelurahan) rows.push_back(row_of(r));
    json kecamatan = json::array();
    for (const auto& r : report.kecamatan) kecamatan.push_back(row_of(r));
    web_.page(res, "city_dashboard",
              {{"title", "Beranda"},
               {"scope", scope_label(session.user)},
               {"month", report.period.label()},
               {"rows", rows},
               {"kecamatan", kecamatan},
               {"total", row_of(report.city)}},
              session);
}

void CityPages::show_report(const httplib::Request& req, httplib::Response& res,
                            const services::StaffSessionView& session) {
    auto period = period_of(req);
    if (!period) return web_.message(res, 400, "Periode tidak valid", period.error().message, session, "/laporan");
    const auto report = report_for(session.user, *period, web_.clock.now());
    const std::string query = report_period_query(*period);
    json tables = json::array();
    for (const auto& table : services::city_report_tables(report)) {
        std::string chart = render_bar_chart(city_chart(report, table.name));
        if (table.name == "per-kelurahan") chart += render_bar_chart(city_chart(report, "median"));
        tables.push_back(report_table_view(table, chart, query));
    }
    web_.page(res, "city_report",
              {{"title", fmt::format("Laporan {}", report.period.label())},
               {"scope", scope_label(session.user)},
               {"period", report.period.label()},
               {"bulan", period->whole_month ? period->slug() : ""},
               {"dari", domain::to_iso(period->from)},
               {"sampai", domain::to_iso(period->to)},
               {"generated", local_time_text(report.generated_at, web_.config.kelurahan.utc_offset_minutes)},
               {"tables", tables},
               {"ikm_value", report.city.ikm.has_index() ? domain::format_ikm(report.city.ikm.converted) : ""},
               {"all_xlsx", "/laporan/unduh?format=xlsx&" + query}},
              session);
}

void CityPages::download_report(const httplib::Request& req, httplib::Response& res,
                                const services::StaffSessionView& session) {
    auto period = period_of(req);
    if (!period) return web_.message(res, 400, "Periode tidak valid", period.error().message, session, "/laporan");
    auto tables = services::city_report_tables(report_for(session.user, *period, web_.clock.now()));
    auto chosen = choose_export_tables(std::move(tables), param(req, "tabel"), param(req, "format"));
    if (!chosen) return web_.message(res, 400, "Unduhan tidak valid", chosen.error().message, session, "/laporan");
    send_export(res, *period, "kota-" + (param(req, "tabel").empty() ? std::string("semua") : param(req, "tabel")),
                param(req, "format"), *chosen);
}

void CityPages::late_requests(httplib::Response& res, const services::StaffSessionView& session) {
    const TimePoint now = web_.clock.now();
    json rows = json::array();
    const auto scope = in_scope(session.user);
    // The oldest of each kelurahan, so every kelurahan shows; the counts are on the dashboard.
    const std::size_t each = std::max<std::size_t>(10, kOverdueShown / std::max<std::size_t>(1, scope.size()));
    for (const auto* k : scope) {
        std::vector<services::LateRequest> late;
        {
            auto store = k->site->stores->acquire();
            late = services::late_requests(*store, k->site->catalog, now, each);
        }
        const int offset = k->site->config.kelurahan.utc_offset_minutes;
        // Codes, stages and times only: the city oversees the queue, not the residents in it.
        for (const auto& r : late) {
            rows.push_back({{"kelurahan", k->entry->name},
                            {"code", r.code},
                            {"type", r.type_name},
                            {"stage", r.escalated ? "Diteruskan (RT belum menjawab)" : "Lewat target di kelurahan"},
                            {"since", local_time_text(r.since, offset)},
                            {"hours", std::to_string(r.hours_waiting)}});
        }
    }
    web_.page(res, "city_late",
              {{"title", "Permohonan terlambat"}, {"rows", rows}, {"none", rows.empty()}, {"each", std::to_string(each)}},
              session);
}

void CityPages::accounts(httplib::Response& res, const services::StaffSessionView& session, json notice, int status) {
    json rows = json::array();
    for (const auto& k : kelurahan_) {
        rows.push_back({{"code", k.entry->code}, {"name", k.entry->name}, {"kecamatan", k.entry->kecamatan},
                        {"url", url_of(*k.entry)}, {"database", k.site->config.database.target()}});
    }
    notice["title"] = "Kelurahan";
    notice["rows"] = rows;
    web_.page(res, "city_kelurahan", notice, session, status);
}

void CityPages::add_account(const httplib::Request& req, httplib::Response& res,
                            const services::StaffSessionView& session) {
    const std::string code = param(req, "kelurahan");
    auto it = std::find_if(kelurahan_.begin(), kelurahan_.end(),
                           [&](const CityKelurahanSite& k) { return k.entry->code == code; });
    if (it == kelurahan_.end()) {
        return accounts(res, session, {{"problem", "kelurahan: pilih kelurahan dari daftar."}}, 400);
    }
    services::NewStaffUser user;
    user.username = param(req, "username");
    user.full_name = param(req, "name");
    user.role = param(req, "role");
    // Shown once on the next page and never stored in clear: the kelurahan changes it.
    user.password = random_token_hex(8);
    Result<domain::StaffUser> added = Result<domain::StaffUser>::failure("role", "");
    {
        auto store = it->site->stores->acquire();
        db::WriteTransaction tx(store->db());
        added = services::add_staff_user(*store, web_.clock, user);
        if (added) {
            services::StaffAuth(*store, web_.clock)
                .audit(session.user.username + "@kota", "account_set", user.username + " (" + user.role + ")", "",
                       web_.address(req));
            tx.commit();
        }
    }
    if (!added) {
        return accounts(res, session, {{"problem", added.error().field + ": " + added.error().message}}, 400);
    }
    {
        auto store = web_.stores.acquire();
        services::StaffAuth(*store, web_.clock)
            .audit(session.user.username, "kelurahan_account_set", code + " " + user.username + " (" + user.role + ")",
                   "", web_.address(req));
    }
    accounts(res, session,
             {{"created",
               {{"username", added->username}, {"kelurahan", it->entry->name}, {"password", user.password},
                {"url", url_of(*it->entry)}}}});
}

void CityPages::delegate(const CityKelurahanSite& k, const std::string& method, const std::string& pattern,
                         const httplib::Request& req, httplib::Response& res) const {
    if (const auto* handler = k.site->routes.find(method, pattern)) (*handler)(req, res);
}

void CityPages::verify_token(const httplib::Request& req, httplib::Response& res) {
    const std::string token = req.matches[1];
    for (const auto& k : kelurahan_) {
        bool issued_here = false;
        {
            auto store = k.site->stores->acquire();
            issued_here = store->letters.find_by_token(token).has_value();
        }
        if (issued_here) return delegate(k, "GET", kVerifyTokenPattern, req, res);
    }
    delegate(kelurahan_.front(), "GET", kVerifyTokenPattern, req, res);  // its "not found" page
}

void CityPages::verify_upload(const httplib::Request& req, httplib::Response& res) {
    const std::string pdf = req.has_file("berkas") ? req.get_file_value("berkas").content : "";
    const std::string sha256 = sha256_hex(pdf);
    for (const auto& k : kelurahan_) {
        bool issued_here = false;
        if (!pdf.empty()) {
            auto store = k.site->stores->acquire();
            issued_here = store->letters.find_by_pdf_sha256(sha256).has_value();
        }
        if (issued_here) return delegate(k, "POST", kVerifyUploadPath, req, res);
    }
    delegate(kelurahan_.front(), "POST", kVerifyUploadPath, req, res);
}

}  // namespace

void register_city_routes(http::SiteRoutes& routes, Web& web, const config::CityConfig& city,
                          std::vector<CityKelurahanSite> kelurahan) {
    // Owned by the handlers, which live as long as the server that serves them. The city's pages
    // read kelurahan databases, so they never keep the city's handle while they do.
    auto pages = std::make_shared<CityPages>(web, city, std::move(kelurahan));
    routes.Get("/", [pages](const httplib::Request& req, httplib::Response& res) { pages->home(req, res); });
    routes.Get("/permohonan", [pages, &web](const httplib::Request& req, httplib::Response& res) {
        web.guarded_without_store(req, res, kCityStaff, [&](const services::StaffSessionView& session) {
            pages->late_requests(res, session);
        });
    });
    routes.Get("/laporan", [pages, &web](const httplib::Request& req, httplib::Response& res) {
        web.guarded_without_store(req, res, kCityStaff, [&](const services::StaffSessionView& session) {
            pages->show_report(req, res, session);
        });
    });
    routes.Get("/laporan/unduh", [pages, &web](const httplib::Request& req, httplib::Response& res) {
        web.guarded_without_store(req, res, kCityStaff, [&](const services::StaffSessionView& session) {
            pages->download_report(req, res, session);
        });
    });
    routes.Get("/kelurahan", [pages, &web](const httplib::Request& req, httplib::Response& res) {
        web.guarded_without_store(req, res, {StaffRole::kota_admin}, [&](const services::StaffSessionView& session) {
            pages->accounts(res, session, json::object());
        });
    });
    routes.Post("/kelurahan/akun", [pages, &web](const httplib::Request& req, httplib::Response& res) {
        web.guarded_without_store(req, res, {StaffRole::kota_admin}, [&](const services::StaffSessionView& session) {
            pages->add_account(req, res, session);
        });
    });
    routes.Get(kVerifyTokenPattern,
               [pages](const httplib::Request& req, httplib::Response& res) { pages->verify_token(req, res); });
    routes.Get("/verifikasi", [&web](const httplib::Request& req, httplib::Response& res) {
        web.open(req, res, [&] { web.page(res, "verify_upload", {{"title", "Periksa berkas surat"}}, std::nullopt); });
    });
    routes.Post(kVerifyUploadPath,
                [pages](const httplib::Request& req, httplib::Response& res) { pages->verify_upload(req, res); });
}

}  // namespace ekel::office
