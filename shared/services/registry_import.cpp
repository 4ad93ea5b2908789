#include "shared/services/registry_import.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "shared/db/store.h"
#include "shared/db/write_transaction.h"
#include "shared/domain/nik.h"
#include "shared/domain/phone.h"
#include "shared/util/csv.h"
#include "shared/util/text.h"
#include "shared/util/time.h"

namespace ekel::services {

namespace {

struct ColumnSpec {
    std::string_view name;
    bool required;
};

/// Rejects unknown and missing columns up front: a misspelt header would otherwise look like
/// a file of empty values.
void check_header(const CsvTable& table, const std::vector<ColumnSpec>& columns,
                  std::vector<RowError>& errors) {
    for (const std::string& name : table.header) {
        bool known = std::any_of(columns.begin(), columns.end(),
                                 [&](const ColumnSpec& c) { return c.name == name; });
        if (!known) {
            std::string list;
            for (const auto& c : columns) list += (list.empty() ? "" : ", ") + std::string(c.name);
            errors.push_back({1, name, "kolom tidak dikenal; kolom yang dipakai: " + list});
        }
    }
    for (const ColumnSpec& column : columns) {
        if (column.required && !table.column_index(column.name)) {
            errors.push_back({1, std::string(column.name), "kolom wajib tidak ada di baris judul"});
        }
    }
}

/// Reads the cells of one row and collects the problems found in it.
class RowReader {
public:
    RowReader(const CsvTable& table, const CsvRow& row, std::vector<RowError>& errors)
        : table_(table), row_(row), errors_(errors) {}

    std::string text(std::string_view column, bool required, std::size_t max_length = 120) {
        const std::string* cell = table_.cell(row_, column);
        std::string value = cell ? collapse_spaces(*cell) : std::string();
        if (value.empty()) {
            if (required) fail(column, "tidak boleh kosong");
            return value;
        }
        if (value.size() > max_length) {
            fail(column, "terlalu panjang (paling banyak " + std::to_string(max_length) + " karakter)");
        }
        return value;
    }

    std::optional<int> positive_number(std::string_view column, bool required) {
        std::string value = text(column, required);
        if (value.empty()) return std::nullopt;
        if (!is_all_digits(value) || value.size() > 4 || std::stoi(value) == 0) {
            fail(column, "harus berupa angka lebih dari 0 (tertulis \"" + value + "\")");
            return std::nullopt;
        }
        return std::stoi(value);
    }

    std::optional<std::string> phone(std::string_view column) {
        std::string value = text(column, false);
        if (value.empty()) return std::string();
        auto normalized = domain::normalize_phone(value);
        if (!normalized) {
            fail(column, normalized.error().message);
            return std::nullopt;
        }
        return normalized.value();
    }

    void fail(std::string_view column, std::string message) {
        errors_.push_back({row_.line, std::string(column), std::move(message)});
        failed_ = true;
    }

    /// Any problem in this row so far, including empty required cells.
    bool failed() const { return failed_; }

private:
    static std::string collapse_spaces(std::string_view raw) {
        std::string out;
        for (char c : trim(raw)) {
            bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
            if (space && !out.empty() && out.back() == ' ') continue;
            out += space ? ' ' : c;
        }
        return out;
    }

    const CsvTable& table_;
    const CsvRow& row_;
    std::vector<RowError>& errors_;
    bool failed_ = false;
};

/// Canonical spelling for a value from a closed list, matched without regard to case.
std::optional<std::string> canonical(const std::string& value,
                                     const std::vector<std::pair<std::string, std::string>>& table) {
    std::string key = to_lower_ascii(value);
    for (const auto& [alias, name] : table) {
        if (alias == key) return name;
    }
    return std::nullopt;
}

const std::vector<std::pair<std::string, std::string>> kReligions = {
    {"islam", "Islam"},         {"kristen", "Kristen"},     {"protestan", "Kristen"},
    {"kristen protestan", "Kristen"}, {"katolik", "Katolik"}, {"katholik", "Katolik"},
    {"hindu", "Hindu"},         {"buddha", "Buddha"},       {"budha", "Buddha"},
    {"khonghucu", "Khonghucu"}, {"konghucu", "Khonghucu"},
    {"kepercayaan", "Kepercayaan terhadap Tuhan YME"},
    {"kepercayaan terhadap tuhan yme", "Kepercayaan terhadap Tuhan YME"},
};

const std::vector<std::pair<std::string, std::string>> kMaritalStatuses = {
    {"belum kawin", "Belum Kawin"}, {"belum menikah", "Belum Kawin"},
    {"kawin", "Kawin"},             {"menikah", "Kawin"},
    {"kawin tercatat", "Kawin"},    {"kawin belum tercatat", "Kawin Belum Tercatat"},
    {"cerai hidup", "Cerai Hidup"}, {"cerai mati", "Cerai Mati"},
};

const std::vector<std::pair<std::string, std::string>> kSexes = {
    {"l", "L"}, {"lk", "L"}, {"laki-laki", "L"}, {"laki laki", "L"},
    {"p", "P"}, {"pr", "P"}, {"perempuan", "P"}, {"wanita", "P"},
};

std::optional<CsvTable> read_table(std::string_view csv_text, ImportReport& report) {
    auto parsed = parse_csv(csv_text);
    if (!parsed) {
        report.errors.push_back({0, "", parsed.error().message});
        return std::nullopt;
    }
    if (parsed->encoding == CsvEncoding::windows1252) {
        report.note = "Berkas dibaca sebagai Windows-1252 dan diubah ke UTF-8.";
    }
    if (parsed->rows.empty()) {
        report.errors.push_back({0, "", "berkas tidak berisi data (hanya baris judul)"});
        return std::nullopt;
    }
    return std::move(parsed).value();
}

struct ResidentRow {
    domain::Resident resident;
    std::vector<std::string> phones;
};

std::optional<ResidentRow> read_resident_row(RowReader& row, db::Store& store,
                                             std::map<int, std::optional<domain::Rt>>& rt_cache,
                                             int current_year) {
    ResidentRow out;
    domain::Resident& r = out.resident;
    auto check = [&](bool good, std::string_view column, std::string message) {
        if (!good) row.fail(column, std::move(message));
    };

    r.nik = row.text("nik", true, 16 * 4);
    std::optional<domain::NikInfo> nik_info;
    if (!r.nik.empty()) {
        auto parsed = domain::parse_nik(r.nik);
        check(parsed.has_value(), "nik", parsed ? "" : parsed.error().message);
        if (parsed) nik_info = parsed.value();
    }
    std::string kk = row.text("kk", true, 16 * 4);
    if (!kk.empty()) {
        auto parsed = domain::parse_kk(kk);
        check(parsed.has_value(), "kk", parsed ? "" : parsed.error().message);
        if (parsed) r.kk = parsed.value();
    }
    r.full_name = row.text("nama", true, 100);
    std::string sex = row.text("jenis_kelamin", true);
    if (!sex.empty()) {
        auto value = canonical(sex, kSexes);
        check(value.has_value(), "jenis_kelamin", "harus L atau P (tertulis \"" + sex + "\")");
        if (value) {
            r.sex = value->front();
            if (nik_info) {
                char from_nik = nik_info->sex == domain::Sex::female ? 'P' : 'L';
                check(from_nik == r.sex, "jenis_kelamin",
                      std::string("tidak cocok dengan NIK (NIK menunjukkan ") +
                          (from_nik == 'P' ? "perempuan" : "laki-laki") + ")");
            }
        }
    }
    r.birth_place = row.text("tempat_lahir", true, 60);
    std::string birth = row.text("tanggal_lahir", true);
    if (!birth.empty()) {
        auto date = domain::parse_date(birth);
        check(date.has_value(), "tanggal_lahir",
              "harus tanggal seperti 12-08-1985 atau 1985-08-12 (tertulis \"" + birth + "\")");
        if (date) {
            check(date->year >= 1900 && date->year <= current_year, "tanggal_lahir",
                  "tahun lahir " + std::to_string(date->year) + " tidak masuk akal");
            r.birth_date = *date;
        }
    }
    std::string religion = row.text("agama", true);
    if (!religion.empty()) {
        auto value = canonical(religion, kReligions);
        check(value.has_value(), "agama",
              "tidak dikenal (\"" + religion +
                  "\"); pakai Islam, Kristen, Katolik, Hindu, Buddha, Khonghucu atau Kepercayaan");
        if (value) r.religion = *value;
    }
    std::string marital = row.text("status_perkawinan", true);
    if (!marital.empty()) {
        auto value = canonical(marital, kMaritalStatuses);
        check(value.has_value(), "status_perkawinan",
              "tidak dikenal (\"" + marital + "\"); pakai Belum Kawin, Kawin, Cerai Hidup atau Cerai Mati");
        if (value) r.marital_status = *value;
    }
    r.occupation = row.text("pekerjaan", true, 60);
    r.family_role = row.text("hubungan_keluarga", false, 40);
    r.address = row.text("alamat", true, 200);
    std::optional<int> rt_number = row.positive_number("rt", true);
    std::optional<int> rw_number = row.positive_number("rw", false);
    if (rt_number) {
        auto cached = rt_cache.find(*rt_number);
        if (cached == rt_cache.end()) {
            cached = rt_cache.emplace(*rt_number, store.rts.find_by_number(*rt_number)).first;
        }
        const auto& rt = cached->second;
        check(rt.has_value(), "rt",
              "RT " + std::to_string(*rt_number) + " belum terdaftar; impor data RT lebih dulu");
        if (rt) {
            r.rt_id = rt->id;
            if (rw_number) {
                check(*rw_number == rt->rw_number, "rw",
                      "RT " + std::to_string(rt->number) + " terdaftar di RW " +
                          std::to_string(rt->rw_number) + ", bukan RW " + std::to_string(*rw_number));
            }
        }
    }
    std::string phones = row.text("no_hp", false, 200);
    if (!phones.empty()) {
        std::string separated = phones;
        std::replace(separated.begin(), separated.end(), ',', '/');
        for (const std::string& part : split(separated, '/')) {
            if (trim(part).empty()) continue;
            auto phone = domain::normalize_phone(trim(part));
            check(phone.has_value(), "no_hp", phone ? "" : phone.error().message + " (\"" + std::string(trim(part)) + "\")");
            if (phone) out.phones.push_back(phone.value());
        }
    }
    if (row.failed()) return std::nullopt;
    return out;
}

}  // namespace

std::string format_row_error(const RowError& error) {
    std::string where = error.line == 0 ? "berkas" : "baris " + std::to_string(error.line);
    if (!error.column.empty()) where += ", kolom " + error.column;
    return where + ": " + error.message;
}

ImportReport import_residents(db::Store& store, std::string_view csv_text, const Clock& clock) {
    ImportReport report;
    auto table = read_table(csv_text, report);
    if (!table) return report;
    check_header(*table,
                 {{"nik", true}, {"kk", true}, {"nama", true}, {"jenis_kelamin", true},
                  {"tempat_lahir", true}, {"tanggal_lahir", true}, {"agama", true},
                  {"status_perkawinan", true}, {"pekerjaan", true}, {"alamat", true}, {"rt", true},
                  {"rw", false}, {"hubungan_keluarga", false}, {"no_hp", false}},
                 report.errors);
    if (!report.ok()) return report;

    const TimePoint now = clock.now();
    const int current_year = to_local(now, 0).date.year;
    std::map<int, std::optional<domain::Rt>> rt_cache;
    std::map<std::string, std::size_t> line_of_nik;
    std::vector<ResidentRow> rows;
    for (const CsvRow& csv_row : table->rows) {
        RowReader row(*table, csv_row, report.errors);
        auto parsed = read_resident_row(row, store, rt_cache, current_year);
        if (!parsed) continue;
        auto [it, fresh] = line_of_nik.emplace(parsed->resident.nik, csv_row.line);
        if (!fresh) {
            row.fail("nik", "NIK yang sama sudah ada di baris " + std::to_string(it->second));
            continue;
        }
        rows.push_back(std::move(*parsed));
    }
    report.rows = table->rows.size();
    if (!report.ok()) return report;

    const std::string now_text = format_utc(now);
    db::WriteTransaction tx(store.db());
    for (ResidentRow& row : rows) {
        auto result = store.residents.upsert(row.resident, now_text);
        (result == db::ResidentRepository::Upserted::inserted ? report.inserted : report.updated)++;
        for (const std::string& phone : row.phones) {
            store.residents.add_verified_phone(row.resident.id, phone, domain::PhoneVerification::registry,
                                               now_text);
            ++report.phones_added;
        }
    }
    tx.commit();
    return report;
}

ImportReport import_rts(db::Store& store, std::string_view csv_text, const Clock& clock) {
    ImportReport report;
    auto table = read_table(csv_text, report);
    if (!table) return report;
    check_header(*table,
                 {{"rt", true}, {"rw", true}, {"nama_ketua", true}, {"hp_ketua", false},
                  {"nama_wakil", false}, {"hp_wakil", false}, {"nama_ketua_rw", false},
                  {"hp_ketua_rw", false}},
                 report.errors);
    if (!report.ok()) return report;

    struct RtRow {
        domain::Rt rt;
        domain::Rw rw;
    };
    std::vector<RtRow> rows;
    std::map<int, std::size_t> line_of_rt;
    std::map<int, std::pair<std::string, std::size_t>> rw_head_phone;
    for (const CsvRow& csv_row : table->rows) {
        RowReader row(*table, csv_row, report.errors);
        RtRow out;
        auto rt_number = row.positive_number("rt", true);
        auto rw_number = row.positive_number("rw", true);
        out.rt.head_name = row.text("nama_ketua", true, 100);
        auto head_phone = row.phone("hp_ketua");
        out.rt.deputy_name = row.text("nama_wakil", false, 100);
        auto deputy_phone = row.phone("hp_wakil");
        out.rw.head_name = row.text("nama_ketua_rw", false, 100);
        auto rw_phone = row.phone("hp_ketua_rw");
        if (deputy_phone && !deputy_phone->empty() && out.rt.deputy_name.empty()) {
            row.fail("nama_wakil", "wajib diisi bila hp_wakil diisi");
        }
        if (rt_number) {
            auto [it, fresh] = line_of_rt.emplace(*rt_number, csv_row.line);
            if (!fresh) row.fail("rt", "RT " + std::to_string(*rt_number) + " sudah ada di baris " + std::to_string(it->second));
        }
        if (rw_number && rw_phone && !rw_phone->empty()) {
            auto [it, fresh] = rw_head_phone.emplace(*rw_number, std::make_pair(*rw_phone, csv_row.line));
            if (!fresh && it->second.first != *rw_phone) {
                row.fail("hp_ketua_rw", "berbeda dengan nomor ketua RW " + std::to_string(*rw_number) +
                                            " di baris " + std::to_string(it->second.second));
            }
        }
        if (row.failed()) continue;
        out.rt.number = *rt_number;
        out.rt.head_phone = *head_phone;
        out.rt.deputy_phone = *deputy_phone;
        out.rw.number = *rw_number;
        out.rw.head_phone = *rw_phone;
        rows.push_back(std::move(out));
    }
    report.rows = table->rows.size();
    if (!report.ok()) return report;

    const std::string now_text = format_utc(clock.now());
    db::WriteTransaction tx(store.db());
    for (RtRow& row : rows) {
        row.rt.rw_id = store.rts.upsert_rw(row.rw);
        bool existed = store.rts.find_by_number(row.rt.number).has_value();
        store.rts.upsert_rt(row.rt, now_text);
        (existed ? report.updated : report.inserted)++;
    }
    tx.commit();
    return report;
}

}  // namespace ekel::services
