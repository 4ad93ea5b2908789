#include "shared/util/csv.h"

#include <algorithm>
#include <set>
#include <utility>

#include "shared/util/text.h"

namespace ekel {

namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
// Enough for staff to see the pattern without one message swallowing the whole file.
constexpr std::size_t kMaxListedRaggedRows = 10;

bool is_blank(char c) { return c == ' ' || c == '\t'; }

std::string_view trim(std::string_view text) {
    while (!text.empty() && is_blank(text.front())) text.remove_prefix(1);
    while (!text.empty() && is_blank(text.back())) text.remove_suffix(1);
    return text;
}

std::string normalize_column_name(std::string_view name) {
    std::string result(trim(name));
    for (char& c : result) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return result;
}

std::string at_line(std::size_t line) { return "baris " + std::to_string(line) + ": "; }

// Counts candidates outside quotes on the first line with content; that line is the header.
char detect_delimiter(std::string_view text) {
    std::size_t commas = 0;
    std::size_t semicolons = 0;
    bool in_quotes = false;
    bool has_content = false;
    for (char c : text) {
        if (c == '"') in_quotes = !in_quotes;  // "" toggles twice, so escapes need no care
        if (in_quotes) continue;
        if (c == '\r' || c == '\n') {
            if (has_content) break;
            continue;
        }
        if (!is_blank(c)) has_content = true;
        if (c == ',') ++commas;
        if (c == ';') ++semicolons;
    }
    return semicolons > commas ? ';' : ',';
}

struct Record {
    std::size_t line = 0;
    std::vector<std::string> cells;
};

class Reader {
  public:
    Reader(std::string_view text, char delimiter) : text_(text), delimiter_(delimiter) {}

    bool at_end() const { return pos_ >= text_.size(); }

    // Reads one record; an empty optional with problem_ set means the file is malformed.
    std::optional<Record> read_record() {
        Record record;
        record.line = line_;
        while (true) {
            auto value = read_cell();
            if (!value) return std::nullopt;
            record.cells.push_back(std::move(*value));
            if (at_end()) return record;
            const char c = text_[pos_];
            if (c == delimiter_) {
                ++pos_;
                continue;
            }
            consume_line_break();
            return record;
        }
    }

    const std::optional<Problem>& problem() const { return problem_; }

  private:
    bool at_line_break() const { return !at_end() && (text_[pos_] == '\r' || text_[pos_] == '\n'); }

    // Treats CRLF as one break so line numbers match what an editor shows.
    void consume_line_break() {
        if (text_[pos_] == '\r' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n') ++pos_;
        ++pos_;
        ++line_;
    }

    std::optional<std::string> read_cell() {
        std::size_t start = pos_;
        while (start < text_.size() && is_blank(text_[start])) ++start;
        if (start < text_.size() && text_[start] == '"') {
            pos_ = start + 1;
            return read_quoted_cell();
        }
        while (!at_end() && text_[pos_] != delimiter_ && !at_line_break()) ++pos_;
        return std::string(trim(text_.substr(start, pos_ - start)));
    }

    std::optional<std::string> read_quoted_cell() {
        const std::size_t quote_line = line_;
        std::string value;
        while (true) {
            if (at_end()) {
                problem_ = Problem{"csv", at_line(quote_line) + "tanda kutip tidak ditutup"};
                return std::nullopt;
            }
            const char c = text_[pos_];
            if (c == '"') {
                if (pos_ + 1 < text_.size() && text_[pos_ + 1] == '"') {
                    value.push_back('"');
                    pos_ += 2;
                    continue;
                }
                ++pos_;
                break;
            }
            if (c == '\r' || c == '\n') {
                value.push_back('\n');
                consume_line_break();
                continue;
            }
            value.push_back(c);
            ++pos_;
        }
        while (!at_end() && is_blank(text_[pos_])) ++pos_;
        if (!at_end() && text_[pos_] != delimiter_ && !at_line_break()) {
            problem_ = Problem{"csv", at_line(line_) + "ada teks setelah tanda kutip penutup"};
            return std::nullopt;
        }
        return value;
    }

    std::string_view text_;
    char delimiter_;
    std::size_t pos_ = 0;
    std::size_t line_ = 1;
    std::optional<Problem> problem_;
};

bool is_empty_record(const Record& record) {
    return std::all_of(record.cells.begin(), record.cells.end(),
                       [](const std::string& cell) { return cell.empty(); });
}

}  // namespace

std::optional<std::size_t> CsvTable::column_index(std::string_view name) const {
    const std::string wanted = normalize_column_name(name);
    const auto found = std::find(header.begin(), header.end(), wanted);
    if (found == header.end()) return std::nullopt;
    return static_cast<std::size_t>(found - header.begin());
}

const std::string* CsvTable::cell(const CsvRow& row, std::string_view column) const {
    const auto index = column_index(column);
    if (!index || *index >= row.cells.size()) return nullptr;
    return &row.cells[*index];
}

namespace {

Result<CsvTable> parse_table(std::string_view text) {
    if (text.starts_with(kUtf8Bom)) text.remove_prefix(kUtf8Bom.size());

    CsvTable table{{}, {}, detect_delimiter(text)};
    Reader reader(text, table.delimiter);
    bool have_header = false;
    std::vector<std::string> ragged;
    std::size_t ragged_count = 0;

    while (!reader.at_end()) {
        auto record = reader.read_record();
        if (!record) return *reader.problem();
        if (is_empty_record(*record)) continue;

        if (!have_header) {
            std::set<std::string> seen;
            for (std::size_t i = 0; i < record->cells.size(); ++i) {
                std::string name = normalize_column_name(record->cells[i]);
                if (name.empty()) {
                    return Result<CsvTable>::failure("csv", at_line(record->line) + "kolom ke-" +
                                                                std::to_string(i + 1) +
                                                                " di baris judul tidak bernama");
                }
                if (!seen.insert(name).second) {
                    return Result<CsvTable>::failure(
                        "csv", at_line(record->line) + "kolom '" + name + "' muncul dua kali");
                }
                table.header.push_back(std::move(name));
            }
            have_header = true;
            continue;
        }

        if (record->cells.size() != table.header.size()) {
            if (++ragged_count <= kMaxListedRaggedRows) {
                ragged.push_back(at_line(record->line) + "ada " +
                                 std::to_string(record->cells.size()) + " kolom, seharusnya " +
                                 std::to_string(table.header.size()));
            }
            continue;
        }
        table.rows.push_back(CsvRow{record->line, std::move(record->cells)});
    }

    if (!have_header) {
        return Result<CsvTable>::failure("csv", "berkas CSV kosong: tidak ada baris judul");
    }
    if (!ragged.empty()) {
        std::string message;
        for (const auto& entry : ragged) {
            if (!message.empty()) message += "; ";
            message += entry;
        }
        if (ragged_count > ragged.size()) {
            message += "; dan " + std::to_string(ragged_count - ragged.size()) +
                       " baris lain dengan jumlah kolom yang salah";
        }
        return Result<CsvTable>::failure("csv", std::move(message));
    }
    return table;
}

// "baris 3, kolom nama; baris 7, kolom alamat": every cell staff must retype or re-save, named
// like the import's row errors. A header cell is named by position, its name being unreadable.
std::string unreadable_cells(const CsvTable& table) {
    std::string list;
    const auto add = [&](std::size_t line, const std::string& column) {
        list += (list.empty() ? "baris " : "; baris ") + std::to_string(line) + ", kolom " + column;
    };
    for (std::size_t i = 0; i < table.header.size(); ++i) {
        if (!is_valid_utf8(table.header[i])) add(1, "ke-" + std::to_string(i + 1));
    }
    for (const CsvRow& row : table.rows) {
        for (std::size_t i = 0; i < row.cells.size(); ++i) {
            if (!is_valid_utf8(row.cells[i])) add(row.line, replace_invalid_utf8(table.header[i]));
        }
    }
    return list;
}

}  // namespace

Result<CsvTable> parse_csv(std::string_view bytes) {
    if (is_valid_utf8(bytes)) return parse_table(bytes);
    if (looks_like_windows1252(bytes)) {
        auto table = parse_table(windows1252_to_utf8(bytes));
        if (table) table->encoding = CsvEncoding::windows1252;
        return table;
    }
    // Neither: the structure is ASCII, so the bytes still split into cells, which lets the
    // message point at the cells to fix.
    auto table = parse_table(bytes);
    if (!table) return table;
    const std::string message =
        "isinya bukan UTF-8 dan tidak dapat dibaca sebagai Windows-1252. Karakter yang tidak "
        "dapat dibaca ada di " +
        unreadable_cells(*table) +
        ". Perbaiki sel itu, atau simpan berkas sebagai \"CSV UTF-8\", lalu impor lagi.";
    return Result<CsvTable>::failure("csv", message);
}

}  // namespace ekel
