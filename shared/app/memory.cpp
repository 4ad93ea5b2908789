#include "shared/app/memory.h"

#include <malloc.h>

#include <atomic>
#include <chrono>

namespace ekel::app {

void limit_heap_growth() {
    // Two arenas are plenty on the small machines a kelurahan runs; more would each keep their
    // own free memory.
    mallopt(M_ARENA_MAX, 2);
    // Fixed thresholds (glibc raises them after each large free otherwise): blocks from 128 KiB
    // up are mapped on their own and returned whole when freed, and free memory at the top of a
    // heap goes back once it exceeds 256 KiB.
    mallopt(M_MMAP_THRESHOLD, 128 * 1024);
    mallopt(M_TRIM_THRESHOLD, 256 * 1024);
}

void release_free_memory() {
    static std::atomic<std::int64_t> last_ns{0};
    const std::int64_t now = std::chrono::steady_clock::now().time_since_epoch().count();
    std::int64_t last = last_ns.load(std::memory_order_relaxed);
    if (now - last < std::chrono::nanoseconds(std::chrono::seconds(1)).count()) return;
    if (!last_ns.compare_exchange_strong(last, now)) return;  // another thread does it
    ::malloc_trim(0);
}

}  // namespace ekel::app
