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

}  // namespace ekel
