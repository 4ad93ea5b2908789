#include "tests/support/test_config.h"

#include <pqxx/pqxx>

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <mutex>
#include <vector>

#include "backoffice/letters/signing_certificate.h"
#include "shared/app/bootstrap.h"
#include "shared/db/store.h"
#include "shared/util/clock.h"
#include "shared/util/time.h"

namespace ekel::test {

std::string repo_path(const std::string& relative) { return std::string(EKEL_REPO_DIR) + "/" + relative; }

config::EnvLookup repo_environment() {
    return [](const std::string& name) -> std::optional<std::string> {
        if (name == "EKEL_KELURAHAN_LOGO") return repo_path("config/emblem.png");
        return std::nullopt;
    };
}

namespace {

const char* postgres_url() { return std::getenv("EKEL_TEST_POSTGRES_URL"); }

/// The databases this process made, dropped at exit (each ctest test is its own process).
class PostgresDatabases {
public:
    std::string create() {
        std::lock_guard lock(mutex_);
        const std::string name = "ekel_t" + std::to_string(::getpid()) + "_" + std::to_string(names_.size());
        pqxx::connection admin(postgres_url());
        pqxx::nontransaction(admin).exec("CREATE DATABASE " + name);
        names_.push_back(name);
        std::string url = postgres_url();
        return url.substr(0, url.rfind('/') + 1) + name;
    }
    void drop_all() {
        std::lock_guard lock(mutex_);
        try {
            pqxx::connection admin(postgres_url());
            for (const auto& name : names_) pqxx::nontransaction(admin).exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (const std::exception&) {
            // The cluster is thrown away after the run anyway.
        }
    }

private:
    std::mutex mutex_;
    std::vector<std::string> names_;
};

}  // namespace

bool on_postgresql() { return postgres_url() != nullptr && *postgres_url() != '\0'; }

std::string fresh_postgresql_database() {
    static PostgresDatabases* databases = new PostgresDatabases;  // outlives libpqxx's own statics
    std::string url = databases->create();
    // Registered after libpqxx's statics exist, so it runs before they are destroyed.
    static const int registered = std::atexit([] { databases->drop_all(); });
    (void)registered;
    return url;
}

std::string fresh_database(const TempDir& dir, const std::string& file_name) {
    return on_postgresql() ? fresh_postgresql_database() : dir.file(file_name);
}

ChildDatabase::ChildDatabase(const TempDir& dir) : target(fresh_database(dir)) {
    env = {{"EKEL_DATABASE_PATH", dir.file("ekelurahan.db")},
           {"EKEL_DATABASE_URL", on_postgresql() ? target : std::string()}};
}

namespace {

/// One pilot key per test process (P-256: quick), valid over every date the tests' clocks use.
struct TestSigningKey {
    TempDir dir;
    std::string pkcs12 = dir.file("signer.p12");
    std::string ca_pem = dir.file("signer-ca.pem");

    TestSigningKey() {
        office::PilotSigner signer;
        signer.kelurahan = "Belimbing";
        signer.name = "Lurah Uji";
        signer.position = "Lurah";
        signer.algorithm = "p-256";
        signer.valid_days = 3650;
        const auto made = office::make_pilot_certificates(signer, kTestSigningPassword, *parse_utc("2025-01-01T00:00:00Z"));
        std::ofstream(pkcs12, std::ios::binary) << made.signer_pkcs12;
        std::ofstream(ca_pem, std::ios::binary) << made.ca_pem;
    }
};

const TestSigningKey& test_signing_key() {
    static const TestSigningKey key;
    return key;
}

}  // namespace

const std::string& test_signing_pkcs12() { return test_signing_key().pkcs12; }
const std::string& test_signing_ca_pem() { return test_signing_key().ca_pem; }

namespace {

/// Free ports, few threads, and every signer signing with the test key.
void prepare_for_tests(config::Config& config) {
    config.bot.port = 0;
    config.office.port = 0;
    config.bot.threads = 4;
    config.office.threads = 4;
    for (auto& signer : config.signers) {
        signer.pkcs12 = test_signing_pkcs12();
        signer.pkcs12_password = kTestSigningPassword;
    }
}

}  // namespace

config::Config test_config(const TempDir& dir) {
    config::Config config = config::load_config(repo_path("config/ekelurahan.toml"), repo_environment());
    config.database.path = dir.file("ekelurahan.db");
    if (on_postgresql()) config.database.url = fresh_postgresql_database();
    config.letter_types_path = repo_path("config/letter_types.toml");
    config.letter_words_path = repo_path("config/letter_words.toml");
    prepare_for_tests(config);
    return config;
}

config::CityConfig test_city_config(const TempDir& dir, config::WhatsAppRouting routing,
                                    const std::map<std::string, std::string>& databases) {
    std::ifstream in(repo_path("config/kota.toml"));
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    text = text.substr(0, text.find("[kota]"));
    const bool by_number = routing == config::WhatsAppRouting::per_kelurahan;
    text += "[kota]\nname = \"Bontang\"\nprovinsi = \"Kalimantan Timur\"\nhost = \"localhost\"\n";
    text += std::string("whatsapp_routing = \"") + (by_number ? "per_kelurahan" : "city_number") + "\"\n";
    text += "database_dir = \"" + dir.path().string() + "\"\n";
    if (on_postgresql()) text += "database_url = \"" + fresh_postgresql_database() + "\"\n";
    struct Entry {
        const char* code;
        const char* name;
        const char* kecamatan;
        const char* region;
        const char* profile;
    };
    for (const Entry& e : {Entry{"BLB", "Belimbing", "Bontang Barat", "6474031001", "belimbing"},
                           Entry{"KNN", "Kanaan", "Bontang Barat", "6474031002", "kanaan"},
                           Entry{"BTB", "Bontang Baru", "Bontang Utara", "6474021001", "bontang_baru"}}) {
        text += std::string("\n[[kelurahan]]\ncode = \"") + e.code + "\"\nname = \"" + e.name + "\"\nkecamatan = \"" +
                e.kecamatan + "\"\nregion_code = \"" + e.region + "\"\nprofile = \"" +
                repo_path(std::string("config/kota/") + e.profile + ".toml") + "\"\n";
        if (by_number) text += std::string("phone_number_id = \"PNID-") + e.code + "\"\n";
        if (auto db = databases.find(e.code); db != databases.end()) text += "database = \"" + db->second + "\"\n";
        if (on_postgresql()) text += "database_url = \"" + fresh_postgresql_database() + "\"\n";
    }
    auto env = [by_number](const std::string& name) -> std::optional<std::string> {
        if (name == "EKEL_KELURAHAN_LOGO") return repo_path("config/emblem.png");
        if (name == "EKEL_LETTERS_TYPES_PATH") return repo_path("config/letter_types.toml");
        if (name == "EKEL_LETTERS_WORDS_PATH") return repo_path("config/letter_words.toml");
        if (name == "EKEL_WHATSAPP_PHONE_NUMBER_ID" && !by_number) return std::string("PNID-KOTA");
        return std::nullopt;
    };
    config::CityConfig city = config::parse_city_config(text, dir.write("kota.toml", text), env);
    for (auto& k : city.kelurahan) prepare_for_tests(k.config);
    prepare_for_tests(city.city);
    return city;
}

TempDatabase::TempDatabase() : config(test_config(dir)) {
    SystemClock clock;
    app::prepare_database(config, clock);
}

std::int64_t add_rt(db::Store& store, int number, const std::string& head_name, const std::string& head_phone) {
    domain::Rw rw;
    rw.number = 1;
    domain::Rt rt;
    rt.number = number;
    rt.rw_id = store.rts.upsert_rw(rw);
    rt.head_name = head_name;
    rt.head_phone = head_phone;
    return store.rts.upsert_rt(rt, "2026-11-27T00:00:00Z");
}

}  // namespace ekel::test
