#pragma once

#include <string>

#include "tests/support/temp_dir.h"

namespace ekel::test {

/// A throwaway PostgreSQL 15 cluster of the test's own (scripts/test-postgres.sh) on a free
/// loopback port, for tests that need more than a database (several processes, failover).
class PostgresCluster {
public:
    PostgresCluster();
    ~PostgresCluster();
    PostgresCluster(const PostgresCluster&) = delete;
    PostgresCluster& operator=(const PostgresCluster&) = delete;

    int port() const { return port_; }
    /// A new empty database on it, as a URL.
    std::string create_database(const std::string& name) const;

private:
    TempDir parent_;
    std::string dir_;
    int port_ = 0;
};

/// A primary with a synchronous hot standby ("standby1"), for the failover test.
class PostgresPair {
public:
    PostgresPair();
    ~PostgresPair();
    PostgresPair(const PostgresPair&) = delete;
    PostgresPair& operator=(const PostgresPair&) = delete;

    /// A new database (created on the primary, replicated), as a URL naming both servers that
    /// connects to whichever accepts writes.
    std::string create_database(const std::string& name) const;
    void kill_primary() const;  ///< SIGKILL to its postmaster
    void promote_standby() const;

private:
    void script(const std::string& arguments) const;
    TempDir parent_;
    std::string dir_;
    int primary_port_ = 0;
    int standby_port_ = 0;
};

}  // namespace ekel::test
