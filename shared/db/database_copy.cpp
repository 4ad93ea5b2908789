#include "shared/db/database_copy.h"

#include <algorithm>
#include <filesystem>
#include <map>
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
    // The rows the schema writes go last: copying requests runs the trigger that keeps
    // request_status_counts, which are then replaced by the source's own.
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

// The same text on both engines: integers and text read back as stored, NULL marked apart.
std::string digest(Connection& db, const Table& t) {
    Statement rows(db, "SELECT " + joined(t.columns) + " FROM " + quoted(t.name) + " ORDER BY " + joined(t.key));
    std::string chained;
    const int width = static_cast<int>(t.columns.size());
    while (rows.executeStep()) {
        std::string row;
        for (int i = 0; i < width; ++i) {
            row += rows.getColumn(i).isNull() ? std::string("\x01N") : rows.getColumn(i).getString();
            row += '\x1f';
        }
        chained = sha256_hex(chained + row);
    }
    return chained;
}

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
        for (const Table& t : tables) {
            if (kSchemaRows.count(t.name)) target->exec("DELETE FROM " + quoted(t.name));
            std::string placeholders;
            for (std::size_t i = 0; i < t.columns.size(); ++i) placeholders += i ? ", ?" : "?";
            Statement insert(*target, "INSERT INTO " + quoted(t.name) + " (" + joined(t.columns) +
                                          ") OVERRIDING SYSTEM VALUE VALUES (" + placeholders + ")");
            Statement rows(*source, "SELECT " + joined(t.columns) + " FROM " + quoted(t.name) + " ORDER BY " +
                                        joined(t.key));
            const int width = static_cast<int>(t.columns.size());
            while (rows.executeStep()) {
                for (int i = 0; i < width; ++i) {
                    if (rows.getColumn(i).isNull()) {
                        insert.bind(i + 1);
                    } else {
                        insert.bind(i + 1, rows.getColumn(i).getString());
                    }
                }
                insert.exec();
            }
        }
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
