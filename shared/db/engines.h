#pragma once

#include <memory>

#include "shared/db/connection.h"

// The two engines behind Connection; only open_connection() calls these.
namespace ekel::db {

std::unique_ptr<Connection> open_sqlite(const ConnectionSettings& settings);
std::unique_ptr<Connection> open_postgresql(const ConnectionSettings& settings);

}  // namespace ekel::db
