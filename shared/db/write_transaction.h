#pragma once

#include "shared/db/connection.h"

namespace ekel::db {

/// A write transaction; rolls back unless commit() ran. Not reentrant: one per thread at a time.
///
/// `serialised` (the default) waits for every other serialised write of the database, across
/// processes and machines (SQLite: BEGIN IMMEDIATE behind a process-wide gate; PostgreSQL: a
/// transaction-level advisory lock), so read-then-write logic (counters, state machines) stays
/// correct everywhere. `rows_only` is for writes whose correctness rests on unique constraints and
/// row locks alone (webhook intake, outbox claims): on PostgreSQL they run side by side.
class WriteTransaction {
public:
    enum class Scope { serialised, rows_only };

    explicit WriteTransaction(Connection& db, Scope scope = Scope::serialised);
    ~WriteTransaction();
    WriteTransaction(const WriteTransaction&) = delete;
    WriteTransaction& operator=(const WriteTransaction&) = delete;

    void commit();

private:
    Connection& db_;
    bool open_ = true;
};

}  // namespace ekel::db
