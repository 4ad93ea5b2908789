#include <fmt/format.h>
#include <httplib.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "backoffice/reports/report_export.h"
#include "backoffice/reports/svg_chart.h"
#include "backoffice/web/report_views.h"
#include "backoffice/web/routes.h"
#include "shared/http/site_routes.h"
#include "backoffice/web/web.h"
#include "shared/db/store.h"
#include "shared/services/report_service.h"
#include "shared/util/text.h"
#include "shared/util/time.h"

// Reports for the lurah: GET /laporan (tables, charts and the definitions) and
// GET /laporan/unduh (one table as CSV or XLSX, or every table in one XLSX workbook).

namespace ekel::office {

using domain::StaffRole;
using nlohmann::json;

namespace {

constexpr auto kReportStaff = {StaffRole::admin, StaffRole::operator_, StaffRole::lurah};

Result<services::ReportPeriod> period_of(const httplib::Request& req, const Web& web) {
    const domain::CivilDate today = to_local(web.clock.now(), web.config.kelurahan.utc_offset_minutes).date;
    return services::parse_report_period(param(req, "bulan"), param(req, "dari"), param(req, "sampai"), today);
}

std::string chart_for(const services::Report& report, const std::string& table) {
    BarChart chart;
    chart.id = "grafik-" + table;
    if (table == "per-jenis") {
        chart.title = "Permohonan masuk dan surat terbit per jenis surat";
        chart.series = {"Masuk", "Terbit"};
        for (const auto& r : report.types) {
            if (r.filed == 0 && r.issued == 0) continue;  // the page's table still lists every type
            chart.items.push_back({r.name, {static_cast<double>(r.filed), static_cast<double>(r.issued)}});
        }
    } else if (table == "per-rt") {
        chart.title = "P90 waktu respons Ketua RT (jam), yang paling lambat di atas";
        chart.series = {"P90 respons RT"};
        chart.decimals = 1;
        chart.unit = " jam";
        chart.empty_text = "Belum ada keputusan RT dalam periode ini";
        for (const auto& r : report.rts) {
            chart.items.push_back({fmt::format("RT {:03d} {}", r.number, r.head_name), {r.response.p90}});
        }
    } else if (table == "aduan") {
        chart.title = "Aduan per kategori";
        chart.series = {"Aduan"};
        for (const auto& r : report.complaints) chart.items.push_back({r.label, {static_cast<double>(r.total)}});
    } else if (table == "ikm") {
        chart.title = "Nilai rata-rata (NRR) per unsur IKM, skala 1 sampai 4";
        chart.series = {"NRR"};
        chart.decimals = 2;
        const auto& elements = domain::ikm_elements();
        for (std::size_t i = 0; i < elements.size(); ++i) {
            std::optional<double> nrr;
            if (report.ikm.answers[i] > 0) nrr = report.ikm.nrr[i];
            chart.items.push_back({std::string(elements[i].code) + " " + std::string(elements[i].name), {nrr}});
        }
    } else {
        return "";
    }
    return render_bar_chart(chart);
}

void show_report(Web& web, db::Store& store, const services::StaffSessionView& session, httplib::Response& res,
                 const services::ReportPeriod& period) {
    const auto report = services::compute_report(store, web.config, web.catalog, period, web.clock.now());
    const std::string query = report_period_query(period);
    json tables = json::array();
    for (const auto& table : services::report_tables(report)) {
        json view = report_table_view(table, chart_for(report, table.name), query);
        if ((table.name == "ikm" || table.name == "ikm-ringkasan") && report.ikm.respondents == 0) {
            view["note"] = "Belum ada responden pada periode ini.";
        }
        tables.push_back(std::move(view));
    }
    web.page(res, "report",
             {{"title", fmt::format("Laporan {}", period.label())},
              {"period", period.label()},
              {"bulan", period.whole_month ? period.slug() : ""},
              {"dari", domain::to_iso(period.from)},
              {"sampai", domain::to_iso(period.to)},
              {"generated", local_time_text(report.generated_at, web.config.kelurahan.utc_offset_minutes)},
              {"tables", tables},
              {"ikm_value", report.ikm.has_index() ? domain::format_ikm(report.ikm.converted) : ""},
              {"ikm_band", report.ikm.has_index()
                               ? std::string(1, report.ikm.band.grade) + " (" + std::string(report.ikm.band.label) + ")"
                               : ""},
              {"all_xlsx", "/laporan/unduh?format=xlsx&" + query}},
             session);
}

}  // namespace

void register_report_routes(http::SiteRoutes& server, Web& web) {
    server.Get("/laporan", [&web](const httplib::Request& req, httplib::Response& res) {
        web.guarded(req, res, kReportStaff, [&](db::Store& store, const services::StaffSessionView& session) {
            auto period = period_of(req, web);
            if (!period) {
                return web.message(res, 400, "Periode tidak valid", period.error().message, session, "/laporan");
            }
            show_report(web, store, session, res, *period);
        });
    });

    server.Get("/laporan/unduh", [&web](const httplib::Request& req, httplib::Response& res) {
        web.guarded(req, res, kReportStaff, [&](db::Store& store, const services::StaffSessionView& session) {
            auto period = period_of(req, web);
            if (!period) {
                return web.message(res, 400, "Periode tidak valid", period.error().message, session, "/laporan");
            }
            const std::string name = param(req, "tabel");
            const std::string format = param(req, "format");
            auto tables = choose_export_tables(
                services::report_tables(services::compute_report(store, web.config, web.catalog, *period, web.clock.now())),
                name, format);
            if (!tables) return web.message(res, 400, "Unduhan tidak valid", tables.error().message, session, "/laporan");
            send_export(res, *period, name, format, *tables);
        });
    });
}

}  // namespace ekel::office
