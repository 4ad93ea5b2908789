#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <type_traits>

#include "shared/util/error.h"

namespace SQLite {
class Database;
}

namespace ekel::db {

enum class Engine { sqlite, postgresql };

/// True for a `postgresql://` or `postgres://` URL; anything else is an SQLite file path.
bool is_postgresql_target(const std::string& target);

/// How one of our connections is opened.
struct ConnectionSettings {
    /// An SQLite file path, or a PostgreSQL URL (passwords come from PGPASSWORD or a .pgpass file).
    std::string path;
    int busy_timeout_ms = 5000;
    /// SQLite only: when false, commits on this connection never checkpoint the WAL; a
    /// Checkpointer thread does it instead, so latency-sensitive writers never pay for it.
    bool auto_checkpoint = true;
};

/// The database could not be reached (PostgreSQL: the server is down or failing over). The
/// connection reconnects on its next use; the work in hand was not committed.
class DatabaseUnavailable : public Error {
public:
    using Error::Error;
};

/// A failed statement on either engine (constraint, syntax, trigger); what() has the reason.
class DatabaseError : public Error {
public:
    using Error::Error;
};

class StatementImpl;

/// A statement parameter: by `:name`, or by position (1-based, for `?` placeholders).
struct Parameter {
    const char* name = nullptr;
    int index = 0;
};

/// One connection of either engine. Owned by one thread at a time.
class Connection {
public:
    virtual ~Connection() = default;
    virtual Engine engine() const = 0;
    /// Runs SQL without results (one or more statements).
    virtual void exec(const std::string& sql) = 0;
    virtual bool tableExists(const std::string& table) = 0;
    virtual std::unique_ptr<StatementImpl> prepare(const std::string& sql) = 0;

    /// Transactions, used through WriteTransaction. A serialised one waits for every other
    /// serialised one of the database, across processes and machines; an unserialised one (on
    /// PostgreSQL) relies on row locks and unique constraints only.
    virtual void begin_write(bool serialised) = 0;
    virtual void commit() = 0;
    virtual void rollback() noexcept = 0;

    /// The SQLite handle, for what only SQLite has (online backup, WAL checkpoints); throws on
    /// PostgreSQL.
    virtual SQLite::Database& sqlite();
};

/// Opens a connection with the settings every connection of ours uses (SQLite: WAL, foreign keys,
/// busy timeout, synchronous=FULL; PostgreSQL: UTC, the multi-host URL as given).
std::unique_ptr<Connection> open_connection(const ConnectionSettings& settings);

/// One cell of the current row. NULL reads as 0 or "" (as SQLiteCpp does); PostgreSQL booleans
/// read as 1/0.
class Column {
public:
    Column(StatementImpl& statement, int index) : statement_(&statement), index_(index) {}
    bool isNull() const;
    int getInt() const;
    std::int64_t getInt64() const;
    double getDouble() const;
    std::string getString() const;

private:
    StatementImpl* statement_;
    int index_;
};

/// A prepared statement written with SQLite's `:name` parameters; on PostgreSQL they become
/// `$1…$n` in order of first appearance. Its methods mirror SQLiteCpp's, so the repositories read
/// the same on both engines.
class Statement {
public:
    Statement(Connection& connection, const std::string& sql);
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    void bind(const char* name) { bind_null({name, 0}); }  ///< NULL
    void bind(const char* name, const std::string& value) { bind_text({name, 0}, value); }
    void bind(const char* name, const char* value) { bind_text({name, 0}, value); }
    void bind(const char* name, double value) { bind_double({name, 0}, value); }
    template <typename Integer, std::enable_if_t<std::is_integral_v<Integer>, int> = 0>
    void bind(const char* name, Integer value) {
        bind_int({name, 0}, static_cast<std::int64_t>(value));
    }
    /// The same by position, for `?` placeholders (tests and benchmarks that fill tables).
    void bind(int index) { bind_null({nullptr, index}); }
    void bind(int index, const std::string& value) { bind_text({nullptr, index}, value); }
    void bind(int index, const char* value) { bind_text({nullptr, index}, value); }
    void bind(int index, double value) { bind_double({nullptr, index}, value); }
    template <typename Integer, std::enable_if_t<std::is_integral_v<Integer>, int> = 0>
    void bind(int index, Integer value) {
        bind_int({nullptr, index}, static_cast<std::int64_t>(value));
    }

    /// Runs a statement without results; the number of rows it changed.
    int exec();
    /// Runs the statement on the first call and moves to the next row; false after the last.
    bool executeStep();
    Column getColumn(int index);
    /// Back to before the first step; bindings are kept.
    void reset();

private:
    void bind_null(Parameter parameter);
    void bind_text(Parameter parameter, const std::string& value);
    void bind_int(Parameter parameter, std::int64_t value);
    void bind_double(Parameter parameter, double value);
    std::unique_ptr<StatementImpl> impl_;
};

/// What each engine implements for Statement.
class StatementImpl {
public:
    virtual ~StatementImpl() = default;
    virtual void bind_null(Parameter parameter) = 0;
    virtual void bind_text(Parameter parameter, const std::string& value) = 0;
    virtual void bind_int(Parameter parameter, std::int64_t value) = 0;
    virtual void bind_double(Parameter parameter, double value) = 0;
    virtual int exec() = 0;
    virtual bool step() = 0;
    virtual void reset() = 0;
    virtual bool is_null(int index) = 0;
    virtual std::int64_t int64_at(int index) = 0;
    virtual double double_at(int index) = 0;
    virtual std::string text_at(int index) = 0;
};

}  // namespace ekel::db
