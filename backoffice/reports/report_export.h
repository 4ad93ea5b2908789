#pragma once

#include <string>
#include <vector>

#include "shared/services/report_service.h"

namespace ekel::office {

/// One report table as CSV (RFC 4180): a UTF-8 byte order mark (so Excel reads Indonesian text
/// as UTF-8), the header row, then one record per row, every record ended by CRLF. A cell is
/// quoted when it holds a comma, a double quote (doubled inside), CR or LF. Numbers are plain:
/// whole numbers as digits, decimals with a dot and the cell's decimals ("12.5"), whatever the
/// page shows; empty cells are empty. A text cell that starts with = + - or @ gets a leading
/// apostrophe so a spreadsheet does not run it as a formula.
std::string table_to_csv(const services::ReportTable& table);

/// The tables as an XLSX workbook (libxlsxwriter), one worksheet per table named by its title:
/// a bold, frozen header row, numbers as numeric cells with the cell's decimals, text as text,
/// empty cells left blank, a bold totals row where the table has one, and column widths from the
/// content. Returns the file's bytes. Throws ekel::Error when the library fails (for example a
/// duplicate or over-long sheet name).
std::string tables_to_xlsx(const std::vector<services::ReportTable>& tables);

/// "laporan-per-jenis-2026-11.csv"; with an empty table name "laporan-2026-11.xlsx".
std::string export_file_name(const services::ReportPeriod& period, const std::string& table_name,
                             const std::string& extension);

inline constexpr const char* kCsvContentType = "text/csv; charset=utf-8";
inline constexpr const char* kXlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

}  // namespace ekel::office
