#include "shared/app/run_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace ekel::app {

RunLock::RunLock(const std::string& database_path, Mode mode) {
    fd_ = ::open((database_path + ".run.lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) return;
    held_ = ::flock(fd_, (mode == Mode::shared ? LOCK_SH : LOCK_EX) | LOCK_NB) == 0;
}

RunLock::~RunLock() {
    if (fd_ >= 0) ::close(fd_);  // closing the descriptor releases the lock
}

}  // namespace ekel::app
