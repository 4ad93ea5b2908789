#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shared/util/result.h"

namespace ekel {

struct CsvRow {
    std::size_t line;  ///< 1-based physical line where the record starts (the header is line 1)
    std::vector<std::string> cells;
};

struct CsvTable {
    std::vector<std::string> header;  ///< trimmed, ASCII lower-case, unique, never empty
    std::vector<CsvRow> rows;         ///< every row has header.size() cells
    char delimiter;

    /// Index of a column; the name is trimmed and lower-cased like the header.
    std::optional<std::size_t> column_index(std::string_view name) const;

    /// The row's cell in that column, or nullptr if the table has no such column.
    const std::string* cell(const CsvRow& row, std::string_view column) const;
};

/// Reads an RFC 4180 file as spreadsheets export it: strips a UTF-8 BOM; accepts CRLF, LF or
/// CR line ends; quoted cells with "" escapes and embedded delimiters or line breaks (stored as
/// "\n"); ',' or ';' (Indonesian-locale Excel), whichever occurs more often outside quotes in
/// the header line. Unquoted cells are trimmed of spaces and tabs. Lines with no content (blank,
/// or only delimiters) are skipped but still counted. Problems name "csv" and the line; rows
/// with the wrong number of cells are all listed in one message.
Result<CsvTable> parse_csv(std::string_view text);

}  // namespace ekel
