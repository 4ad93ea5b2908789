#include "shared/config/config.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>
#include <sstream>

#include "shared/config/config_error.h"
#include "shared/domain/date.h"
#include "shared/util/png_header.h"
#include "shared/util/text.h"

namespace ekel::config {

namespace {

int positive(TomlReader& table, const std::string& key, int fallback, int max) {
    std::int64_t value = table.integer(key, fallback);
    if (value <= 0 || value > max) {
        table.fail(key, "must be a positive integer (1 to " + std::to_string(max) + ")");
    }
    return static_cast<int>(value);
}

int port(TomlReader& table, int fallback) {
    std::int64_t value = table.integer("port", fallback);
    if (value < 1 || value > 65535) table.fail("port", "must be between 1 and 65535");
    return static_cast<int>(value);
}

std::string non_empty(TomlReader& table, const std::string& key,
                      const std::optional<std::string>& fallback = {}) {
    std::string value = table.string(key, fallback);
    if (value.find_first_not_of(" \t") == std::string::npos) table.fail(key, "must not be empty");
    return value;
}

bool is_clock_time(const std::string& text) {
    static const std::regex pattern("^([01][0-9]|2[0-3]):[0-5][0-9]$");
    return std::regex_match(text, pattern);
}

/// Day names as config files write them, Monday first (ISO weekday = index + 1).
const std::vector<std::string> kDayNames = {"senin", "selasa", "rabu", "kamis", "jumat", "sabtu", "minggu"};

int minute_of_day(const std::string& hhmm) { return std::stoi(hhmm.substr(0, 2)) * 60 + std::stoi(hhmm.substr(3, 2)); }

// Logo limits: a letterhead logo prints about 2.4 cm high, where 300 pixels is already sharp;
// every letter embeds it, so a huge image would slow rendering and swell each PDF.
constexpr std::uintmax_t kMaxLogoBytes = 1u << 20;
constexpr std::uint32_t kMinLogoPixels = 32;
constexpr std::uint32_t kMaxLogoPixels = 1200;
constexpr std::uint32_t kMaxLogoAspect = 3;  // neither side more than three times the other

/// Reads and checks the logo file named by kelurahan.logo; fails naming the key.
std::shared_ptr<const std::string> read_logo(TomlReader& table, const std::string& path) {
    const std::string quoted = "\"" + path + "\"";
    std::error_code error;
    if (!std::filesystem::is_regular_file(path, error)) {
        table.fail("logo", quoted + " is not a file (the path of a PNG image, relative to the working directory; "
                                    "empty for no logo)");
    }
    const std::uintmax_t size = std::filesystem::file_size(path, error);
    if (error || size > kMaxLogoBytes) {
        table.fail("logo", quoted + " is larger than 1 MB; save the logo at about 300 pixels high");
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) table.fail("logo", quoted + " cannot be read");
    std::ostringstream bytes;
    bytes << in.rdbuf();
    auto png = std::make_shared<const std::string>(bytes.str());
    const auto header = read_png_header(*png);
    if (!header) table.fail("logo", quoted + " is not a PNG image (save the logo as PNG)");
    const std::string pixels = std::to_string(header->width) + "x" + std::to_string(header->height) + " pixels";
    if (header->width < kMinLogoPixels || header->height < kMinLogoPixels || header->width > kMaxLogoPixels ||
        header->height > kMaxLogoPixels) {
        table.fail("logo", quoted + " is " + pixels + "; use " + std::to_string(kMinLogoPixels) + " to " +
                               std::to_string(kMaxLogoPixels) + " pixels on each side (about 300 pixels high prints sharply)");
    }
    if (header->width > kMaxLogoAspect * header->height || header->height > kMaxLogoAspect * header->width) {
        table.fail("logo", quoted + " is " + pixels + "; a letterhead logo may be at most three times as wide as "
                               "high or as high as wide");
    }
    return png;
}

/// "(0548) 21234", "+62 548 21234", "0548-21234 psw. 5": what a telephone line looks like.
bool is_phone_text(const std::string& text) {
    static const std::regex pattern(R"(^\+?[0-9 ()./-]*[0-9][0-9 ()./-]*( (ext\.|psw\.?) ?[0-9]+)?$)");
    return std::regex_match(text, pattern);
}

bool is_email_address(const std::string& text) {
    static const std::regex pattern(R"(^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$)");
    return std::regex_match(text, pattern);
}

/// "belimbing.bontangkota.go.id" or "https://belimbing.bontangkota.go.id/layanan".
bool is_website(const std::string& text) {
    static const std::regex pattern(R"(^(https?://)?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+(/[^\s]*)?$)");
    return std::regex_match(text, pattern);
}

ServerConfig read_server(TomlReader table, ServerConfig defaults) {
    ServerConfig server;
    server.bind = non_empty(table, "bind", defaults.bind);
    server.port = port(table, defaults.port);
    server.threads = positive(table, "threads", defaults.threads, 256);
    server.public_url = table.string("public_url", defaults.public_url);
    if (!server.public_url.empty() && server.public_url.rfind("http://", 0) != 0 &&
        server.public_url.rfind("https://", 0) != 0) {
        table.fail("public_url", "must start with http:// or https://");
    }
    while (!server.public_url.empty() && server.public_url.back() == '/') server.public_url.pop_back();
    server.trusted_proxies = table.strings("trusted_proxies", defaults.trusted_proxies);
    for (const auto& proxy : server.trusted_proxies) {
        if (!is_ip_address(proxy)) {
            table.fail("trusted_proxies", "\"" + proxy + "\" is not an IP address (e.g. \"127.0.0.1\" or \"::1\")");
        }
    }
    table.finish();
    return server;
}

/// An 18-digit NIP with optional spaces ("19800101 200501 1 001"); empty is allowed.
void check_nip(TomlReader& table, const std::string& key, const std::string& nip) {
    std::string digits;
    std::copy_if(nip.begin(), nip.end(), std::back_inserter(digits), [](char c) { return c != ' '; });
    if (!nip.empty() &&
        (digits.size() != 18 || !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))) {
        table.fail(key, "must be an 18-digit NIP (spaces allowed)");
    }
}

KelurahanProfile read_kelurahan(TomlReader table) {
    KelurahanProfile k;
    k.name = non_empty(table, "name");
    k.code = non_empty(table, "code");
    static const std::regex code_pattern("^[A-Z]{2,6}$");
    if (!std::regex_match(k.code, code_pattern)) {
        table.fail("code", "must be 2 to 6 capital letters (used in request codes such as BLB-2611-0042)");
    }
    k.unit_code = non_empty(table, "unit_code", "KEL-" + k.code);
    k.region_code = table.string("region_code", k.region_code);
    static const std::regex region_pattern("^[0-9]{10}$");
    if (!std::regex_match(k.region_code, region_pattern)) {
        table.fail("region_code", "must be the 10-digit Kemendagri code without dots (e.g. 6474031001)");
    }
    k.kecamatan = non_empty(table, "kecamatan");
    k.kota = non_empty(table, "kota");
    k.provinsi = non_empty(table, "provinsi", k.provinsi);
    k.address = non_empty(table, "address");
    k.phone = std::string(trim(table.string("phone", "")));
    if (!k.phone.empty() && !is_phone_text(k.phone)) {
        table.fail("phone", "must be a telephone number like (0548) 21234");
    }
    k.email = std::string(trim(table.string("email", "")));
    if (!k.email.empty() && !is_email_address(k.email)) {
        table.fail("email", "must be an e-mail address like kel.belimbing@bontangkota.go.id");
    }
    k.website = std::string(trim(table.string("website", "")));
    if (!k.website.empty() && !is_website(k.website)) {
        table.fail("website", "must be a web address like belimbing.bontangkota.go.id (no spaces)");
    }
    k.logo = table.string("logo", "");
    if (!k.logo.empty()) k.logo_png = read_logo(table, k.logo);
    k.lurah_name = non_empty(table, "lurah_name");
    k.lurah_nip = table.string("lurah_nip", "");
    check_nip(table, "lurah_nip", k.lurah_nip);
    k.letterhead = table.strings("letterhead", std::vector<std::string>{});
    k.timezone = table.string("timezone", k.timezone);
    k.utc_offset_minutes = indonesian_utc_offset_minutes(k.timezone);
    if (k.utc_offset_minutes < 0) {
        table.fail("timezone", "must be one of Asia/Jakarta, Asia/Pontianak, Asia/Makassar, Asia/Jayapura");
    }
    table.finish();
    return k;
}

/// [[signer]] entries; the lurah's name and NIP default to [kelurahan] so they are written once.
/// Where a local signer's PKCS#12 file is unless [[signer]] names one: signing/<key>.p12 beside
/// the database, where `ekel-office seed-demo` makes the demo's pilot keys.
std::string default_pkcs12(const DatabaseConfig& database, const std::string& key) {
    return (std::filesystem::path(database.path).parent_path() / "signing" / (key + ".p12")).string();
}

void read_signing_secret(Signer& signer, TomlReader& table, const DatabaseConfig& database, const std::string& tenant) {
    signer.pkcs12 = table.string("pkcs12", default_pkcs12(database, signer.key));
    signer.password_variable = signer_password_variable(signer.key, tenant);
    signer.pkcs12_password = table.environment(signer.password_variable, "pkcs12").value_or("");
}

std::vector<Signer> read_signers(std::vector<TomlReader> tables, const KelurahanProfile& k,
                                 const SigningConfig& signing, const DatabaseConfig& database, TomlReader& root,
                                 const std::string& tenant) {
    Signer lurah{"lurah", k.lurah_name, k.lurah_nip, "Lurah " + k.name, false, "", "", "", ""};
    if (tables.empty()) {
        if (signing.method == "bsre") root.fail("signer", "is required when signing.method is \"bsre\" (each with its nik)");
        lurah.pkcs12 = default_pkcs12(database, lurah.key);
        lurah.password_variable = signer_password_variable(lurah.key, tenant);
        lurah.pkcs12_password = root.environment(lurah.password_variable, "signer").value_or("");
        return {lurah};
    }
    static const std::regex key_pattern("^[a-z][a-z0-9_]*$");
    std::vector<Signer> signers;
    for (auto& table : tables) {
        Signer s;
        s.key = non_empty(table, "key");
        if (!std::regex_match(s.key, key_pattern)) {
            table.fail("key", "must be lower case letters, digits and _ (e.g. \"sekretaris\")");
        }
        for (const auto& other : signers) {
            if (other.key == s.key) table.fail("key", "\"" + s.key + "\" is used by an earlier [[signer]]");
        }
        const bool is_lurah = s.key == lurah.key;
        s.name = is_lurah ? non_empty(table, "name", lurah.name) : non_empty(table, "name");
        s.nip = table.string("nip", is_lurah ? lurah.nip : "");
        check_nip(table, "nip", s.nip);
        s.position = is_lurah ? non_empty(table, "position", lurah.position) : non_empty(table, "position");
        s.on_behalf = table.boolean("on_behalf", false);
        if (is_lurah && s.on_behalf) table.fail("on_behalf", "cannot be true for the lurah, who signs in person");
        if (signing.method == "local") {
            read_signing_secret(s, table, database, tenant);
        } else {
            s.nik = table.string("nik", "");
            static const std::regex nik_pattern("^[0-9]{16}$");
            if (!std::regex_match(s.nik, nik_pattern)) {
                table.fail("nik", "must be the 16-digit NIK the signer registered at BSrE (signing.method \"bsre\")");
            }
        }
        table.finish();
        signers.push_back(std::move(s));
    }
    return signers;
}

SigningConfig read_signing(TomlReader table) {
    SigningConfig signing;
    signing.method = table.string("method", signing.method);
    if (signing.method != "local" && signing.method != "bsre") table.fail("method", "must be \"local\" or \"bsre\"");
    signing.trusted_certificates = table.strings("trusted_certificates", signing.trusted_certificates);
    signing.bsre_url = table.string("bsre_url", "");
    signing.bsre_username = table.string("bsre_username", "");
    signing.bsre_password = table.string("bsre_password", "");
    signing.bsre_timeout_seconds = positive(table, "bsre_timeout_seconds", signing.bsre_timeout_seconds, 600);
    if (signing.method == "bsre") {
        if (signing.bsre_url.rfind("http://", 0) != 0 && signing.bsre_url.rfind("https://", 0) != 0) {
            table.fail("bsre_url", "must be the Esign Client Service's address, starting with https:// (or http:// "
                                   "on a private network)");
        }
        while (signing.bsre_url.back() == '/') signing.bsre_url.pop_back();
        if (signing.bsre_username.empty()) table.fail("bsre_username", "is required when method is \"bsre\"");
        if (signing.bsre_password.empty()) {
            table.fail("bsre_password", "is required when method is \"bsre\" (set EKEL_SIGNING_BSRE_PASSWORD)");
        }
    }
    table.finish();
    return signing;
}

DatabaseConfig read_database(TomlReader table) {
    DatabaseConfig db;
    db.path = non_empty(table, "path", db.path);
    db.url = table.string("url", "");
    if (!db.url.empty()) {
        if (db.url.rfind("postgresql://", 0) != 0 && db.url.rfind("postgres://", 0) != 0) {
            table.fail("url", "must start with postgresql:// (leave it out for SQLite)");
        }
        const std::string::size_type at = db.url.find('@');
        const std::string::size_type colon = db.url.find(':', db.url.find("//") + 2);
        if ((at != std::string::npos && colon != std::string::npos && colon < at) ||
            db.url.find("password=") != std::string::npos) {
            table.fail("url", "must not hold a password; set PGPASSWORD or use a .pgpass file");
        }
    }
    db.busy_timeout_ms = positive(table, "busy_timeout_ms", db.busy_timeout_ms, 600000);
    db.backup_dir = table.string("backup_dir", "");
    std::int64_t hour = table.integer("backup_hour", db.backup_hour);
    if (hour < 0 || hour > 23) table.fail("backup_hour", "must be an hour from 0 to 23");
    db.backup_hour = static_cast<int>(hour);
    db.backup_keep = positive(table, "backup_keep", db.backup_keep, 3650);
    table.finish();
    return db;
}

WhatsAppConfig read_whatsapp(TomlReader table) {
    WhatsAppConfig wa;
    wa.provider = table.string("provider", wa.provider);
    if (wa.provider != "cloud_api" && wa.provider != "sandbox") {
        table.fail("provider", "must be \"cloud_api\" or \"sandbox\"");
    }
    wa.graph_base_url = non_empty(table, "graph_base_url", wa.graph_base_url);
    if (wa.graph_base_url.rfind("http://", 0) != 0 && wa.graph_base_url.rfind("https://", 0) != 0) {
        table.fail("graph_base_url", "must start with http:// or https://");
    }
    while (wa.graph_base_url.back() == '/') wa.graph_base_url.pop_back();
    wa.api_version = non_empty(table, "api_version", wa.api_version);
    static const std::regex version_pattern("^v[0-9]+\\.[0-9]+$");
    if (!std::regex_match(wa.api_version, version_pattern)) {
        table.fail("api_version", "must look like v21.0");
    }
    wa.phone_number_id = table.string("phone_number_id", "");
    wa.verify_token = non_empty(table, "verify_token");
    wa.app_secret = non_empty(table, "app_secret");
    wa.access_token = table.string("access_token", "");
    wa.messages_per_second = positive(table, "messages_per_second", wa.messages_per_second, 1000);
    wa.fallback_template = non_empty(table, "fallback_template", wa.fallback_template);
    wa.template_language = non_empty(table, "template_language", wa.template_language);
    if (wa.provider == "cloud_api") {
        if (wa.phone_number_id.empty()) table.fail("phone_number_id", "is required when provider is \"cloud_api\"");
        if (wa.access_token.empty()) {
            table.fail("access_token", "is required when provider is \"cloud_api\" (set EKEL_WHATSAPP_ACCESS_TOKEN)");
        }
        if (wa.app_secret.rfind("demo-", 0) == 0) {
            table.fail("app_secret", "is still the demo value; set the real secret in EKEL_WHATSAPP_APP_SECRET");
        }
    }
    table.finish();
    return wa;
}

WorkflowConfig read_workflow(TomlReader table) {
    WorkflowConfig wf;
    wf.rt_reminder_hours = positive(table, "rt_reminder_hours", wf.rt_reminder_hours, 24 * 30);
    wf.rt_escalation_hours = positive(table, "rt_escalation_hours", wf.rt_escalation_hours, 24 * 60);
    if (wf.rt_escalation_hours <= wf.rt_reminder_hours) {
        table.fail("rt_escalation_hours", "must be greater than workflow.rt_reminder_hours");
    }
    wf.office_days.clear();
    std::vector<std::string> days = table.strings(
        "office_days", std::vector<std::string>{"senin", "selasa", "rabu", "kamis", "jumat"});
    for (const std::string& day : days) {
        auto found = std::find(kDayNames.begin(), kDayNames.end(), day);
        if (found == kDayNames.end()) {
            table.fail("office_days", "has \"" + day + "\"; use senin, selasa, rabu, kamis, jumat, sabtu, minggu");
        }
        wf.office_days.push_back(static_cast<int>(found - kDayNames.begin()) + 1);
    }
    if (wf.office_days.empty()) table.fail("office_days", "must name at least one day");
    wf.office_opens = table.string("office_opens", wf.office_opens);
    if (!is_clock_time(wf.office_opens)) table.fail("office_opens", "must be a time like 08:00");
    wf.office_closes = table.string("office_closes", wf.office_closes);
    if (!is_clock_time(wf.office_closes)) table.fail("office_closes", "must be a time like 16:00");
    if (wf.office_closes <= wf.office_opens) table.fail("office_closes", "must be later than workflow.office_opens");
    wf.holidays = table.strings("holidays", std::vector<std::string>{});
    for (std::size_t i = 0; i < wf.holidays.size(); ++i) {
        auto date = domain::parse_date(wf.holidays[i]);
        if (!date || domain::to_iso(*date) != wf.holidays[i]) {
            table.fail("holidays[" + std::to_string(i) + "]",
                       "\"" + wf.holidays[i] + "\" must be a date like 2026-12-25");
        }
    }
    std::int64_t digest = table.integer("digest_hour", wf.digest_hour);
    if (digest < 0 || digest > 23) table.fail("digest_hour", "must be an hour from 0 to 23");
    wf.digest_hour = static_cast<int>(digest);
    wf.conversation_idle_minutes =
        positive(table, "conversation_idle_minutes", wf.conversation_idle_minutes, 24 * 60);
    wf.complaint_response_days = positive(table, "complaint_response_days", wf.complaint_response_days, 60);
    table.finish();
    return wf;
}

/// collection.breaks: "12:00-13:00" on every office day, "jumat 11:30-13:30" on one day.
std::vector<CollectionBreak> read_breaks(TomlReader& table, const WorkflowConfig& workflow) {
    const std::vector<std::string> entries =
        table.strings("breaks", std::vector<std::string>{"12:00-13:00", "jumat 11:30-13:30"});
    static const std::regex pattern("^(?:([a-z']+) +)?([0-9]{2}:[0-9]{2}) *- *([0-9]{2}:[0-9]{2})$");
    std::vector<CollectionBreak> breaks;
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const std::string key = "breaks[" + std::to_string(i) + "]";
        const std::string quoted = "\"" + entries[i] + "\"";
        const std::string text = to_lower_ascii(trim(entries[i]));
        std::smatch parts;
        if (!std::regex_match(text, parts, pattern) || !is_clock_time(parts[2]) || !is_clock_time(parts[3])) {
            table.fail(key, quoted + " must look like \"12:00-13:00\" (every office day) or \"jumat 11:30-13:30\" "
                                     "(one day)");
        }
        CollectionBreak pause;
        if (parts[1].matched) {
            auto day = std::find(kDayNames.begin(), kDayNames.end(), parts[1].str());
            if (day == kDayNames.end()) {
                table.fail(key, quoted + " names the day \"" + parts[1].str() +
                                    "\"; use senin, selasa, rabu, kamis, jumat, sabtu or minggu");
            }
            pause.iso_weekday = static_cast<int>(day - kDayNames.begin()) + 1;
            if (std::find(workflow.office_days.begin(), workflow.office_days.end(), pause.iso_weekday) ==
                workflow.office_days.end()) {
                table.fail(key, quoted + " falls on " + *day + ", which is not one of workflow.office_days");
            }
        }
        pause.starts_minute = minute_of_day(parts[2]);
        pause.ends_minute = minute_of_day(parts[3]);
        if (pause.ends_minute <= pause.starts_minute) table.fail(key, quoted + " must end after it starts");
        if (pause.starts_minute < minute_of_day(workflow.office_opens) ||
            pause.ends_minute > minute_of_day(workflow.office_closes)) {
            table.fail(key, quoted + " must lie within office hours (workflow.office_opens to workflow.office_closes)");
        }
        breaks.push_back(pause);
    }
    return breaks;
}

CollectionConfig read_collection(TomlReader table, const WorkflowConfig& workflow) {
    CollectionConfig c;
    c.slot_minutes = positive(table, "slot_minutes", c.slot_minutes, 8 * 60);
    if (c.slot_minutes < 10) table.fail("slot_minutes", "must be at least 10");
    const int open_minutes = minute_of_day(workflow.office_closes) - minute_of_day(workflow.office_opens);
    if (c.slot_minutes > open_minutes) {
        table.fail("slot_minutes", "must fit within office hours (workflow.office_opens to workflow.office_closes)");
    }
    c.slot_capacity = positive(table, "slot_capacity", c.slot_capacity, 500);
    c.days_ahead = positive(table, "days_ahead", c.days_ahead, 60);
    std::int64_t lead = table.integer("lead_minutes", c.lead_minutes);
    if (lead < 0 || lead > 7 * 24 * 60) table.fail("lead_minutes", "must be from 0 to 10080 minutes");
    c.lead_minutes = static_cast<int>(lead);
    std::int64_t hour = table.integer("reminder_hour", c.reminder_hour);
    if (hour < 0 || hour > 23) table.fail("reminder_hour", "must be an hour from 0 to 23");
    c.reminder_hour = static_cast<int>(hour);
    c.breaks = read_breaks(table, workflow);
    table.finish();
    return c;
}

SurveyConfig read_survey(TomlReader table) {
    SurveyConfig s;
    s.enabled = table.boolean("enabled", s.enabled);
    s.quiet_days = positive(table, "quiet_days", s.quiet_days, 365);
    table.finish();
    return s;
}

LoggingConfig read_logging(TomlReader table) {
    LoggingConfig logging;
    logging.level = table.string("level", logging.level);
    static const std::vector<std::string> kLevels = {"trace", "debug", "info", "warn", "error"};
    if (std::find(kLevels.begin(), kLevels.end(), logging.level) == kLevels.end()) {
        table.fail("level", "must be one of trace, debug, info, warn, error");
    }
    table.finish();
    return logging;
}

}  // namespace

Config read_config(TomlReader root, const std::string& tenant) {
    Config config;
    config.tenant = tenant;
    config.source = root.source();
    config.kelurahan = read_kelurahan(root.section("kelurahan"));
    config.bot = read_server(root.section("bot"), config.bot);
    config.office = read_server(root.section("office"), config.office);
    config.database = read_database(root.section("database"));
    config.whatsapp = read_whatsapp(root.section("whatsapp"));
    config.workflow = read_workflow(root.section("workflow"));
    config.collection = read_collection(root.section("collection"), config.workflow);
    config.survey = read_survey(root.section("survey"));
    config.logging = read_logging(root.section("logging"));
    config.signing = read_signing(root.section("signing"));
    config.signers = read_signers(root.tables("signer"), config.kelurahan, config.signing, config.database, root, tenant);
    TomlReader letters = root.section("letters");
    config.letter_types_path = non_empty(letters, "types_path", config.letter_types_path);
    config.letter_words_path = non_empty(letters, "words_path", config.letter_words_path);
    letters.finish();
    root.finish();
    validate(config);
    return config;
}

std::string signer_password_variable(const std::string& signer_key, const std::string& tenant) {
    std::string variable = "EKEL_SIGNER_";
    if (!tenant.empty()) variable += tenant + "_";
    for (char c : signer_key) variable += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return variable + "_PASSWORD";
}

const Signer* find_signer(const Config& config, std::string_view key) {
    for (const auto& signer : config.signers) {
        if (signer.key == key) return &signer;
    }
    return nullptr;
}

int indonesian_utc_offset_minutes(const std::string& zone) {
    if (zone == "Asia/Jakarta" || zone == "Asia/Pontianak") return 7 * 60;
    if (zone == "Asia/Makassar") return 8 * 60;
    if (zone == "Asia/Jayapura") return 9 * 60;
    return -1;
}

void validate(const Config& config) {
    if (config.bot.port == config.office.port && config.bot.bind == config.office.bind) {
        throw ConfigError(config.source + ": office.port must differ from bot.port (both are " +
                          std::to_string(config.bot.port) + ")");
    }
}

Config parse_config(const std::string& text, const std::string& source, const EnvLookup& env) {
    return read_config(TomlReader::parse(text, source, env));
}

Config load_config(const std::string& path, const EnvLookup& env) {
    return read_config(TomlReader::parse_file(path, env));
}

}  // namespace ekel::config
