// A large database for the back-office benchmark (bench/office_bench.sh): the project's migrations,
// the demo registry (3 RW, 12 RT, demo residents and staff accounts with password demo-belimbing),
// then synthetic residents in families and requests filed evenly over the past two years, each
// with two audit events (filed, then its latest status change). Rows go in with prepared
// statements in a few large transactions, synchronous=OFF, with the secondary indexes of the
// three big tables dropped first and re-created afterwards from their own migration SQL, so the
// schema ends up exactly as the migrations left it. No ANALYZE: production never runs it.
//
//   bench_office_data DB_PATH [RESIDENTS=200000] [REQUESTS=1000000] [CODE=BLB]
// CODE is the kelurahan code of a city's kelurahan (bench/city_bench.sh): the database is bound to
// it (a city refuses a database saved under another code) and its request codes carry it
// (KAA-2611-000042). Another code also gives other synthetic residents and requests (another
// seed), so the kelurahan of a city differ; the demo registry is the same in every one.
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <fmt/format.h>

#include <array>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <random>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "shared/app/bootstrap.h"
#include "shared/config/config.h"
#include "shared/db/store.h"
#include "shared/services/demo_seed.h"
#include "shared/services/demo_words.h"
#include "shared/util/time.h"

namespace {

using namespace ekel::services::demo_words;

#ifdef EKEL_REPO_DIR
constexpr const char* kRepoDir = EKEL_REPO_DIR;
#else
constexpr const char* kRepoDir = ".";
#endif

using namespace ekel;
using Steady = std::chrono::steady_clock;

constexpr std::array kMaleNames = {
    "Ahmad", "Budi", "Andi", "Rahmat", "Muhammad", "Syahrul", "Hendra", "Agus", "Yusuf", "Irwan",
    "Fajar", "Rudi", "Darmawan", "Arif", "Ilham", "Rizky", "Taufik", "Hasanuddin", "Wayan", "Aji",
    "Samsul", "Bayu", "Eko", "Joko", "Slamet", "Ridwan", "Hamzah", "Firman", "Adi", "Dedi",
    "Hendro", "Iwan", "Jufri", "Kamaruddin", "Lukman", "Mansyur", "Nasrullah", "Obet", "Paulus", "Rusdi",
    "Sapri", "Teguh", "Usman", "Wahyu", "Yohanes", "Zainal", "Bambang", "Dimas", "Gilang", "Hasan",
    "Ikhsan", "Jamal", "Khairul", "Mulyadi", "Nanang", "Rahmadi", "Sudirman", "Tri", "Yudi", "Zulkifli"};
constexpr std::array kFemaleNames = {
    "Siti", "Nur", "Rahma", "Dewi", "Sri", "Fitri", "Aisyah", "Wulan", "Rina", "Ani",
    "Hasnah", "Ayu", "Putri", "Kartini", "Nurhayati", "Yuliana", "Maria", "Dian", "Lestari", "Hajrah",
    "Murni", "Sulastri", "Ratna", "Indah", "Intan", "Ernawati", "Fatimah", "Hartini", "Irma", "Jumiati",
    "Kurniasih", "Lina", "Megawati", "Nining", "Oktaviani", "Rosmini", "Suryani", "Tuti", "Wahyuni", "Yanti",
    "Zahra", "Anisa", "Bunga", "Citra", "Desi", "Eka", "Fauziah", "Hikmah", "Kamelia", "Mardiana"};
constexpr std::array kFamilyNames = {
    "Saputra", "Pratama", "Hidayat", "Santoso", "Wijaya", "Rahman", "Syamsuddin", "Nugroho", "Setiawan",
    "Kurniawan", "Mappaseng", "Tarigan", "Hakim", "Sulaiman", "Firmansyah", "Gunawan", "Halim",
    "Amiruddin", "Baso", "Effendi", "Kusuma", "Lubis", "Yasin", "Anwar", "Siregar", "Nasution",
    "Simanjuntak", "Pattiasina", "Sitorus", "Harahap", "Ramadhan", "Maulana", "Permana", "Hasibuan",
    "Wibowo", "Susanto", "Purnomo", "Hartono", "Salim", "Arsyad", "Makmur", "Jaya", "Tahir", "Latief",
    "Mustafa", "Azis", "Idris", "Karim", "Manurung", "Pangaribuan"};
constexpr std::array kLetterTypes = {"domisili", "sktm", "usaha", "belum_menikah", "kematian",
                                     "kelahiran", "pindah", "ahli_waris", "pengantar_nikah", "penghasilan",
                                     "keramaian", "pengantar_ktp_kk", "pengantar_skck"};
// Rough demand: domicile, SKTM and SKCK letters dominate a kelurahan's desk.
constexpr std::array kLetterWeights = {22, 16, 10, 6, 3, 4, 5, 2, 5, 8, 2, 9, 8};
constexpr std::array kPurposes = {"melamar kerja", "pendaftaran sekolah", "pengajuan kredit bank", "BPJS Kesehatan",
                                  "beasiswa", "pengurusan KTP", "izin usaha", "keperluan administrasi"};

// The mix of statuses (percent): most requests are long finished.
struct StatusShare {
    const char* status;
    int percent;
};
constexpr std::array kStatuses = {StatusShare{"collected", 55}, StatusShare{"issued", 15},
                                  StatusShare{"rt_approved", 10}, StatusShare{"submitted", 8},
                                  StatusShare{"rejected", 2},     StatusShare{"rt_rejected", 3},
                                  StatusShare{"cancelled", 5},    StatusShare{"needs_revision", 2}};

class Dice {
public:
    explicit Dice(std::uint64_t seed) : engine_(seed) {}
    std::int64_t between(std::int64_t low, std::int64_t high) {
        return low + static_cast<std::int64_t>(engine_() % static_cast<std::uint64_t>(high - low + 1));
    }
    template <typename Array>
    const char* pick(const Array& options) {
        return options[static_cast<std::size_t>(between(0, static_cast<std::int64_t>(options.size()) - 1))];
    }

private:
    std::mt19937_64 engine_;
};

/// "2026-11-27T21:04:07Z" for seconds since the epoch.
std::string utc_text(std::int64_t seconds) {
    using namespace std::chrono;
    const sys_seconds at{std::chrono::seconds(seconds)};
    const auto day = floor<days>(at);
    const year_month_day ymd{day};
    const hh_mm_ss time{at - day};
    return fmt::format("{:04d}-{:02d}-{:02d}T{:02d}:{:02d}:{:02d}Z", static_cast<int>(ymd.year()),
                       static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()), time.hours().count(),
                       time.minutes().count(), time.seconds().count());
}

/// "2611" for the month of `seconds` in WITA (UTC+8), as public request codes use.
std::string period_of(std::int64_t seconds) {
    using namespace std::chrono;
    const year_month_day ymd{floor<days>(sys_seconds{std::chrono::seconds(seconds + 8 * 3600)})};
    return fmt::format("{:02d}{:02d}", static_cast<int>(ymd.year()) % 100, static_cast<unsigned>(ymd.month()));
}

struct GenResident {
    std::int64_t id;
    std::int64_t rt_id;
    std::string name;
    std::string phone;
};

double seconds_since(Steady::time_point start) { return std::chrono::duration<double>(Steady::now() - start).count(); }

void run(const std::string& path, int resident_count, int request_count, const std::string& code) {
    const auto started = Steady::now();
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
    config::Config config = config::load_config(std::string(kRepoDir) + "/config/ekelurahan.toml",
                                                [](const std::string& name) -> std::optional<std::string> {
            // The shipped logo path is relative to the repository; the bench may run elsewhere.
            if (name == "EKEL_KELURAHAN_LOGO") return std::string(kRepoDir) + "/config/emblem.png";
            return std::nullopt;
        });
    config.database.path = path;
    config.letter_types_path = std::string(kRepoDir) + "/config/letter_types.toml";
    // The city file's `migrate` writes the kelurahan's name and region over these.
    config.kelurahan.code = code;
    SystemClock clock;
    const std::int64_t now = std::chrono::duration_cast<std::chrono::seconds>(clock.now().time_since_epoch()).count();
    app::prepare_database(config, clock);
    db::Store store(config.database.target(), config.database.busy_timeout_ms);
    const auto demo = services::seed_demo(store, clock);
    std::printf("migrated and seeded the demo registry (%zu RT, %zu residents) in %.1f s\n", demo.rts, demo.residents,
                seconds_since(started));

    db::Connection& db = store.db();
    db.exec("PRAGMA foreign_keys=OFF");
    db.exec("PRAGMA synchronous=OFF");
    db.exec("PRAGMA cache_size=-262144");  // 256 MiB
    db.exec("PRAGMA temp_store=MEMORY");

    std::vector<std::pair<std::int64_t, int>> rts;  // id, number
    {
        db::Statement q(db, "SELECT id, number FROM rts ORDER BY number");
        while (q.executeStep()) rts.emplace_back(q.getColumn(0).getInt64(), q.getColumn(1).getInt());
    }
    if (rts.size() != 12) throw std::runtime_error("expected the 12 demo RTs");
    std::unordered_map<std::int64_t, int> rt_numbers(rts.begin(), rts.end());

    // Secondary indexes of the big tables: dropped now, re-created from the same SQL at the end.
    std::vector<std::pair<std::string, std::string>> indexes;
    {
        db::Statement q(db,
                            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
                            " AND tbl_name IN ('residents', 'requests', 'request_events') ORDER BY rowid");
        while (q.executeStep()) indexes.emplace_back(q.getColumn(0).getString(), q.getColumn(1).getString());
    }
    for (const auto& [name, sql] : indexes) db.exec("DROP INDEX " + name);

    // BLB keeps the seed the single-kelurahan bench always had; another code gets its own.
    std::uint64_t seed = 20260101;
    if (code != "BLB") {
        for (char c : code) seed = seed * 131 + static_cast<unsigned char>(c);
    }
    Dice dice(seed);
    const std::string imported_at = utc_text(now - 760LL * 86400);

    // Residents in families of 1 to 6 sharing a KK, address and RT.
    auto phase = Steady::now();
    std::vector<GenResident> residents;
    residents.reserve(static_cast<std::size_t>(resident_count));
    {
        db::Statement insert(db,
                                 "INSERT INTO residents (nik, kk, full_name, sex, birth_place, birth_date, religion,"
                                 " marital_status, occupation, family_role, address, rt_id, is_demo, created_at,"
                                 " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)");
        std::unordered_map<std::string, int> nik_serials;  // by the first 12 digits; the demo used 0001..0999
        std::unordered_map<std::string, int> kk_serials;
        auto serial = [](std::unordered_map<std::string, int>& serials, const std::string& prefix) {
            auto [it, fresh] = serials.try_emplace(prefix, 5000);
            return ++it->second;
        };
        db.exec("BEGIN");
        int family = 0;
        while (static_cast<int>(residents.size()) < resident_count) {
            ++family;
            const auto& rt = rts[static_cast<std::size_t>(dice.between(0, 11))];
            const std::string surname = dice.pick(kFamilyNames);
            const int registered_year = static_cast<int>(dice.between(2005, 2024));
            const std::string kk_prefix = fmt::format("647403{:02d}{:02d}{:02d}", dice.between(1, 28),
                                                      dice.between(1, 12), registered_year % 100);
            const std::string kk = kk_prefix + fmt::format("{:04d}", serial(kk_serials, kk_prefix));
            const std::string address = fmt::format("{} {} No. {}, RT {:03d}", dice.pick(kStreets), dice.pick(kAlleys),
                                                    dice.between(1, 150), rt.second);
            const std::string family_phone = fmt::format("628{:02d}{:08d}", dice.between(11, 59), family);
            const int head_year = static_cast<int>(dice.between(1950, 2000));
            const bool single = dice.between(0, 9) == 0;
            const int size = single ? 1 : static_cast<int>(dice.between(2, 6));
            for (int m = 0; m < size && static_cast<int>(residents.size()) < resident_count; ++m) {
                const bool female = m == 1 || (m >= 2 && dice.between(0, 1) == 1);
                const char* role = m == 0 ? "Kepala Keluarga" : m == 1 ? "Istri" : "Anak";
                const int year = m == 0   ? head_year
                                 : m == 1 ? static_cast<int>(dice.between(head_year, std::min(head_year + 8, 2002)))
                                          : static_cast<int>(dice.between(std::max(head_year + 20, 1972),
                                                                          std::min(head_year + 42, 2024)));
                const int month = static_cast<int>(dice.between(1, 12));
                const int day = static_cast<int>(dice.between(1, 28));
                const std::string district = m == 0 ? dice.pick(kDistricts) : "647403";
                const std::string nik_prefix =
                    fmt::format("{}{:02d}{:02d}{:02d}", district, day + (female ? 40 : 0), month, year % 100);
                const std::string nik = nik_prefix + fmt::format("{:04d}", serial(nik_serials, nik_prefix));
                std::string name = female ? dice.pick(kFemaleNames) : dice.pick(kMaleNames);
                if (dice.between(0, 9) < 3) name += std::string(" ") + (female ? dice.pick(kFemaleNames) : dice.pick(kMaleNames));
                name += " ";
                name += m == 1 ? dice.pick(kFamilyNames) : surname.c_str();
                const bool adult = year <= 2007;
                insert.reset();
                insert.bind(1, nik);
                insert.bind(2, kk);
                insert.bind(3, name);
                insert.bind(4, female ? "P" : "L");
                insert.bind(5, district == "647403" ? "Bontang" : dice.pick(kBirthPlaces));
                insert.bind(6, fmt::format("{:04d}-{:02d}-{:02d}", year, month, day));
                insert.bind(7, kReligions[static_cast<std::size_t>(family) % kReligions.size()]);
                insert.bind(8, m <= 1 && !single ? "Kawin" : "Belum Kawin");
                insert.bind(9, adult ? dice.pick(kOccupations) : "Pelajar/Mahasiswa");
                insert.bind(10, role);
                insert.bind(11, address);
                insert.bind(12, rt.first);
                insert.bind(13, imported_at);
                insert.bind(14, imported_at);
                insert.exec();
                std::string phone = m == 0 ? family_phone : fmt::format("628{:02d}{:08d}", dice.between(11, 59),
                                                                       1000000 + static_cast<int>(residents.size()));
                residents.push_back({db.sqlite().getLastInsertRowid(), rt.first, std::move(name), std::move(phone)});
            }
        }
        db.exec("COMMIT");
        std::printf("residents: %zu in %d families in %.1f s\n", residents.size(), family, seconds_since(phase));
    }

    // Requests filed evenly over the past 730 days, in time order (as ids grow in production).
    phase = Steady::now();
    {
        db::Statement insert(db,
                                 "INSERT INTO requests (code, resident_id, applicant_name, applicant_phone, letter_type,"
                                 " fields_json, purpose, status, rt_id, channel, created_at, updated_at, rt_decided_at,"
                                 " issued_at, closed_at, rt_pending_since) VALUES (?, ?, ?, ?, ?, '{}', ?, ?, ?, ?, ?,"
                                 " ?, ?, ?, ?, ?)");
        db::Statement event(db,
                                "INSERT INTO request_events (request_id, at, actor_kind, actor, action, from_status,"
                                " to_status, note, actor_name) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
        db::Statement counter(db,
                                  "INSERT INTO request_code_counters (period, last_number) VALUES (?, ?)"
                                  " ON CONFLICT(period) DO UPDATE SET last_number = excluded.last_number");
        int weight_total = 0;
        for (int w : kLetterWeights) weight_total += w;
        const std::int64_t start = now - 730LL * 86400;
        const double step = 730.0 * 86400.0 / request_count;
        std::string period;
        int number = 0;
        auto save_counter = [&] {
            if (period.empty()) return;
            counter.reset();
            counter.bind(1, period);
            counter.bind(2, number);
            counter.exec();
        };
        auto bind_opt = [](db::Statement& q, int index, std::int64_t at) {
            if (at > 0) {
                q.bind(index, utc_text(at));
            } else {
                q.bind(index);
            }
        };
        auto add_event = [&](std::int64_t request_id, std::int64_t at, const char* kind, const std::string& actor,
                             const char* action, const char* from, const char* to, const char* note,
                             const std::string& actor_name) {
            event.reset();
            event.bind(1, request_id);
            event.bind(2, utc_text(at));
            event.bind(3, kind);
            event.bind(4, actor);
            event.bind(5, action);
            if (from) {
                event.bind(6, from);
            } else {
                event.bind(6);
            }
            if (to) {
                event.bind(7, to);
            } else {
                event.bind(7);
            }
            event.bind(8, note);
            event.bind(9, actor_name);
            event.exec();
        };
        std::int64_t previous = start;
        db.exec("BEGIN");
        for (int i = 0; i < request_count; ++i) {
            if (i > 0 && i % 250000 == 0) {
                db.exec("COMMIT");
                db.exec("BEGIN");
            }
            const auto& resident = residents[static_cast<std::size_t>(dice.between(0, resident_count - 1))];
            std::int64_t created = start + static_cast<std::int64_t>(step * (i + dice.between(0, 999) / 1000.0));
            created = std::max(created, previous);
            previous = created;
            const std::string this_period = period_of(created);
            if (this_period != period) {
                save_counter();
                period = this_period;
                number = 0;
            }
            const std::string request_code = fmt::format("{}-{}-{:06d}", code, period, ++number);
            int roll = static_cast<int>(dice.between(0, weight_total - 1));
            std::size_t type = 0;
            while (roll >= kLetterWeights[type]) roll -= kLetterWeights[type++];
            roll = static_cast<int>(dice.between(0, 99));
            std::size_t s = 0;
            while (roll >= kStatuses[s].percent) roll -= kStatuses[s++].percent;
            const std::string status = kStatuses[s].status;
            const bool walk_in = dice.between(0, 99) < 35;
            auto later = [&](std::int64_t from, std::int64_t min_hours, std::int64_t max_hours) {
                return std::min(now, from + dice.between(min_hours * 3600, max_hours * 3600));
            };
            std::int64_t rt_decided = 0, issued = 0, closed = 0, updated = created;
            const char* from_status = "submitted";
            if (status == "rt_approved" || status == "rt_rejected" || status == "issued" || status == "collected" ||
                status == "rejected") {
                rt_decided = updated = later(created, 1, 48);
            }
            if (status == "issued" || status == "collected") {
                issued = updated = later(rt_decided, 1, 72);
                from_status = "rt_approved";
            }
            if (status == "collected") {
                closed = updated = later(issued, 1, 7 * 24);
                from_status = "issued";
            }
            if (status == "rejected") {
                closed = updated = later(rt_decided, 1, 48);
                from_status = "rt_approved";
            }
            if (status == "rt_rejected") closed = rt_decided;
            if (status == "cancelled") closed = updated = later(created, 1, 5 * 24);
            if (status == "needs_revision") updated = later(created, 1, 48);

            insert.reset();
            insert.bind(1, request_code);
            insert.bind(2, resident.id);
            insert.bind(3, resident.name);
            insert.bind(4, resident.phone);
            insert.bind(5, kLetterTypes[type]);
            insert.bind(6, dice.pick(kPurposes));
            insert.bind(7, status);
            insert.bind(8, resident.rt_id);
            insert.bind(9, walk_in ? "walk_in" : "whatsapp");
            insert.bind(10, utc_text(created));
            insert.bind(11, utc_text(updated));
            bind_opt(insert, 12, rt_decided);
            bind_opt(insert, 13, issued);
            bind_opt(insert, 14, closed);
            bind_opt(insert, 15, status == "submitted" ? created : 0);
            insert.exec();
            const std::int64_t id = db.sqlite().getLastInsertRowid();

            if (walk_in) {
                add_event(id, created, "staff", "operator", "submitted", nullptr, "submitted", "", "Akun Demo operator");
            } else {
                add_event(id, created, "citizen", resident.phone, "submitted", nullptr, "submitted", "", "");
            }
            const std::string rt_label = fmt::format("Ketua RT {:03d}", rt_numbers.at(resident.rt_id));
            if (status == "submitted") {
                add_event(id, std::min(now, created + 8 * 3600), "system", "scheduler", "rt_reminded", nullptr, nullptr,
                          "pengingat dikirim ke pengurus RT", "Sistem E-Kelurahan");
            } else if (status == "rt_approved" || status == "rt_rejected" || status == "needs_revision") {
                add_event(id, updated, "rt", "rt", status.c_str(), from_status, status.c_str(),
                          status == "rt_approved" ? "" : "data belum lengkap", rt_label);
            } else if (status == "cancelled") {
                add_event(id, updated, "citizen", resident.phone, "cancelled", from_status, "cancelled", "", "");
            } else {
                add_event(id, updated, "staff", status == "issued" ? "lurah" : "operator", status.c_str(), from_status,
                          status.c_str(), status == "rejected" ? "persyaratan tidak terpenuhi" : "",
                          status == "issued" ? "Akun Demo lurah" : "Akun Demo operator");
            }
        }
        save_counter();
        db.exec("COMMIT");
        std::printf("requests: %d with %d events in %.1f s\n", request_count, 2 * request_count, seconds_since(phase));
    }

    phase = Steady::now();
    for (const auto& [name, sql] : indexes) db.exec(sql);
    std::printf("re-created %zu indexes in %.1f s\n", indexes.size(), seconds_since(phase));
    db.exec("PRAGMA wal_checkpoint(TRUNCATE)");

    auto count = [&](const char* sql) { return db.sqlite().execAndGet(sql).getInt64(); };
    std::printf("rows: residents=%lld requests=%lld request_events=%lld rts=%lld staff_users=%lld\n",
                static_cast<long long>(count("SELECT COUNT(*) FROM residents")),
                static_cast<long long>(count("SELECT COUNT(*) FROM requests")),
                static_cast<long long>(count("SELECT COUNT(*) FROM request_events")),
                static_cast<long long>(count("SELECT COUNT(*) FROM rts")),
                static_cast<long long>(count("SELECT COUNT(*) FROM staff_users")));
    std::printf("request_status_counts:");
    db::Statement counts(db,
                             "SELECT c.status, c.count, (SELECT COUNT(*) FROM requests r WHERE r.status = c.status)"
                             " FROM request_status_counts c ORDER BY c.count DESC");
    bool consistent = true;
    while (counts.executeStep()) {
        std::printf(" %s=%lld", counts.getColumn(0).getString().c_str(), static_cast<long long>(counts.getColumn(1).getInt64()));
        consistent = consistent && counts.getColumn(1).getInt64() == counts.getColumn(2).getInt64();
    }
    std::printf("%s\n", consistent ? " (matches COUNT(*))" : " (DOES NOT MATCH COUNT(*))");
    std::printf("database %s: %.0f MB, generated in %.1f s\n", path.c_str(),
                static_cast<double>(std::filesystem::file_size(path)) / 1e6, seconds_since(started));
    if (!consistent) throw std::runtime_error("request_status_counts disagrees with the requests table");
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: bench_office_data DB_PATH [RESIDENTS=200000] [REQUESTS=1000000] [CODE=BLB]\n");
        return 2;
    }
    try {
        const std::string code = argc > 4 ? argv[4] : "BLB";
        if (code.size() < 2 || code.size() > 6 ||
            code.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ") != std::string::npos) {
            std::fprintf(stderr, "bench_office_data: CODE must be 2 to 6 capital letters\n");
            return 2;
        }
        run(argv[1], argc > 2 ? std::atoi(argv[2]) : 200000, argc > 3 ? std::atoi(argv[3]) : 1000000, code);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_office_data: %s\n", e.what());
        return 1;
    }
    return 0;
}
