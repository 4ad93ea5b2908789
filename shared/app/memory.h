#pragma once

namespace ekel::app {

/// Keeps a long-running service's heap close to what it uses. glibc gives each busy thread an
/// arena of its own and keeps freed memory in it; with a dozen threads and the odd large request
/// the process would stay at its peak for good. Call once at the start of main(), before threads.
void limit_heap_growth();

/// Hands free heap memory back to the system (glibc's malloc_trim), at most once a second however
/// often it is called: workers call it after their work, so memory freed by a burst of large
/// requests or a big batch does not stay with the process. Thread-safe.
void release_free_memory();

}  // namespace ekel::app
