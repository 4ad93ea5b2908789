#include "shared/db/write_transaction.h"

namespace ekel::db {

namespace {
std::mutex& write_gate() {
    static std::mutex gate;
    return gate;
}
}  // namespace

WriteTransaction::WriteTransaction(SQLite::Database& db)
    : gate_(write_gate()), transaction_(db, SQLite::TransactionBehavior::IMMEDIATE) {}

void WriteTransaction::commit() { transaction_.commit(); }

}  // namespace ekel::db
