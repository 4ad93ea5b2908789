#include "shared/db/store_pool.h"

#include "shared/util/error.h"

namespace ekel::db {

namespace {
// Leases this thread holds. A thread that waited for a second handle while holding one could
// wait for ever once every handle is held that way, so asking is a programming error.
thread_local int leases_held = 0;
}  // namespace

StorePool::StorePool(const std::string& path, int busy_timeout_ms, std::size_t size) {
    for (std::size_t i = 0; i < size; ++i) free_.push_back(std::make_unique<Store>(path, busy_timeout_ms));
}

StorePool::Lease StorePool::acquire() {
    if (leases_held > 0) throw Error("a thread that holds a pooled database handle asked for a second one");
    std::unique_lock lock(mutex_);
    available_.wait(lock, [this] { return !free_.empty(); });
    std::unique_ptr<Store> store = std::move(free_.back());
    free_.pop_back();
    ++leases_held;
    return Lease(*this, std::move(store));
}

StorePool::Lease::~Lease() {
    if (!store_) return;
    --leases_held;
    {
        std::lock_guard lock(pool_->mutex_);
        pool_->free_.push_back(std::move(store_));
    }
    pool_->available_.notify_one();
}

}  // namespace ekel::db
