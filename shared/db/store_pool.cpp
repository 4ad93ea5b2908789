#include "shared/db/store_pool.h"

namespace ekel::db {

StorePool::StorePool(const std::string& path, int busy_timeout_ms, std::size_t size) {
    for (std::size_t i = 0; i < size; ++i) free_.push_back(std::make_unique<Store>(path, busy_timeout_ms));
}

StorePool::Lease StorePool::acquire() {
    std::unique_lock lock(mutex_);
    available_.wait(lock, [this] { return !free_.empty(); });
    std::unique_ptr<Store> store = std::move(free_.back());
    free_.pop_back();
    return Lease(*this, std::move(store));
}

StorePool::Lease::~Lease() {
    if (!store_) return;
    {
        std::lock_guard lock(pool_->mutex_);
        pool_->free_.push_back(std::move(store_));
    }
    pool_->available_.notify_one();
}

}  // namespace ekel::db
