#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "shared/messaging/outbound_message.h"
#include "shared/util/result.h"

namespace ekel::whatsapp {

/// Meta's field limits for the send endpoint (whatsapp.md §2.2), counted in Unicode code points.
namespace limits {
inline constexpr std::size_t text_body = 4096;
inline constexpr std::size_t button_body = 1024;
inline constexpr std::size_t list_body = 4096;
inline constexpr std::size_t header_text = 60;
inline constexpr std::size_t footer_text = 60;
inline constexpr std::size_t max_buttons = 3;
inline constexpr std::size_t button_title = 20;
inline constexpr std::size_t button_id = 256;
inline constexpr std::size_t list_button = 20;
inline constexpr std::size_t max_sections = 10;
inline constexpr std::size_t max_rows = 10;
inline constexpr std::size_t section_title = 24;
inline constexpr std::size_t row_title = 24;
inline constexpr std::size_t row_description = 72;
inline constexpr std::size_t row_id = 200;
inline constexpr std::size_t caption = 1024;
inline constexpr std::size_t template_parameter = 1024;  ///< our assumption; Meta's page does not state it
inline constexpr std::size_t callback_data = 512;
}  // namespace limits

/// Meta's JSON body for POST /{version}/{phone_number_id}/messages.
///
/// Over-long titles, labels, descriptions and body texts are cut at a code point boundary and end
/// in "…" (the result fits the limit including the ellipsis); template parameters lose newlines,
/// tabs and long runs of spaces. Anything that truncation cannot fix (no recipient, 0 or more than
/// 3 buttons, duplicate titles or ids, more than 10 rows, an empty text, a document without a
/// link or uploaded media id, a template without a name) is a Problem naming the field, so an
/// invalid payload is never sent. A document with only `document_path` needs `uploaded_media_id`.
/// Invalid UTF-8 bytes become U+FFFD.
Result<std::string> build_send_payload(const messaging::OutboundMessage& m,
                                       const std::string& uploaded_media_id = "");

/// Splits a long text into pieces of at most `max_code_points` code points, preferring a paragraph
/// break, then a line break, then a space; a word longer than the limit is cut at a code point
/// boundary. A break is taken from the second half of the window when there is one, so pieces stay
/// large. Whitespace at the cut points is dropped. A text that fits comes back unchanged as one
/// piece; an empty or all-whitespace text gives no pieces. Invalid UTF-8 bytes become U+FFFD.
std::vector<std::string> split_text(std::string_view text, std::size_t max_code_points = 4096);

}  // namespace ekel::whatsapp
