#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "shared/services/report_service.h"
#include "shared/util/result.h"

namespace httplib {
struct Response;
}

// What the kelurahan's report page and the city's have in common: tables as the report template
// shows them, and CSV/XLSX downloads of one table or all.

namespace ekel::office {

/// The period as query parameters, for the download links: "bulan=2026-11" or "dari=…&sampai=…".
std::string report_period_query(const services::ReportPeriod& period);

/// One table for report.mustache and city_report.mustache, with its chart (SVG) and download links.
nlohmann::json report_table_view(const services::ReportTable& table, const std::string& chart,
                                 const std::string& query);

/// The tables a download asks for: `format` csv or xlsx; `name` one table (required for CSV) or ""
/// for all. Fails with the problem in Bahasa Indonesia.
Result<std::vector<services::ReportTable>> choose_export_tables(std::vector<services::ReportTable> tables,
                                                                const std::string& name, const std::string& format);

/// Answers the download: a CSV of the first table or an XLSX workbook of all, named after
/// `file_label` and the period.
void send_export(httplib::Response& res, const services::ReportPeriod& period, const std::string& file_label,
                 const std::string& format, const std::vector<services::ReportTable>& tables);

}  // namespace ekel::office
