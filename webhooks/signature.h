#pragma once

#include <string>
#include <string_view>

namespace ekel::whatsapp {

/// "sha256=<hex>" as Meta sends in X-Hub-Signature-256: HMAC-SHA256 of the raw body with the app secret.
std::string sign_body(std::string_view body, std::string_view app_secret);

/// Checks an X-Hub-Signature-256 header value against the raw body in constant time.
/// False for a missing prefix, wrong length, non-hex text or a mismatch.
bool verify_signature(std::string_view body, std::string_view header_value, std::string_view app_secret);

}  // namespace ekel::whatsapp
