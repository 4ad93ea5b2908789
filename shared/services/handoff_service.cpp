#include "shared/services/handoff_service.h"

#include <fmt/format.h>

#include "shared/db/write_transaction.h"
#include "shared/messaging/outbound_message.h"
#include "shared/util/masking.h"
#include "shared/util/text.h"
#include "shared/util/time.h"

namespace ekel::services {

Result<std::string> answer_citizen(db::Store& store, const config::Config& config, TimePoint now,
                                   std::int64_t notice_id, const std::string& staff, const std::string& answer) {
    const std::string text = truncate_utf8(std::string(trim(answer)), 2000);
    if (text.empty()) return Result<std::string>::failure("balasan", "Tuliskan balasan untuk warga.");
    db::WriteTransaction tx(store.db());
    auto notice = store.notices.find_open(notice_id);
    if (!notice || notice->kind != "citizen_handoff" || !notice->sender_key || notice->sender_key->empty()) {
        return Result<std::string>::failure("pemberitahuan", "Permintaan itu sudah dijawab atau tidak ada.");
    }
    const std::string now_text = format_utc(now);
    store.outbox.enqueue(messaging::message_to(*notice->sender_key, messaging::OutboundKind::text,
                                               fmt::format("Balasan petugas Kelurahan {}:\n{}", config.kelurahan.name,
                                                           text)),
                         std::nullopt, now_text);
    store.notices.resolve(notice->id, now_text);
    db::StaffAuditEntry audit{0, now_text, staff, "citizen_answered", mask_phone(*notice->sender_key),
                              truncate_utf8(text, 200), ""};
    store.audit.append(audit);
    tx.commit();
    return *notice->sender_key;
}

}  // namespace ekel::services
