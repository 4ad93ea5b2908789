#pragma once

#include <string>
#include <string_view>

#include "backoffice/letters/letter_font.h"

namespace ekel::office {

/// UTF-8 text as a font with `font` coverage can print it, still UTF-8:
/// - characters the font has print as themselves; '\n' stays a forced line break;
/// - invisible format characters (zero-width joiners and spaces, variation selectors, emoji
///   tags, soft hyphens, direction marks) are dropped, and so are emoji and other pictographs
///   and combining accents that the font lacks;
/// - control characters and other spaces become a space; runs of spaces collapse to one and
///   no line starts or ends with a space, so nothing dropped leaves a gap behind;
/// - a missing character with a close stand-in gets it: a letter's accented form its base
///   letter ("ễ" → "e"), typographic variants their plain form (U+2011 → "-"), fullwidth and
///   mathematical letters and digits their ASCII form;
/// - any other missing character is kept: it prints as the font's missing-glyph box while the
///   PDF's text still holds it. Beyond U+FFFF, which libharu cannot show, and for bytes that
///   are not UTF-8, that is U+FFFD.
std::string printable_text(std::string_view utf8, const GlyphCoverage& font);

/// True when every character of the UTF-8 text is in Windows-1252 (or is '\n').
bool fits_windows1252(std::string_view utf8);

/// The text in Windows-1252, for text that fits_windows1252 (anything else becomes '?').
std::string to_windows1252(std::string_view utf8);

}  // namespace ekel::office
