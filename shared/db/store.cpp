#include "shared/db/store.h"

#include "shared/db/connection.h"

namespace ekel::db {

Store::Store(const std::string& path, int busy_timeout_ms) : Store(ConnectionSettings{path, busy_timeout_ms, true}) {}

Store::Store(const ConnectionSettings& settings)
    : db_(open_connection(settings)),
      residents(*db_),
      rts(*db_),
      requests(*db_),
      events(*db_),
      staff(*db_),
      meta(*db_),
      inbound(*db_),
      outbox(*db_),
      conversations(*db_),
      attachments(*db_),
      requirements(*db_),
      complaints(*db_),
      notices(*db_),
      sessions(*db_),
      audit(*db_),
      letters(*db_),
      announcements(*db_),
      bookings(*db_),
      surveys(*db_),
      reports(*db_) {}

}  // namespace ekel::db
