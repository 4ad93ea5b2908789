#include "shared/services/report_service.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>

#include "shared/db/store.h"
#include "shared/services/complaint_service.h"
#include "shared/util/text.h"
#include "shared/util/time.h"

namespace ekel::services {

namespace {

using std::chrono::sys_days;

sys_days to_sys_days(const domain::CivilDate& date) {
    return sys_days(std::chrono::year(date.year) / std::chrono::month(date.month) / std::chrono::day(date.day));
}

bool all_digits(std::string_view text) {
    return std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Only the storage form TTTT-BB-HH: the page's date inputs send it, and a day-first date typed
// by hand would be ambiguous in a URL.
std::optional<domain::CivilDate> parse_iso_date(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
    return domain::parse_date(text);
}

std::optional<ReportPeriod> parse_month(std::string_view text) {
    if (text.size() != 7 || text[4] != '-' || !all_digits(text.substr(0, 4)) || !all_digits(text.substr(5, 2))) {
        return std::nullopt;
    }
    const int year = std::stoi(std::string(text.substr(0, 4)));
    const auto month = static_cast<unsigned>(std::stoi(std::string(text.substr(5, 2))));
    if (!domain::is_valid_date(year, month, 1)) return std::nullopt;
    return month_period(year, month);
}

double round_to(double value, int decimals) {
    const double scale = std::pow(10.0, decimals);
    return std::round(value * scale) / scale;
}

// "1234567" → "1.234.567" (Indonesian thousands separator).
std::string group_thousands(const std::string& digits) {
    std::string out;
    const std::size_t n = digits.size();
    for (std::size_t i = 0; i < n; ++i) {
        if (i > 0 && (n - i) % 3 == 0) out += '.';
        out += digits[i];
    }
    return out;
}

}  // namespace

ReportPeriod month_period(int year, unsigned month) {
    const auto last =
        std::chrono::year_month_day_last(std::chrono::year(year) / std::chrono::month(month) / std::chrono::last);
    return ReportPeriod{{year, month, 1}, {year, month, static_cast<unsigned>(last.day())}, true};
}

std::string ReportPeriod::label() const {
    if (whole_month) return fmt::format("{} {}", domain::indonesian_month_name(from.month), from.year);
    if (from == to) return domain::to_indonesian_long(from);
    return domain::to_indonesian_long(from) + " – " + domain::to_indonesian_long(to);
}

std::string ReportPeriod::slug() const {
    if (whole_month) return fmt::format("{:04d}-{:02d}", from.year, from.month);
    return domain::to_iso(from) + "_" + domain::to_iso(to);
}

std::string ReportPeriod::utc_start(int utc_offset_minutes) const {
    return format_utc(local_to_utc(from, 0, utc_offset_minutes));
}

std::string ReportPeriod::utc_end(int utc_offset_minutes) const {
    return format_utc(local_to_utc(domain::add_days(to, 1), 0, utc_offset_minutes));
}

Result<ReportPeriod> parse_report_period(std::string_view bulan, std::string_view dari, std::string_view sampai,
                                         domain::CivilDate today) {
    bulan = trim(bulan);
    dari = trim(dari);
    sampai = trim(sampai);
    if (dari.empty() && sampai.empty()) {
        if (bulan.empty()) return month_period(today.year, today.month);
        auto month = parse_month(bulan);
        if (!month) return Result<ReportPeriod>::failure("bulan", "Bulan harus berformat TTTT-BB, misalnya 2026-11.");
        return *month;
    }
    auto from = parse_iso_date(dari);
    if (!from) {
        return Result<ReportPeriod>::failure(
            "dari", dari.empty() ? "Tanggal 'dari' wajib diisi bersama tanggal 'sampai'."
                                 : "Tanggal 'dari' harus berformat TTTT-BB-HH, misalnya 2026-11-01.");
    }
    auto to = parse_iso_date(sampai);
    if (!to) {
        return Result<ReportPeriod>::failure(
            "sampai", sampai.empty() ? "Tanggal 'sampai' wajib diisi bersama tanggal 'dari'."
                                     : "Tanggal 'sampai' harus berformat TTTT-BB-HH, misalnya 2026-11-30.");
    }
    if (*from > *to) {
        return Result<ReportPeriod>::failure("dari", "Tanggal 'dari' tidak boleh sesudah tanggal 'sampai'.");
    }
    const auto days = (to_sys_days(*to) - to_sys_days(*from)).count() + 1;
    if (days > kMaxReportDays) {
        return Result<ReportPeriod>::failure(
            "sampai",
            fmt::format("Rentang laporan paling lama {} hari; pilih rentang yang lebih pendek.", kMaxReportDays));
    }
    ReportPeriod period{*from, *to, false};
    const ReportPeriod month = month_period(from->year, from->month);
    period.whole_month = period.from == month.from && period.to == month.to;
    return period;
}

DurationStats duration_stats(std::vector<double> hours) {
    DurationStats stats;
    stats.count = static_cast<int>(hours.size());
    if (hours.empty()) return stats;
    std::sort(hours.begin(), hours.end());
    const std::size_t n = hours.size();
    stats.median = n % 2 == 1 ? hours[n / 2] : (hours[n / 2 - 1] + hours[n / 2]) / 2.0;
    // Nearest rank: position ceil(0.9·n), 1-based; ceil(9n/10) in integers avoids 0.9's rounding.
    const std::size_t rank = (9 * n + 9) / 10;
    stats.p90 = hours[rank - 1];
    return stats;
}

double seconds_to_hours(std::int64_t seconds) { return static_cast<double>(seconds) / 3600.0; }

bool past_office_target(const config::LetterType* type, const std::optional<TimePoint>& rt_decided_at,
                        TimePoint now) {
    return type != nullptr && rt_decided_at && now - *rt_decided_at > std::chrono::hours(type->target_hours);
}

std::optional<double> TypeRow::on_time_percent() const {
    if (on_time_counted == 0) return std::nullopt;
    return 100.0 * on_time / on_time_counted;
}

Report compute_report(db::Store& store, const config::Config& config, const config::LetterCatalog& catalog,
                      const ReportPeriod& period, TimePoint now) {
    const int offset = config.kelurahan.utc_offset_minutes;
    const std::string from = period.utc_start(offset);
    const std::string to = period.utc_end(offset);
    Report report;
    report.period = period;
    report.generated_at = format_utc(now);

    // Rows in display order, found by key.
    std::map<std::string, std::size_t> type_index;
    for (const auto& type : catalog.types) {
        type_index[type.code] = report.types.size();
        report.types.push_back({type.code, type.name, type.target_hours, 0, 0, 0, {}, 0, 0});
    }
    const std::size_t known_types = report.types.size();
    auto type_row = [&](const std::string& code) -> TypeRow& {
        auto [it, fresh] = type_index.try_emplace(code, report.types.size());
        if (fresh) report.types.push_back({code, code, std::nullopt, 0, 0, 0, {}, 0, 0});
        return report.types[it->second];
    };
    std::map<std::int64_t, std::size_t> rt_index;
    for (const auto& rt : store.reports.rts()) {
        rt_index[rt.id] = report.rts.size();
        report.rts.push_back({rt.id, rt.number, rt.head_name, 0, 0, {}, 0, 0});
    }
    auto rt_row = [&](std::int64_t id) -> RtRow& {
        auto [it, fresh] = rt_index.try_emplace(id, report.rts.size());
        if (fresh) report.rts.push_back({id, 0, "", 0, 0, {}, 0, 0});
        return report.rts[it->second];
    };
    report.channels = {{"whatsapp", "WhatsApp", 0, 0}, {"walk_in", "Loket", 0, 0}};
    auto channel_row = [&](const std::string& code) -> ChannelRow& {
        for (auto& row : report.channels) {
            if (row.code == code) return row;
        }
        report.channels.push_back({code, code, 0, 0});
        return report.channels.back();
    };

    for (const auto& c : store.reports.filed_counts(from, to)) {
        const int count = static_cast<int>(c.count);
        type_row(c.letter_type).filed += count;
        rt_row(c.rt_id).filed += count;
        channel_row(c.channel).filed += count;
    }

    std::map<std::string, std::vector<double>> processing;
    std::map<std::int64_t, std::vector<double>> response;
    std::vector<double> all_processing;
    std::vector<double> all_response;
    store.reports.for_each_activity(from, to, [&](const db::RequestActivity& a) {
        if (a.issued) {
            TypeRow& row = type_row(a.letter_type);
            ++row.issued;
            ++channel_row(a.channel).issued;
            if (a.processing_seconds) {
                processing[a.letter_type].push_back(seconds_to_hours(*a.processing_seconds));
                all_processing.push_back(seconds_to_hours(*a.processing_seconds));
            }
            if (row.target_hours && a.office_seconds) {
                ++row.on_time_counted;
                if (*a.office_seconds <= std::int64_t{*row.target_hours} * 3600) ++row.on_time;
            }
        }
        if (a.refused) ++type_row(a.letter_type).refused;
        if (a.rt_decided) {
            RtRow& row = rt_row(a.rt_id);
            ++row.decided;
            if (a.rt_seconds) {
                response[a.rt_id].push_back(seconds_to_hours(*a.rt_seconds));
                all_response.push_back(seconds_to_hours(*a.rt_seconds));
            }
        }
        if (a.escalated) ++rt_row(a.rt_id).escalated;
    });
    for (const auto& [rt_id, count] : store.reports.waiting_per_rt()) rt_row(rt_id).waiting += static_cast<int>(count);

    // Totals, before sorting.
    TypeRow& tt = report.types_total;
    tt.code = "";
    tt.name = "Jumlah";
    for (auto& row : report.types) {
        row.processing = duration_stats(processing[row.code]);
        tt.filed += row.filed;
        tt.issued += row.issued;
        tt.refused += row.refused;
        tt.on_time += row.on_time;
        tt.on_time_counted += row.on_time_counted;
    }
    tt.processing = duration_stats(all_processing);
    std::sort(report.types.begin() + static_cast<std::ptrdiff_t>(known_types), report.types.end(),
              [](const TypeRow& a, const TypeRow& b) { return a.code < b.code; });

    RtRow& rtt = report.rts_total;
    rtt.head_name = "Jumlah";
    for (auto& row : report.rts) {
        row.response = duration_stats(response[row.rt_id]);
        rtt.filed += row.filed;
        rtt.decided += row.decided;
        rtt.waiting += row.waiting;
        rtt.escalated += row.escalated;
    }
    rtt.response = duration_stats(all_response);
    // Slowest first (P90, then median), RTs without decisions last, by number.
    std::stable_sort(report.rts.begin(), report.rts.end(), [](const RtRow& a, const RtRow& b) {
        if (a.response.p90.has_value() != b.response.p90.has_value()) return a.response.p90.has_value();
        if (a.response.p90 && *a.response.p90 != *b.response.p90) return *a.response.p90 > *b.response.p90;
        if (a.response.median && *a.response.median != *b.response.median) {
            return *a.response.median > *b.response.median;
        }
        return a.number < b.number;
    });

    report.channels_total = {"", "Jumlah", 0, 0};
    for (const auto& row : report.channels) {
        report.channels_total.filed += row.filed;
        report.channels_total.issued += row.issued;
    }

    for (const auto& category : complaint_categories()) {
        report.complaints.push_back({category, complaint_category_label(category), {}, 0, 0});
    }
    report.complaints_total.label = "Jumlah";
    for (const auto& c : store.reports.complaint_counts(from, to, format_utc(now))) {
        auto it = std::find_if(report.complaints.begin(), report.complaints.end(),
                               [&](const ComplaintRow& r) { return r.category == c.category; });
        if (it == report.complaints.end()) {
            report.complaints.push_back({c.category, c.category, {}, 0, 0});
            it = report.complaints.end() - 1;
        }
        for (std::size_t s = 0; s < kComplaintStatuses.size(); ++s) {
            if (c.status == kComplaintStatuses[s]) {
                it->by_status[s] += static_cast<int>(c.count);
                report.complaints_total.by_status[s] += static_cast<int>(c.count);
            }
        }
        it->total += static_cast<int>(c.count);
        it->overdue += static_cast<int>(c.overdue);
        report.complaints_total.total += static_cast<int>(c.count);
        report.complaints_total.overdue += static_cast<int>(c.overdue);
    }

    report.ikm = domain::compute_ikm(store.reports.ikm_answers(from, to));
    return report;
}

ReportCell ReportCell::of_text(std::string value) {
    ReportCell cell;
    cell.kind = Kind::text;
    cell.text = std::move(value);
    return cell;
}

ReportCell ReportCell::of_int(std::int64_t value) {
    ReportCell cell;
    cell.kind = Kind::integer;
    cell.number = static_cast<double>(value);
    return cell;
}

ReportCell ReportCell::of_decimal(double value, int decimals) {
    ReportCell cell;
    cell.kind = Kind::decimal;
    cell.number = round_to(value, decimals);
    cell.decimals = decimals;
    return cell;
}

ReportCell ReportCell::of_decimal(const std::optional<double>& value, int decimals) {
    return value ? of_decimal(*value, decimals) : none();
}

std::vector<ReportTable> report_tables(const Report& report) {
    using Cell = ReportCell;
    std::vector<ReportTable> tables;

    ReportTable types{"per-jenis",
                      "Per jenis surat",
                      {"Jenis surat", "Masuk", "Terbit", "Ditolak", "Median proses (jam)", "P90 proses (jam)",
                       "Target (jam)", "Tepat waktu (%)"},
                      {},
                      true};
    auto type_cells = [](const TypeRow& r) {
        return std::vector<Cell>{Cell::of_text(r.name),
                                 Cell::of_int(r.filed),
                                 Cell::of_int(r.issued),
                                 Cell::of_int(r.refused),
                                 Cell::of_decimal(r.processing.median, 1),
                                 Cell::of_decimal(r.processing.p90, 1),
                                 r.target_hours ? Cell::of_int(*r.target_hours) : Cell::none(),
                                 Cell::of_decimal(r.on_time_percent(), 1)};
    };
    for (const auto& r : report.types) types.rows.push_back(type_cells(r));
    types.rows.push_back(type_cells(report.types_total));
    tables.push_back(std::move(types));

    ReportTable rts{"per-rt",
                    "Per RT",
                    {"RT", "Ketua RT", "Masuk", "Keputusan RT", "Median respons RT (jam)", "P90 respons RT (jam)",
                     "Menunggu RT (sekarang)", "Diteruskan ke kelurahan"},
                    {},
                    true};
    auto rt_cells = [](const RtRow& r, Cell first) {
        return std::vector<Cell>{std::move(first),
                                 Cell::of_text(r.head_name),
                                 Cell::of_int(r.filed),
                                 Cell::of_int(r.decided),
                                 Cell::of_decimal(r.response.median, 1),
                                 Cell::of_decimal(r.response.p90, 1),
                                 Cell::of_int(r.waiting),
                                 Cell::of_int(r.escalated)};
    };
    for (const auto& r : report.rts) rts.rows.push_back(rt_cells(r, Cell::of_text(fmt::format("RT {:03d}", r.number))));
    rts.rows.push_back(rt_cells(report.rts_total, Cell::of_text("Jumlah")));
    rts.rows.back()[1] = Cell::none();
    tables.push_back(std::move(rts));

    ReportTable channels{"per-saluran", "Per saluran", {"Saluran", "Masuk", "Terbit"}, {}, true};
    for (const auto& r : report.channels) {
        channels.rows.push_back({Cell::of_text(r.name), Cell::of_int(r.filed), Cell::of_int(r.issued)});
    }
    channels.rows.push_back({Cell::of_text("Jumlah"), Cell::of_int(report.channels_total.filed),
                             Cell::of_int(report.channels_total.issued)});
    tables.push_back(std::move(channels));

    ReportTable complaints{
        "aduan", "Aduan", {"Kategori", "Diterima", "Diproses", "Selesai", "Jumlah", "Terlambat"}, {}, true};
    auto complaint_cells = [](const ComplaintRow& r) {
        return std::vector<Cell>{Cell::of_text(r.label),       Cell::of_int(r.by_status[0]),
                                 Cell::of_int(r.by_status[1]), Cell::of_int(r.by_status[2]),
                                 Cell::of_int(r.total),        Cell::of_int(r.overdue)};
    };
    for (const auto& r : report.complaints) complaints.rows.push_back(complaint_cells(r));
    complaints.rows.push_back(complaint_cells(report.complaints_total));
    tables.push_back(std::move(complaints));

    ReportTable ikm{"ikm", "IKM per unsur", {"Kode", "Unsur", "Jawaban", "NRR", "NRR tertimbang"}, {}, false};
    const auto& elements = domain::ikm_elements();
    for (std::size_t i = 0; i < elements.size(); ++i) {
        const bool answered = report.ikm.answers[i] > 0;
        ikm.rows.push_back({Cell::of_text(std::string(elements[i].code)), Cell::of_text(std::string(elements[i].name)),
                            Cell::of_int(report.ikm.answers[i]),
                            answered ? Cell::of_decimal(report.ikm.nrr[i], 2) : Cell::none(),
                            answered ? Cell::of_decimal(report.ikm.nrr[i] / domain::kIkmElements, 3) : Cell::none()});
    }
    tables.push_back(std::move(ikm));

    const bool has_index = report.ikm.has_index();
    ReportTable summary{
        "ikm-ringkasan",
        "IKM ringkasan",
        {"Responden", "IKM (1-4)", "Nilai IKM (25-100)", "Mutu", "Kinerja unit"},
        {{Cell::of_int(report.ikm.respondents), has_index ? Cell::of_decimal(report.ikm.index, 4) : Cell::none(),
          has_index ? Cell::of_decimal(report.ikm.converted, 2) : Cell::none(),
          has_index ? Cell::of_text(std::string(1, report.ikm.band.grade)) : Cell::none(),
          has_index ? Cell::of_text(std::string(report.ikm.band.label)) : Cell::none()}},
        false};
    tables.push_back(std::move(summary));
    return tables;
}

std::string format_indonesian(const ReportCell& cell) {
    switch (cell.kind) {
        case ReportCell::Kind::empty:
            return "–";
        case ReportCell::Kind::text:
            return cell.text;
        case ReportCell::Kind::integer:
        case ReportCell::Kind::decimal:
            break;
    }
    const int decimals = cell.kind == ReportCell::Kind::integer ? 0 : cell.decimals;
    std::string text = fmt::format("{:.{}f}", std::abs(cell.number), decimals);
    const std::size_t dot = text.find('.');
    std::string whole = text.substr(0, dot);
    std::string out =
        (cell.number < 0 && text.find_first_not_of("0.") != std::string::npos ? "-" : "") + group_thousands(whole);
    if (dot != std::string::npos) {
        out += ',';
        out += text.substr(dot + 1);
    }
    return out;
}

}  // namespace ekel::services
