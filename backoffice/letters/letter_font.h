#pragma once

#include <bitset>
#include <cstddef>
#include <string>

namespace ekel::office {

/// The characters of the Basic Multilingual Plane a TrueType font has glyphs for, as read from
/// its Windows Unicode cmap (platform 3, encoding 1, format 4): the table libharu 2.3.0 maps text
/// through. Nothing above U+FFFF is covered, because libharu 2.3.0 cannot show it.
class GlyphCoverage {
public:
    bool has(char32_t code_point) const {
        return code_point < kPlaneSize && covered_.test(code_point);
    }
    void add(char32_t code_point) {
        if (code_point < kPlaneSize) covered_.set(code_point);
    }
    /// Keeps only the characters `other` has too.
    void intersect(const GlyphCoverage& other) { covered_ &= other.covered_; }

private:
    static constexpr std::size_t kPlaneSize = 0x10000;
    std::bitset<kPlaneSize> covered_;
};

/// Reads the coverage of the TrueType file at `path`. Throws ekel::Error naming the file when it
/// cannot be read, is not a TrueType font or has no Windows Unicode cmap.
GlyphCoverage read_glyph_coverage(const std::string& path);

/// The TrueType faces letters are printed in; every letter PDF embeds them.
struct LetterFonts {
    std::string regular_path;
    std::string bold_path;
    GlyphCoverage coverage;  ///< characters both faces have
};

/// Liberation Serif Regular and Bold from `font_dir`. Throws ekel::Error naming the missing file
/// and the Debian package that installs it.
LetterFonts load_letter_fonts(const std::string& font_dir);

/// The letter fonts at their Debian path (package fonts-liberation), read once per process.
/// Thread-safe. Throws like load_letter_fonts; a later call tries again.
const LetterFonts& letter_fonts();

}  // namespace ekel::office
