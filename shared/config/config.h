#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "shared/config/toml_reader.h"

namespace ekel::config {

struct KelurahanProfile {
    std::string name = "Belimbing";
    std::string code = "BLB";  ///< short code in public request codes (BLB-2611-0042)
    std::string unit_code = "KEL-BLB";  ///< unit code in letter numbers
    std::string region_code = "6474031001";
    std::string kecamatan = "Bontang Barat";
    std::string kota = "Bontang";
    std::string provinsi = "Kalimantan Timur";
    std::string address;
    std::string phone;    ///< printed under the address on letters; empty: left out
    std::string email;    ///< likewise
    std::string website;  ///< likewise, e.g. "belimbing.bontangkota.go.id"
    /// Path of the logo printed left of the letterhead (a PNG); empty: no logo.
    std::string logo;
    /// The logo's bytes, read and checked once when the configuration is loaded; null without one.
    std::shared_ptr<const std::string> logo_png;
    std::string lurah_name;
    std::string lurah_nip;
    std::vector<std::string> letterhead;
    std::string timezone = "Asia/Makassar";
    int utc_offset_minutes = 480;  ///< derived from timezone (Indonesia has no daylight saving)
};

struct ServerConfig {
    std::string bind = "127.0.0.1";
    int port = 0;
    int threads = 8;
    std::string public_url;  ///< how citizens reach it (verification links), e.g. https://…
    /// Peers whose X-Forwarded-For is believed (the reverse proxy in front); IP literals.
    std::vector<std::string> trusted_proxies;
};

struct DatabaseConfig {
    /// The SQLite file; with `url` set, only the folder beside which letters, media and signing
    /// keys are kept.
    std::string path = "var/ekelurahan.db";
    /// "postgresql://host1:5432,host2:5432/db?target_session_attrs=read-write" selects PostgreSQL
    /// (EKEL_DATABASE_URL wins; the password comes from PGPASSWORD or a .pgpass file, never here).
    std::string url;
    int busy_timeout_ms = 5000;
    std::string backup_dir;  ///< empty: `backups/` beside the database file
    int backup_hour = 2;     ///< local hour of the daily backup made by ekel-office
    int backup_keep = 14;    ///< daily backups kept

    /// What a connection opens: the URL when set, else the SQLite file.
    const std::string& target() const { return url.empty() ? path : url; }
    bool on_postgresql() const { return !url.empty(); }
};

struct WhatsAppConfig {
    std::string provider = "sandbox";  ///< "cloud_api" or "sandbox"
    std::string graph_base_url = "https://graph.facebook.com";
    std::string api_version = "v21.0";
    std::string phone_number_id;
    std::string verify_token;
    std::string app_secret;
    std::string access_token;
    int messages_per_second = 20;
    std::string fallback_template = "pemberitahuan_layanan";  ///< used outside the 24-hour window
    std::string template_language = "id";
};

struct WorkflowConfig {
    int rt_reminder_hours = 8;
    int rt_escalation_hours = 24;
    std::vector<int> office_days = {1, 2, 3, 4, 5};  ///< ISO weekdays, 1 = Monday
    std::string office_opens = "08:00";
    std::string office_closes = "16:00";
    std::vector<std::string> holidays;  ///< ISO dates
    int digest_hour = 7;
    int conversation_idle_minutes = 30;
    int complaint_response_days = 14;  ///< deadline for answering a complaint (pengaduan)
};

/// A pause in collection (lunch, Friday prayers): no slot that overlaps it is offered.
struct CollectionBreak {
    int iso_weekday = 0;    ///< 1 = Monday … 7 = Sunday; 0 on every office day
    int starts_minute = 0;  ///< local minutes after midnight
    int ends_minute = 0;    ///< likewise; after starts_minute
};

/// Collecting the signed original at the office: booked slots instead of a queue.
struct CollectionConfig {
    int slot_minutes = 60;   ///< length of one slot, within office hours
    int slot_capacity = 8;   ///< citizens per slot
    int days_ahead = 10;     ///< office days offered, from today
    int lead_minutes = 60;   ///< the earliest slot starts this long after the letter is issued
    int reminder_hour = 7;   ///< local hour of the reminder on the morning of the slot
    /// Read from entries like "12:00-13:00" (every office day) and "jumat 11:30-13:30".
    std::vector<CollectionBreak> breaks = {{0, 12 * 60, 13 * 60}, {5, 11 * 60 + 30, 13 * 60 + 30}};
};

/// The satisfaction survey (IKM) offered after a letter is collected or delivered.
struct SurveyConfig {
    bool enabled = true;
    int quiet_days = 30;  ///< a phone invited within this many days is not invited again
};

struct LoggingConfig {
    std::string level = "info";
};

/// Someone who may sign letters ([[signer]]). The first one signs when the letter type names
/// no default and staff choose no other.
struct Signer {
    std::string key;       ///< ^[a-z][a-z0-9_]*$: chosen at issue, named by letter types' `signer`
    std::string name;
    std::string nip;       ///< may be empty (not every signer is a civil servant)
    std::string position;  ///< as printed above the signature: "Lurah Belimbing", "Sekretaris Kelurahan"
    bool on_behalf = false;  ///< signs for the lurah: "a.n. Lurah Belimbing" above the position
    /// signing.method "local": the PKCS#12 file with this signer's key and certificate chain, and
    /// its password from EKEL_SIGNER_<KEY>_PASSWORD (empty when that is not set; ekel-office
    /// refuses to start without it).
    std::string pkcs12;
    std::string pkcs12_password;
    std::string password_variable;  ///< where pkcs12_password was read from (signer_password_variable)
    std::string nik;  ///< signing.method "bsre": the signer's NIK registered at BSrE
};

/// How issued letters are signed electronically ([signing]).
struct SigningConfig {
    std::string method = "local";  ///< "local": each signer's PKCS#12 file; "bsre": BSrE's e-sign service
    /// PEM files of certificate authorities the verification page trusts besides the local
    /// signers' own chains (e.g. BSrE's root and intermediate certificates).
    std::vector<std::string> trusted_certificates;
    std::string bsre_url;       ///< the Esign Client Service, e.g. "https://esign.bontangkota.go.id"
    std::string bsre_username;  ///< its client credentials (HTTP Basic)
    std::string bsre_password;  ///< set EKEL_SIGNING_BSRE_PASSWORD
    int bsre_timeout_seconds = 60;
};

/// The whole configuration tree, loaded once in main() and passed down section by section.
struct Config {
    std::string source = "config/ekelurahan.toml";
    /// The kelurahan's code when it is one of a city deployment's (shared/config/city_config.h);
    /// empty for a deployment of one kelurahan.
    std::string tenant;
    /// The city's own site and database (CityConfig::city): accounts above the kelurahan, no letters.
    bool city_site = false;
    KelurahanProfile kelurahan;
    ServerConfig bot{"127.0.0.1", 8081, 8, "", {}};
    ServerConfig office{"127.0.0.1", 8080, 8, "", {}};
    DatabaseConfig database;
    WhatsAppConfig whatsapp;
    WorkflowConfig workflow;
    CollectionConfig collection;
    SurveyConfig survey;
    LoggingConfig logging;
    std::vector<Signer> signers;  ///< never empty: without [[signer]], the lurah of [kelurahan]
    SigningConfig signing;
    std::string letter_types_path = "config/letter_types.toml";
    /// Chat words and their official forms for text on letters (config/letter_words.toml).
    std::string letter_words_path = "config/letter_words.toml";
};

/// "EKEL_SIGNER_LURAH_PASSWORD": where a local signer's PKCS#12 password is read from; in a city
/// deployment the kelurahan's code comes first ("EKEL_SIGNER_BLB_LURAH_PASSWORD"), so each
/// kelurahan's lurah has a password of their own.
std::string signer_password_variable(const std::string& signer_key, const std::string& tenant = "");

/// Where `signer`'s password was read from (a Config built in code has none recorded).
inline std::string signer_password_variable(const Signer& signer) {
    return signer.password_variable.empty() ? signer_password_variable(signer.key) : signer.password_variable;
}

/// By key; nullptr when no signer has it.
const Signer* find_signer(const Config& config, std::string_view key);

/// Loads and validates a TOML file with EKEL_<SECTION>_<KEY> overrides from `env`.
/// Throws ConfigError with one line naming the file and the key.
Config load_config(const std::string& path, const EnvLookup& env);

/// Reads a parsed document (a city's kelurahan, laid over the city file); `tenant` as Config::tenant.
Config read_config(TomlReader root, const std::string& tenant = "");

/// The same for TOML text (tests).
Config parse_config(const std::string& text, const std::string& source, const EnvLookup& env);

/// Checks cross-field rules; throws ConfigError. load_config() calls it.
void validate(const Config& config);

/// UTC offset for an Indonesian IANA zone name (Asia/Jakarta, Asia/Pontianak, Asia/Makassar,
/// Asia/Jayapura), or -1 when the name is not one of them.
int indonesian_utc_offset_minutes(const std::string& zone);

}  // namespace ekel::config
