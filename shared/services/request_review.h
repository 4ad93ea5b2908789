#pragma once

#include <map>
#include <string>
#include <vector>

#include "shared/config/config.h"
#include "shared/config/letter_types.h"
#include "shared/domain/request.h"
#include "shared/util/clock.h"
#include "shared/util/result.h"

namespace ekel::db {
class Store;
}

namespace ekel::services {

/// How a reviewed value is checked and where it is kept.
enum class ReviewKind {
    purpose,
    applicant_name,     ///< a newcomer's name (a resident's comes from the registry)
    newcomer_text,      ///< a newcomer's fact in the fields JSON, required
    newcomer_optional,  ///< the same, may be cleared
    newcomer_nik,
    newcomer_date,  ///< stored as an ISO date
    field,          ///< a field of the letter type, checked like the citizen's answer
};

/// One value of a request that staff may correct before the letter is issued.
struct ReviewValue {
    std::string key;    ///< the form's name for it: "keperluan", "nama", "nik", "isian.<field key>"
    std::string label;  ///< as staff read it: "Keperluan", the field's label
    std::string value;
    ReviewKind kind = ReviewKind::purpose;
    const config::LetterField* field = nullptr;  ///< kind field: the catalogue's field
    std::string stored_key = {};                 ///< kind newcomer_*: its key in the fields JSON
};

/// One value staff changed, for the audit trail.
struct ReviewChange {
    std::string label;
    std::string before;
    std::string after;
};

/// A request with staff's edits applied, not stored yet.
struct ReviewedRequest {
    domain::Request request;
    std::vector<ReviewChange> changes;
};

/// Review before issue: what goes onto the letter from the request itself (the purpose, the
/// letter type's fields, a newcomer's identity) may be corrected by staff, each change
/// checked as the bot checks a citizen's answer and audited with before → after and who.
class RequestReview {
public:
    static constexpr const char* kPurposeKey = "keperluan";
    static constexpr const char* kFieldPrefix = "isian.";

    RequestReview(db::Store& store, const Clock& clock, const config::KelurahanProfile& kelurahan);

    /// Staff correct a request only between the RT's approval and the issue.
    static bool editable(const domain::Request& request);

    /// The values of `request` in the order the form shows them.
    static std::vector<ReviewValue> values(const domain::Request& request, const config::LetterType& type);

    /// `request` with the form's values applied; a key absent from `form` keeps its value. The
    /// error's field is the form key and its message names the label.
    static Result<ReviewedRequest> apply(const domain::Request& request, const config::LetterType& type,
                                         const std::map<std::string, std::string>& form);

    /// Stores the edited contents with one "content_edited" event per change, in the caller's
    /// write transaction. Nothing happens when nothing changed.
    void save_in_transaction(const ReviewedRequest& reviewed, const domain::Actor& actor);

private:
    db::Store& store_;
    const Clock& clock_;
    const config::KelurahanProfile& kelurahan_;
};

}  // namespace ekel::services
