#pragma once

#include <map>
#include <string>
#include <string_view>

#include "shared/config/letter_types.h"
#include "shared/util/result.h"

namespace ekel::services {

/// Checks one answer to a letter type's extra field, from WhatsApp or a desk form, and returns
/// the value as stored: dates in the Indonesian long form, phones normalised, NIK digits, the
/// chosen option's text (a choice may be given by its 1-based number or its text). The problem
/// is short Bahasa Indonesia for the person who answered; its field is the field's key.
Result<std::string> check_field_answer(const config::LetterField& field, const std::string& answer);

/// The longest purpose kept, in bytes.
inline constexpr std::size_t kMaxPurposeBytes = 200;

/// An answer checked as above and put in the form it has on the letter: a text answer cleaned
/// with the catalogue's word list in the field's case (domain::to_official_text). An answer with
/// nothing left after cleaning (only emoji) fails like an empty one.
Result<std::string> official_field_answer(const config::LetterField& field, const std::string& answer,
                                          const domain::OfficialWords& words);
/// A purpose as it goes on the letter: cleaned in sentence case, at most kMaxPurposeBytes.
std::string official_purpose(std::string_view typed, const domain::OfficialWords& words);

/// What was typed for a request, kept where it differs from the clean value on the letter
/// (domain::Request::original_text_json).
struct TypedText {
    std::string purpose;                        ///< empty: typed as it stands
    std::map<std::string, std::string> fields;  ///< field key → as typed, only those that differ

    /// {"purpose": "...", "fields": {...}} without the empty parts.
    std::string to_json() const;
    /// Reads to_json()'s text; anything else (bad JSON, wrong types) reads as nothing typed.
    static TypedText from_json(std::string_view json_text);
};

}  // namespace ekel::services
