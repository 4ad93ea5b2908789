#pragma once

#include <cstdint>
#include <string>
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
    std::string phone;
    std::string email;
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
    std::string path = "var/ekelurahan.db";
    int busy_timeout_ms = 5000;
    std::string backup_dir;  ///< empty: `backups/` beside the database file
    int backup_hour = 2;     ///< local hour of the daily backup made by ekel-office
    int backup_keep = 14;    ///< daily backups kept
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

/// Collecting the signed original at the office: booked slots instead of a queue.
struct CollectionConfig {
    int slot_minutes = 60;   ///< length of one slot, within office hours
    int slot_capacity = 8;   ///< citizens per slot
    int days_ahead = 10;     ///< office days offered, from today
    int lead_minutes = 60;   ///< the earliest slot starts this long after the letter is issued
    int reminder_hour = 7;   ///< local hour of the reminder on the morning of the slot
};

/// The satisfaction survey (IKM) offered after a letter is collected or delivered.
struct SurveyConfig {
    bool enabled = true;
    int quiet_days = 30;  ///< a phone invited within this many days is not invited again
};

struct LoggingConfig {
    std::string level = "info";
};

/// The whole configuration tree, loaded once in main() and passed down section by section.
struct Config {
    std::string source = "config/ekelurahan.toml";
    KelurahanProfile kelurahan;
    ServerConfig bot{"127.0.0.1", 8081, 8, "", {}};
    ServerConfig office{"127.0.0.1", 8080, 8, "", {}};
    DatabaseConfig database;
    WhatsAppConfig whatsapp;
    WorkflowConfig workflow;
    CollectionConfig collection;
    SurveyConfig survey;
    LoggingConfig logging;
    std::string letter_types_path = "config/letter_types.toml";
    /// Chat words and their official forms for text on letters (config/letter_words.toml).
    std::string letter_words_path = "config/letter_words.toml";
};

/// Loads and validates a TOML file with EKEL_<SECTION>_<KEY> overrides from `env`.
/// Throws ConfigError with one line naming the file and the key.
Config load_config(const std::string& path, const EnvLookup& env);

/// The same for TOML text (tests).
Config parse_config(const std::string& text, const std::string& source, const EnvLookup& env);

/// Checks cross-field rules; throws ConfigError. load_config() calls it.
void validate(const Config& config);

/// UTC offset for an Indonesian IANA zone name (Asia/Jakarta, Asia/Pontianak, Asia/Makassar,
/// Asia/Jayapura), or -1 when the name is not one of them.
int indonesian_utc_offset_minutes(const std::string& zone);

}  // namespace ekel::config
