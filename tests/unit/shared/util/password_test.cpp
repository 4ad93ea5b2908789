#include <doctest/doctest.h>

#include "shared/util/password.h"

TEST_SUITE_BEGIN("util");

using namespace ekel;

TEST_CASE("passwords are stored as Argon2id hashes that verify only the right password") {
    std::string hash = hash_password("kata-sandi-rahasia");
    CHECK(hash.rfind("$argon2id$", 0) == 0);
    CHECK(hash.find("kata-sandi-rahasia") == std::string::npos);
    CHECK(verify_password("kata-sandi-rahasia", hash));
    CHECK_FALSE(verify_password("kata-sandi-rahasib", hash));
    CHECK_FALSE(verify_password("kata-sandi-rahasia", "plain-text"));
    CHECK(hash_password("kata-sandi-rahasia") != hash);  // salted
}

TEST_CASE("random tokens have the asked length and do not repeat") {
    std::string a = random_token_hex(32);
    CHECK(a.size() == 64);
    CHECK(a.find_first_not_of("0123456789abcdef") == std::string::npos);
    CHECK(random_token_hex(32) != a);
}

TEST_SUITE_END();
