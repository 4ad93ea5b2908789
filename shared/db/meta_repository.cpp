#include "shared/db/meta_repository.h"

#include "shared/db/statements.h"

namespace ekel::db {

MetaRepository::MetaRepository(Connection& db)
    : get_(db, "SELECT value FROM meta WHERE key = :key"),
      set_(db,
           "INSERT INTO meta (key, value) VALUES (:key, :value)"
           " ON CONFLICT(key) DO UPDATE SET value = excluded.value"),
      save_profile_(db,
                    "INSERT INTO kelurahan_profile (id, name, code, region_code, kecamatan, kota,"
                    " address, lurah_name, lurah_nip, updated_at) VALUES (1, :name, :code, :region,"
                    " :kecamatan, :kota, :address, :lurah, :nip, :now)"
                    " ON CONFLICT(id) DO UPDATE SET name = excluded.name, code = excluded.code,"
                    " region_code = excluded.region_code, kecamatan = excluded.kecamatan,"
                    " kota = excluded.kota, address = excluded.address,"
                    " lurah_name = excluded.lurah_name, lurah_nip = excluded.lurah_nip,"
                    " updated_at = excluded.updated_at") {}

std::optional<std::string> MetaRepository::get(const std::string& key) {
    get_.reset();
    get_.bind(":key", key);
    return fetch_one(get_, [](Statement& q) { return q.getColumn(0).getString(); });
}

std::optional<std::pair<std::string, std::string>> saved_kelurahan(Connection& db) {
    if (!db.tableExists("kelurahan_profile")) return std::nullopt;
    Statement query(db, "SELECT code, name FROM kelurahan_profile WHERE id = 1");
    return fetch_one(query, [](Statement& q) {
        return std::make_pair(q.getColumn(0).getString(), q.getColumn(1).getString());
    });
}

void MetaRepository::set(const std::string& key, const std::string& value) {
    set_.reset();
    set_.bind(":key", key);
    set_.bind(":value", value);
    set_.exec();
}

void MetaRepository::save_profile(const config::KelurahanProfile& p, const std::string& now) {
    save_profile_.reset();
    save_profile_.bind(":name", p.name);
    save_profile_.bind(":code", p.code);
    save_profile_.bind(":region", p.region_code);
    save_profile_.bind(":kecamatan", p.kecamatan);
    save_profile_.bind(":kota", p.kota);
    save_profile_.bind(":address", p.address);
    save_profile_.bind(":lurah", p.lurah_name);
    save_profile_.bind(":nip", p.lurah_nip);
    save_profile_.bind(":now", now);
    save_profile_.exec();
}

}  // namespace ekel::db
