// OutboundMessage → Meta's send body, enforcing Meta's field limits (whatsapp.md §2.2, §4.9-4.13).
#include "webhooks/payload_builder.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <utility>

#include "shared/util/text.h"

namespace ekel::whatsapp {

namespace {

using Json = nlohmann::ordered_json;
using messaging::OutboundKind;
using messaging::OutboundMessage;

constexpr std::string_view kEllipsis = "\xE2\x80\xA6";  // U+2026, one code point

// ---- UTF-8 -------------------------------------------------------------------------------------

/// Code points in well-formed UTF-8: the bytes that are not continuation bytes.
std::size_t code_points(std::string_view s) {
    return static_cast<std::size_t>(
        std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

/// Bytes taken by the first `n` code points of well-formed UTF-8 (all of it when shorter).
std::size_t prefix_bytes(std::string_view s, std::size_t n) {
    std::size_t seen = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
            if (seen == n) return i;
            ++seen;
        }
    }
    return s.size();
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }

std::string_view trim_view(std::string_view s) {
    while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    return s;
}

bool is_blank(std::string_view s) { return trim_view(s).empty(); }

/// `s` (well-formed UTF-8) cut to at most `max` code points; a cut text ends in "…".
std::string fit(std::string_view s, std::size_t max) {
    if (code_points(s) <= max) return std::string(s);
    if (max == 0) return {};
    std::string out(s.substr(0, prefix_bytes(s, max - 1)));
    while (!out.empty() && is_space(out.back())) out.pop_back();
    out += kEllipsis;
    return out;
}

/// Cleaned and fitted text for a field.
std::string field_text(std::string_view raw, std::size_t max) { return fit(replace_invalid_utf8(raw), max); }

/// Template parameters: Meta rejects newlines, tabs and more than 4 consecutive spaces, so each
/// whitespace run holding any of those becomes one space; the ends are trimmed.
std::string template_parameter_text(std::string_view raw) {
    const std::string s = replace_invalid_utf8(raw);
    std::string out;
    for (std::size_t i = 0; i < s.size();) {
        if (!is_space(s[i])) {
            out += s[i++];
            continue;
        }
        std::size_t j = i;
        bool only_spaces = true;
        while (j < s.size() && is_space(s[j])) {
            if (s[j] != ' ') only_spaces = false;
            ++j;
        }
        if (only_spaces && j - i <= 4) {
            out.append(s, i, j - i);
        } else {
            out += ' ';
        }
        i = j;
    }
    return std::string(trim_view(out));
}

// ---- recipient -----------------------------------------------------------------------------------

bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }
bool is_ascii_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_ascii_alnum(char c) { return is_ascii_digit(c) || is_ascii_upper(c) || (c >= 'a' && c <= 'z'); }

/// BSUID: ISO-3166 alpha-2 country code, '.', up to 128 alphanumerics (whatsapp.md §1.7).
bool is_bsuid(std::string_view s) {
    if (s.size() < 4 || s.size() > 3 + 128) return false;
    if (!is_ascii_upper(s[0]) || !is_ascii_upper(s[1]) || s[2] != '.') return false;
    return std::all_of(s.begin() + 3, s.end(), is_ascii_alnum);
}

std::optional<Problem> add_recipient(const OutboundMessage& m, Json& body) {
    if (!m.to.empty()) {
        std::string digits;
        for (char c : m.to) {
            if (is_ascii_digit(c)) {
                digits += c;
            } else if (c != ' ' && c != '-' && c != '(' && c != ')' && !(c == '+' && digits.empty())) {
                return Problem{"to", "the recipient phone number may hold digits only"};
            }
        }
        if (digits.size() < 8 || digits.size() > 15) {
            return Problem{"to", "the recipient phone number must have 8 to 15 digits with the country code"};
        }
        if (digits[0] == '0') {
            return Problem{"to", "the recipient phone number must start with the country code (62…), not 0"};
        }
        body["to"] = "+" + digits;
        return std::nullopt;
    }
    if (!m.to_user_id.empty()) {
        if (!is_bsuid(m.to_user_id)) {
            return Problem{"to_user_id", "the recipient BSUID must look like \"ID.\" followed by up to 128 letters or digits"};
        }
        body["recipient"] = m.to_user_id;
        return std::nullopt;
    }
    return Problem{"to", "no recipient: neither a phone number nor a BSUID is set"};
}

// ---- message kinds -------------------------------------------------------------------------------

std::string indexed(std::string_view name, std::size_t i) { return std::string(name) + "[" + std::to_string(i) + "]"; }

std::string limit_text(std::size_t n) { return std::to_string(n) + " characters"; }

/// Optional interactive header (text) and footer, and the required body.
std::optional<Problem> add_interactive_texts(const OutboundMessage& m, std::size_t body_limit, Json& interactive) {
    if (is_blank(m.text)) return Problem{"text", "an interactive message needs a body text"};
    if (!is_blank(m.header)) interactive["header"] = {{"type", "text"}, {"text", field_text(m.header, limits::header_text)}};
    interactive["body"] = {{"text", field_text(m.text, body_limit)}};
    if (!is_blank(m.footer)) interactive["footer"] = {{"text", field_text(m.footer, limits::footer_text)}};
    return std::nullopt;
}

Result<Json> button_message(const OutboundMessage& m) {
    if (m.buttons.empty() || m.buttons.size() > limits::max_buttons) {
        return Problem{"buttons", "a button message needs 1 to 3 buttons, not " + std::to_string(m.buttons.size())};
    }
    Json interactive = {{"type", "button"}};
    if (auto problem = add_interactive_texts(m, limits::button_body, interactive)) return *problem;
    Json buttons = Json::array();
    std::set<std::string> ids;
    std::set<std::string> titles;
    for (std::size_t i = 0; i < m.buttons.size(); ++i) {
        const auto& button = m.buttons[i];
        const std::string id = replace_invalid_utf8(button.id);
        if (is_blank(id)) return Problem{indexed("buttons", i) + ".id", "a button needs an id"};
        if (code_points(id) > limits::button_id) {
            return Problem{indexed("buttons", i) + ".id", "a button id may have at most " + limit_text(limits::button_id)};
        }
        if (!ids.insert(id).second) return Problem{indexed("buttons", i) + ".id", "button ids must be unique"};
        if (is_blank(button.title)) return Problem{indexed("buttons", i) + ".title", "a button needs a title"};
        std::string title = field_text(button.title, limits::button_title);
        if (!titles.insert(title).second) {
            return Problem{indexed("buttons", i) + ".title",
                           "button titles must be unique after shortening to " + limit_text(limits::button_title)};
        }
        buttons.push_back({{"type", "reply"}, {"reply", {{"id", id}, {"title", std::move(title)}}}});
    }
    interactive["action"] = {{"buttons", std::move(buttons)}};
    return interactive;
}

Result<Json> list_message(const OutboundMessage& m) {
    if (is_blank(m.list_button)) return Problem{"list_button", "a list message needs the label of its button"};
    if (m.sections.empty()) return Problem{"sections", "a list message needs at least one section"};
    if (m.sections.size() > limits::max_sections) {
        return Problem{"sections", "a list message may have at most 10 sections, not " + std::to_string(m.sections.size())};
    }
    std::size_t total_rows = 0;
    for (std::size_t s = 0; s < m.sections.size(); ++s) {
        if (m.sections[s].rows.empty()) return Problem{indexed("sections", s) + ".rows", "a list section needs at least one row"};
        total_rows += m.sections[s].rows.size();
    }
    if (total_rows > limits::max_rows) {
        return Problem{"sections", "a list message may have at most 10 rows in total, not " + std::to_string(total_rows)};
    }
    Json interactive = {{"type", "list"}};
    if (auto problem = add_interactive_texts(m, limits::list_body, interactive)) return *problem;
    Json sections = Json::array();
    std::set<std::string> row_ids;
    for (std::size_t s = 0; s < m.sections.size(); ++s) {
        const auto& section = m.sections[s];
        const std::string where = indexed("sections", s);
        Json out = Json::object();
        if (!is_blank(section.title)) {
            out["title"] = field_text(section.title, limits::section_title);
        } else if (m.sections.size() > 1) {
            return Problem{where + ".title", "every section needs a title when a list has more than one section"};
        }
        Json rows = Json::array();
        for (std::size_t r = 0; r < section.rows.size(); ++r) {
            const auto& row = section.rows[r];
            const std::string row_where = where + "." + indexed("rows", r);
            const std::string id = replace_invalid_utf8(row.id);
            if (is_blank(id)) return Problem{row_where + ".id", "a list row needs an id"};
            if (code_points(id) > limits::row_id) {
                return Problem{row_where + ".id", "a list row id may have at most " + limit_text(limits::row_id)};
            }
            if (!row_ids.insert(id).second) return Problem{row_where + ".id", "list row ids must be unique"};
            if (is_blank(row.title)) return Problem{row_where + ".title", "a list row needs a title"};
            Json out_row = {{"id", id}, {"title", field_text(row.title, limits::row_title)}};
            if (!is_blank(row.description)) out_row["description"] = field_text(row.description, limits::row_description);
            rows.push_back(std::move(out_row));
        }
        out["rows"] = std::move(rows);
        sections.push_back(std::move(out));
    }
    interactive["action"] = {{"button", field_text(m.list_button, limits::list_button)}, {"sections", std::move(sections)}};
    return interactive;
}

std::string_view base_name(std::string_view path) {
    const auto slash = path.find_last_of('/');
    return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

bool is_http_url(std::string_view link) {
    return (link.starts_with("https://") && link.size() > 8) || (link.starts_with("http://") && link.size() > 7);
}

Result<Json> document_message(const OutboundMessage& m, const std::string& uploaded_media_id) {
    Json document = Json::object();
    if (!uploaded_media_id.empty()) {
        document["id"] = replace_invalid_utf8(uploaded_media_id);
    } else if (!m.document_link.empty()) {
        if (!is_http_url(m.document_link)) return Problem{"document_link", "a document link must be an http(s) URL"};
        document["link"] = replace_invalid_utf8(m.document_link);
    } else if (!m.document_path.empty()) {
        return Problem{"document_path", "a local document must be uploaded first; pass its media id"};
    } else {
        return Problem{"document", "a document needs a file path, a link or an uploaded media id"};
    }
    std::string filename = m.document_filename;
    if (is_blank(filename) && !m.document_path.empty()) filename = std::string(base_name(m.document_path));
    if (!is_blank(filename)) document["filename"] = replace_invalid_utf8(filename);
    if (!is_blank(m.text)) document["caption"] = field_text(m.text, limits::caption);
    return document;
}

Result<Json> template_message(const OutboundMessage& m) {
    if (is_blank(m.template_name)) return Problem{"template_name", "a template message needs the template name"};
    if (is_blank(m.template_language)) return Problem{"template_language", "a template message needs a language code"};
    Json tmpl = {{"name", replace_invalid_utf8(m.template_name)}, {"language", {{"code", replace_invalid_utf8(m.template_language)}}}};
    if (!m.template_parameters.empty()) {
        Json parameters = Json::array();
        for (std::size_t i = 0; i < m.template_parameters.size(); ++i) {
            std::string text = template_parameter_text(m.template_parameters[i]);
            if (text.empty()) return Problem{indexed("template_parameters", i), "a template parameter may not be empty"};
            parameters.push_back({{"type", "text"}, {"text", fit(text, limits::template_parameter)}});
        }
        tmpl["components"] = Json::array({{{"type", "body"}, {"parameters", std::move(parameters)}}});
    }
    return tmpl;
}

}  // namespace

Result<std::string> build_send_payload(const messaging::OutboundMessage& m, const std::string& uploaded_media_id) {
    Json body = {{"messaging_product", "whatsapp"}, {"recipient_type", "individual"}};
    if (auto problem = add_recipient(m, body)) return *problem;
    if (!m.reply_to_message_id.empty()) body["context"] = {{"message_id", replace_invalid_utf8(m.reply_to_message_id)}};
    if (!m.callback_data.empty()) {
        const std::string data = replace_invalid_utf8(m.callback_data);
        if (code_points(data) > limits::callback_data) {
            return Problem{"callback_data", "callback data may have at most " + limit_text(limits::callback_data)};
        }
        body["biz_opaque_callback_data"] = data;
    }
    switch (m.kind) {
        case OutboundKind::text: {
            if (is_blank(m.text)) return Problem{"text", "a text message may not be empty"};
            body["type"] = "text";
            body["text"] = {{"preview_url", false}, {"body", field_text(m.text, limits::text_body)}};
            break;
        }
        case OutboundKind::buttons: {
            auto interactive = button_message(m);
            if (!interactive) return interactive.error();
            body["type"] = "interactive";
            body["interactive"] = std::move(interactive).value();
            break;
        }
        case OutboundKind::list: {
            auto interactive = list_message(m);
            if (!interactive) return interactive.error();
            body["type"] = "interactive";
            body["interactive"] = std::move(interactive).value();
            break;
        }
        case OutboundKind::document: {
            auto document = document_message(m, uploaded_media_id);
            if (!document) return document.error();
            body["type"] = "document";
            body["document"] = std::move(document).value();
            break;
        }
        case OutboundKind::template_message: {
            auto tmpl = template_message(m);
            if (!tmpl) return tmpl.error();
            body["type"] = "template";
            body["template"] = std::move(tmpl).value();
            break;
        }
        default:
            return Problem{"kind", "unknown outbound message kind"};
    }
    return body.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::vector<std::string> split_text(std::string_view text, std::size_t max_code_points) {
    const std::size_t max = std::max<std::size_t>(max_code_points, 1);
    const std::string clean = replace_invalid_utf8(text);
    std::vector<std::string> pieces;
    if (is_blank(clean)) return pieces;
    if (code_points(clean) <= max) {
        pieces.push_back(clean);
        return pieces;
    }
    std::string_view rest = clean;
    while (true) {
        while (!rest.empty() && is_space(rest.front())) rest.remove_prefix(1);
        if (rest.empty()) break;
        if (code_points(rest) <= max) {
            pieces.emplace_back(trim_view(rest));
            break;
        }
        // `window` bytes hold exactly `max` code points; a break at position <= window keeps the
        // piece before it within the limit (the break itself is dropped).
        const std::size_t window = prefix_bytes(rest, max);
        const std::size_t half = window / 2;
        const std::size_t paragraph = rest.rfind("\n\n", window);
        const std::size_t line = rest.rfind('\n', window);
        const std::size_t space = rest.find_last_of(" \t", window);
        std::size_t cut = std::string_view::npos;
        for (std::size_t candidate : {paragraph, line, space}) {
            if (candidate != std::string_view::npos && candidate >= half && candidate > 0) {
                cut = candidate;
                break;
            }
        }
        if (cut == std::string_view::npos) {
            // No break in the second half of the window: take the latest break anywhere, else cut hard.
            for (std::size_t candidate : {line, space}) {
                if (candidate != std::string_view::npos && candidate > 0 &&
                    (cut == std::string_view::npos || candidate > cut)) {
                    cut = candidate;
                }
            }
        }
        if (cut == std::string_view::npos) cut = window;
        pieces.emplace_back(trim_view(rest.substr(0, cut)));
        rest.remove_prefix(cut);
    }
    return pieces;
}

}  // namespace ekel::whatsapp
