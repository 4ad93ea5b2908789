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

/// How the file's bytes were read; the cells are UTF-8 either way.
enum class CsvEncoding {
    utf8,
    windows1252,  ///< the file was not UTF-8 and was converted (see parse_csv)
};

struct CsvTable {
    std::vector<std::string> header;  ///< trimmed, ASCII lower-case, unique, never empty
    std::vector<CsvRow> rows;         ///< every row has header.size() cells
    char delimiter;
    CsvEncoding encoding = CsvEncoding::utf8;

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
/// Encoding: a file that is valid UTF-8 is read as it is. One that is not, holds no valid
/// multi-byte UTF-8 character and no byte undefined in Windows-1252 is what Excel on Windows
/// saves as "CSV": it is converted from Windows-1252 (`encoding` says so). Any other file is
/// refused, naming the line and column of each cell that is not UTF-8.
Result<CsvTable> parse_csv(std::string_view bytes);

}  // namespace ekel
