#pragma once

#include <string>
#include <vector>

#include "shared/config/config.h"
#include "shared/config/letter_types.h"
#include "shared/domain/ikm.h"
#include "shared/services/report_service.h"
#include "shared/util/clock.h"

namespace ekel::db {
class Store;
}

namespace ekel::services {

// The city report (laporan kota): one row per kelurahan, one per kecamatan and the city total,
// each kelurahan read from its own database. Figures follow report_service.h:
//
// In the period (local dates of each kelurahan's own kelurahan.utc_offset_minutes):
//    - Masuk: requests filed (created_at). Terbit: issued (issued_at). Ditolak: status
//      rt_rejected or rejected with closed_at in the period.
//    - Median/P90 proses (jam): issued_at − created_at over the requests issued in the period.
//    - Median respons RT (jam): rt_decided_at − created_at over the RT decisions in the period.
//    - Diteruskan: escalated_at in the period.
//    - Aduan: complaints filed (created_at); Aduan terlambat: of those, not selesai and due_at
//      before now.
//    - IKM: surveys completed in the period, converted value (25-100); Responden: their number.
// Now, whatever the period:
//    - Menunggu RT: status submitted (escalated ones included); Menunggu kantor: status
//      rt_approved. Both are the dashboard's counts.
//    - Lewat target: the dashboard's rule (past_office_target) over the whole office queue.
//    - escalated_open (not tabulated): escalated and still submitted.
//
// Kecamatan and city rows pool the raw values of their kelurahan: counts are summed, medians and
// P90s are taken over all the durations, the IKM over all the responses; never a median of
// medians or a mean of indexes.

/// One kelurahan's raw figures for a period, as read from its own database.
struct KelurahanFigures {
    int filed = 0;
    int issued = 0;
    int refused = 0;
    /// issued_at − created_at, one per request issued in the period.
    std::vector<double> issue_hours;
    /// rt_decided_at − created_at, one per RT decision in the period.
    std::vector<double> rt_response_hours;
    int escalated = 0;
    int waiting_rt = 0;      ///< now
    int waiting_office = 0;  ///< now
    int overdue_now = 0;
    int escalated_open = 0;  ///< now
    int complaints = 0;
    int complaints_overdue = 0;
    std::vector<domain::IkmResponse> ikm_responses;  ///< completed in the period
};

/// Reads one kelurahan's figures for `period` from its database (no transaction: reads only;
/// uses one connection, so the caller holds one pooled handle at a time). `catalog` supplies the
/// targets of "lewat target"; `now` sets the figures of the moment. Throws db::DatabaseError.
KelurahanFigures read_kelurahan_figures(db::Store& store, const config::Config& config,
                                        const config::LetterCatalog& catalog,
                                        const ReportPeriod& period, TimePoint now);

/// One kelurahan as given to combine_city_report.
struct KelurahanPart {
    std::string code;
    std::string name;
    std::string kecamatan;
    KelurahanFigures figures;
};

/// A row of the city report: a kelurahan, a kecamatan or the city.
struct CityRow {
    std::string code;       ///< the kelurahan's code; empty on kecamatan and city rows
    std::string label;      ///< kelurahan name, kecamatan name, or "Jumlah" for the city
    std::string kecamatan;  ///< empty on the city row
    int filed = 0;
    int issued = 0;
    int refused = 0;
    DurationStats issue_time;
    DurationStats rt_response;
    int escalated = 0;
    int waiting_rt = 0;
    int waiting_office = 0;
    int overdue_now = 0;
    int escalated_open = 0;
    int complaints = 0;
    int complaints_overdue = 0;
    domain::IkmResult ikm;  ///< ikm.respondents is the number of responses
};

struct CityReport {
    ReportPeriod period;
    std::string generated_at;        ///< UTC
    std::vector<CityRow> kelurahan;  ///< in the order of the parts
    std::vector<CityRow> kecamatan;  ///< in order of first appearance among the parts
    CityRow city;
};

/// The city report from each kelurahan's figures. Pure: reads no database.
CityReport combine_city_report(const ReportPeriod& period, TimePoint now,
                               const std::vector<KelurahanPart>& parts);

/// The report as tables: "per-kelurahan" (Kelurahan, Kecamatan, figures…) and "per-kecamatan"
/// (Kecamatan, figures…), each ending with a "Jumlah" row for the city. Empty cells for a
/// median, P90 or IKM without values.
std::vector<ReportTable> city_report_tables(const CityReport& report);

}  // namespace ekel::services
