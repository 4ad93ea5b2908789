#include "backoffice/reports/city_chart.h"

#include <vector>

#include "shared/util/error.h"

namespace ekel::office {

namespace {

void filed_and_issued(BarChart& chart, const std::vector<services::CityRow>& rows) {
    chart.series = {"Masuk", "Terbit"};
    for (const auto& r : rows) {
        chart.items.push_back(
            {r.label, {static_cast<double>(r.filed), static_cast<double>(r.issued)}});
    }
}

}  // namespace

BarChart city_chart(const services::CityReport& report, const std::string& table) {
    BarChart chart;
    chart.id = "grafik-kota-" + table;
    if (table == "per-kelurahan") {
        chart.title = "Permohonan masuk dan surat terbit per kelurahan";
        filed_and_issued(chart, report.kelurahan);
    } else if (table == "per-kecamatan") {
        chart.title = "Permohonan masuk dan surat terbit per kecamatan";
        filed_and_issued(chart, report.kecamatan);
    } else if (table == "median") {
        chart.title = "Median waktu proses (jam) per kelurahan";
        chart.series = {"Median proses"};
        chart.decimals = 1;
        chart.unit = " jam";
        chart.empty_text = "Belum ada surat terbit dalam periode ini";
        for (const auto& r : report.kelurahan)
            chart.items.push_back({r.label, {r.issue_time.median}});
    } else {
        throw Error("city_chart: no chart named '" + table + "'");
    }
    return chart;
}

}  // namespace ekel::office
