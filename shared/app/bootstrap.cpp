#include "shared/app/bootstrap.h"

#include "shared/db/connection.h"
#include "shared/db/meta_repository.h"
#include "shared/db/migrations.h"
#include "shared/db/store.h"
#include "shared/util/error.h"
#include "shared/util/time.h"

namespace ekel::app {

int prepare_database(const config::Config& config, const Clock& clock) {
    int applied = 0;
    {
        auto connection = db::open_connection({config.database.target(), config.database.busy_timeout_ms, true});
        db::Connection& db = *connection;
        // In a city every kelurahan has its own database: pointing one at another's (a typo in
        // [[kelurahan]] database) would mix two registries, so it is refused before anything is written.
        auto saved = db::saved_kelurahan(db);
        if (saved && !config.tenant.empty() && saved->first != config.kelurahan.code) {
            throw Error(config.database.target() + " is the database of Kelurahan " + saved->second + " (" + saved->first +
                        "), not of " + config.kelurahan.name + " (" + config.kelurahan.code + ")");
        }
        applied = db::migrate(db);
    }
    db::Store store(config.database.target(), config.database.busy_timeout_ms);
    store.meta.save_profile(config.kelurahan, format_utc(clock.now()));
    return applied;
}

}  // namespace ekel::app
