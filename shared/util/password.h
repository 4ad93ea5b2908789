#pragma once

#include <string>
#include <string_view>

namespace ekel {

/// Argon2id hash in libsodium's self-describing string form ($argon2id$v=19$…).
/// Throws ekel::Error when libsodium cannot initialise or runs out of memory.
std::string hash_password(std::string_view password);

/// Constant-time check of a password against a stored hash; false for malformed hashes.
bool verify_password(std::string_view password, const std::string& stored_hash);

/// 2*bytes hex characters from the system CSPRNG (session tokens, verification tokens).
std::string random_token_hex(std::size_t bytes);

/// Lower-case hex SHA-256 (session token storage, PDF fingerprints).
std::string sha256_hex(std::string_view data);

/// Compares secrets (CSRF tokens) without leaking where they differ.
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace ekel
