#pragma once

#include <string>

#include "shared/config/letter_types.h"
#include "shared/util/result.h"

namespace ekel::services {

/// Checks one answer to a letter type's extra field, from WhatsApp or a desk form, and returns
/// the value as stored: dates in the Indonesian long form, phones normalised, NIK digits, the
/// chosen option's text (a choice may be given by its 1-based number or its text). The problem
/// is short Bahasa Indonesia for the person who answered; its field is the field's key.
Result<std::string> check_field_answer(const config::LetterField& field, const std::string& answer);

}  // namespace ekel::services
