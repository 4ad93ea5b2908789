#include "backoffice/reports/report_export.h"

#include <fmt/format.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <utility>

#include "shared/util/error.h"

namespace ekel::office {

namespace {

using services::ReportCell;

std::string plain_number(const ReportCell& cell) {
    if (cell.kind == ReportCell::Kind::integer) return fmt::format("{:.0f}", cell.number);
    return fmt::format("{:.{}f}", cell.number, cell.decimals);
}

std::string csv_text(const ReportCell& cell) {
    switch (cell.kind) {
        case ReportCell::Kind::empty:
            return "";
        case ReportCell::Kind::integer:
        case ReportCell::Kind::decimal:
            return plain_number(cell);
        case ReportCell::Kind::text:
            break;
    }
    if (!cell.text.empty() && std::string_view("=+-@").find(cell.text.front()) != std::string_view::npos) {
        return "'" + cell.text;
    }
    return cell.text;
}

std::string csv_field(const std::string& value) {
    if (value.find_first_of(",\"\r\n") == std::string::npos) return value;
    std::string out = "\"";
    for (char c : value) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

void append_record(std::string& out, const std::vector<std::string>& fields) {
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i > 0) out += ',';
        out += csv_field(fields[i]);
    }
    out += "\r\n";
}

// Characters, not bytes: column widths are in characters.
std::size_t utf8_length(const std::string& text) {
    return static_cast<std::size_t>(
        std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

/// A file name in the temp folder, created empty by mkstemp and removed on destruction.
class TempFile {
  public:
    TempFile() {
        std::string pattern = (std::filesystem::temp_directory_path() / "ekel-laporan-XXXXXX").string();
        const int fd = mkstemp(pattern.data());
        if (fd < 0) throw Error("cannot create a temporary file for the XLSX export");
        close(fd);
        path_ = pattern;
    }
    ~TempFile() {
        std::error_code ignored;
        std::filesystem::remove(path_, ignored);
    }
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;
    const std::string& path() const { return path_; }

  private:
    std::string path_;
};

/// Formats by (bold, number of decimals; -1 for text), created once per workbook.
class Formats {
  public:
    explicit Formats(lxw_workbook* workbook) : workbook_(workbook) {}

    lxw_format* get(bool bold, int decimals) {
        auto [it, fresh] = formats_.try_emplace({bold, decimals}, nullptr);
        if (fresh) {
            lxw_format* format = workbook_add_format(workbook_);
            if (bold) format_set_bold(format);
            if (decimals == 0) format_set_num_format(format, "0");
            if (decimals > 0) format_set_num_format(format, fmt::format("0.{:0>{}}", "", decimals).c_str());
            it->second = format;
        }
        return it->second;
    }

  private:
    lxw_workbook* workbook_;
    std::map<std::pair<bool, int>, lxw_format*> formats_;
};

void write_sheet(lxw_workbook* workbook, Formats& formats, const services::ReportTable& table) {
    if (lxw_error problem = workbook_validate_sheet_name(workbook, table.title.c_str()); problem != LXW_NO_ERROR) {
        throw Error("worksheet name '" + table.title + "': " + lxw_strerror(problem));
    }
    lxw_worksheet* sheet = workbook_add_worksheet(workbook, table.title.c_str());
    if (!sheet) throw Error("cannot add worksheet '" + table.title + "'");
    std::vector<std::size_t> widths(table.header.size(), 0);
    for (std::size_t c = 0; c < table.header.size(); ++c) {
        worksheet_write_string(sheet, 0, static_cast<lxw_col_t>(c), table.header[c].c_str(), formats.get(true, -1));
        widths[c] = utf8_length(table.header[c]);
    }
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
        const bool bold = table.has_total_row && r + 1 == table.rows.size();
        const auto row = static_cast<lxw_row_t>(r + 1);
        for (std::size_t c = 0; c < table.rows[r].size() && c < widths.size(); ++c) {
            const ReportCell& cell = table.rows[r][c];
            const auto col = static_cast<lxw_col_t>(c);
            switch (cell.kind) {
                case ReportCell::Kind::empty:
                    break;
                case ReportCell::Kind::text:
                    worksheet_write_string(sheet, row, col, cell.text.c_str(), formats.get(bold, -1));
                    widths[c] = std::max(widths[c], utf8_length(cell.text));
                    break;
                case ReportCell::Kind::integer:
                case ReportCell::Kind::decimal: {
                    const int decimals = cell.kind == ReportCell::Kind::integer ? 0 : cell.decimals;
                    worksheet_write_number(sheet, row, col, cell.number, formats.get(bold, decimals));
                    widths[c] = std::max(widths[c], plain_number(cell).size());
                    break;
                }
            }
        }
    }
    for (std::size_t c = 0; c < widths.size(); ++c) {
        const double width = static_cast<double>(std::clamp<std::size_t>(widths[c] + 2, 8, 60));
        worksheet_set_column(sheet, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), width, nullptr);
    }
    worksheet_freeze_panes(sheet, 1, 0);
}

}  // namespace

std::string table_to_csv(const services::ReportTable& table) {
    std::string out = "\xEF\xBB\xBF";
    append_record(out, table.header);
    for (const auto& row : table.rows) {
        std::vector<std::string> fields;
        fields.reserve(row.size());
        for (const auto& cell : row) fields.push_back(csv_text(cell));
        append_record(out, fields);
    }
    return out;
}

std::string tables_to_xlsx(const std::vector<services::ReportTable>& tables) {
    TempFile file;
    lxw_workbook* workbook = workbook_new(file.path().c_str());
    if (!workbook) throw Error("cannot start an XLSX workbook");
    Formats formats(workbook);
    try {
        for (const auto& table : tables) write_sheet(workbook, formats, table);
    } catch (...) {
        workbook_close(workbook);  // frees the workbook; the half-written file goes with TempFile
        throw;
    }
    if (lxw_error problem = workbook_close(workbook); problem != LXW_NO_ERROR) {
        throw Error(std::string("cannot write the XLSX workbook: ") + lxw_strerror(problem));
    }
    std::ifstream in(file.path(), std::ios::binary);
    if (!in) throw Error("cannot read back the XLSX workbook");
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
}

std::string export_file_name(const services::ReportPeriod& period, const std::string& table_name,
                             const std::string& extension) {
    if (table_name.empty()) return fmt::format("laporan-{}.{}", period.slug(), extension);
    return fmt::format("laporan-{}-{}.{}", table_name, period.slug(), extension);
}

}  // namespace ekel::office
