#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace ekel::http {

/// What the connection gate needs to know of a request before handing it on: where its head
/// ends and how long its body is. The request line and the other headers are left to the HTTP
/// library, which parses them again from the buffered bytes.
struct RequestHead {
    std::size_t head_bytes = 0;  ///< through the blank line that ends the headers
    std::uint64_t content_length = 0;
    bool expects_continue = false;  ///< "Expect: 100-continue"
    /// Where the Expect header line sits inside the head, so the gate can drop it once it has
    /// answered it itself.
    std::size_t expect_line_at = 0;
    std::size_t expect_line_bytes = 0;
    /// An HTTP status that refuses the request (400 bad Content-Length, 411 a body without a
    /// length), or 0.
    int refusal = 0;
};

/// Scans the start of `buffered`; nullopt while the blank line that ends the head has not
/// arrived. Accepts CRLF and bare LF line ends.
std::optional<RequestHead> scan_request_head(std::string_view buffered);

}  // namespace ekel::http
