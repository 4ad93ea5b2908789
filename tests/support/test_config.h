#pragma once

#include <map>
#include <string>

#include "shared/config/city_config.h"
#include "shared/config/config.h"
#include "tests/support/temp_dir.h"

namespace ekel::db {
class Store;
}

namespace ekel::test {

/// The password of test_signing_pkcs12().
constexpr const char* kTestSigningPassword = "kata-sandi-kunci-uji";
/// A pilot signer PKCS#12 (P-256) made once per test process; every test config's signers use it.
const std::string& test_signing_pkcs12();
/// The certificate of the pilot CA that issued it (PEM file), for pdfsig's trust store.
const std::string& test_signing_ca_pem();

/// The repository's demo configuration, pointed at a database in `dir`, on free ports, its
/// signers signing with test_signing_pkcs12().
config::Config test_config(const TempDir& dir);

/// A city of three of the demo city's kelurahan (config/kota.toml and its profiles): BLB and KNN
/// in Kecamatan Bontang Barat, BTB in Bontang Utara, with their databases and the city's in `dir`,
/// on free ports, every signer signing with test_signing_pkcs12(). With per_kelurahan routing
/// their numbers are the phone_number_ids "PNID-BLB", "PNID-KNN" and "PNID-BTB"; with
/// city_number the city's is "PNID-KOTA".
/// `databases` names a kelurahan's existing database by code (an upgrade in place).
config::CityConfig test_city_config(const TempDir& dir, config::WhatsAppRouting routing,
                                    const std::map<std::string, std::string>& databases = {});

/// True when this run of the suite is the PostgreSQL one (ctest's "pg: " copies set
/// EKEL_TEST_POSTGRES_URL to a throwaway cluster started by scripts/test-postgres.sh).
bool on_postgresql();
/// A new empty database on that cluster, as a URL; dropped when the test process ends.
std::string fresh_postgresql_database();
/// A new database on the engine this run tests: `dir`'s file on SQLite, a new one on PostgreSQL.
std::string fresh_database(const TempDir& dir, const std::string& file_name = "ekelurahan.db");

/// A new database of this run's engine for the programs a test starts: `env` points them at it
/// (EKEL_DATABASE_PATH, the SQLite file in `dir` or on PostgreSQL the folder of letters/ and media/,
/// and EKEL_DATABASE_URL, empty on SQLite); the test opens `target` to look inside.
struct ChildDatabase {
    explicit ChildDatabase(const TempDir& dir);
    std::string target;
    std::map<std::string, std::string> env;
};

/// The repository root (for config/ and tests/fixtures/).
std::string repo_path(const std::string& relative);

/// No environment but the shipped config's relative paths made absolute (tests do not run in the
/// repository root), for loading config/ekelurahan.toml.
config::EnvLookup repo_environment();

/// Adds RT `number` (in RW 1) with a head; returns the RT's id.
std::int64_t add_rt(db::Store& store, int number, const std::string& head_name = "Ketua",
                    const std::string& head_phone = "");

/// A config whose database is migrated, for repository and service tests.
struct TempDatabase {
    TempDatabase();
    TempDir dir;
    config::Config config;
};

}  // namespace ekel::test
