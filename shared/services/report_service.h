#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shared/config/config.h"
#include "shared/config/letter_types.h"
#include "shared/domain/date.h"
#include "shared/domain/ikm.h"
#include "shared/util/clock.h"
#include "shared/util/result.h"

namespace ekel::db {
class Store;
}

namespace ekel::services {

// Reports for the lurah (rekap data dan pelaporan). The definitions, also printed under the page:
//
// Period: local dates [from, to], both inclusive, in the kelurahan's time zone
// (kelurahan.utc_offset_minutes). Timestamps are stored in UTC, so the period is the UTC range
// [from 00:00 local, (to + 1 day) 00:00 local). At most 366 days.
//
// 1. Per letter type (catalogue order, then unknown codes shown by their code):
//    - Masuk: requests filed in the period (created_at).
//    - Terbit: requests issued in the period (issued_at; still counted after collection or a
//      revocation of the letter).
//    - Ditolak: requests refused in the period: status rt_rejected or rejected with closed_at in
//      the period (both transitions set closed_at; rt_rejected also sets rt_decided_at).
//    - Median/P90 proses (jam): issued_at − created_at in hours, over the requests issued in the
//      period (submission to issue, the citizen's wait).
//    - Tepat waktu (%): of the requests issued in the period, the share whose kelurahan part
//      (rt_decided_at → issued_at; from created_at when there is no RT decision) is at most the
//      type's target_hours, in clock hours: the dashboard's "lewat target" rule. Unknown types
//      have no target and are left out of the share.
// 2. Per RT (all RTs, slowest P90 first, RTs without decisions last):
//    - Masuk: filed in the period; Keputusan RT: rt_decided_at in the period (approve or reject,
//      including staff deciding on the RT's behalf and walk-ins with a paper pengantar, which
//      count as 0 hours); Median/P90 respons RT (jam): rt_decided_at − created_at over those
//      decisions; Menunggu RT (sekarang): status submitted now, whatever the period;
//      Diteruskan: escalated_at in the period.
// 3. Per channel (WhatsApp, Loket): filed and issued in the period, as above.
// 4. Complaints filed in the period (created_at), per category × status (diterima, diproses,
//    selesai), and Terlambat: of those, not selesai and due_at before now.
// 5. IKM: ikm_surveys with status completed and completed_at in the period (invited, declined
//    and unfinished surveys do not count), computed with domain::compute_ikm.
//
// Median: the middle value for odd n, the mean of the two middle values for even n.
// P90: nearest rank, the value at position ceil(0.9·n) (1-based) in ascending order.
// Hours and percentages are rounded to 1 decimal when tabulated; an empty set has no value.

/// The local dates a report covers, both inclusive.
struct ReportPeriod {
    domain::CivilDate from;
    domain::CivilDate to;
    bool whole_month = false;  ///< from is the 1st and to the last day of the same month

    /// "November 2026" or "1 November 2026 – 15 November 2026".
    std::string label() const;
    /// "2026-11" or "2026-11-01_2026-11-15", for file names.
    std::string slug() const;
    /// The UTC range [start, end) as stored timestamps, for a zone `utc_offset_minutes` east.
    std::string utc_start(int utc_offset_minutes) const;
    std::string utc_end(int utc_offset_minutes) const;
};

inline constexpr int kMaxReportDays = 366;

/// A whole month.
ReportPeriod month_period(int year, unsigned month);

/// Reads the query parameters: `bulan` (TTTT-BB) or `dari` and `sampai` (TTTT-BB-HH); all empty
/// means the month of `today`. Problems name the field in Bahasa Indonesia: a malformed date,
/// dari after sampai, a range longer than 366 days, or dari without sampai.
Result<ReportPeriod> parse_report_period(std::string_view bulan, std::string_view dari, std::string_view sampai,
                                         domain::CivilDate today);

/// Median and P90 (nearest rank) of a set of durations in hours; no values for an empty set.
struct DurationStats {
    int count = 0;
    std::optional<double> median;
    std::optional<double> p90;
};
DurationStats duration_stats(std::vector<double> hours);

/// Whole seconds as hours, the unit of every duration in the reports.
double seconds_to_hours(std::int64_t seconds);

/// The dashboard's "lewat target" rule for a request in the office queue (status rt_approved):
/// more than its type's target_hours have passed since its RT decided. A request of a type not
/// in the catalogue, or without an RT decision, is never late.
bool past_office_target(const config::LetterType* type, const std::optional<TimePoint>& rt_decided_at,
                        TimePoint now);

struct TypeRow {
    std::string code;
    std::string name;  ///< from the catalogue; the code when unknown
    std::optional<int> target_hours;
    int filed = 0;
    int issued = 0;
    int refused = 0;
    DurationStats processing;
    int on_time = 0;
    int on_time_counted = 0;  ///< issued requests with a target (the share's denominator)
    std::optional<double> on_time_percent() const;
};

struct RtRow {
    std::int64_t rt_id = 0;
    int number = 0;  ///< 0 for the totals row
    std::string head_name;
    int filed = 0;
    int decided = 0;
    DurationStats response;
    int waiting = 0;
    int escalated = 0;
};

struct ChannelRow {
    std::string code;  ///< whatsapp, walk_in
    std::string name;  ///< WhatsApp, Loket
    int filed = 0;
    int issued = 0;
};

inline constexpr std::array<std::string_view, 3> kComplaintStatuses = {"diterima", "diproses", "selesai"};

struct ComplaintRow {
    std::string category;
    std::string label;
    std::array<int, 3> by_status{};  ///< in kComplaintStatuses order
    int total = 0;
    int overdue = 0;
};

struct Report {
    ReportPeriod period;
    std::string generated_at;  ///< UTC
    std::vector<TypeRow> types;
    TypeRow types_total;
    std::vector<RtRow> rts;
    RtRow rts_total;
    std::vector<ChannelRow> channels;
    ChannelRow channels_total;
    std::vector<ComplaintRow> complaints;
    ComplaintRow complaints_total;
    domain::IkmResult ikm;
};

/// Computes the report for `period` from one read of the database (no transaction needed: the
/// office only reads). `now` sets "waiting now" and "overdue". Throws db::DatabaseError.
Report compute_report(db::Store& store, const config::Config& config, const config::LetterCatalog& catalog,
                      const ReportPeriod& period, TimePoint now);

/// One value of a tabulated report: empty ("–" on the page, an empty cell in exports), text, a
/// whole number, or a decimal already rounded to `decimals`.
struct ReportCell {
    enum class Kind { empty, text, integer, decimal };
    Kind kind = Kind::empty;
    std::string text;
    double number = 0;
    int decimals = 0;

    static ReportCell none() { return {}; }
    static ReportCell of_text(std::string value);
    static ReportCell of_int(std::int64_t value);
    /// Rounds half away from zero to `decimals`.
    static ReportCell of_decimal(double value, int decimals);
    static ReportCell of_decimal(const std::optional<double>& value, int decimals);
};

/// One table of the report, as shown on the page and exported.
struct ReportTable {
    std::string name;   ///< for URLs and file names: per-jenis, per-rt, per-saluran, aduan, ikm, ikm-ringkasan
    std::string title;  ///< Indonesian heading; also the worksheet name (at most 31 characters)
    std::vector<std::string> header;
    std::vector<std::vector<ReportCell>> rows;  ///< every row has header.size() cells
    bool has_total_row = false;                 ///< the last row is a "Jumlah" row
};

/// The report as tables, in page order.
std::vector<ReportTable> report_tables(const Report& report);

/// A cell as the page shows it: "–" when empty, "1.234" for whole numbers, "12,5" for decimals.
std::string format_indonesian(const ReportCell& cell);

}  // namespace ekel::services
