#include "shared/app/bootstrap.h"

#include "shared/db/database.h"
#include "shared/db/migrations.h"
#include "shared/db/store.h"
#include "shared/util/time.h"

namespace ekel::app {

int prepare_database(const config::Config& config, const Clock& clock) {
    int applied = 0;
    {
        SQLite::Database db = db::open_database(config.database.path, config.database.busy_timeout_ms);
        applied = db::migrate(db);
    }
    db::Store store(config.database.path, config.database.busy_timeout_ms);
    store.meta.save_profile(config.kelurahan, format_utc(clock.now()));
    return applied;
}

}  // namespace ekel::app
