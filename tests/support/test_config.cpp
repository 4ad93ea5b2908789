#include "tests/support/test_config.h"

#include "shared/app/bootstrap.h"
#include "shared/util/clock.h"

namespace ekel::test {

std::string repo_path(const std::string& relative) { return std::string(EKEL_REPO_DIR) + "/" + relative; }

config::Config test_config(const TempDir& dir) {
    config::Config config = config::load_config(repo_path("config/ekelurahan.toml"), config::no_environment());
    config.database.path = dir.file("ekelurahan.db");
    config.letter_types_path = repo_path("config/letter_types.toml");
    config.bot.port = 0;
    config.office.port = 0;
    config.bot.threads = 4;
    config.office.threads = 4;
    return config;
}

TempDatabase::TempDatabase() : config(test_config(dir)) {
    SystemClock clock;
    app::prepare_database(config, clock);
}

}  // namespace ekel::test
