#include "shared/services/complaint_service.h"

#include <fmt/format.h>

#include <algorithm>

#include "shared/db/store.h"
#include "shared/db/write_transaction.h"
#include "shared/domain/date.h"
#include "shared/util/text.h"
#include "shared/util/time.h"

namespace ekel::services {

namespace {

const std::vector<std::pair<std::string, std::string>>& category_table() {
    static const std::vector<std::pair<std::string, std::string>> table = {
        {"layanan_surat", "Layanan surat"}, {"petugas", "Petugas"},     {"infrastruktur", "Infrastruktur"},
        {"kebersihan", "Kebersihan"},       {"keamanan", "Keamanan"},   {"lainnya", "Lainnya"}};
    return table;
}

bool is_status(const std::string& status) {
    return status == "diterima" || status == "diproses" || status == "selesai";
}

}  // namespace

const std::vector<std::string>& complaint_categories() {
    static const std::vector<std::string> codes = [] {
        std::vector<std::string> out;
        for (const auto& [code, label] : category_table()) out.push_back(code);
        return out;
    }();
    return codes;
}

std::string complaint_category_label(const std::string& category) {
    for (const auto& [code, label] : category_table()) {
        if (code == category) return label;
    }
    return category;
}

std::string complaint_status_label(const std::string& status) {
    if (status == "diterima") return "Diterima";
    if (status == "diproses") return "Diproses";
    if (status == "selesai") return "Selesai";
    return status;
}

db::Complaint file_complaint_in_transaction(db::Store& store, const config::Config& config, TimePoint now,
                                            db::Complaint complaint) {
    const std::string period = year_month_code(now, config.kelurahan.utc_offset_minutes);
    // In a city the kelurahan's code makes the code unique across the city (ADU-BLB-2611-0001),
    // as request codes are (BLB-2611-0042).
    const int number = store.complaints.next_code_number(period);
    complaint.code = config.tenant.empty() ? fmt::format("ADU-{}-{:04d}", period, number)
                                           : fmt::format("ADU-{}-{}-{:04d}", config.tenant, period, number);
    complaint.text = truncate_utf8(std::string(trim(complaint.text)), 2000);
    complaint.due_at = format_utc(now + std::chrono::days(config.workflow.complaint_response_days));
    store.complaints.insert(complaint, format_utc(now));
    return complaint;
}

Result<db::Complaint> respond_to_complaint(db::Store& store, const config::Config& config, TimePoint now,
                                           const std::string& code, const std::string& staff,
                                           const ComplaintResponse& response) {
    auto categories = complaint_categories();
    if (std::find(categories.begin(), categories.end(), response.category) == categories.end()) {
        return Result<db::Complaint>::failure("kategori", "Kategori \"" + response.category + "\" tidak dikenal.");
    }
    if (!is_status(response.status)) {
        return Result<db::Complaint>::failure("status", "Status \"" + response.status + "\" tidak dikenal.");
    }
    const std::string reply = truncate_utf8(std::string(trim(response.reply)), 2000);
    db::WriteTransaction tx(store.db());
    auto complaint = store.complaints.find_by_code(to_upper_ascii(trim(code)));
    if (!complaint) return Result<db::Complaint>::failure("kode", "Aduan tidak ditemukan.");
    // Closing needs an answer for the citizen: this one, or one given before.
    const bool closing = response.status == "selesai" && complaint->status != "selesai";
    if (closing && reply.empty() && store.complaints.replies(complaint->id).empty()) {
        return Result<db::Complaint>::failure("tanggapan", "Aduan yang selesai perlu tanggapan untuk pelapor.");
    }
    const std::string now_text = format_utc(now);
    store.complaints.update(complaint->id, response.category, response.status, now_text);
    if (!reply.empty()) {
        db::ComplaintReply entry{0, complaint->id, staff, reply, now_text};
        store.complaints.add_reply(entry);
        if (!complaint->sender_key.empty()) {
            store.outbox.enqueue(
                messaging::message_to(complaint->sender_key, messaging::OutboundKind::text,
                                      fmt::format("Tanggapan Kelurahan {} atas aduan Anda *{}*:\n{}\n\nStatus aduan: {}.",
                                                  config.kelurahan.name, complaint->code, reply,
                                                  complaint_status_label(response.status))),
                std::nullopt, now_text);
        }
    } else if (closing && !complaint->sender_key.empty()) {
        store.outbox.enqueue(messaging::message_to(complaint->sender_key, messaging::OutboundKind::text,
                                                   fmt::format("Aduan Anda *{}* kami nyatakan selesai. Terima kasih "
                                                               "atas laporannya.",
                                                               complaint->code)),
                             std::nullopt, now_text);
    }
    db::StaffAuditEntry audit{0, now_text, staff, "complaint_updated", complaint->code,
                              response.category + ", " + response.status + (reply.empty() ? "" : ", dengan tanggapan"),
                              ""};
    store.audit.append(audit);
    tx.commit();
    return *store.complaints.find_by_code(complaint->code);
}

}  // namespace ekel::services
