#include "backoffice/web/report_views.h"

#include <fmt/format.h>
#include <httplib.h>

#include <algorithm>

#include "backoffice/reports/report_export.h"

namespace ekel::office {

std::string report_period_query(const services::ReportPeriod& period) {
    if (period.whole_month) return fmt::format("bulan={}", period.slug());
    return fmt::format("dari={}&sampai={}", domain::to_iso(period.from), domain::to_iso(period.to));
}

nlohmann::json report_table_view(const services::ReportTable& table, const std::string& chart,
                                 const std::string& query) {
    nlohmann::json rows = nlohmann::json::array();
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
        nlohmann::json cells = nlohmann::json::array();
        for (const auto& cell : table.rows[r]) {
            const bool numeric =
                cell.kind == services::ReportCell::Kind::integer || cell.kind == services::ReportCell::Kind::decimal;
            cells.push_back({{"text", services::format_indonesian(cell)}, {"numeric", numeric}});
        }
        rows.push_back({{"cells", cells}, {"total", table.has_total_row && r + 1 == table.rows.size()}});
    }
    return {{"name", table.name},
            {"title", table.title},
            {"header", table.header},
            {"rows", rows},
            {"chart", chart},
            {"csv", "/laporan/unduh?tabel=" + table.name + "&format=csv&" + query},
            {"xlsx", "/laporan/unduh?tabel=" + table.name + "&format=xlsx&" + query}};
}

Result<std::vector<services::ReportTable>> choose_export_tables(std::vector<services::ReportTable> tables,
                                                                const std::string& name, const std::string& format) {
    using Chosen = Result<std::vector<services::ReportTable>>;
    if (format != "csv" && format != "xlsx") return Chosen::failure("format", "Format harus csv atau xlsx.");
    if (name.empty() && format == "csv") return Chosen::failure("tabel", "Tabel wajib dipilih untuk unduhan CSV.");
    if (name.empty()) return tables;
    auto found = std::find_if(tables.begin(), tables.end(), [&](const auto& t) { return t.name == name; });
    if (found == tables.end()) return Chosen::failure("tabel", "Tabel '" + name + "' tidak ada di laporan.");
    return std::vector<services::ReportTable>{*found};
}

void send_export(httplib::Response& res, const services::ReportPeriod& period, const std::string& file_label,
                 const std::string& format, const std::vector<services::ReportTable>& tables) {
    res.set_header("Content-Disposition",
                   fmt::format("attachment; filename=\"{}\"", export_file_name(period, file_label, format)));
    if (format == "csv") {
        res.set_content(table_to_csv(tables.front()), kCsvContentType);
    } else {
        res.set_content(tables_to_xlsx(tables), kXlsxContentType);
    }
}

}  // namespace ekel::office
