#include "shared/services/announcement_service.h"

#include "shared/db/store.h"
#include "shared/db/write_transaction.h"
#include "shared/util/text.h"
#include "shared/util/time.h"

namespace ekel::services {

namespace {
// The template's one body parameter holds 900 characters; the kelurahan's name comes first.
constexpr std::size_t kMaxText = 600;
}  // namespace

Result<db::Announcement> publish_announcement(db::Store& store, const config::Config& config, TimePoint now,
                                              const std::string& raw_text, const std::string& staff, int valid_days) {
    std::string text(trim(raw_text));
    for (char& c : text) {
        if (c == '\n' || c == '\r' || c == '\t') c = ' ';  // template parameters may not hold line breaks
    }
    if (text.size() < 10) return Result<db::Announcement>::failure("isi", "Isi pengumuman terlalu pendek.");
    if (text.size() > kMaxText) return Result<db::Announcement>::failure("isi", "Isi pengumuman paling banyak 600 huruf.");
    if (valid_days < 1 || valid_days > 60) {
        return Result<db::Announcement>::failure("berlaku", "Masa berlaku harus 1 sampai 60 hari.");
    }
    const std::string now_text = format_utc(now);
    db::WriteTransaction tx(store.db());
    db::Announcement announcement;
    announcement.text = text;
    announcement.published_by = staff;
    announcement.published_at = now_text;
    announcement.expires_at = format_utc(now + std::chrono::days(valid_days));
    auto subscribers = store.announcements.subscribers();
    announcement.recipients = static_cast<int>(subscribers.size());
    store.announcements.insert(announcement);
    for (const auto& key : subscribers) {
        auto m = messaging::message_to(key, messaging::OutboundKind::template_message, "");
        m.template_name = config.whatsapp.fallback_template;
        m.template_language = config.whatsapp.template_language;
        m.template_parameters = {"Pengumuman Kelurahan " + config.kelurahan.name + ": " + text +
                                 " (Balas BERHENTI bila tidak ingin menerima pengumuman.)"};
        store.outbox.enqueue(m, std::nullopt, now_text);
    }
    db::StaffAuditEntry audit{0, now_text, staff, "announcement_published", std::to_string(announcement.id),
                              std::to_string(subscribers.size()) + " penerima", ""};
    store.audit.append(audit);
    tx.commit();
    return announcement;
}

}  // namespace ekel::services
