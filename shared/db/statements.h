#pragma once

#include <SQLiteCpp/Statement.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ekel::db {

/// Steps a bound query once and maps the row; resets the statement for its next use.
template <typename Read>
auto fetch_one(SQLite::Statement& query, Read read) -> std::optional<decltype(read(query))> {
    std::optional<decltype(read(query))> result;
    if (query.executeStep()) result = read(query);
    query.reset();
    return result;
}

/// Maps every row of a bound query; resets the statement for its next use.
template <typename Read>
auto fetch_all(SQLite::Statement& query, Read read) -> std::vector<decltype(read(query))> {
    std::vector<decltype(read(query))> result;
    while (query.executeStep()) result.push_back(read(query));
    query.reset();
    return result;
}

/// The first column of the first row as an integer (COUNT, RETURNING id).
inline std::int64_t fetch_int(SQLite::Statement& query) {
    query.executeStep();
    std::int64_t value = query.getColumn(0).getInt64();
    query.reset();
    return value;
}

/// Empty strings are stored as NULL (optional phones, names).
inline void bind_or_null(SQLite::Statement& query, const char* name, const std::string& value) {
    if (value.empty()) {
        query.bind(name);
    } else {
        query.bind(name, value);
    }
}

inline void bind_or_null(SQLite::Statement& query, const char* name,
                         const std::optional<std::string>& value) {
    if (value) {
        query.bind(name, *value);
    } else {
        query.bind(name);
    }
}

inline std::optional<std::string> optional_text(const SQLite::Column& column) {
    if (column.isNull()) return std::nullopt;
    return column.getString();
}

}  // namespace ekel::db
