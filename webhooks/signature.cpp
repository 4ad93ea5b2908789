#include "webhooks/signature.h"

#include <sodium.h>

#include <array>

#include "shared/util/error.h"

namespace ekel::whatsapp {

namespace {

std::array<unsigned char, crypto_auth_hmacsha256_BYTES> hmac(std::string_view body, std::string_view secret) {
    if (sodium_init() < 0) throw Error("libsodium could not be initialised");
    std::array<unsigned char, crypto_auth_hmacsha256_BYTES> mac{};
    crypto_auth_hmacsha256_state state;
    crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(secret.data()), secret.size());
    crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(body.data()), body.size());
    crypto_auth_hmacsha256_final(&state, mac.data());
    return mac;
}

constexpr std::string_view kPrefix = "sha256=";

}  // namespace

std::string sign_body(std::string_view body, std::string_view app_secret) {
    auto mac = hmac(body, app_secret);
    std::string hex(mac.size() * 2 + 1, '\0');
    sodium_bin2hex(hex.data(), hex.size(), mac.data(), mac.size());
    hex.pop_back();
    return std::string(kPrefix) + hex;
}

bool verify_signature(std::string_view body, std::string_view header_value, std::string_view app_secret) {
    if (header_value.substr(0, kPrefix.size()) != kPrefix) return false;
    std::string_view hex = header_value.substr(kPrefix.size());
    std::array<unsigned char, crypto_auth_hmacsha256_BYTES> given{};
    std::size_t decoded = 0;
    if (hex.size() != given.size() * 2 ||
        sodium_hex2bin(given.data(), given.size(), hex.data(), hex.size(), nullptr, &decoded, nullptr) != 0 ||
        decoded != given.size()) {
        return false;
    }
    auto expected = hmac(body, app_secret);
    return sodium_memcmp(given.data(), expected.data(), expected.size()) == 0;
}

}  // namespace ekel::whatsapp
