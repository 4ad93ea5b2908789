#pragma once

#include <optional>
#include <string>

#include "shared/config/config.h"
#include "shared/db/connection.h"

namespace ekel::db {

/// Since when Meta has rejected the WhatsApp access token (empty: it works, or not known yet);
/// written by ekel-bot's outbox, read by the back office's status page.
inline constexpr const char* kTokenInvalidSinceKey = "whatsapp_token_invalid_since";
/// When ekel-office last made its daily backup (UTC).
inline constexpr const char* kLastBackupAtKey = "last_backup_at";

/// Facts about the database itself (demo marker) and the kelurahan profile snapshot.
/// The code and name of the kelurahan whose profile the database holds, if any; readable at any
/// schema version (before migrations run).
std::optional<std::pair<std::string, std::string>> saved_kelurahan(Connection& db);

class MetaRepository {
public:
    explicit MetaRepository(Connection& db);

    std::optional<std::string> get(const std::string& key);
    void set(const std::string& key, const std::string& value);
    /// Keeps the profile table equal to the configuration (reports and letters read it).
    void save_profile(const config::KelurahanProfile& profile, const std::string& now);

private:
    Statement get_;
    Statement set_;
    Statement save_profile_;
};

}  // namespace ekel::db
