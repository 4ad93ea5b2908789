#include "shared/db/resident_repository.h"

#include "shared/db/statements.h"

#include "shared/util/error.h"

namespace ekel::db {

namespace {

constexpr const char* kSelect =
    "SELECT r.id, r.nik, r.kk, r.full_name, r.sex, r.birth_place, r.birth_date, r.religion,"
    " r.marital_status, r.occupation, r.family_role, r.address, r.rt_id, t.number, w.number,"
    " r.is_demo FROM residents r JOIN rts t ON t.id = r.rt_id JOIN rws w ON w.id = t.rw_id ";

domain::Resident read_resident(Statement& q) {
    domain::Resident r;
    r.id = q.getColumn(0).getInt64();
    r.nik = q.getColumn(1).getString();
    r.kk = q.getColumn(2).getString();
    r.full_name = q.getColumn(3).getString();
    r.sex = q.getColumn(4).getString().front();
    r.birth_place = q.getColumn(5).getString();
    auto date = domain::parse_date(q.getColumn(6).getString());
    if (!date) throw Error("residents.birth_date is not an ISO date for resident " + std::to_string(r.id));
    r.birth_date = *date;
    r.religion = q.getColumn(7).getString();
    r.marital_status = q.getColumn(8).getString();
    r.occupation = q.getColumn(9).getString();
    r.family_role = q.getColumn(10).getString();
    r.address = q.getColumn(11).getString();
    r.rt_id = q.getColumn(12).getInt64();
    r.rt_number = q.getColumn(13).getInt();
    r.rw_number = q.getColumn(14).getInt();
    r.is_demo = q.getColumn(15).getInt() != 0;
    return r;
}

}  // namespace

ResidentRepository::ResidentRepository(Connection& db)
    : upsert_(db,
              "INSERT INTO residents (nik, kk, full_name, sex, birth_place, birth_date, religion,"
              " marital_status, occupation, family_role, address, rt_id, is_demo, created_at, updated_at)"
              " VALUES (:nik, :kk, :name, :sex, :place, :date, :religion, :marital, :occupation,"
              " :role, :address, :rt, :demo, :now, :now)"
              " ON CONFLICT(nik) DO UPDATE SET kk = excluded.kk, full_name = excluded.full_name,"
              " sex = excluded.sex, birth_place = excluded.birth_place, birth_date = excluded.birth_date,"
              " religion = excluded.religion, marital_status = excluded.marital_status,"
              " occupation = excluded.occupation, family_role = excluded.family_role,"
              " address = excluded.address, rt_id = excluded.rt_id, updated_at = excluded.updated_at"
              " RETURNING id"),
      id_of_nik_(db, "SELECT id FROM residents WHERE nik = :nik"),
      find_by_id_(db, std::string(kSelect) + "WHERE r.id = :id"),
      find_by_nik_(db, std::string(kSelect) + "WHERE r.nik = :nik"),
      find_by_phone_(db, std::string(kSelect) +
                             "JOIN resident_phones p ON p.resident_id = r.id WHERE p.phone = :phone"
                             " ORDER BY r.id"),
      family_of_(db, std::string(kSelect) +
                         "WHERE r.kk = :kk ORDER BY (r.family_role = 'Kepala Keluarga') DESC,"
                         " r.birth_date, r.id"),
      add_phone_(db,
                 "INSERT INTO resident_phones (phone, resident_id, verified_by, verified_at)"
                 " VALUES (:phone, :resident, :method, :now)"
                 " ON CONFLICT(phone, resident_id) DO NOTHING"),
      count_(db, "SELECT COUNT(*) FROM residents"),
      // A range on the case-insensitive name index (residents_name: NOCASE / lower()).
      search_by_name_(db, std::string(kSelect) +
                              for_engine(db,
                                         "WHERE r.full_name >= :prefix COLLATE NOCASE AND r.full_name < :end COLLATE NOCASE"
                                         " ORDER BY r.full_name COLLATE NOCASE",
                                         "WHERE lower(r.full_name) >= lower(:prefix) AND lower(r.full_name) < lower(:end)"
                                         " ORDER BY lower(r.full_name)") +
                              " LIMIT :limit") {}

ResidentRepository::Upserted ResidentRepository::upsert(domain::Resident& r, const std::string& now) {
    id_of_nik_.reset();
    id_of_nik_.bind(":nik", r.nik);
    const bool existed = id_of_nik_.executeStep();
    id_of_nik_.reset();
    upsert_.reset();
    upsert_.bind(":nik", r.nik);
    upsert_.bind(":kk", r.kk);
    upsert_.bind(":name", r.full_name);
    upsert_.bind(":sex", std::string(1, r.sex));
    upsert_.bind(":place", r.birth_place);
    upsert_.bind(":date", domain::to_iso(r.birth_date));
    upsert_.bind(":religion", r.religion);
    upsert_.bind(":marital", r.marital_status);
    upsert_.bind(":occupation", r.occupation);
    upsert_.bind(":role", r.family_role);
    upsert_.bind(":address", r.address);
    upsert_.bind(":rt", r.rt_id);
    upsert_.bind(":demo", r.is_demo ? 1 : 0);
    upsert_.bind(":now", now);
    r.id = fetch_int(upsert_);
    return existed ? Upserted::updated : Upserted::inserted;
}

std::optional<domain::Resident> ResidentRepository::find_by_id(std::int64_t id) {
    find_by_id_.reset();
    find_by_id_.bind(":id", id);
    return fetch_one(find_by_id_, read_resident);
}

std::optional<domain::Resident> ResidentRepository::find_by_nik(const std::string& nik) {
    find_by_nik_.reset();
    find_by_nik_.bind(":nik", nik);
    return fetch_one(find_by_nik_, read_resident);
}

std::vector<domain::Resident> ResidentRepository::find_by_verified_phone(const std::string& phone) {
    find_by_phone_.reset();
    find_by_phone_.bind(":phone", phone);
    return fetch_all(find_by_phone_, read_resident);
}

std::vector<domain::Resident> ResidentRepository::family_of(const std::string& kk) {
    family_of_.reset();
    family_of_.bind(":kk", kk);
    return fetch_all(family_of_, read_resident);
}

void ResidentRepository::add_verified_phone(std::int64_t resident_id, const std::string& phone,
                                            domain::PhoneVerification method, const std::string& now) {
    add_phone_.reset();
    add_phone_.bind(":phone", phone);
    add_phone_.bind(":resident", resident_id);
    add_phone_.bind(":method", std::string(domain::to_string(method)));
    add_phone_.bind(":now", now);
    add_phone_.exec();
}

std::int64_t ResidentRepository::count() {
    count_.reset();
    return fetch_int(count_);
}

std::vector<domain::Resident> ResidentRepository::search_by_name(const std::string& prefix, int limit) {
    search_by_name_.reset();
    search_by_name_.bind(":prefix", prefix);
    search_by_name_.bind(":end", prefix_range_end(prefix));
    search_by_name_.bind(":limit", limit);
    return fetch_all(search_by_name_, read_resident);
}

}  // namespace ekel::db
