#include "tests/support/test_config.h"

#include "shared/app/bootstrap.h"
#include "shared/db/store.h"
#include "shared/util/clock.h"

namespace ekel::test {

std::string repo_path(const std::string& relative) { return std::string(EKEL_REPO_DIR) + "/" + relative; }

config::EnvLookup repo_environment() {
    return [](const std::string& name) -> std::optional<std::string> {
        if (name == "EKEL_KELURAHAN_LOGO") return repo_path("config/emblem.png");
        return std::nullopt;
    };
}

config::Config test_config(const TempDir& dir) {
    config::Config config = config::load_config(repo_path("config/ekelurahan.toml"), repo_environment());
    config.database.path = dir.file("ekelurahan.db");
    config.letter_types_path = repo_path("config/letter_types.toml");
    config.letter_words_path = repo_path("config/letter_words.toml");
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
