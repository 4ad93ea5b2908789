#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "shared/db/connection.h"

namespace ekel::db {

/// The text of a statement that differs between the engines (kept next to each other, and few).
inline std::string for_engine(const Connection& db, std::string sqlite, std::string postgresql) {
    return db.engine() == Engine::sqlite ? std::move(sqlite) : std::move(postgresql);
}

/// The end of the range of the text that starts with `prefix`: the prefix and the last code
/// point, U+10FFFF. Valid UTF-8 (PostgreSQL refuses other text) and above any letter of a name.
inline std::string prefix_range_end(const std::string& prefix) { return prefix + "\xf4\x8f\xbf\xbf"; }

/// Steps a bound query once and maps the row; resets the statement for its next use.
template <typename Read>
auto fetch_one(Statement& query, Read read) -> std::optional<decltype(read(query))> {
    std::optional<decltype(read(query))> result;
    if (query.executeStep()) result = read(query);
    query.reset();
    return result;
}

/// Maps every row of a bound query; resets the statement for its next use.
template <typename Read>
auto fetch_all(Statement& query, Read read) -> std::vector<decltype(read(query))> {
    std::vector<decltype(read(query))> result;
    while (query.executeStep()) result.push_back(read(query));
    query.reset();
    return result;
}

/// The first column of the first row as an integer (COUNT, RETURNING id).
inline std::int64_t fetch_int(Statement& query) {
    query.executeStep();
    std::int64_t value = query.getColumn(0).getInt64();
    query.reset();
    return value;
}

/// Empty strings are stored as NULL (optional phones, names).
inline void bind_or_null(Statement& query, const char* name, const std::string& value) {
    if (value.empty()) {
        query.bind(name);
    } else {
        query.bind(name, value);
    }
}

inline void bind_or_null(Statement& query, const char* name,
                         const std::optional<std::string>& value) {
    if (value) {
        query.bind(name, *value);
    } else {
        query.bind(name);
    }
}

inline std::optional<std::string> optional_text(const Column& column) {
    if (column.isNull()) return std::nullopt;
    return column.getString();
}

}  // namespace ekel::db
