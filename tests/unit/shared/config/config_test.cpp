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
    Config config = load_config(test::repo_path("config/ekelurahan.toml"), test::repo_environment());
    CHECK(config.bot.port == 8081);
    CHECK(config.office.port == 8080);
    CHECK(config.database.path == "var/ekelurahan.db");
    CHECK(config.whatsapp.provider == "sandbox");
    CHECK(config.whatsapp.graph_base_url == "https://graph.facebook.com");
    CHECK(config.kelurahan.code == "BLB");
    CHECK(config.kelurahan.timezone == "Asia/Makassar");
    CHECK(config.kelurahan.utc_offset_minutes == 480);
    CHECK(config.workflow.office_days == std::vector<int>{1, 2, 3, 4, 5});
    // The placeholder emblem, read once, and Bontang's breaks: lunch daily, Friday prayers.
    REQUIRE(config.kelurahan.logo_png);
    CHECK(config.kelurahan.logo_png->starts_with("\x89PNG"));
    CHECK(config.kelurahan.website == "belimbing.example.go.id");
    REQUIRE(config.collection.breaks.size() == 2);
    CHECK(config.collection.breaks[0].iso_weekday == 0);
    CHECK(config.collection.breaks[0].starts_minute == 12 * 60);
    CHECK(config.collection.breaks[0].ends_minute == 13 * 60);
    CHECK(config.collection.breaks[1].iso_weekday == 5);
    CHECK(config.collection.breaks[1].starts_minute == 11 * 60 + 30);
    CHECK(config.collection.breaks[1].ends_minute == 13 * 60 + 30);
}

TEST_CASE("a minimal file takes defaults for every optional key") {
    Config config = parse_config(kMinimal, "test.toml", no_environment());
    CHECK(config.bot.bind == "127.0.0.1");
    CHECK(config.bot.port == 8081);
    CHECK(config.office.port == 8080);
    CHECK(config.whatsapp.messages_per_second == 20);
    CHECK(config.kelurahan.unit_code == "KEL-BLB");
    CHECK(config.workflow.rt_reminder_hours == 8);
    CHECK_FALSE(config.kelurahan.logo_png);  // no logo unless one is named
    CHECK(config.kelurahan.website.empty());
    CHECK(config.collection.breaks.size() == 2);  // lunch and Friday prayers unless told otherwise
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

TEST_CASE("the letterhead logo must be a PNG file of sensible size, and errors name kelurahan.logo") {
    test::TempDir dir;
    auto with_logo = [](const std::string& path) {
        std::string text = kMinimal;
        return text.insert(text.find("[whatsapp]"), "logo = \"" + path + "\"\n");
    };
    const std::string prefix = "config/ekelurahan.toml: kelurahan.logo \"";
    const std::string missing = dir.file("nope.png");
    CHECK(error_of(with_logo(missing)) ==
          prefix + missing +
              "\" is not a file (the path of a PNG image, relative to the working directory; empty for no logo)");
    const std::string folder = dir.path().string();
    CHECK(error_of(with_logo(folder)) ==
          prefix + folder +
              "\" is not a file (the path of a PNG image, relative to the working directory; empty for no logo)");

    const std::string jpeg = dir.write("logo.png", std::string("\xFF\xD8\xFF\xE0\x00\x10JFIF\x00", 11) + std::string(100, 'x'));
    CHECK(error_of(with_logo(jpeg)) == prefix + jpeg + "\" is not a PNG image (save the logo as PNG)");
    const std::string empty = dir.write("empty.png", "");
    CHECK(error_of(with_logo(empty)) == prefix + empty + "\" is not a PNG image (save the logo as PNG)");

    // A real PNG header with other dimensions: the emblem's IHDR with width and height patched.
    std::string png = *parse_config(with_logo(test::repo_path("config/emblem.png")), "t", no_environment())
                           .kelurahan.logo_png;
    auto with_size = [&](std::uint32_t width, std::uint32_t height) {
        std::string patched = png;
        for (int i = 0; i < 4; ++i) {
            patched[16 + i] = static_cast<char>((width >> (24 - 8 * i)) & 0xFF);
            patched[20 + i] = static_cast<char>((height >> (24 - 8 * i)) & 0xFF);
        }
        return dir.write("sized.png", patched);
    };
    const std::string tiny = with_size(16, 20);
    CHECK(error_of(with_logo(tiny)) ==
          prefix + tiny + "\" is 16x20 pixels; use 32 to 1200 pixels on each side (about 300 pixels high prints sharply)");
    const std::string huge = with_size(3000, 3000);
    CHECK(error_of(with_logo(huge)) ==
          prefix + huge + "\" is 3000x3000 pixels; use 32 to 1200 pixels on each side (about 300 pixels high prints sharply)");
    const std::string banner = with_size(1000, 200);
    CHECK(error_of(with_logo(banner)) == prefix + banner +
                                             "\" is 1000x200 pixels; a letterhead logo may be at most three times as "
                                             "wide as high or as high as wide");
    const std::string heavy = dir.write("heavy.png", png + std::string(2u << 20, '\0'));
    CHECK(error_of(with_logo(heavy)) == prefix + heavy + "\" is larger than 1 MB; save the logo at about 300 pixels high");

    CHECK_FALSE(parse_config(with_logo(""), "t", no_environment()).kelurahan.logo_png);  // "" prints none
}

TEST_CASE("phone, email and website for the letterhead are checked; empty ones are allowed") {
    auto with_line = [](const std::string& line) {
        std::string text = kMinimal;
        return text.insert(text.find("[whatsapp]"), line + "\n");
    };
    CHECK(error_of(with_line("website = \"kelurahan belimbing\"")) ==
          "config/ekelurahan.toml: kelurahan.website must be a web address like belimbing.bontangkota.go.id (no "
          "spaces)");
    CHECK(error_of(with_line("email = \"kel.belimbing\"")) ==
          "config/ekelurahan.toml: kelurahan.email must be an e-mail address like kel.belimbing@bontangkota.go.id");
    CHECK(error_of(with_line("phone = \"telp kantor\"")) ==
          "config/ekelurahan.toml: kelurahan.phone must be a telephone number like (0548) 21234");
    Config config = parse_config(
        with_line("website = \"https://belimbing.bontangkota.go.id/layanan\"\nphone = \"+62 548 21234\"\nemail = \"\""),
        "t", no_environment());
    CHECK(config.kelurahan.website == "https://belimbing.bontangkota.go.id/layanan");
    CHECK(config.kelurahan.phone == "+62 548 21234");
    CHECK(config.kelurahan.email.empty());
}

TEST_CASE("collection breaks are read per office day or for one day, and each bad entry is named") {
    auto with_breaks = [](const std::string& list) { return std::string(kMinimal) + "[collection]\nbreaks = " + list + "\n"; };
    Config config = parse_config(with_breaks(R"(["12:00-13:00", "Jumat 11:30 - 13:30", "rabu 08:00-09:00"])"), "t",
                                 no_environment());
    REQUIRE(config.collection.breaks.size() == 3);
    CHECK(config.collection.breaks[1].iso_weekday == 5);
    CHECK(config.collection.breaks[1].starts_minute == 690);
    CHECK(config.collection.breaks[1].ends_minute == 810);
    CHECK(config.collection.breaks[2].iso_weekday == 3);
    CHECK(parse_config(with_breaks("[]"), "t", no_environment()).collection.breaks.empty());

    const std::string format = " must look like \"12:00-13:00\" (every office day) or \"jumat 11:30-13:30\" (one day)";
    struct Case {
        std::string list;
        std::string expected;
    };
    const std::vector<Case> cases = {
        {R"(["12.00-13.00"])", "collection.breaks[0] \"12.00-13.00\"" + format},
        {R"(["12:00-13:00", "jumat"])", "collection.breaks[1] \"jumat\"" + format},
        {R"(["12:00-25:00"])", "collection.breaks[0] \"12:00-25:00\"" + format},
        {R"(["jum'at 11:30-13:30"])",
         "collection.breaks[0] \"jum'at 11:30-13:30\" names the day \"jum'at\"; use senin, selasa, rabu, kamis, "
         "jumat, sabtu or minggu"},
        {R"(["sabtu 11:00-12:00"])",
         "collection.breaks[0] \"sabtu 11:00-12:00\" falls on sabtu, which is not one of workflow.office_days"},
        {R"(["13:00-12:00"])", "collection.breaks[0] \"13:00-12:00\" must end after it starts"},
        {R"(["07:00-08:30"])",
         "collection.breaks[0] \"07:00-08:30\" must lie within office hours (workflow.office_opens to "
         "workflow.office_closes)"},
        {R"("12:00-13:00")", "collection.breaks must be a list of strings"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.list);
        CHECK(error_of(with_breaks(c.list)) == "config/ekelurahan.toml: " + c.expected);
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

    Config shipped = load_config(test::repo_path("config/ekelurahan.toml"), test::repo_environment());
    REQUIRE(shipped.signers.size() == 2);
    CHECK(shipped.signers[0].name == shipped.kelurahan.lurah_name);
    CHECK(shipped.signers[0].nip == shipped.kelurahan.lurah_nip);
    const Signer* sekretaris = find_signer(shipped, "sekretaris");
    REQUIRE(sekretaris != nullptr);
    CHECK(sekretaris->on_behalf);
    CHECK(sekretaris->position == "Sekretaris Kelurahan");
    CHECK(find_signer(shipped, "bendahara") == nullptr);
}

TEST_CASE("a local signer's key file defaults to signing/<key>.p12 beside the database; its password comes from the environment") {
    Config minimal = parse_config(kMinimal, "config/ekelurahan.toml",
                                  env_of({{"EKEL_DATABASE_PATH", "/srv/ekel/data.db"},
                                          {"EKEL_SIGNER_LURAH_PASSWORD", "kata-sandi-kunci"}}));
    CHECK(minimal.signing.method == "local");
    CHECK(minimal.signers[0].pkcs12 == "/srv/ekel/signing/lurah.p12");
    CHECK(minimal.signers[0].pkcs12_password == "kata-sandi-kunci");

    Config named = parse_config(std::string(kMinimal) +
                                    "\n[[signer]]\nkey = \"sekretaris\"\nname = \"A\"\nposition = \"B\"\n"
                                    "pkcs12 = \"/etc/ekel/sekretaris.p12\"\n",
                                "config/ekelurahan.toml", env_of({{"EKEL_SIGNER_SEKRETARIS_PASSWORD", "rahasia-12345"}}));
    CHECK(named.signers[0].pkcs12 == "/etc/ekel/sekretaris.p12");
    CHECK(named.signers[0].pkcs12_password == "rahasia-12345");
    CHECK(signer_password_variable("sekretaris_2") == "EKEL_SIGNER_SEKRETARIS_2_PASSWORD");
}

TEST_CASE("signing with BSrE needs the service's address, its credentials and each signer's NIK") {
    const std::string bsre = std::string(kMinimal) +
                             "\n[signing]\nmethod = \"bsre\"\nbsre_url = \"https://esign.example.go.id/\"\n"
                             "bsre_username = \"ekel\"\n";
    const std::string signer = "\n[[signer]]\nkey = \"lurah\"\nnik = \"6474031208800001\"\n";
    CHECK(error_of(bsre + signer) ==
          "config/ekelurahan.toml: signing.bsre_password is required when method is \"bsre\" (set "
          "EKEL_SIGNING_BSRE_PASSWORD)");
    const auto with_secret = env_of({{"EKEL_SIGNING_BSRE_PASSWORD", "rahasia"}});
    Config ok = parse_config(bsre + signer, "config/ekelurahan.toml", with_secret);
    CHECK(ok.signing.bsre_url == "https://esign.example.go.id");
    CHECK(ok.signers[0].nik == "6474031208800001");
    CHECK(error_of(bsre, with_secret) ==
          "config/ekelurahan.toml: signer is required when signing.method is \"bsre\" (each with its nik)");
    CHECK(error_of(bsre + "\n[[signer]]\nkey = \"lurah\"\nnik = \"12345\"\n", with_secret) ==
          "config/ekelurahan.toml: signer[0].nik must be the 16-digit NIK the signer registered at BSrE "
          "(signing.method \"bsre\")");
    CHECK(error_of(std::string(kMinimal) + "\n[signing]\nmethod = \"bsre\"\n", with_secret) ==
          "config/ekelurahan.toml: signing.bsre_url must be the Esign Client Service's address, starting with "
          "https:// (or http:// on a private network)");
    CHECK(error_of(std::string(kMinimal) + "\n[signing]\nmethod = \"tte\"\n") ==
          "config/ekelurahan.toml: signing.method must be \"local\" or \"bsre\"");
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
    Config config = load_config(test::repo_path("config/ekelurahan.toml"), test::repo_environment());
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
