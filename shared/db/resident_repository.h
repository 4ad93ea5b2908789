#pragma once

#include <optional>
#include <string>
#include <vector>

#include "shared/db/connection.h"
#include "shared/domain/resident.h"

namespace ekel::db {

/// Residents and their verified phones. Never opens transactions (services do).
class ResidentRepository {
public:
    explicit ResidentRepository(Connection& db);

    enum class Upserted { inserted, updated };
    /// Insert or update by NIK; sets resident.id.
    Upserted upsert(domain::Resident& resident, const std::string& now);

    std::optional<domain::Resident> find_by_id(std::int64_t id);
    std::optional<domain::Resident> find_by_nik(const std::string& nik);
    /// Residents this phone is verified for (a family phone may serve several).
    std::vector<domain::Resident> find_by_verified_phone(const std::string& phone);
    /// Residents whose name starts with `prefix` (any case), by name.
    std::vector<domain::Resident> search_by_name(const std::string& prefix, int limit);
    /// Members of one Kartu Keluarga, head of family first.
    std::vector<domain::Resident> family_of(const std::string& kk);

    void add_verified_phone(std::int64_t resident_id, const std::string& phone,
                            domain::PhoneVerification method, const std::string& now);
    std::int64_t count();

private:
    Statement upsert_;
    Statement id_of_nik_;
    Statement find_by_id_;
    Statement find_by_nik_;
    Statement find_by_phone_;
    Statement family_of_;
    Statement add_phone_;
    Statement count_;
    Statement search_by_name_;
};

}  // namespace ekel::db
