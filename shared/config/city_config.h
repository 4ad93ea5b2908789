#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "shared/config/config.h"

namespace ekel::config {

/// How citizens' WhatsApp messages find their kelurahan in a city deployment.
enum class WhatsAppRouting {
    per_kelurahan,  ///< each kelurahan has its own number; the envelope's phone_number_id decides
    city_number,    ///< one city number; the citizen's registry entry decides, newcomers are asked
};

/// One kelurahan of a city deployment ([[kelurahan]] in the city file).
struct CityKelurahan {
    std::string code;       ///< as KelurahanProfile::code: BLB
    std::string name;
    std::string kecamatan;
    std::string host;       ///< its back office's host name, e.g. blb.layanan.bontangkota.go.id
    std::string profile;    ///< its own file: [kelurahan], [[signer]], office hours …
    /// Its whole configuration: the city file with the profile laid over it, its own database
    /// (database_dir/<code>/ekelurahan.db unless `database` names one, e.g. after an upgrade).
    Config config;
};

/// A city deployment: the kelurahan it serves, each with its own database, and the city's own
/// site (kecamatan and city accounts, the city view, newcomers on the city number).
struct CityConfig {
    std::string source;
    std::string name;      ///< the kota: Bontang
    std::string provinsi;
    std::string host;      ///< the city's own pages; kelurahan default to <code>.<host>
    WhatsAppRouting routing = WhatsAppRouting::per_kelurahan;
    /// The city's own site: the shared settings of the city file with the city's database
    /// (database_dir/kota/kota.db) and the city as its "kelurahan" name on pages.
    Config city;
    std::vector<CityKelurahan> kelurahan;
    std::vector<std::string> kecamatan;  ///< in order of first appearance

    const CityKelurahan* find(std::string_view code) const;
    /// The kelurahan whose host `host` (without a port) is; nullptr for any other host.
    const CityKelurahan* by_host(std::string_view host_name) const;
    /// per_kelurahan routing: the kelurahan whose number `phone_number_id` is.
    const CityKelurahan* by_phone_number_id(std::string_view phone_number_id) const;
};

/// Whether the TOML file at `path` is a city file (it has a [kota] section).
bool is_city_config(const std::string& path);

/// Loads a city file and every kelurahan's profile with the same strict checks as load_config.
/// Throws ConfigError with one line naming the file and the key.
CityConfig load_city_config(const std::string& path, const EnvLookup& env);

/// The same from text; profiles are still read from their files (tests).
CityConfig parse_city_config(const std::string& text, const std::string& source, const EnvLookup& env);

}  // namespace ekel::config
