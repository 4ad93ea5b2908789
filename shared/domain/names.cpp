// Text forms of the small domain enums: one to_string/parse pair each, matching the database.
#include <array>
#include <utility>

#include "shared/domain/request.h"
#include "shared/domain/resident.h"
#include "shared/domain/staff.h"

namespace ekel::domain {

std::string_view to_string(PhoneVerification method) {
    switch (method) {
        case PhoneVerification::registry: return "registry";
        case PhoneVerification::nik_birth_date: return "nik_birth_date";
        case PhoneVerification::staff: return "staff";
    }
    return "registry";
}

std::string_view to_string(Channel channel) {
    return channel == Channel::whatsapp ? "whatsapp" : "walk_in";
}

std::optional<Channel> parse_channel(std::string_view text) {
    if (text == "whatsapp") return Channel::whatsapp;
    if (text == "walk_in") return Channel::walk_in;
    return std::nullopt;
}

std::string_view to_string(ActorKind kind) {
    switch (kind) {
        case ActorKind::citizen: return "citizen";
        case ActorKind::rt: return "rt";
        case ActorKind::staff: return "staff";
        case ActorKind::system: return "system";
    }
    return "system";
}

namespace {
constexpr std::array<std::pair<StaffRole, std::string_view>, 7> kRoles = {{
    {StaffRole::admin, "admin"},
    {StaffRole::operator_, "operator"},
    {StaffRole::lurah, "lurah"},
    {StaffRole::rt, "rt"},
    {StaffRole::camat, "camat"},
    {StaffRole::kota, "kota"},
    {StaffRole::kota_admin, "kota_admin"},
}};
}  // namespace

std::string_view to_string(StaffRole role) {
    for (const auto& [value, name] : kRoles) {
        if (value == role) return name;
    }
    return "operator";
}

bool is_city_role(StaffRole role) {
    return role == StaffRole::camat || role == StaffRole::kota || role == StaffRole::kota_admin;
}

std::optional<StaffRole> parse_staff_role(std::string_view text) {
    for (const auto& [value, name] : kRoles) {
        if (name == text) return value;
    }
    return std::nullopt;
}

}  // namespace ekel::domain
