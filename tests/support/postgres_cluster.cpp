#include "tests/support/postgres_cluster.h"

#include <pqxx/pqxx>

#include <cstdlib>
#include <stdexcept>

#include "tests/support/process.h"
#include "tests/support/test_config.h"

namespace ekel::test {

PostgresCluster::PostgresCluster() : dir_(parent_.file("cluster")), port_(free_port()) {
    const std::string command =
        repo_path("scripts/test-postgres.sh") + " start " + dir_ + " " + std::to_string(port_) + " >/dev/null";
    if (std::system(command.c_str()) != 0) throw std::runtime_error("cannot start a PostgreSQL cluster: " + command);
}

PostgresCluster::~PostgresCluster() {
    const std::string command = repo_path("scripts/test-postgres.sh") + " stop " + dir_;
    if (std::system(command.c_str()) != 0) {
        // Nothing else to do in a destructor; the temporary folder goes with parent_.
    }
}

std::string PostgresCluster::create_database(const std::string& name) const {
    const std::string base = "postgresql://postgres@127.0.0.1:" + std::to_string(port_) + "/";
    pqxx::connection admin(base + "postgres");
    pqxx::nontransaction(admin).exec("CREATE DATABASE " + name);
    return base + name;
}

PostgresPair::PostgresPair() : dir_(parent_.file("pair")), primary_port_(free_port()) {
    do standby_port_ = free_port();
    while (standby_port_ == primary_port_);
    script("start-pair " + dir_ + " " + std::to_string(primary_port_) + " " + std::to_string(standby_port_));
}

PostgresPair::~PostgresPair() {
    try {
        script("stop " + dir_);
    } catch (const std::exception&) {
        // The temporary folder goes with parent_.
    }
}

void PostgresPair::script(const std::string& arguments) const {
    const std::string command = repo_path("scripts/test-postgres.sh") + " " + arguments + " >/dev/null";
    if (std::system(command.c_str()) != 0) throw std::runtime_error("failed: " + command);
}

std::string PostgresPair::create_database(const std::string& name) const {
    pqxx::connection admin("postgresql://postgres@127.0.0.1:" + std::to_string(primary_port_) + "/postgres");
    pqxx::nontransaction(admin).exec("CREATE DATABASE " + name);
    return "postgresql://postgres@127.0.0.1:" + std::to_string(primary_port_) + ",127.0.0.1:" +
           std::to_string(standby_port_) + "/" + name + "?target_session_attrs=read-write&connect_timeout=2";
}

void PostgresPair::kill_primary() const { script("kill-primary " + dir_); }
void PostgresPair::promote_standby() const { script("promote " + dir_); }

}  // namespace ekel::test
