#include "shared/db/write_transaction.h"

namespace ekel::db {

WriteTransaction::WriteTransaction(Connection& db, Scope scope) : db_(db) {
    db_.begin_write(scope == Scope::serialised);
}

WriteTransaction::~WriteTransaction() {
    if (open_) db_.rollback();
}

void WriteTransaction::commit() {
    db_.commit();
    open_ = false;
}

}  // namespace ekel::db
