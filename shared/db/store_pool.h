#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "shared/db/store.h"

namespace ekel::db {

/// A fixed set of Stores for HTTP handler threads: a handler borrows one for the length of a
/// request (SQLite connections must not be shared between threads at the same time).
class StorePool {
public:
    StorePool(const std::string& path, int busy_timeout_ms, std::size_t size);

    class Lease {
    public:
        Lease(StorePool& pool, std::unique_ptr<Store> store) : pool_(&pool), store_(std::move(store)) {}
        Lease(Lease&&) = default;
        Lease& operator=(Lease&&) = delete;
        ~Lease();
        Store& operator*() { return *store_; }
        Store* operator->() { return store_.get(); }

    private:
        StorePool* pool_;
        std::unique_ptr<Store> store_;
    };

    /// Waits for a free Store. Throws ekel::Error when the calling thread already holds one: no
    /// code path may wait for a second handle while holding one.
    Lease acquire();

private:
    std::mutex mutex_;
    std::condition_variable available_;
    std::vector<std::unique_ptr<Store>> free_;
};

}  // namespace ekel::db
