#pragma once

#include "shared/config/config.h"
#include "shared/util/clock.h"

namespace ekel::app {

/// Brings the database to the current schema and the kelurahan profile table in line with the
/// configuration. Both programs call it at start (safe when they start together). Returns how
/// many migrations were applied. Throws db::DatabaseError (db::DatabaseUnavailable when PostgreSQL
/// cannot be reached) or db::SchemaTooNew.
int prepare_database(const config::Config& config, const Clock& clock);

}  // namespace ekel::app
