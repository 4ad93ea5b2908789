#include "tests/support/xlsx_reader.h"

#include <minizip/unzip.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <optional>
#include <stdexcept>

#include "tests/support/temp_dir.h"

namespace ekel::test {

namespace {

// ---- Unzipping -------------------------------------------------------------------------------

std::map<std::string, std::string> unzip_all(const std::string& path) {
    unzFile zip = unzOpen(path.c_str());
    if (!zip) throw std::runtime_error("xlsx: not a zip file");
    std::map<std::string, std::string> files;
    int status = unzGoToFirstFile(zip);
    while (status == UNZ_OK) {
        char name[512];
        unz_file_info info;
        if (unzGetCurrentFileInfo(zip, &info, name, sizeof name, nullptr, 0, nullptr, 0) != UNZ_OK ||
            unzOpenCurrentFile(zip) != UNZ_OK) {
            unzClose(zip);
            throw std::runtime_error("xlsx: unreadable zip entry");
        }
        std::string content;
        char buffer[8192];
        int n = 0;
        while ((n = unzReadCurrentFile(zip, buffer, sizeof buffer)) > 0)
            content.append(buffer, static_cast<std::size_t>(n));
        const int closed = unzCloseCurrentFile(zip);
        if (n < 0 || closed != UNZ_OK) {
            unzClose(zip);
            throw std::runtime_error(std::string("xlsx: corrupt zip entry ") + name);
        }
        files[name] = std::move(content);
        status = unzGoToNextFile(zip);
    }
    unzClose(zip);
    if (status != UNZ_END_OF_LIST_OF_FILE) throw std::runtime_error("xlsx: broken zip directory");
    return files;
}

// ---- A tiny XML tokenizer (enough for SpreadsheetML) -------------------------------------------

struct Token {
    enum class Kind { start, end, text } kind;
    std::string name;                               ///< local name, namespace prefix removed
    std::map<std::string, std::string> attributes;  ///< full names ("r:id")
    bool self_closing = false;
    std::string text;  ///< unescaped, for text tokens
};

std::string unescape(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '&') {
            out += text[i];
            continue;
        }
        const std::size_t end = text.find(';', i);
        if (end == std::string_view::npos) throw std::runtime_error("xlsx: bad entity");
        const std::string_view entity = text.substr(i + 1, end - i - 1);
        static const std::map<std::string_view, char> kNamed = {
            {"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'}, {"apos", '\''}};
        if (auto named = kNamed.find(entity); named != kNamed.end()) {
            out += named->second;
        } else if (!entity.empty() && entity[0] == '#') {
            const bool hex = entity.size() > 1 && (entity[1] == 'x' || entity[1] == 'X');
            unsigned long code = std::stoul(std::string(entity.substr(hex ? 2 : 1)), nullptr, hex ? 16 : 10);
            // UTF-8 encode.
            if (code < 0x80) {
                out += static_cast<char>(code);
            } else if (code < 0x800) {
                out += static_cast<char>(0xC0 | (code >> 6));
                out += static_cast<char>(0x80 | (code & 0x3F));
            } else if (code < 0x10000) {
                out += static_cast<char>(0xE0 | (code >> 12));
                out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
                out += static_cast<char>(0x80 | (code & 0x3F));
            } else {
                out += static_cast<char>(0xF0 | (code >> 18));
                out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
                out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
                out += static_cast<char>(0x80 | (code & 0x3F));
            }
        } else {
            throw std::runtime_error(std::string("xlsx: unknown entity &") + std::string(entity) + ";");
        }
        i = end;
    }
    return out;
}

// OOXML's escape for characters XML cannot hold (ST_Xstring): "_x000D_" is CR, and "_x005F_"
// escapes a literal underscore that would otherwise start such a sequence.
std::string decode_ooxml_escapes(const std::string& text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '_' && i + 6 < text.size() && text[i + 1] == 'x' && text[i + 6] == '_' &&
            std::all_of(text.begin() + static_cast<std::ptrdiff_t>(i) + 2,
                        text.begin() + static_cast<std::ptrdiff_t>(i) + 6,
                        [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; })) {
            const unsigned long code = std::stoul(text.substr(i + 2, 4), nullptr, 16);
            if (code < 0x80) {
                out += static_cast<char>(code);
            } else {
                out += unescape(std::string("&#") + std::to_string(code) + ";");
            }
            i += 6;
        } else {
            out += text[i];
        }
    }
    return out;
}

std::string local_name(const std::string& name) {
    const std::size_t colon = name.find(':');
    return colon == std::string::npos ? name : name.substr(colon + 1);
}

std::vector<Token> tokenize(const std::string& xml) {
    std::vector<Token> tokens;
    std::size_t i = 0;
    while (i < xml.size()) {
        if (xml[i] != '<') {
            const std::size_t next = xml.find('<', i);
            const std::size_t end = next == std::string::npos ? xml.size() : next;
            tokens.push_back({Token::Kind::text, "", {}, false, unescape(std::string_view(xml).substr(i, end - i))});
            i = end;
            continue;
        }
        if (xml.compare(i, 4, "<!--") == 0) {
            i = xml.find("-->", i);
            if (i == std::string::npos) throw std::runtime_error("xlsx: unterminated comment");
            i += 3;
            continue;
        }
        if (xml.compare(i, 2, "<?") == 0) {
            i = xml.find("?>", i);
            if (i == std::string::npos) throw std::runtime_error("xlsx: unterminated declaration");
            i += 2;
            continue;
        }
        const std::size_t close = xml.find('>', i);
        if (close == std::string::npos) throw std::runtime_error("xlsx: unterminated tag");
        std::string body = xml.substr(i + 1, close - i - 1);
        i = close + 1;
        Token token{Token::Kind::start, "", {}, false, ""};
        if (!body.empty() && body[0] == '/') {
            token.kind = Token::Kind::end;
            body.erase(0, 1);
        }
        if (!body.empty() && body.back() == '/') {
            token.self_closing = true;
            body.pop_back();
        }
        std::size_t p = body.find_first_of(" \t\r\n");
        token.name = local_name(body.substr(0, p));
        while (p != std::string::npos && p < body.size()) {
            p = body.find_first_not_of(" \t\r\n", p);
            if (p == std::string::npos) break;
            const std::size_t eq = body.find('=', p);
            if (eq == std::string::npos) throw std::runtime_error("xlsx: bad attribute in <" + token.name + ">");
            const char quote = body[eq + 1];
            const std::size_t value_end = body.find(quote, eq + 2);
            if ((quote != '"' && quote != '\'') || value_end == std::string::npos) {
                throw std::runtime_error("xlsx: bad attribute quoting in <" + token.name + ">");
            }
            std::string key = body.substr(p, eq - p);
            while (!key.empty() && (key.back() == ' ')) key.pop_back();
            token.attributes[key] = unescape(std::string_view(body).substr(eq + 2, value_end - eq - 2));
            p = value_end + 1;
        }
        tokens.push_back(std::move(token));
    }
    return tokens;
}

std::optional<std::string> attribute(const Token& token, const std::string& name) {
    auto found = token.attributes.find(name);
    if (found == token.attributes.end()) return std::nullopt;
    return found->second;
}

// An attribute with any namespace prefix: "r:id" and "ns1:id" both match "id" with a prefix.
std::optional<std::string> prefixed_attribute(const Token& token, const std::string& local) {
    for (const auto& [key, value] : token.attributes) {
        const std::size_t colon = key.find(':');
        if (colon != std::string::npos && key.substr(colon + 1) == local) return value;
    }
    return std::nullopt;
}

const std::string& entry(const std::map<std::string, std::string>& files, const std::string& name) {
    auto found = files.find(name);
    if (found == files.end()) throw std::runtime_error("xlsx: missing " + name);
    return found->second;
}

// ---- SpreadsheetML -----------------------------------------------------------------------------

std::vector<std::string> shared_strings(const std::map<std::string, std::string>& files) {
    std::vector<std::string> strings;
    auto found = files.find("xl/sharedStrings.xml");
    if (found == files.end()) return strings;
    bool in_si = false;
    bool in_t = false;
    bool in_rph = false;  // phonetic runs are not part of the value
    for (const auto& token : tokenize(found->second)) {
        if (token.kind == Token::Kind::start && token.name == "si") {
            strings.emplace_back();
            in_si = !token.self_closing;
        } else if (token.kind == Token::Kind::end && token.name == "si") {
            in_si = false;
        } else if (token.name == "rPh") {
            in_rph = token.kind == Token::Kind::start && !token.self_closing;
        } else if (token.name == "t") {
            in_t = token.kind == Token::Kind::start && !token.self_closing;
        } else if (token.kind == Token::Kind::text && in_si && in_t && !in_rph) {
            strings.back() += decode_ooxml_escapes(token.text);
        }
    }
    return strings;
}

// Per cell format (cellXfs index): whether its font is bold.
std::vector<bool> bold_formats(const std::map<std::string, std::string>& files) {
    std::vector<bool> font_bold;
    std::vector<bool> xf_bold;
    auto found = files.find("xl/styles.xml");
    if (found == files.end()) return xf_bold;
    bool in_fonts = false;
    bool in_cell_xfs = false;
    for (const auto& token : tokenize(found->second)) {
        const bool start = token.kind == Token::Kind::start;
        if (token.name == "fonts") {
            in_fonts = start && !token.self_closing;
        } else if (token.name == "cellXfs") {
            in_cell_xfs = start && !token.self_closing;
        } else if (in_fonts && start && token.name == "font") {
            font_bold.push_back(false);
        } else if (in_fonts && start && token.name == "b" && !font_bold.empty()) {
            font_bold.back() = attribute(token, "val").value_or("1") != "0";
        } else if (in_cell_xfs && start && token.name == "xf") {
            const std::size_t font = std::stoul(attribute(token, "fontId").value_or("0"));
            xf_bold.push_back(font < font_bold.size() && font_bold[font]);
        }
    }
    return xf_bold;
}

// "BC12" → column 54 (0-based), row 11 (0-based).
std::pair<std::size_t, std::size_t> cell_position(const std::string& ref) {
    std::size_t col = 0;
    std::size_t i = 0;
    while (i < ref.size() && ref[i] >= 'A' && ref[i] <= 'Z')
        col = col * 26 + static_cast<std::size_t>(ref[i++] - 'A' + 1);
    if (col == 0 || i == ref.size()) throw std::runtime_error("xlsx: bad cell reference " + ref);
    const std::size_t row = std::stoul(ref.substr(i));
    if (row == 0) throw std::runtime_error("xlsx: bad cell reference " + ref);
    return {col - 1, row - 1};
}

XlsxSheet read_sheet(const std::string& name, const std::string& xml, const std::vector<std::string>& strings,
                     const std::vector<bool>& bold_xfs) {
    XlsxSheet sheet;
    sheet.name = name;
    auto& rows = sheet.rows;
    std::size_t style = 0;
    std::size_t next_row = 0;
    std::size_t next_col = 0;
    std::size_t row = 0;
    std::size_t col = 0;
    std::string type;
    std::string value;
    bool in_cell = false;
    bool in_value = false;  // inside <v>, or <t> of an inline string
    auto put = [&](std::size_t r, std::size_t c, std::string text, bool numeric) {
        if (rows.size() <= r) rows.resize(r + 1);
        sheet.numeric.resize(rows.size());
        sheet.bold.resize(rows.size());
        if (rows[r].size() <= c) {
            rows[r].resize(c + 1);
            sheet.numeric[r].resize(c + 1);
            sheet.bold[r].resize(c + 1);
        }
        rows[r][c] = std::move(text);
        sheet.numeric[r][c] = numeric;
        sheet.bold[r][c] = style < bold_xfs.size() && bold_xfs[style];
    };
    for (const auto& token : tokenize(xml)) {
        if (token.name == "row" && token.kind == Token::Kind::start) {
            auto r = attribute(token, "r");
            row = r ? std::stoul(*r) - 1 : next_row;
            next_row = row + 1;
            next_col = 0;
            if (rows.size() <= row) {
                rows.resize(row + 1);
                sheet.numeric.resize(row + 1);
                sheet.bold.resize(row + 1);
            }
        } else if (token.name == "c" && token.kind == Token::Kind::start) {
            auto ref = attribute(token, "r");
            if (ref) {
                std::tie(col, row) = cell_position(*ref);
            } else {
                col = next_col;
            }
            next_col = col + 1;
            type = attribute(token, "t").value_or("n");
            style = std::stoul(attribute(token, "s").value_or("0"));
            value.clear();
            in_cell = !token.self_closing;
            if (token.self_closing) put(row, col, "", false);
        } else if (token.name == "c" && token.kind == Token::Kind::end) {
            std::string text = value;
            if (type == "s") {
                const std::size_t index = std::stoul(value);
                if (index >= strings.size()) throw std::runtime_error("xlsx: shared string index out of range");
                text = strings[index];
            } else if (type == "inlineStr" || type == "str") {
                text = decode_ooxml_escapes(value);
            } else if (type == "b") {
                text = value == "1" ? "TRUE" : "FALSE";
            }
            put(row, col, text, type == "n" && !value.empty());
            in_cell = false;
        } else if (in_cell && (token.name == "v" || token.name == "t")) {
            in_value = token.kind == Token::Kind::start && !token.self_closing;
        } else if (in_cell && in_value && token.kind == Token::Kind::text) {
            value += token.text;
        }
    }
    return sheet;
}

}  // namespace

std::vector<XlsxSheet> read_xlsx(const std::string& bytes) {
    TempDir dir;
    const std::string path = dir.write("book.xlsx", bytes);
    const auto files = unzip_all(path);

    std::map<std::string, std::string> targets;  // relationship id → part name
    for (const auto& token : tokenize(entry(files, "xl/_rels/workbook.xml.rels"))) {
        if (token.kind != Token::Kind::start || token.name != "Relationship") continue;
        auto id = attribute(token, "Id");
        auto target = attribute(token, "Target");
        if (!id || !target) throw std::runtime_error("xlsx: relationship without Id or Target");
        targets[*id] = target->rfind("/", 0) == 0 ? target->substr(1) : "xl/" + *target;
    }
    const auto strings = shared_strings(files);
    const auto bold_xfs = bold_formats(files);
    std::vector<XlsxSheet> sheets;
    for (const auto& token : tokenize(entry(files, "xl/workbook.xml"))) {
        if (token.kind != Token::Kind::start || token.name != "sheet") continue;
        auto name = attribute(token, "name");
        auto id = prefixed_attribute(token, "id");
        if (!name || !id || !targets.count(*id)) throw std::runtime_error("xlsx: sheet without name or part");
        sheets.push_back(read_sheet(*name, entry(files, targets[*id]), strings, bold_xfs));
    }
    return sheets;
}

}  // namespace ekel::test
