#pragma once

#include <memory>
#include <string>

#include "shared/config/config.h"
#include "shared/config/letter_types.h"
#include "shared/util/clock.h"

namespace ekel::db {
class StorePool;
}
namespace ekel::http {
class HealthReporter;
class HttpServer;
}

namespace ekel::app {
class RunLock;
}

namespace ekel::office {

class BackupScheduler;
class Web;

/// Everything ekel-office serves, wired from the configuration; used by main() and the
/// end-to-end tests. The database must have been prepared (app::prepare_database).
class OfficeApp {
public:
    OfficeApp(const config::Config& config, const Clock& clock);
    ~OfficeApp();

    /// Binds (office.port; 0 picks a free port) and serves in the background. Returns the port.
    int start();
    void stop();

    /// Where issued letters' PDFs are kept: `letters/` beside the database.
    const std::string& letters_dir() const { return letters_dir_; }

private:
    const config::Config& config_;
    const Clock& clock_;
    std::unique_ptr<app::RunLock> run_lock_;
    config::LetterCatalog catalog_;
    std::string letters_dir_;
    std::unique_ptr<db::StorePool> stores_;
    std::unique_ptr<Web> web_;
    std::unique_ptr<http::HealthReporter> health_;
    std::unique_ptr<http::HttpServer> server_;
    std::unique_ptr<BackupScheduler> backups_;
};

}  // namespace ekel::office
