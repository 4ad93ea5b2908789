#include "shared/config/city_config.h"

#include <toml++/toml.h>

#include <algorithm>
#include <array>
#include <filesystem>
#include <regex>
#include <set>

#include "shared/config/config_error.h"
#include "shared/util/text.h"

namespace ekel::config {

namespace {

// What a kelurahan's profile file may set; the rest (servers, database, WhatsApp, signing
// method) is the city's and written once in the city file.
constexpr std::array<std::string_view, 5> kProfileSections = {"kelurahan", "signer", "workflow", "collection",
                                                              "letters"};
// Set by the city file's [[kelurahan]] entry and [kota]; a profile may repeat them only unchanged.
constexpr std::array<std::string_view, 6> kEntryKeys = {"code", "name", "kecamatan", "region_code", "kota",
                                                        "provinsi"};

std::string required(TomlReader& table, const std::string& key) {
    std::string value(trim(table.string(key)));
    if (value.empty()) table.fail(key, "must not be empty");
    return value;
}

/// Lays `top` over `base`: tables merge key by key, anything else replaces.
void overlay(toml::table& base, const toml::table& top) {
    for (auto&& [key, node] : top) {
        toml::node* into = base.get(key);
        if (into && into->is_table() && node.is_table()) {
            overlay(*into->as_table(), *node.as_table());
        } else {
            base.insert_or_assign(key, node);
        }
    }
}

toml::table& section_of(toml::table& root, std::string_view name) {
    if (!root.contains(name)) root.insert(name, toml::table{});
    auto* table = root.get(name)->as_table();
    if (!table) throw ConfigError(std::string(name) + " must be a section ([" + std::string(name) + "])");
    return *table;
}

bool is_host_name(const std::string& text) {
    static const std::regex pattern("^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$");
    return text.size() <= 253 && std::regex_match(text, pattern);
}

/// "http://localhost:8080/x" with its host replaced: "http://blb.localhost:8080/x".
std::string with_host(const std::string& url, const std::string& host) {
    const auto scheme_end = url.find("://");
    if (scheme_end == std::string::npos) return url;
    const auto host_start = scheme_end + 3;
    const auto host_end = url.find_first_of(":/", host_start);
    return url.substr(0, host_start) + host + (host_end == std::string::npos ? "" : url.substr(host_end));
}

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
    return text;
}

/// The profile file, with the keys the city decides checked and then set from the entry.
toml::table read_profile(const std::string& path, TomlReader& entry, const toml::table& entry_values) {
    auto profile = parse_toml(read_config_file(path), path);
    for (auto&& [key, node] : *profile) {
        if (std::find(kProfileSections.begin(), kProfileSections.end(), key.str()) == kProfileSections.end()) {
            throw ConfigError(path + ": " + std::string(key.str()) +
                              " belongs in the city file, not in a kelurahan's profile (a profile has [kelurahan], "
                              "[[signer]], [workflow], [collection] and [letters])");
        }
    }
    toml::table& kelurahan = section_of(*profile, "kelurahan");
    for (auto name : kEntryKeys) {
        const toml::node* given = kelurahan.get(name);
        const toml::node* decided = entry_values.get(name);
        if (given && decided && given->value<std::string>() != decided->value<std::string>()) {
            throw ConfigError(path + ": kelurahan." + std::string(name) + " \"" +
                              given->value<std::string>().value_or("") + "\" differs from " +
                              entry.path_of(std::string(name)) + " \"" + decided->value<std::string>().value_or("") +
                              "\" in the city file; write it once, in the city file");
        }
        if (decided) kelurahan.insert_or_assign(name, *decided);
    }
    return std::move(*profile);
}

/// City holidays stay holidays in every kelurahan; a profile's own are added to them.
void join_holidays(toml::table& merged, const toml::array* city_holidays) {
    if (!city_holidays) return;
    toml::table& workflow = section_of(merged, "workflow");
    auto* own = workflow.get_as<toml::array>("holidays");
    if (!own) return;  // the city's array is already there
    std::set<std::string> seen;
    for (auto&& day : *own) seen.insert(day.value<std::string>().value_or(""));
    for (auto&& day : *city_holidays) {
        if (seen.insert(day.value<std::string>().value_or("")).second) own->push_back(day);
    }
}

}  // namespace

const CityKelurahan* CityConfig::find(std::string_view code) const {
    for (const auto& k : kelurahan) {
        if (k.code == code) return &k;
    }
    return nullptr;
}

const CityKelurahan* CityConfig::by_host(std::string_view host_name) const {
    for (const auto& k : kelurahan) {
        if (k.host == host_name) return &k;
    }
    return nullptr;
}

const CityKelurahan* CityConfig::by_phone_number_id(std::string_view phone_number_id) const {
    if (routing != WhatsAppRouting::per_kelurahan || phone_number_id.empty()) return nullptr;
    for (const auto& k : kelurahan) {
        if (k.config.whatsapp.phone_number_id == phone_number_id) return &k;
    }
    return nullptr;
}

bool is_city_config(const std::string& path) {
    return parse_toml(read_config_file(path), path)->contains("kota");
}

CityConfig parse_city_config(const std::string& text, const std::string& source, const EnvLookup& env) {
    auto document = parse_toml(text, source);
    TomlReader root = TomlReader::of(document, source, env);
    CityConfig city;
    city.source = source;

    TomlReader kota = root.section("kota");
    city.name = required(kota, "name");
    city.provinsi = required(kota, "provinsi");
    city.host = lower(required(kota, "host"));
    if (!is_host_name(city.host)) kota.fail("host", "must be a host name like layanan.bontangkota.go.id");
    const std::string routing = kota.string("whatsapp_routing", "per_kelurahan");
    if (routing == "per_kelurahan") {
        city.routing = WhatsAppRouting::per_kelurahan;
    } else if (routing == "city_number") {
        city.routing = WhatsAppRouting::city_number;
    } else {
        kota.fail("whatsapp_routing", "must be \"per_kelurahan\" (a number each) or \"city_number\" (one number)");
    }
    const std::filesystem::path database_dir = required(kota, "database_dir");
    // On PostgreSQL every kelurahan and the city name a database of their own, as on SQLite.
    const std::string city_database_url = kota.string("database_url", "");
    if (env && env("EKEL_DATABASE_URL")) {
        throw ConfigError(source + ": EKEL_DATABASE_URL would give every kelurahan the same database; in a city each "
                                   "[[kelurahan]] names its own database_url, and [kota] the city's");
    }
    if (city.routing == WhatsAppRouting::per_kelurahan && env && env("EKEL_WHATSAPP_PHONE_NUMBER_ID")) {
        throw ConfigError(source + ": EKEL_WHATSAPP_PHONE_NUMBER_ID would give every kelurahan the same number; with "
                                   "kota.whatsapp_routing \"per_kelurahan\" each [[kelurahan]] names its phone_number_id");
    }
    kota.finish();
    if (document->contains("signer")) {
        root.fail("signer", "belongs in each kelurahan's profile file: every kelurahan has its own signers");
    }

    toml::table base = *document;
    base.erase("kota");
    base.erase("kelurahan");
    const toml::array* city_holidays = nullptr;
    if (auto* workflow = base.get_as<toml::table>("workflow")) city_holidays = workflow->get_as<toml::array>("holidays");
    const std::filesystem::path backup_dir = base["database"]["backup_dir"].value<std::string>().value_or("");
    if (base["database"]["url"]) {
        root.fail("database.url", "would give every kelurahan the same database; in a city each [[kelurahan]] names "
                                  "its own database_url, and [kota] the city's");
    }
    const std::string city_url =
        base["office"]["public_url"].value<std::string>().value_or("http://" + city.host + ":8080");

    auto entries = root.tables("kelurahan");
    if (entries.empty()) root.fail("kelurahan", "is missing: a city file names its kelurahan in [[kelurahan]] entries");
    static const std::regex code_pattern("^[A-Z]{2,6}$");
    static const std::regex region_pattern("^[0-9]{10}$");
    std::set<std::string> codes, hosts, numbers, databases;
    for (auto& entry : entries) {
        CityKelurahan k;
        toml::table decided;
        k.code = required(entry, "code");
        if (!std::regex_match(k.code, code_pattern)) {
            entry.fail("code", "must be 2 to 6 capital letters (used in request codes such as BLB-2611-0042)");
        }
        if (!codes.insert(k.code).second) entry.fail("code", "\"" + k.code + "\" is used by an earlier [[kelurahan]]");
        k.name = required(entry, "name");
        k.kecamatan = required(entry, "kecamatan");
        const std::string region_code = required(entry, "region_code");
        if (!std::regex_match(region_code, region_pattern)) {
            entry.fail("region_code", "must be the 10-digit Kemendagri code without dots (e.g. 6474031001)");
        }
        decided.insert("code", k.code);
        decided.insert("name", k.name);
        decided.insert("kecamatan", k.kecamatan);
        decided.insert("region_code", region_code);
        decided.insert("kota", city.name);
        decided.insert("provinsi", city.provinsi);
        k.profile = required(entry, "profile");
        k.host = lower(entry.string("host", lower(k.code) + "." + city.host));
        if (!is_host_name(k.host)) entry.fail("host", "must be a host name like blb.layanan.bontangkota.go.id");
        if (k.host == city.host || !hosts.insert(k.host).second) {
            entry.fail("host", "\"" + k.host + "\" is already the city's or an earlier kelurahan's");
        }
        const std::string number = entry.string("phone_number_id", "");
        if (city.routing == WhatsAppRouting::per_kelurahan) {
            if (number.empty()) entry.fail("phone_number_id", "is required: kota.whatsapp_routing is \"per_kelurahan\"");
            if (!numbers.insert(number).second) entry.fail("phone_number_id", "is an earlier kelurahan's number");
        } else if (!number.empty()) {
            entry.fail("phone_number_id", "must be left out: kota.whatsapp_routing is \"city_number\" (the city's "
                                          "number is whatsapp.phone_number_id)");
        }
        const std::string database =
            entry.string("database", (database_dir / lower(k.code) / "ekelurahan.db").string());
        if (!databases.insert(database).second) entry.fail("database", "is an earlier kelurahan's database");
        const std::string database_url = entry.string("database_url", "");
        if (!database_url.empty() && (database_url == city_database_url || !databases.insert(database_url).second)) {
            entry.fail("database_url", "is the city's or an earlier kelurahan's database");
        }
        const std::string public_url = entry.string("public_url", with_host(city_url, k.host));
        entry.finish();

        toml::table merged = base;
        overlay(merged, read_profile(k.profile, entry, decided));
        join_holidays(merged, city_holidays);
        section_of(merged, "database").insert_or_assign("path", database);
        if (!database_url.empty()) section_of(merged, "database").insert_or_assign("url", database_url);
        if (!backup_dir.empty()) {  // one directory of backups per database, so none replaces another's
            section_of(merged, "database").insert_or_assign("backup_dir", (backup_dir / lower(k.code)).string());
        }
        section_of(merged, "office").insert_or_assign("public_url", public_url);
        if (city.routing == WhatsAppRouting::per_kelurahan) {
            section_of(merged, "whatsapp").insert_or_assign("phone_number_id", number);
        }
        auto merged_document = std::make_shared<const toml::table>(std::move(merged));
        k.config = read_config(TomlReader::of(merged_document, k.profile + " (with " + source + ")", env), k.code);
        if (std::find(city.kecamatan.begin(), city.kecamatan.end(), k.kecamatan) == city.kecamatan.end()) {
            city.kecamatan.push_back(k.kecamatan);
        }
        city.kelurahan.push_back(std::move(k));
    }

    // The city's own site shares the servers and settings; it has its own database and no letters.
    city.city = city.kelurahan.front().config;
    city.city.tenant.clear();
    city.city.city_site = true;
    city.city.source = source;
    city.city.database.path = (database_dir / "kota" / "kota.db").string();
    city.city.database.url = city_database_url;
    if (!backup_dir.empty()) city.city.database.backup_dir = (backup_dir / "kota").string();
    city.city.office.public_url = city_url;
    city.city.kelurahan.name = city.name;
    city.city.kelurahan.code = "KOTA";
    city.city.kelurahan.kecamatan.clear();
    if (city.routing == WhatsAppRouting::city_number) {
        // One number's send limit is shared by every kelurahan's sender and the city's.
        const int share = std::max(1, city.city.whatsapp.messages_per_second /
                                          static_cast<int>(city.kelurahan.size() + 1));
        for (auto& k : city.kelurahan) k.config.whatsapp.messages_per_second = share;
        city.city.whatsapp.messages_per_second = share;
    }
    return city;
}

CityConfig load_city_config(const std::string& path, const EnvLookup& env) {
    return parse_city_config(read_config_file(path), path, env);
}

}  // namespace ekel::config
