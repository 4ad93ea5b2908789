#include "shared/services/city_report.h"

#include <algorithm>
#include <chrono>

#include "shared/db/store.h"
#include "shared/util/time.h"

namespace ekel::services {

namespace {

// The dashboard's rule over the whole queue. Only RT decisions older than the shortest target
// can be late, so the query stops there; each candidate is then judged by its own type.
int count_overdue(db::Store& store, const config::LetterCatalog& catalog, TimePoint now) {
    if (catalog.types.empty()) return 0;
    const auto shortest =
        std::min_element(catalog.types.begin(), catalog.types.end(),
                         [](const config::LetterType& a, const config::LetterType& b) {
                             return a.target_hours < b.target_hours;
                         })
            ->target_hours;
    // Stored times are whole seconds and format_utc drops the fraction of now: one second more
    // keeps every candidate (past_office_target decides).
    const std::string before =
        format_utc(now - std::chrono::hours(shortest) + std::chrono::seconds(1));
    int count = 0;
    for (const auto& wait : store.reports.office_queue_decided_before(before)) {
        if (past_office_target(catalog.find(wait.letter_type), parse_utc(wait.rt_decided_at), now))
            ++count;
    }
    return count;
}

void append(std::vector<double>& into, const std::vector<double>& values) {
    into.insert(into.end(), values.begin(), values.end());
}

// Pools `part` into `total`: raw values are kept, so medians and the IKM are taken over all.
void pool(KelurahanFigures& total, const KelurahanFigures& part) {
    total.filed += part.filed;
    total.issued += part.issued;
    total.refused += part.refused;
    append(total.issue_hours, part.issue_hours);
    append(total.rt_response_hours, part.rt_response_hours);
    total.escalated += part.escalated;
    total.waiting_rt += part.waiting_rt;
    total.waiting_office += part.waiting_office;
    total.overdue_now += part.overdue_now;
    total.escalated_open += part.escalated_open;
    total.complaints += part.complaints;
    total.complaints_overdue += part.complaints_overdue;
    total.ikm_responses.insert(total.ikm_responses.end(), part.ikm_responses.begin(),
                               part.ikm_responses.end());
}

CityRow row_of(std::string code, std::string label, std::string kecamatan,
               const KelurahanFigures& f) {
    CityRow row;
    row.code = std::move(code);
    row.label = std::move(label);
    row.kecamatan = std::move(kecamatan);
    row.filed = f.filed;
    row.issued = f.issued;
    row.refused = f.refused;
    row.issue_time = duration_stats(f.issue_hours);
    row.rt_response = duration_stats(f.rt_response_hours);
    row.escalated = f.escalated;
    row.waiting_rt = f.waiting_rt;
    row.waiting_office = f.waiting_office;
    row.overdue_now = f.overdue_now;
    row.escalated_open = f.escalated_open;
    row.complaints = f.complaints;
    row.complaints_overdue = f.complaints_overdue;
    row.ikm = domain::compute_ikm(f.ikm_responses);
    return row;
}

const std::vector<std::string>& figure_headers() {
    static const std::vector<std::string> headers = {"Masuk",
                                                     "Terbit",
                                                     "Ditolak",
                                                     "Median proses (jam)",
                                                     "P90 proses (jam)",
                                                     "Median respons RT (jam)",
                                                     "Diteruskan",
                                                     "Menunggu RT",
                                                     "Menunggu kantor",
                                                     "Lewat target",
                                                     "Aduan",
                                                     "Aduan terlambat",
                                                     "IKM",
                                                     "Responden"};
    return headers;
}

// `leading` cells (names), then the figures in figure_headers() order.
std::vector<ReportCell> cells_of(std::vector<ReportCell> leading, const CityRow& r) {
    using Cell = ReportCell;
    std::vector<Cell> cells = std::move(leading);
    cells.insert(
        cells.end(),
        {Cell::of_int(r.filed), Cell::of_int(r.issued), Cell::of_int(r.refused),
         Cell::of_decimal(r.issue_time.median, 1), Cell::of_decimal(r.issue_time.p90, 1),
         Cell::of_decimal(r.rt_response.median, 1), Cell::of_int(r.escalated),
         Cell::of_int(r.waiting_rt), Cell::of_int(r.waiting_office), Cell::of_int(r.overdue_now),
         Cell::of_int(r.complaints), Cell::of_int(r.complaints_overdue),
         r.ikm.has_index() ? Cell::of_decimal(r.ikm.converted, 2) : Cell::none(),
         Cell::of_int(r.ikm.respondents)});
    return cells;
}

std::vector<std::string> header_of(std::vector<std::string> leading) {
    leading.insert(leading.end(), figure_headers().begin(), figure_headers().end());
    return leading;
}

}  // namespace

KelurahanFigures read_kelurahan_figures(db::Store& store, const config::Config& config,
                                        const config::LetterCatalog& catalog,
                                        const ReportPeriod& period, TimePoint now) {
    const int offset = config.kelurahan.utc_offset_minutes;
    const std::string from = period.utc_start(offset);
    const std::string to = period.utc_end(offset);
    KelurahanFigures f;

    for (const auto& c : store.reports.filed_counts(from, to)) f.filed += static_cast<int>(c.count);
    store.reports.for_each_activity(from, to, [&](const db::RequestActivity& a) {
        if (a.issued) {
            ++f.issued;
            if (a.processing_seconds)
                f.issue_hours.push_back(seconds_to_hours(*a.processing_seconds));
        }
        if (a.refused) ++f.refused;
        if (a.rt_decided && a.rt_seconds)
            f.rt_response_hours.push_back(seconds_to_hours(*a.rt_seconds));
        if (a.escalated) ++f.escalated;
    });

    // The dashboard's tiles: a table kept by triggers, so no request is read.
    const auto statuses = store.requests.status_counts();
    f.waiting_rt = static_cast<int>(statuses.at(domain::RequestStatus::submitted));
    f.waiting_office = static_cast<int>(statuses.at(domain::RequestStatus::rt_approved));
    f.overdue_now = count_overdue(store, catalog, now);
    f.escalated_open = static_cast<int>(store.reports.escalated_open());

    for (const auto& c : store.reports.complaint_counts(from, to, format_utc(now))) {
        f.complaints += static_cast<int>(c.count);
        f.complaints_overdue += static_cast<int>(c.overdue);
    }
    f.ikm_responses = store.reports.ikm_answers(from, to);
    return f;
}

CityReport combine_city_report(const ReportPeriod& period, TimePoint now,
                               const std::vector<KelurahanPart>& parts) {
    CityReport report;
    report.period = period;
    report.generated_at = format_utc(now);

    std::vector<std::pair<std::string, KelurahanFigures>> kecamatan;  // order of first appearance
    KelurahanFigures city;
    for (const auto& part : parts) {
        report.kelurahan.push_back(row_of(part.code, part.name, part.kecamatan, part.figures));
        auto it = std::find_if(kecamatan.begin(), kecamatan.end(),
                               [&](const auto& k) { return k.first == part.kecamatan; });
        if (it == kecamatan.end()) {
            kecamatan.emplace_back(part.kecamatan, KelurahanFigures{});
            it = kecamatan.end() - 1;
        }
        pool(it->second, part.figures);
        pool(city, part.figures);
    }
    for (const auto& [name, figures] : kecamatan)
        report.kecamatan.push_back(row_of("", name, name, figures));
    report.city = row_of("", "Jumlah", "", city);
    return report;
}

std::vector<ReportTable> city_report_tables(const CityReport& report) {
    using Cell = ReportCell;
    std::vector<ReportTable> tables;

    ReportTable kelurahan{
        "per-kelurahan", "Per kelurahan", header_of({"Kelurahan", "Kecamatan"}), {}, true};
    for (const auto& r : report.kelurahan) {
        kelurahan.rows.push_back(cells_of({Cell::of_text(r.label), Cell::of_text(r.kecamatan)}, r));
    }
    kelurahan.rows.push_back(cells_of({Cell::of_text("Jumlah"), Cell::none()}, report.city));
    tables.push_back(std::move(kelurahan));

    ReportTable kecamatan{"per-kecamatan", "Per kecamatan", header_of({"Kecamatan"}), {}, true};
    for (const auto& r : report.kecamatan)
        kecamatan.rows.push_back(cells_of({Cell::of_text(r.label)}, r));
    kecamatan.rows.push_back(cells_of({Cell::of_text("Jumlah")}, report.city));
    tables.push_back(std::move(kecamatan));
    return tables;
}

}  // namespace ekel::services
