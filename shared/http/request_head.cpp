#include "shared/http/request_head.h"

#include <charconv>

namespace ekel::http {

namespace {

bool equals_ignoring_case(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        char x = a[i] >= 'A' && a[i] <= 'Z' ? static_cast<char>(a[i] - 'A' + 'a') : a[i];
        char y = b[i] >= 'A' && b[i] <= 'Z' ? static_cast<char>(b[i] - 'A' + 'a') : b[i];
        if (x != y) return false;
    }
    return true;
}

std::string_view trimmed(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) text.remove_suffix(1);
    return text;
}

}  // namespace

std::optional<RequestHead> scan_request_head(std::string_view buffered) {
    RequestHead head;
    std::size_t line_start = 0;
    bool first_line = true;
    std::optional<std::uint64_t> length;
    while (true) {
        const std::size_t line_end = buffered.find('\n', line_start);
        if (line_end == std::string_view::npos) return std::nullopt;
        std::string_view line = buffered.substr(line_start, line_end - line_start);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        const std::size_t next = line_end + 1;
        if (line.empty() && !first_line) {
            head.head_bytes = next;
            break;
        }
        if (!first_line) {
            const std::size_t colon = line.find(':');
            const std::string_view name = colon == std::string_view::npos ? line : line.substr(0, colon);
            const std::string_view value = colon == std::string_view::npos ? "" : trimmed(line.substr(colon + 1));
            if (equals_ignoring_case(name, "Content-Length")) {
                std::uint64_t parsed = 0;
                const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), parsed);
                if (value.empty() || error != std::errc{} || end != value.data() + value.size() ||
                    (length && *length != parsed)) {
                    head.refusal = 400;
                }
                length = parsed;
            } else if (equals_ignoring_case(name, "Transfer-Encoding")) {
                head.refusal = 411;
            } else if (equals_ignoring_case(name, "Expect") && equals_ignoring_case(value, "100-continue")) {
                head.expects_continue = true;
                head.expect_line_at = line_start;
                head.expect_line_bytes = next - line_start;
            }
        }
        // A request may start with empty lines (RFC 9112 §2.2); they are not the end of a head.
        if (!line.empty()) first_line = false;
        line_start = next;
    }
    head.content_length = length.value_or(0);
    return head;
}

}  // namespace ekel::http
