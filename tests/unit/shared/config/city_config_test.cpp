#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <string>

#include "shared/config/city_config.h"
#include "shared/config/config_error.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_config.h"

TEST_SUITE_BEGIN("city config");

using namespace ekel;
using namespace ekel::config;

namespace {

const char* kProfile = R"(
[kelurahan]
address = "Jl. Contoh 1"
lurah_name = "Lurah Contoh"
)";

struct CityFiles {
    test::TempDir dir;
    std::string alpha = dir.write("alpha.toml", kProfile);
    std::string beta = dir.write("beta.toml", kProfile);

    std::string city(const std::string& routing, const std::string& extra_alpha = "",
                     const std::string& top = "") const {
        return top + R"(
[whatsapp]
verify_token = "v"
app_secret = "s"

[workflow]
holidays = ["2026-12-25"]

[kota]
name = "Bontang"
provinsi = "Kalimantan Timur"
host = "layanan.example.go.id"
whatsapp_routing = ")" + routing + R"("
database_dir = ")" + dir.path().string() + R"("

[[kelurahan]]
code = "ALF"
name = "Alfa"
kecamatan = "Barat"
region_code = "6474031001"
profile = ")" + alpha + "\"\n" + extra_alpha + R"(

[[kelurahan]]
code = "BET"
name = "Beta"
kecamatan = "Utara"
region_code = "6474021001"
profile = ")" + beta + "\"\n" + (routing == "per_kelurahan" ? "phone_number_id = \"222\"\n" : "");
    }
};

std::string error_of(const std::string& text, const std::string& source, EnvLookup env = no_environment()) {
    try {
        parse_city_config(text, source, env);
    } catch (const ConfigError& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST_CASE("a city file gives each kelurahan its own database, host, number and code, and the city its own site") {
    CityFiles files;
    const CityConfig city =
        parse_city_config(files.city("per_kelurahan", "phone_number_id = \"111\"\n"), "kota.toml", no_environment());
    REQUIRE(city.kelurahan.size() == 2);
    const auto& alfa = city.kelurahan[0];
    CHECK(alfa.config.kelurahan.code == "ALF");
    CHECK(alfa.config.kelurahan.name == "Alfa");
    CHECK(alfa.config.kelurahan.kecamatan == "Barat");
    CHECK(alfa.config.kelurahan.kota == "Bontang");
    CHECK(alfa.config.tenant == "ALF");
    CHECK(alfa.host == "alf.layanan.example.go.id");
    CHECK(alfa.config.database.path == (files.dir.path() / "alf" / "ekelurahan.db").string());
    CHECK(city.kelurahan[1].config.database.path == (files.dir.path() / "bet" / "ekelurahan.db").string());
    CHECK(alfa.config.whatsapp.phone_number_id == "111");
    CHECK(city.by_phone_number_id("222") == &city.kelurahan[1]);
    CHECK(city.by_host("alf.layanan.example.go.id") == &alfa);
    CHECK(city.by_host("layanan.example.go.id") == nullptr);
    CHECK(city.kecamatan == std::vector<std::string>{"Barat", "Utara"});
    CHECK(city.city.city_site);
    CHECK(city.city.database.path == (files.dir.path() / "kota" / "kota.db").string());
    // Each lurah's key password is their own.
    CHECK(alfa.config.signers.front().password_variable == "EKEL_SIGNER_ALF_LURAH_PASSWORD");
}

TEST_CASE("a kelurahan's profile adds its own holidays to the city's and may change its office hours") {
    CityFiles files;
    files.dir.write("alpha.toml", std::string(kProfile) + "\n[workflow]\nholidays = [\"2026-12-01\"]\noffice_closes = \"15:00\"\n");
    const CityConfig city = parse_city_config(files.city("city_number"), "kota.toml", no_environment());
    auto holidays = city.kelurahan[0].config.workflow.holidays;
    std::sort(holidays.begin(), holidays.end());
    CHECK(holidays == std::vector<std::string>{"2026-12-01", "2026-12-25"});
    CHECK(city.kelurahan[0].config.workflow.office_closes == "15:00");
    CHECK(city.kelurahan[1].config.workflow.holidays == std::vector<std::string>{"2026-12-25"});
    CHECK(city.kelurahan[1].config.workflow.office_closes == "16:00");
}

TEST_CASE("a city file is refused with the key that is wrong") {
    CityFiles files;
    SUBCASE("a number each needs every kelurahan's number") {
        CHECK(error_of(files.city("per_kelurahan"), "kota.toml").find("kelurahan[0].phone_number_id is required") !=
              std::string::npos);
    }
    SUBCASE("one city number forbids a kelurahan's own") {
        CHECK(error_of(files.city("city_number", "phone_number_id = \"111\"\n"), "kota.toml")
                  .find("phone_number_id must be left out") != std::string::npos);
    }
    SUBCASE("routing is one of two words") {
        CHECK(error_of(files.city("round_robin"), "kota.toml").find("kota.whatsapp_routing must be") != std::string::npos);
    }
    SUBCASE("a profile may not say it is another kelurahan") {
        files.dir.write("alpha.toml", std::string(kProfile) + "code = \"XYZ\"\n");
        const auto error = error_of(files.city("city_number"), "kota.toml");
        CHECK(error.find("kelurahan.code \"XYZ\" differs from") != std::string::npos);
        CHECK(error.find(files.alpha) != std::string::npos);
    }
    SUBCASE("a profile may not hold the city's settings") {
        files.dir.write("alpha.toml", std::string(kProfile) + "\n[whatsapp]\naccess_token = \"x\"\n");
        CHECK(error_of(files.city("city_number"), "kota.toml").find("whatsapp belongs in the city file") !=
              std::string::npos);
    }
    SUBCASE("signers belong to kelurahan") {
        CHECK(error_of(files.city("city_number", "", "[[signer]]\nkey = \"lurah\"\n"), "kota.toml")
                  .find("signer belongs in each kelurahan's profile") != std::string::npos);
    }
    SUBCASE("two kelurahan cannot share a code") {
        std::string text = files.city("city_number");
        text.replace(text.find("code = \"BET\""), 12, "code = \"ALF\"");
        CHECK(error_of(text, "kota.toml").find("\"ALF\" is used by an earlier [[kelurahan]]") != std::string::npos);
    }
    SUBCASE("one number from the environment for every kelurahan is refused") {
        auto env = [](const std::string& name) -> std::optional<std::string> {
            if (name == "EKEL_WHATSAPP_PHONE_NUMBER_ID") return std::string("999");
            return std::nullopt;
        };
        CHECK(error_of(files.city("per_kelurahan", "phone_number_id = \"111\"\n"), "kota.toml", env)
                  .find("EKEL_WHATSAPP_PHONE_NUMBER_ID") != std::string::npos);
    }
    SUBCASE("a mistake in a profile names the profile") {
        files.dir.write("alpha.toml", "[kelurahan]\naddress = \"Jl. Contoh\"\n");
        CHECK(error_of(files.city("city_number"), "kota.toml").find(files.alpha + " (with kota.toml): kelurahan.lurah_name") !=
              std::string::npos);
    }
}

TEST_CASE("the demo city's profiles read as kelurahan of one city number") {
    test::TempDir dir;
    const CityConfig city = test::test_city_config(dir, WhatsAppRouting::city_number);
    CHECK(city.kecamatan == std::vector<std::string>{"Bontang Barat", "Bontang Utara"});
    CHECK(city.kelurahan.front().config.whatsapp.phone_number_id == "PNID-KOTA");
}

TEST_SUITE_END();
