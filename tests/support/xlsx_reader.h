#pragma once

#include <string>
#include <vector>

namespace ekel::test {

/// One worksheet read back: its name and its cells as text, row by row (gaps filled with "").
/// `numeric` and `bold` have the same shape as `rows`: whether the cell is stored as a number
/// (not as text), and whether its style's font is bold.
struct XlsxSheet {
    std::string name;
    std::vector<std::vector<std::string>> rows;
    std::vector<std::vector<bool>> numeric;
    std::vector<std::vector<bool>> bold;
};

/// A minimal XLSX reader for tests, independent of the writer: unzips with minizip, follows
/// xl/workbook.xml and its relationships to each worksheet, and reads cells of type s (shared
/// string), inlineStr, str, b and plain numbers (returned as the stored text, e.g. "12.5"), and
/// xl/styles.xml for bold fonts.
/// Sheets come in workbook order. Throws std::runtime_error on anything it cannot read.
std::vector<XlsxSheet> read_xlsx(const std::string& bytes);

}  // namespace ekel::test
