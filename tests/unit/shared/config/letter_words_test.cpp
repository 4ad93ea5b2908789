#include "shared/config/letter_words.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "shared/config/config_error.h"
#include "shared/config/letter_types.h"
#include "tests/support/test_config.h"

TEST_SUITE_BEGIN("config");

using ekel::config::ConfigError;
using ekel::config::parse_letter_words;

namespace {

const char* const kSource = "config/letter_words.toml";

std::string with_words(const std::string& lines) {
    return "upper = [\"RT\", \"KTP\"]\nsmall = [\"di\", \"ke\"]\n[words]\nsy = \"saya\"\n" + lines;
}

}  // namespace

TEST_CASE("the shipped word list loads, and the shipped catalogue says how each text field is cased") {
    auto words = ekel::config::load_letter_words(ekel::test::repo_path("config/letter_words.toml"));
    CHECK(words.replace.size() >= 80);
    CHECK(words.replace.at("sy") == "saya");
    CHECK(words.replace.at("jl") == "Jl.");
    CHECK(words.dotted.count("kel") == 1);
    CHECK(words.before_number.at("no") == "No.");
    CHECK(words.upper.at("bpjs") == "BPJS");
    CHECK(words.small.count("di") == 1);

    auto catalog = ekel::config::load_letter_types(ekel::test::repo_path("config/letter_types.toml"));
    CHECK(catalog.find("usaha")->find_field("nama_usaha")->text_case == ekel::domain::TextCase::title);
    CHECK(catalog.find("usaha")->find_field("alamat_usaha")->text_case == ekel::domain::TextCase::title);
    CHECK(catalog.find("usaha")->find_field("jenis_usaha")->text_case == ekel::domain::TextCase::phrase);
}

TEST_CASE("a bad word list is refused with the file and the key") {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {with_words("Sy = \"saya\"\n"), "config/letter_words.toml: words.Sy must be one lower-case word (letters a-z)"},
        {with_words("\"s/d\" = \"sampai dengan\"\n"), "config/letter_words.toml: words.s/d must be one lower-case word"},
        {with_words("yg = \"\"\n"), "config/letter_words.toml: words.yg must be words without leading"},
        {with_words("yg = 5\n"), "config/letter_words.toml: words.yg must be a string"},
        {with_words("\"sy.\" = \"saya\"\n"), "config/letter_words.toml: words.sy. is listed twice"},
        {with_words("yg = \"yg yang\"\n"),
         "config/letter_words.toml: words.yg \"yg yang\" is not in its final form: cleaned again it reads \"yg yang yang\""},
        {with_words("ktp = \"kartu\"\n"), "config/letter_words.toml: upper[1] \"KTP\" is also a key of [words]"},
        {with_words("\n[before_number]\nsy = \"Sy\"\n"), "config/letter_words.toml: before_number.sy is also in [words]"},
        {with_words("\n[other]\n"), "config/letter_words.toml: other is not a known setting"},
        {"upper = [\"Rt\"]\n[words]\nsy = \"saya\"\n", "config/letter_words.toml: upper[0] \"Rt\" must be upper-case letters A-Z"},
        {"upper = [\"RT\", \"RT\"]\n[words]\nsy = \"saya\"\n", "config/letter_words.toml: upper[1] \"RT\" is listed twice"},
        {"small = [\"Di\"]\n[words]\nsy = \"saya\"\n", "config/letter_words.toml: small[0] \"Di\" must be lower-case letters a-z"},
        {"small = [\"sy\"]\n[words]\nsy = \"saya\"\n", "config/letter_words.toml: small[0] \"sy\" is also in [words]"},
        {"upper = []\n", "config/letter_words.toml: words must list at least one word"},
    };
    for (const auto& [text, message] : cases) {
        CAPTURE(text);
        std::string error;
        try {
            parse_letter_words(text, kSource);
        } catch (const ConfigError& e) {
            error = e.what();
        }
        CAPTURE(error);
        CHECK(error.rfind(message, 0) == 0);
    }
    CHECK_THROWS_WITH(ekel::config::load_letter_words("/nonexistent/letter_words.toml"),
                      doctest::Contains("/nonexistent/letter_words.toml"));
}

TEST_CASE("a text field's case is validated in the catalogue") {
    const std::string head = R"([[letter_type]]
code = "alpha"
name = "Surat Alpha"
title = "SURAT ALPHA"
classification = "400.12.2.1"
target_hours = 24
body = "Untuk {{fields.nama}}."
[[letter_type.requirement]]
text = "KTP-el"
kind = "check"
[[letter_type.field]]
key = "nama"
label = "Nama"
prompt = "Nama?"
)";
    CHECK(ekel::config::parse_letter_types(head + "kind = \"text\"\ncase = \"title\"\n", "t.toml")
              .types[0]
              .fields[0]
              .text_case == ekel::domain::TextCase::title);
    CHECK_THROWS_WITH(ekel::config::parse_letter_types(head + "kind = \"text\"\ncase = \"upper\"\n", "t.toml"),
                      "t.toml: letter_type[0].field[0].case \"upper\" must be one of sentence, title, phrase");
    CHECK_THROWS_WITH(ekel::config::parse_letter_types(head + "kind = \"date\"\ncase = \"title\"\n", "t.toml"),
                      "t.toml: letter_type[0].field[0].case is only allowed when kind = \"text\"");
}

TEST_CASE("the configuration names the word list under [letters]") {
    const std::string minimal = R"([kelurahan]
name = "Belimbing"
code = "BLB"
kecamatan = "Bontang Barat"
kota = "Bontang"
address = "Jl. Contoh"
lurah_name = "Lurah Contoh"
[whatsapp]
verify_token = "v"
app_secret = "s"
[letters]
)";
    auto config = ekel::config::parse_config(minimal + "words_path = \"x/words.toml\"\n", "e.toml",
                                             ekel::config::no_environment());
    CHECK(config.letter_words_path == "x/words.toml");
    CHECK_THROWS_WITH(ekel::config::parse_config(minimal + "words_path = \"\"\n", "e.toml", ekel::config::no_environment()),
                      doctest::Contains("e.toml: letters.words_path"));
}

TEST_SUITE_END();
