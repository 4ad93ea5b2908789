#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace ekel::db {

/// One table as copied: its rows and a digest of them on each side.
struct CopiedTable {
    std::string table;
    std::int64_t source_rows = 0;
    std::int64_t target_rows = 0;
    std::string source_digest;  ///< SHA-256 over the sorted SHA-256 of every row (independent of collation)
    std::string target_digest;
    bool matches() const { return source_rows == target_rows && source_digest == target_digest; }
};

/// Copies a kelurahan's SQLite database (at this program's schema) into an empty PostgreSQL
/// database: every table, row ids, counters and sequences, letter tokens and hashes, the audit
/// trail (the target's triggers off meanwhile: derived rows are copied, not derived again), then
/// moves each identity sequence past the copied ids, analyses the tables for the planner, and
/// compares every table's row count and digest on both sides. Copies in one transaction: on any
/// failure nothing is left in the target. Throws ekel::Error (in Indonesian, for the operator) when
/// the source is not at this program's schema, the target is not empty, or a table differs after
/// the copy.
/// `progress` is told each table as it is done.
std::vector<CopiedTable> copy_sqlite_to_postgresql(const std::string& sqlite_path, const std::string& postgresql_url,
                                                   const std::function<void(const CopiedTable&)>& progress = {});

}  // namespace ekel::db
