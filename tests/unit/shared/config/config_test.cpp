#include <doctest/doctest.h>

#include <map>
#include <string>

#include "shared/config/config.h"
#include "shared/config/config_error.h"
#include "shared/config/letter_types.h"
#include "tests/support/test_config.h"

TEST_SUITE_BEGIN("config");

using namespace ekel;
using namespace ekel::config;

namespace {

const char* kMinimal = R"(
[kelurahan]
name = "Belimbing"
code = "BLB"
kecamatan = "Bontang Barat"
kota = "Bontang"
address = "Jl. Contoh"
lurah_name = "Lurah Contoh"

[whatsapp]
verify_token = "v"
app_secret = "s"
)";

EnvLookup env_of(std::map<std::string, std::string> values) {
    return [values](const std::string& name) -> std::optional<std::string> {
        auto found = values.find(name);
        if (found == values.end()) return std::nullopt;
        return found->second;
    };
}

std::string error_of(const std::string& text, EnvLookup env = no_environment()) {
    try {
        parse_config(text, "config/ekelurahan.toml", env);
    } catch (const ConfigError& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST_CASE("the shipped configuration loads with the documented defaults") {
    Config config = load_config(test::repo_path("config/ekelurahan.toml"), no_environment());
    CHECK(config.bot.port == 8081);
    CHECK(config.office.port == 8080);
    CHECK(config.database.path == "var/ekelurahan.db");
    CHECK(config.whatsapp.provider == "sandbox");
    CHECK(config.whatsapp.graph_base_url == "https://graph.facebook.com");
    CHECK(config.kelurahan.code == "BLB");
    CHECK(config.kelurahan.timezone == "Asia/Makassar");
    CHECK(config.kelurahan.utc_offset_minutes == 480);
    CHECK(config.workflow.office_days == std::vector<int>{1, 2, 3, 4, 5});
}

TEST_CASE("a minimal file takes defaults for every optional key") {
    Config config = parse_config(kMinimal, "test.toml", no_environment());
    CHECK(config.bot.bind == "127.0.0.1");
    CHECK(config.bot.port == 8081);
    CHECK(config.office.port == 8080);
    CHECK(config.whatsapp.messages_per_second == 20);
    CHECK(config.kelurahan.unit_code == "KEL-BLB");
    CHECK(config.workflow.rt_reminder_hours == 8);
}

TEST_CASE("environment variables override file values, secrets included") {
    Config config = parse_config(kMinimal, "test.toml",
                                 env_of({{"EKEL_WHATSAPP_APP_SECRET", "from-env"},
                                         {"EKEL_BOT_PORT", "9191"},
                                         {"EKEL_DATABASE_PATH", "/tmp/x.db"},
                                         {"EKEL_WHATSAPP_GRAPH_BASE_URL", "http://127.0.0.1:9999/"}}));
    CHECK(config.whatsapp.app_secret == "from-env");
    CHECK(config.bot.port == 9191);
    CHECK(config.database.path == "/tmp/x.db");
    CHECK(config.whatsapp.graph_base_url == "http://127.0.0.1:9999");
}

TEST_CASE("a bad environment value names the variable and the key") {
    std::string message = error_of(kMinimal, env_of({{"EKEL_BOT_PORT", "eighty"}}));
    CHECK(message == "config/ekelurahan.toml: bot.port must be an integer (from environment variable EKEL_BOT_PORT)");
}

TEST_CASE("every invalid value stops loading with one message naming the file and the key") {
    struct Case {
        std::string extra;
        std::string expected;
    };
    std::vector<Case> cases = {
        {"[bot]\nport = 0\n", "config/ekelurahan.toml: bot.port must be between 1 and 65535"},
        {"[bot]\nport = \"8081\"\n", "config/ekelurahan.toml: bot.port must be an integer"},
        {"[bot]\nprot = 8081\n", "config/ekelurahan.toml: bot.prot is not a known setting"},
        {"[unknown]\nx = 1\n", "config/ekelurahan.toml: unknown is not a known setting"},
        {"[office]\nport = 70000\n", "config/ekelurahan.toml: office.port must be between 1 and 65535"},
        {"[office]\nport = 8081\n", "config/ekelurahan.toml: office.port must differ from bot.port (both are 8081)"},
        {"[whatsapp2]\n", "config/ekelurahan.toml: whatsapp2 is not a known setting"},
        {"[workflow]\nrt_reminder_hours = -4\n",
         "config/ekelurahan.toml: workflow.rt_reminder_hours must be a positive integer (1 to 720)"},
        {"[workflow]\nrt_reminder_hours = 30\nrt_escalation_hours = 24\n",
         "config/ekelurahan.toml: workflow.rt_escalation_hours must be greater than workflow.rt_reminder_hours"},
        {"[workflow]\noffice_days = [\"senin\", \"funday\"]\n",
         "config/ekelurahan.toml: workflow.office_days has \"funday\"; use senin, selasa, rabu, kamis, jumat, sabtu, minggu"},
        {"[workflow]\noffice_opens = \"8 pagi\"\n",
         "config/ekelurahan.toml: workflow.office_opens must be a time like 08:00"},
        {"[workflow]\nholidays = [\"2026-02-30\"]\n",
         "config/ekelurahan.toml: workflow.holidays[0] \"2026-02-30\" must be a date like 2026-12-25"},
        {"[logging]\nlevel = \"loud\"\n",
         "config/ekelurahan.toml: logging.level must be one of trace, debug, info, warn, error"},
        {"[database]\npath = \"\"\n", "config/ekelurahan.toml: database.path must not be empty"},
        {"[letters]\ntypes = \"x\"\n", "config/ekelurahan.toml: letters.types is not a known setting"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.extra);
        CHECK(error_of(std::string(kMinimal) + c.extra) == c.expected);
    }
}

TEST_CASE("whatsapp settings are checked per key") {
    auto with_whatsapp = [](const std::string& lines) {
        std::string text = kMinimal;
        auto at = text.find("[whatsapp]\n") + std::string("[whatsapp]\n").size();
        return text.insert(at, lines);
    };
    CHECK(error_of(with_whatsapp("messages_per_second = 0\n")) ==
          "config/ekelurahan.toml: whatsapp.messages_per_second must be a positive integer (1 to 1000)");
    CHECK(error_of(with_whatsapp("provider = \"twilio\"\n")) ==
          "config/ekelurahan.toml: whatsapp.provider must be \"cloud_api\" or \"sandbox\"");
    CHECK(error_of(with_whatsapp("graph_base_url = \"graph.facebook.com\"\n")) ==
          "config/ekelurahan.toml: whatsapp.graph_base_url must start with http:// or https://");
    CHECK(error_of(with_whatsapp("api_version = \"21\"\n")) ==
          "config/ekelurahan.toml: whatsapp.api_version must look like v21.0");
    CHECK(error_of(with_whatsapp("provider = \"cloud_api\"\naccess_token = \"t\"\n")) ==
          "config/ekelurahan.toml: whatsapp.phone_number_id is required when provider is \"cloud_api\"");
    CHECK(error_of(with_whatsapp("provider = \"cloud_api\"\nphone_number_id = \"1\"\n")) ==
          "config/ekelurahan.toml: whatsapp.access_token is required when provider is \"cloud_api\" (set "
          "EKEL_WHATSAPP_ACCESS_TOKEN)");
}

TEST_CASE("a missing required value is named") {
    std::string text = kMinimal;
    text.replace(text.find("code = \"BLB\"\n"), std::string("code = \"BLB\"\n").size(), "");
    CHECK(error_of(text) == "config/ekelurahan.toml: kelurahan.code is required (a string)");
    CHECK(error_of(std::string(kMinimal) + "[kelurahan2]\n").find("kelurahan2 is not a known setting") !=
          std::string::npos);
}

TEST_CASE("a kelurahan outside Indonesia's four zones is refused") {
    std::string text = kMinimal;
    text.insert(text.find("[whatsapp]"), "timezone = \"Asia/Tokyo\"\n");
    CHECK(error_of(text) ==
          "config/ekelurahan.toml: kelurahan.timezone must be one of Asia/Jakarta, Asia/Pontianak, "
          "Asia/Makassar, Asia/Jayapura");
}

TEST_CASE("a TOML syntax error names the file and the line") {
    std::string message = error_of("[bot]\nport = = 1\n");
    CHECK(message.rfind("config/ekelurahan.toml:2:", 0) == 0);
}

TEST_CASE("a file that is not UTF-8 is refused by the TOML parser, naming the file and the line") {
    // toml++ checks every byte of the file, comments and keys included; line 14 is after [bot].
    struct Case {
        std::string what;
        std::string extra;
    };
    const std::vector<Case> cases = {
        {"a Windows-1252 byte in a string", "[bot]\nbind = \"127.0.0.1\x92\"\n"},
        {"an overlong form in a literal string", "[bot]\nbind = '127.0.0.1\xC0\xAF'\n"},
        {"a surrogate in a key", "[bot]\nbi\xED\xA0\x80nd = \"x\"\n"},
        {"a stray byte in a comment", "[bot]\n# komentar \xFF\nport = 8081\n"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.what);
        const std::string message = error_of(std::string(kMinimal) + c.extra);
        CAPTURE(message);
        CHECK(message.starts_with("config/ekelurahan.toml:14:"));
        CHECK(message.ends_with(": Encountered invalid utf-8 sequence"));
    }
}

TEST_CASE("an environment value that is not UTF-8 names the variable and the key") {
    CHECK(error_of(kMinimal, env_of({{"EKEL_WHATSAPP_APP_SECRET", "rahasia\xFF"}})) ==
          "config/ekelurahan.toml: whatsapp.app_secret is not valid UTF-8 (from environment variable "
          "EKEL_WHATSAPP_APP_SECRET)");
    CHECK(error_of(kMinimal, env_of({{"EKEL_KELURAHAN_NAME", "Belimbing \xC0\xAF"}})) ==
          "config/ekelurahan.toml: kelurahan.name is not valid UTF-8 (from environment variable EKEL_KELURAHAN_NAME)");
    CHECK(error_of(kMinimal, env_of({{"EKEL_BOT_PORT", "80\x92"}})) ==
          "config/ekelurahan.toml: bot.port is not valid UTF-8 (from environment variable EKEL_BOT_PORT)");
}

TEST_CASE("without [[signer]] the lurah of [kelurahan] signs; with it, the lurah's entry takes name and NIP from there") {
    Config minimal = parse_config(kMinimal, "config/ekelurahan.toml", no_environment());
    REQUIRE(minimal.signers.size() == 1);
    CHECK(minimal.signers[0].key == "lurah");
    CHECK(minimal.signers[0].name == "Lurah Contoh");
    CHECK(minimal.signers[0].position == "Lurah Belimbing");
    CHECK_FALSE(minimal.signers[0].on_behalf);

    Config shipped = load_config(test::repo_path("config/ekelurahan.toml"), no_environment());
    REQUIRE(shipped.signers.size() == 2);
    CHECK(shipped.signers[0].name == shipped.kelurahan.lurah_name);
    CHECK(shipped.signers[0].nip == shipped.kelurahan.lurah_nip);
    const Signer* sekretaris = find_signer(shipped, "sekretaris");
    REQUIRE(sekretaris != nullptr);
    CHECK(sekretaris->on_behalf);
    CHECK(sekretaris->position == "Sekretaris Kelurahan");
    CHECK(find_signer(shipped, "bendahara") == nullptr);
}

TEST_CASE("a bad [[signer]] names its index and key") {
    const std::string sekretaris = "\n[[signer]]\nkey = \"sekretaris\"\nposition = \"Sekretaris Kelurahan\"\n";
    CHECK(error_of(std::string(kMinimal) + sekretaris) ==
          "config/ekelurahan.toml: signer[0].name is required (a string)");
    CHECK(error_of(std::string(kMinimal) + sekretaris + "name = \"A\"\nnip = \"123\"\n") ==
          "config/ekelurahan.toml: signer[0].nip must be an 18-digit NIP (spaces allowed)");
    CHECK(error_of(std::string(kMinimal) + sekretaris + "name = \"A\"\n" + sekretaris + "name = \"B\"\n") ==
          "config/ekelurahan.toml: signer[1].key \"sekretaris\" is used by an earlier [[signer]]");
    CHECK(error_of(std::string(kMinimal) + "\n[[signer]]\nkey = \"lurah\"\non_behalf = true\n") ==
          "config/ekelurahan.toml: signer[0].on_behalf cannot be true for the lurah, who signs in person");
    CHECK(error_of(std::string(kMinimal) + "\n[[signer]]\nkey = \"Sekretaris Kel\"\nname = \"A\"\nposition = \"B\"\n")
              .find("signer[0].key must be lower case") != std::string::npos);
}

TEST_CASE("a letter type's signer must be one of the configuration's signers") {
    Config config = load_config(test::repo_path("config/ekelurahan.toml"), no_environment());
    LetterCatalog catalog = load_letter_types(test::repo_path("config/letter_types.toml"));
    CHECK_NOTHROW(check_letter_signers(catalog, config));
    catalog.types[1].signer = "bendahara";
    try {
        check_letter_signers(catalog, config);
        FAIL("an unknown signer was accepted");
    } catch (const ConfigError& e) {
        CHECK(std::string(e.what()) == test::repo_path("config/letter_types.toml") +
                                           ": letter_type[1].signer \"bendahara\" is not a [[signer]] key of " +
                                           config.source + " (known: lurah, sekretaris)");
    }
}

TEST_CASE("a missing configuration file is named") {
    try {
        load_config("/nonexistent/ekel.toml", no_environment());
        FAIL("expected ConfigError");
    } catch (const ConfigError& e) {
        CHECK(std::string(e.what()) == "/nonexistent/ekel.toml: cannot be read (missing file or no permission)");
    }
}

TEST_SUITE_END();
