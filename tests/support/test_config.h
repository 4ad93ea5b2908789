#pragma once

#include <string>

#include "shared/config/config.h"
#include "tests/support/temp_dir.h"

namespace ekel::db {
class Store;
}

namespace ekel::test {

/// The repository's demo configuration, pointed at a database in `dir`, on free ports.
config::Config test_config(const TempDir& dir);

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
