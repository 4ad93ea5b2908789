#include "shared/db/database_copy.h"

#include <algorithm>
#include <filesystem>
#include <limits>
#include <map>
#include <optional>
#include <set>

#include "shared/db/connection.h"
#include "shared/db/migrations.h"
#include "shared/db/write_transaction.h"
#include "shared/util/error.h"
#include "shared/util/password.h"

namespace ekel::db {

namespace {

// Rows the schema itself writes (the baseline's seeds, the migration records): replaced by the
// source's instead of counting as "not empty".
const std::set<std::string> kSchemaRows = {"schema_migrations", "request_status_counts"};

struct Table {
    std::string name;
    std::vector<std::string> columns;
    std::vector<std::string> key;  // primary key columns, in key order
    std::set<std::string> parents;
};

std::string quoted(const std::string& name) { return "\"" + name + "\""; }

std::string joined(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& n : names) out += (out.empty() ? "" : ", ") + quoted(n);
    return out;
}

std::vector<Table> source_tables(Connection& sqlite) {
    std::vector<Table> tables;
    Statement list(sqlite, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name");
    while (list.executeStep()) tables.push_back({list.getColumn(0).getString(), {}, {}, {}});
    for (Table& t : tables) {
        Statement info(sqlite, "SELECT name, pk FROM pragma_table_info(:table) ORDER BY cid");
        info.bind(":table", t.name);
        std::map<int, std::string> key;
        while (info.executeStep()) {
            t.columns.push_back(info.getColumn(0).getString());
            if (int pk = info.getColumn(1).getInt(); pk > 0) key[pk] = t.columns.back();
        }
        for (const auto& [position, column] : key) t.key.push_back(column);
        if (t.key.empty()) t.key = t.columns;
        Statement parents(sqlite, "SELECT \"table\" FROM pragma_foreign_key_list(:table)");
        parents.bind(":table", t.name);
        while (parents.executeStep()) {
            if (parents.getColumn(0).getString() != t.name) t.parents.insert(parents.getColumn(0).getString());
        }
    }
    // Parents before children, so every foreign key finds its row.
    std::vector<Table> ordered;
    std::set<std::string> placed;
    while (ordered.size() < tables.size()) {
        const std::size_t before = ordered.size();
        for (const Table& t : tables) {
            if (placed.count(t.name)) continue;
            if (std::all_of(t.parents.begin(), t.parents.end(), [&](const auto& p) { return placed.count(p) > 0; })) {
                ordered.push_back(t);
                placed.insert(t.name);
            }
        }
        if (ordered.size() == before) throw Error("tabel-tabel sumber saling merujuk melingkar; tidak dapat disalin");
    }
    // The rows the schema writes go last, replacing the baseline's seeds by the source's own.
    std::stable_partition(ordered.begin(), ordered.end(), [](const Table& t) { return kSchemaRows.count(t.name) == 0; });
    return ordered;
}

std::vector<std::string> target_columns(Connection& target, const std::string& table) {
    Statement q(target,
                "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema()"
                " AND table_name = :table ORDER BY ordinal_position");
    q.bind(":table", table);
    std::vector<std::string> columns;
    while (q.executeStep()) columns.push_back(q.getColumn(0).getString());
    return columns;
}

std::int64_t count_rows(Connection& db, const std::string& table) {
    Statement q(db, "SELECT COUNT(*) FROM " + quoted(table));
    q.executeStep();
    return q.getColumn(0).getInt64();
}

// Rows are read in pages of the integer key where a table has one, so a table of millions of rows
// never sits in memory at once (libpq keeps a whole result).
constexpr int kPageRows = 20000;

bool paged(const Table& t) { return t.key.size() == 1 && t.key.front() == "id"; }

// Calls `each` with every row of `t` in key order (parents of a self-reference first).
void for_each_row(Connection& db, const Table& t, const std::function<void(Statement&)>& each) {
    const std::string select = "SELECT " + joined(t.columns) + " FROM " + quoted(t.name);
    if (!paged(t)) {
        Statement rows(db, select + " ORDER BY " + joined(t.key));
        while (rows.executeStep()) each(rows);
        return;
    }
    const int id_column = static_cast<int>(std::find(t.columns.begin(), t.columns.end(), "id") - t.columns.begin());
    std::int64_t after = std::numeric_limits<std::int64_t>::min();
    Statement page(db, select + " WHERE id > :after ORDER BY id LIMIT " + std::to_string(kPageRows));
    for (;;) {
        page.reset();
        page.bind(":after", after);
        int read = 0;
        while (page.executeStep()) {
            each(page);
            after = page.getColumn(id_column).getInt64();
            ++read;
        }
        if (read < kPageRows) return;
    }
}

// The same on both engines whatever their collation: the SHA-256 of each row's text (NULL marked
// apart), sorted, then hashed together, so text keys ordered differently by a cluster's locale
// still compare equal.
std::string digest(Connection& db, const Table& t) {
    std::vector<std::string> row_hashes;
    const int width = static_cast<int>(t.columns.size());
    for_each_row(db, t, [&](Statement& rows) {
        std::string row;
        for (int i = 0; i < width; ++i) {
            row += rows.getColumn(i).isNull() ? std::string("\x01N") : rows.getColumn(i).getString();
            row += '\x1f';
        }
        row_hashes.push_back(sha256_hex(row));
    });
    std::sort(row_hashes.begin(), row_hashes.end());
    std::string all;
    all.reserve(row_hashes.size() * 64);
    for (const auto& h : row_hashes) all += h;
    return sha256_hex(all);
}

// Many rows per INSERT: one round trip and one statement execution per batch instead of per row
// (a million requests copied row by row took over ten minutes). PostgreSQL takes at most 65,535
// parameters in a statement.
class BatchInsert {
public:
    BatchInsert(Connection& db, const Table& t)
        : db_(db), table_(t), width_(static_cast<int>(t.columns.size())),
          batch_rows_(std::max(1, std::min(1000, 30000 / width_))), full_(db, sql(batch_rows_)) {}

    void add(Statement& source) {
        for (int i = 0; i < width_; ++i) {
            if (source.getColumn(i).isNull()) {
                pending_.emplace_back(std::nullopt);
            } else {
                pending_.emplace_back(source.getColumn(i).getString());
            }
        }
        if (pending_.size() == static_cast<std::size_t>(batch_rows_ * width_)) flush_into(full_);
    }

    void finish() {
        if (pending_.empty()) return;
        Statement tail(db_, sql(static_cast<int>(pending_.size()) / width_));
        flush_into(tail);
    }

private:
    std::string sql(int rows) const {
        std::string values;
        for (int r = 0; r < rows; ++r) {
            values += r ? ", (" : "(";
            for (int i = 0; i < width_; ++i) values += i ? ", ?" : "?";
            values += ")";
        }
        return "INSERT INTO " + quoted(table_.name) + " (" + joined(table_.columns) +
               ") OVERRIDING SYSTEM VALUE VALUES " + values;
    }

    void flush_into(Statement& insert) {
        for (std::size_t i = 0; i < pending_.size(); ++i) {
            const int index = static_cast<int>(i) + 1;
            if (pending_[i]) {
                insert.bind(index, *pending_[i]);
            } else {
                insert.bind(index);
            }
        }
        insert.exec();
        pending_.clear();
    }

    Connection& db_;
    const Table& table_;
    const int width_;
    const int batch_rows_;
    Statement full_;
    std::vector<std::optional<std::string>> pending_;
};

}  // namespace

std::vector<CopiedTable> copy_sqlite_to_postgresql(const std::string& sqlite_path, const std::string& postgresql_url,
                                                   const std::function<void(const CopiedTable&)>& progress) {
    if (is_postgresql_target(sqlite_path)) throw Error("--from harus berkas SQLite (sqlite:PATH)");
    if (!is_postgresql_target(postgresql_url)) throw Error("--to harus alamat postgresql://…");
    if (!std::filesystem::is_regular_file(sqlite_path)) throw Error("Berkas " + sqlite_path + " tidak ada.");
    auto source = open_connection({sqlite_path, 5000, true});
    if (schema_version(*source) != latest_schema_version()) {
        throw Error("Basis data sumber pada skema versi " + std::to_string(schema_version(*source)) +
                    ", program ini " + std::to_string(latest_schema_version()) + ": jalankan ekel-office migrate dulu.");
    }
    auto target = open_connection({postgresql_url, 5000, true});
    migrate(*target);
    const std::vector<Table> tables = source_tables(*source);
    for (const Table& t : tables) {
        if (target_columns(*target, t.name) != t.columns) {
            throw Error("Tabel " + t.name + " di PostgreSQL tidak sama kolomnya dengan di SQLite.");
        }
        if (kSchemaRows.count(t.name)) continue;
        if (const std::int64_t rows = count_rows(*target, t.name); rows > 0) {
            throw Error("Basis data tujuan tidak kosong: tabel " + t.name + " berisi " + std::to_string(rows) +
                        " baris. Salinan hanya ke basis data yang kosong.");
        }
    }

    // One read transaction on the source: a consistent snapshot while the kelurahan keeps working.
    source->exec("BEGIN");
    {
        WriteTransaction tx(*target);
        // The rows are copied as they are, including what triggers derived from them (status
        // counts): the target's own triggers stay off meanwhile, or they would count twice, and
        // a million updates of one counter row in one transaction slow PostgreSQL to a crawl.
        // Off only inside this transaction: a failed copy leaves them on.
        for (const Table& t : tables) target->exec("ALTER TABLE " + quoted(t.name) + " DISABLE TRIGGER USER");
        for (const Table& t : tables) {
            if (kSchemaRows.count(t.name)) target->exec("DELETE FROM " + quoted(t.name));
            BatchInsert insert(*target, t);
            for_each_row(*source, t, [&](Statement& row) { insert.add(row); });
            insert.finish();
        }
        for (const Table& t : tables) target->exec("ALTER TABLE " + quoted(t.name) + " ENABLE TRIGGER USER");
        // New rows continue after the copied ids.
        Statement identities(*target,
                             "SELECT table_name, column_name FROM information_schema.columns"
                             " WHERE table_schema = current_schema() AND is_identity = 'YES'");
        std::vector<std::pair<std::string, std::string>> columns;
        while (identities.executeStep()) {
            columns.emplace_back(identities.getColumn(0).getString(), identities.getColumn(1).getString());
        }
        for (const auto& [table, column] : columns) {
            target->exec("SELECT setval(pg_get_serial_sequence('" + table + "', '" + column + "'), COALESCE(MAX(" +
                         quoted(column) + "), 0) + 1, false) FROM " + quoted(table));
        }
        tx.commit();
    }
    // Statistics for the planner now, not when autovacuum gets to it: without them PostgreSQL
    // guesses, and a filtered list of a million requests took 0.9 s instead of 1.4 ms.
    target->exec("ANALYZE");

    std::vector<CopiedTable> report;
    for (const Table& t : tables) {
        CopiedTable copied{t.name, count_rows(*source, t.name), count_rows(*target, t.name), digest(*source, t),
                           digest(*target, t)};
        if (progress) progress(copied);
        report.push_back(copied);
    }
    source->exec("COMMIT");
    for (const CopiedTable& t : report) {
        if (!t.matches()) {
            throw Error("Tabel " + t.table + " berbeda setelah disalin (" + std::to_string(t.source_rows) + " baris di "
                        "SQLite, " + std::to_string(t.target_rows) + " di PostgreSQL). Periksa sebelum dipakai.");
        }
    }
    return report;
}

}  // namespace ekel::db
