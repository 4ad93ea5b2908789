#pragma once

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Transaction.h>

#include <mutex>

namespace ekel::db {

/// BEGIN IMMEDIATE behind a process-wide gate. Threads of one process queue on a mutex, which
/// wakes the next writer as soon as the lock is free, instead of polling SQLite's lock; another
/// process (ekel-office beside ekel-bot) still meets SQLite's busy handler. Rolls back unless
/// commit() ran. Not reentrant: one write transaction per thread at a time.
class WriteTransaction {
public:
    explicit WriteTransaction(SQLite::Database& db);
    WriteTransaction(const WriteTransaction&) = delete;
    WriteTransaction& operator=(const WriteTransaction&) = delete;

    void commit();

private:
    std::unique_lock<std::mutex> gate_;
    SQLite::Transaction transaction_;
};

}  // namespace ekel::db
