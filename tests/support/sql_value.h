#pragma once

#include <cstdint>
#include <string>

#include "shared/db/connection.h"

namespace ekel::test {

/// The first column of the first row of `sql`, read on either engine (what SQLiteCpp's
/// execAndGet gave the tests before).
struct SqlValue {
    bool null = true;
    std::string text;
    std::int64_t integer = 0;

    bool isNull() const { return null; }
    int getInt() const { return static_cast<int>(integer); }
    std::int64_t getInt64() const { return integer; }
    std::string getString() const { return text; }
};

inline SqlValue sql_value(db::Connection& db, const std::string& sql) {
    db::Statement q(db, sql);
    SqlValue value;
    if (q.executeStep()) {
        value.null = q.getColumn(0).isNull();
        value.text = q.getColumn(0).getString();
        value.integer = q.getColumn(0).getInt64();
    }
    return value;
}

}  // namespace ekel::test
