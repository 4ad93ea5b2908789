#include "shared/db/connection.h"

#include "shared/db/engines.h"

namespace ekel::db {

bool is_postgresql_target(const std::string& target) {
    return target.rfind("postgresql://", 0) == 0 || target.rfind("postgres://", 0) == 0;
}

std::unique_ptr<Connection> open_connection(const ConnectionSettings& settings) {
    return is_postgresql_target(settings.path) ? open_postgresql(settings) : open_sqlite(settings);
}

SQLite::Database& Connection::sqlite() { throw Error("this needs an SQLite database"); }

bool Column::isNull() const { return statement_->is_null(index_); }
int Column::getInt() const { return static_cast<int>(statement_->int64_at(index_)); }
std::int64_t Column::getInt64() const { return statement_->int64_at(index_); }
double Column::getDouble() const { return statement_->double_at(index_); }
std::string Column::getString() const { return statement_->text_at(index_); }

Statement::Statement(Connection& connection, const std::string& sql) : impl_(connection.prepare(sql)) {}
Statement::~Statement() = default;

void Statement::bind_null(Parameter parameter) { impl_->bind_null(parameter); }
void Statement::bind_text(Parameter parameter, const std::string& value) { impl_->bind_text(parameter, value); }
void Statement::bind_int(Parameter parameter, std::int64_t value) { impl_->bind_int(parameter, value); }
void Statement::bind_double(Parameter parameter, double value) { impl_->bind_double(parameter, value); }
int Statement::exec() { return impl_->exec(); }
bool Statement::executeStep() { return impl_->step(); }
Column Statement::getColumn(int index) { return Column(*impl_, index); }
void Statement::reset() { impl_->reset(); }

}  // namespace ekel::db
