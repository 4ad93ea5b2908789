#include "webhooks/signature.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

using ekel::whatsapp::sign_body;
using ekel::whatsapp::verify_signature;

namespace {

// Expected values computed outside this code with
//   printf '%s' BODY | openssl dgst -sha256 -hmac SECRET
// (the Jefe vector is also RFC 4231 test case 2).
constexpr const char* kSecret = "kelurahan-app-secret";
constexpr const char* kBody = R"({"object":"whatsapp_business_account","entry":[]})";
constexpr const char* kBodySignature =
    "sha256=3e69eff01bffb34a038087591d2f0013846da89d42b291865e8626ad0ed8284c";

std::string upper(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return text;
}

}  // namespace

TEST_SUITE_BEGIN("webhooks");

TEST_CASE("a body is signed as Meta signs it: sha256= and the lower-case hex HMAC-SHA256") {
    struct Case {
        std::string body;
        std::string secret;
        std::string expected;
    };
    const std::vector<Case> cases = {
        {kBody, kSecret, kBodySignature},
        {"what do ya want for nothing?", "Jefe",
         "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"},
        // Meta signs the escaped-unicode form it sends; these are the raw bytes, not re-serialised.
        {R"({"text":{"body":"Terima kasih \ud83d\ude4f"}})", kSecret,
         "sha256=bf447f0fae1c1601a1caa1968d50740b8efe921199bba20ee4591a107588c66b"},
        {"{\"text\":{\"body\":\"Terima kasih \xF0\x9F\x99\x8F\"}}", kSecret,
         "sha256=53a3d9c66675933a908561e8a090f86d5b8238a55328fc5a1966d4ad478057cb"},
        {"", kSecret, "sha256=a56ba04071693b6c1dd82f7044ee8cec6e0d7f552d4e5bf58156ad6cbafbaf80"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.body);
        CHECK(sign_body(c.body, c.secret) == c.expected);
        CHECK(verify_signature(c.body, c.expected, c.secret));
    }
}

TEST_CASE("the escaped and the raw UTF-8 form of one text have different signatures") {
    CHECK(sign_body(R"({"b":"\u00e9"})", kSecret) != sign_body("{\"b\":\"\xC3\xA9\"}", kSecret));
}

TEST_CASE("a signature made with another secret or over another body is refused") {
    CHECK_FALSE(verify_signature(kBody, kBodySignature, "another-secret"));
    CHECK_FALSE(verify_signature(kBody, kBodySignature, ""));
    CHECK_FALSE(verify_signature(R"({"object":"whatsapp_business_account","entry":[ ]})",
                                 kBodySignature, kSecret));
    CHECK_FALSE(verify_signature(std::string(kBody) + "\n", kBodySignature, kSecret));
    CHECK_FALSE(verify_signature("", kBodySignature, kSecret));
}

TEST_CASE("a header that is not sha256= and 64 hex digits is refused") {
    const std::string hex = std::string(kBodySignature).substr(7);
    struct Case {
        std::string what;
        std::string header;
    };
    std::string flipped = kBodySignature;
    flipped.back() = flipped.back() == 'c' ? 'd' : 'c';
    const std::vector<Case> cases = {
        {"empty header", ""},
        {"no prefix", hex},
        {"sha1 prefix", "sha1=" + hex},
        {"upper-case prefix", "SHA256=" + hex},
        {"prefix without '='", "sha256" + hex},
        {"space after prefix", "sha256= " + hex},
        {"prefix only", "sha256="},
        {"one digit short", "sha256=" + hex.substr(0, 63)},
        {"one digit long", "sha256=" + hex + "0"},
        {"half length", "sha256=" + hex.substr(0, 32)},
        {"trailing newline", std::string(kBodySignature) + "\n"},
        {"non-hex letter", "sha256=" + hex.substr(0, 63) + "g"},
        {"non-hex in the middle", "sha256=" + hex.substr(0, 30) + "zz" + hex.substr(32)},
        {"hex with separators", "sha256=" + hex.substr(0, 32) + ":" + hex.substr(33)},
        {"last digit changed", flipped},
    };
    for (const auto& c : cases) {
        CAPTURE(c.what);
        CHECK_FALSE(verify_signature(kBody, c.header, kSecret));
    }
}

// Meta sends lower-case hex. We accept upper-case too: the comparison is over the decoded MAC
// bytes, so the letter case of the hex carries no secret and refusing it would gain nothing.
TEST_CASE("upper-case hex digits are accepted because the decoded bytes are what is compared") {
    const std::string hex = std::string(kBodySignature).substr(7);
    CHECK(verify_signature(kBody, "sha256=" + upper(hex), kSecret));
}

TEST_SUITE_END();
