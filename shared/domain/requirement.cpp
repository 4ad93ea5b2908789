#include "shared/domain/requirement.h"

#include <array>

namespace ekel::domain {

namespace {

constexpr std::array<std::string_view, 2> kKindNames = {"document", "check"};
constexpr std::array<std::string_view, 4> kStateNames = {"sent", "at_office", "skipped", "check"};
constexpr std::array<std::string_view, 4> kStateWords = {"terkirim", "dibawa ke kantor", "tidak ada",
                                                         "diperiksa petugas"};

template <typename Enum, std::size_t N>
std::optional<Enum> parse_name(const std::array<std::string_view, N>& names, std::string_view text) {
    for (std::size_t i = 0; i < N; ++i) {
        if (names[i] == text) return static_cast<Enum>(i);
    }
    return std::nullopt;
}

}  // namespace

std::string_view to_string(RequirementKind kind) { return kKindNames[static_cast<std::size_t>(kind)]; }

std::optional<RequirementKind> parse_requirement_kind(std::string_view text) {
    return parse_name<RequirementKind>(kKindNames, text);
}

std::string_view to_string(RequirementState state) { return kStateNames[static_cast<std::size_t>(state)]; }

std::optional<RequirementState> parse_requirement_state(std::string_view text) {
    return parse_name<RequirementState>(kStateNames, text);
}

std::string_view describe(RequirementState state) { return kStateWords[static_cast<std::size_t>(state)]; }

}  // namespace ekel::domain
