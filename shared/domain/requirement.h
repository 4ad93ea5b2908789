#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ekel::domain {

/// `document`: the citizen sends it (a photo or PDF) or brings it; `check`: staff verify it
/// themselves (the RT's approval, the KTP-el shown at the counter). The text is the `kind`
/// value in the catalogue and in the database.
enum class RequirementKind { document, check };
std::string_view to_string(RequirementKind kind);
std::optional<RequirementKind> parse_requirement_kind(std::string_view text);

/// Where a requirement of a filed request stands on the citizen's side. Stored by name.
enum class RequirementState {
    sent,       ///< a photo or PDF came with the request (attachment_id)
    at_office,  ///< the citizen brings it to the office ("nanti saya bawa ke kantor", the desk)
    skipped,    ///< an optional document the citizen does not have
    check,      ///< nothing to send: staff check it
};
std::string_view to_string(RequirementState state);
std::optional<RequirementState> parse_requirement_state(std::string_view text);
/// "terkirim", "dibawa ke kantor", "tidak ada", "diperiksa petugas".
std::string_view describe(RequirementState state);

/// One line of a request's requirement checklist, copied from the catalogue when the request is
/// filed (so a later catalogue change does not rewrite what was asked).
struct RequirementItem {
    std::int64_t request_id = 0;
    int position = 0;  ///< 0-based, in catalogue order
    std::string text;
    RequirementKind kind = RequirementKind::document;
    bool mandatory = true;
    bool confirmed_by_rt = false;  ///< a check the RT's approval ticks (the old paper cover letter)
    RequirementState state = RequirementState::at_office;
    std::optional<std::int64_t> attachment_id;  ///< state sent: the photo or PDF
    std::optional<std::string> ticked_by;       ///< the staff username who checked it
    std::optional<std::string> ticked_at;       ///< UTC

    bool is_ticked() const { return ticked_by.has_value(); }
};

}  // namespace ekel::domain
