#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shared/config/config.h"
#include "shared/db/complaint_repository.h"
#include "shared/util/clock.h"
#include "shared/util/result.h"

namespace ekel::db {
class Store;
}

namespace ekel::services {

/// Complaint categories as stored, in the order staff pick them.
const std::vector<std::string>& complaint_categories();
/// "Layanan surat", "Petugas", … for pages and messages.
std::string complaint_category_label(const std::string& category);
/// "Diterima", "Diproses", "Selesai".
std::string complaint_status_label(const std::string& status);

/// Files a complaint with a fresh ADU-YYMM-NNNN code (month in the kelurahan's time zone) and the
/// response deadline from workflow.complaint_response_days. The caller holds the transaction.
db::Complaint file_complaint_in_transaction(db::Store& store, const config::Config& config, TimePoint now,
                                            db::Complaint complaint);

struct ComplaintResponse {
    std::string category;
    std::string status;
    std::string reply;  ///< empty: only category or status change
};

/// Staff update a complaint and may reply; a reply to a complaint that came by WhatsApp is sent
/// to the citizen. Opens its own transaction. Problems name the field in Bahasa Indonesia.
Result<db::Complaint> respond_to_complaint(db::Store& store, const config::Config& config, TimePoint now,
                                           const std::string& code, const std::string& staff,
                                           const ComplaintResponse& response);

}  // namespace ekel::services
