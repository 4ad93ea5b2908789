#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <mutex>

#include "shared/db/database.h"
#include "shared/db/engines.h"

namespace ekel::db {

namespace {

// Threads of one process queue on this gate for the write lock, which wakes the next writer as
// soon as the lock is free instead of polling SQLite's; another process still meets the busy
// handler.
std::mutex& write_gate() {
    static std::mutex gate;
    return gate;
}

template <typename Action>
auto translated(Action action) -> decltype(action()) {
    try {
        return action();
    } catch (const SQLite::Exception& e) {
        throw DatabaseError(e.what());
    }
}

class SqliteStatement final : public StatementImpl {
public:
    SqliteStatement(SQLite::Database& db, const std::string& sql)
        : query_(translated([&] { return SQLite::Statement(db, sql); })) {}

    void bind_null(Parameter p) override {
        translated([&] { p.name ? query_.bind(p.name) : query_.bind(p.index); });
    }
    void bind_text(Parameter p, const std::string& value) override {
        translated([&] { p.name ? query_.bind(p.name, value) : query_.bind(p.index, value); });
    }
    void bind_int(Parameter p, std::int64_t value) override {
        translated([&] { p.name ? query_.bind(p.name, value) : query_.bind(p.index, value); });
    }
    void bind_double(Parameter p, double value) override {
        translated([&] { p.name ? query_.bind(p.name, value) : query_.bind(p.index, value); });
    }
    int exec() override {
        return translated([&] { return query_.exec(); });
    }
    bool step() override {
        return translated([&] { return query_.executeStep(); });
    }
    void reset() override { query_.reset(); }
    bool is_null(int index) override { return query_.getColumn(index).isNull(); }
    std::int64_t int64_at(int index) override { return query_.getColumn(index).getInt64(); }
    double double_at(int index) override { return query_.getColumn(index).getDouble(); }
    std::string text_at(int index) override { return query_.getColumn(index).getString(); }

private:
    SQLite::Statement query_;
};

class SqliteConnection final : public Connection {
public:
    explicit SqliteConnection(const ConnectionSettings& settings)
        : db_(translated([&] { return open_database(settings); })) {}

    Engine engine() const override { return Engine::sqlite; }
    void exec(const std::string& sql) override {
        translated([&] { db_.exec(sql); });
    }
    bool tableExists(const std::string& table) override { return db_.tableExists(table); }
    std::unique_ptr<StatementImpl> prepare(const std::string& sql) override {
        return std::make_unique<SqliteStatement>(db_, sql);
    }
    void begin_write(bool /*serialised: SQLite serialises every writer*/) override {
        std::unique_lock gate(write_gate());
        exec("BEGIN IMMEDIATE");
        gate_ = std::move(gate);
    }
    void commit() override {
        exec("COMMIT");
        gate_ = {};
    }
    void rollback() noexcept override {
        try {
            db_.exec("ROLLBACK");
        } catch (const std::exception&) {
            // Nothing was open (a failed COMMIT already ended it); the lock is free either way.
        }
        gate_ = {};
    }
    SQLite::Database& sqlite() override { return db_; }

private:
    SQLite::Database db_;
    std::unique_lock<std::mutex> gate_;
};

}  // namespace

std::unique_ptr<Connection> open_sqlite(const ConnectionSettings& settings) {
    return std::make_unique<SqliteConnection>(settings);
}

}  // namespace ekel::db
