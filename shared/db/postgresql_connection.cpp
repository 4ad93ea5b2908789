#include <pqxx/pqxx>

#include <fmt/format.h>

#include <cctype>
#include <csignal>
#include <cstdlib>
#include <map>
#include <optional>
#include <vector>

#include "shared/db/engines.h"

namespace ekel::db {

namespace {

// Key of the transaction-level advisory lock that serialises our "serialised" write transactions
// across every process and machine, as SQLite's single writer does on one machine.
constexpr long kSerialisedWriteLock = 0x656b656c;  // "ekel"

/// SQLite's `:name` parameters become `$1…$n` in order of first appearance, and `?` the next
/// number; SQLite's planner hints (`INDEXED BY name`, a unary `+` before a column) are dropped;
/// quoted text and PostgreSQL's `::` casts are left alone.
struct TranslatedSql {
    std::string text;
    std::map<std::string, int, std::less<>> positions;
    int count = 0;
};

TranslatedSql translate_parameters(const std::string& sql) {
    TranslatedSql out;
    auto is_name_char = [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    };
    for (std::size_t i = 0; i < sql.size(); ++i) {
        const char c = sql[i];
        if (c == '\'' || c == '"') {
            const std::size_t close = sql.find(c, i + 1);
            const std::size_t end = close == std::string::npos ? sql.size() : close + 1;
            out.text.append(sql, i, end - i);
            i = end - 1;
            continue;
        }
        if (c == ':' && i + 1 < sql.size() && sql[i + 1] == ':') {
            out.text += "::";
            ++i;
            continue;
        }
        if (sql.compare(i, 11, "INDEXED BY ") == 0) {
            std::size_t end = i + 11;
            while (end < sql.size() && is_name_char(sql[end])) ++end;
            while (end < sql.size() && sql[end] == ' ') ++end;
            i = end - 1;
            continue;
        }
        if (c == '+' && i > 0 && (sql[i - 1] == ' ' || sql[i - 1] == '(') && i + 1 < sql.size() &&
            std::isalpha(static_cast<unsigned char>(sql[i + 1]))) {
            continue;
        }
        if (c == '?') {
            out.text += "$" + std::to_string(++out.count);
            continue;
        }
        if (c == ':' && i + 1 < sql.size() && is_name_char(sql[i + 1])) {
            std::size_t end = i + 1;
            while (end < sql.size() && is_name_char(sql[end])) ++end;
            const std::string name = sql.substr(i, end - i);
            auto [at, added] = out.positions.try_emplace(name, out.count + 1);
            if (added) ++out.count;
            out.text += "$" + std::to_string(at->second);
            i = end - 1;
            continue;
        }
        out.text += c;
    }
    return out;
}

class PostgresConnection;

class PostgresStatement final : public StatementImpl {
public:
    PostgresStatement(PostgresConnection& connection, std::string name, const std::string& sql)
        : connection_(connection), name_(std::move(name)) {
        TranslatedSql translated = translate_parameters(sql);
        sql_ = std::move(translated.text);
        positions_ = std::move(translated.positions);
        values_.resize(static_cast<std::size_t>(translated.count));
    }
    ~PostgresStatement() override;

    void bind_null(Parameter p) override { slot(p).reset(); }
    void bind_text(Parameter p, const std::string& value) override { slot(p) = value; }
    void bind_int(Parameter p, std::int64_t value) override { slot(p) = std::to_string(value); }
    void bind_double(Parameter p, double value) override { slot(p) = fmt::format("{}", value); }
    int exec() override;
    bool step() override;
    void reset() override {
        result_ = {};
        row_ = -1;
        executed_ = false;
    }
    bool is_null(int index) override { return field(index).is_null(); }
    std::int64_t int64_at(int index) override {
        const pqxx::field f = field(index);
        if (f.is_null()) return 0;
        const char* text = f.c_str();
        if (text[0] == 't' && text[1] == '\0') return 1;  // boolean
        if (text[0] == 'f' && text[1] == '\0') return 0;
        return std::strtoll(text, nullptr, 10);
    }
    double double_at(int index) override {
        const pqxx::field f = field(index);
        return f.is_null() ? 0.0 : std::strtod(f.c_str(), nullptr);
    }
    std::string text_at(int index) override {
        const pqxx::field f = field(index);
        return f.is_null() ? std::string() : std::string(f.c_str(), f.size());
    }

private:
    std::optional<std::string>& slot(Parameter p) {
        int index = p.index;
        if (p.name) {
            auto at = positions_.find(std::string_view(p.name));
            if (at == positions_.end()) throw DatabaseError(fmt::format("no parameter {} in: {}", p.name, sql_));
            index = at->second;
        }
        if (index < 1 || index > static_cast<int>(values_.size())) {
            throw DatabaseError(fmt::format("no parameter {} in: {}", index, sql_));
        }
        return values_[static_cast<std::size_t>(index - 1)];
    }
    pqxx::field field(int index) {
        if (row_ < 0 || row_ >= static_cast<int>(result_.size())) throw DatabaseError("no current row");
        return result_[static_cast<pqxx::result::size_type>(row_)][index];
    }
    pqxx::result run();

    PostgresConnection& connection_;
    std::string name_;
    std::string sql_;
    std::map<std::string, int, std::less<>> positions_;
    std::vector<std::optional<std::string>> values_;
    std::uint64_t prepared_on_ = 0;  // connection generation it was registered on (0 = none)
    pqxx::result result_;
    int row_ = -1;
    bool executed_ = false;

    friend class PostgresConnection;
};

class PostgresConnection final : public Connection {
public:
    explicit PostgresConnection(const ConnectionSettings& settings) : url_(settings.path) { connection(); }

    Engine engine() const override { return Engine::postgresql; }

    void exec(const std::string& sql) override {
        guarded([&] {
            if (transaction_) {
                transaction_->exec(sql);
            } else {
                pqxx::nontransaction autocommit(connection());
                autocommit.exec(sql);
            }
        });
    }

    bool tableExists(const std::string& table) override {
        Statement query(*this, "SELECT to_regclass(:table) IS NOT NULL");
        query.bind(":table", table);
        query.executeStep();
        return query.getColumn(0).getInt() == 1;
    }

    std::unique_ptr<StatementImpl> prepare(const std::string& sql) override {
        return std::make_unique<PostgresStatement>(*this, "s" + std::to_string(++statements_), sql);
    }

    void begin_write(bool serialised) override {
        guarded([&] {
            transaction_ = std::make_unique<pqxx::work>(connection());
            if (serialised) transaction_->exec("SELECT pg_advisory_xact_lock(" + std::to_string(kSerialisedWriteLock) + ")");
        });
    }

    void commit() override {
        guarded([&] {
            if (!transaction_) throw DatabaseError("COMMIT without a transaction");
            transaction_->commit();
            transaction_.reset();
        });
    }

    void rollback() noexcept override {
        try {
            if (transaction_) transaction_->abort();
        } catch (const std::exception&) {
            // A broken connection rolls back on the server by itself.
        }
        transaction_.reset();
    }

    // A statement made for one call (tableExists, a leader check) would otherwise stay prepared
    // on the server for the whole session.
    void forget(PostgresStatement& statement) noexcept {
        if (!connection_ || statement.prepared_on_ != generation_) return;
        try {
            connection_->unprepare(statement.name_);
        } catch (const std::exception&) {
            // Gone with the session anyway.
        }
    }

    pqxx::result run(PostgresStatement& statement) {
        return guarded([&] {
            pqxx::connection& c = connection();
            if (statement.prepared_on_ != generation_) {
                c.prepare(statement.name_, statement.sql_);
                statement.prepared_on_ = generation_;
            }
            auto params = pqxx::prepare::make_dynamic_params(statement.values_);
            if (transaction_) return transaction_->exec_prepared(statement.name_, params);
            pqxx::nontransaction autocommit(c);
            return autocommit.exec_prepared(statement.name_, params);
        });
    }

private:
    pqxx::connection& connection() {
        if (!connection_) {
            try {
                connection_ = std::make_unique<pqxx::connection>(url_);
            } catch (const pqxx::broken_connection& e) {
                throw DatabaseUnavailable(std::string("database unreachable: ") + e.what());
            }
            ++generation_;
        }
        return *connection_;
    }

    // libpqxx 6 would quietly reconnect a broken connection without its transaction or session
    // state; we drop it instead and open a new one (the multi-host URL finds the new primary).
    template <typename Action>
    auto guarded(Action action) -> decltype(action()) {
        try {
            return action();
        } catch (const pqxx::broken_connection& e) {
            drop();
            throw DatabaseUnavailable(std::string("database connection lost: ") + e.what());
        } catch (const pqxx::in_doubt_error& e) {
            drop();
            throw DatabaseUnavailable(std::string("database connection lost during commit: ") + e.what());
        } catch (const pqxx::failure& e) {
            throw DatabaseError(e.what());
        }
    }

    void drop() noexcept {
        transaction_.reset();
        connection_.reset();
    }

    std::string url_;
    std::unique_ptr<pqxx::connection> connection_;
    std::unique_ptr<pqxx::work> transaction_;
    std::uint64_t generation_ = 0;
    std::uint64_t statements_ = 0;
};

pqxx::result PostgresStatement::run() { return connection_.run(*this); }

PostgresStatement::~PostgresStatement() { connection_.forget(*this); }

int PostgresStatement::exec() {
    reset();
    return static_cast<int>(run().affected_rows());
}

bool PostgresStatement::step() {
    if (!executed_) {
        result_ = run();
        executed_ = true;
        row_ = -1;
    }
    ++row_;
    return row_ < static_cast<int>(result_.size());
}

}  // namespace

std::unique_ptr<Connection> open_postgresql(const ConnectionSettings& settings) {
    // libpq writes to a socket whose server may be gone; that must be an error, not a signal.
    static const bool sigpipe_ignored = [] { return std::signal(SIGPIPE, SIG_IGN) != SIG_ERR; }();
    (void)sigpipe_ignored;
    return std::make_unique<PostgresConnection>(settings);
}

}  // namespace ekel::db
