#include "backoffice/letters/letter_font.h"

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <string_view>
#include <utility>

#include "shared/util/error.h"

namespace ekel::office {
namespace {

// Debian 12's fonts-liberation (1.07.4): Times New Roman's metrics, so letters keep the layout
// they had with the standard Times fonts.
constexpr const char* kFontPackage = "fonts-liberation";
constexpr const char* kDebianFontDir = "/usr/share/fonts/truetype/liberation";
constexpr const char* kRegularFile = "LiberationSerif-Regular.ttf";
constexpr const char* kBoldFile = "LiberationSerif-Bold.ttf";

/// Big-endian reads with bounds checks: a damaged font file is an error, never a crash.
class FontBytes {
public:
    FontBytes(std::string bytes, std::string path)
        : bytes_(std::move(bytes)), path_(std::move(path)) {}

    std::uint16_t u16(std::size_t at) const {
        check(at, 2);
        return static_cast<std::uint16_t>(byte(at) << 8 | byte(at + 1));
    }
    std::uint32_t u32(std::size_t at) const {
        check(at, 4);
        return static_cast<std::uint32_t>(byte(at)) << 24 |
               static_cast<std::uint32_t>(byte(at + 1)) << 16 |
               static_cast<std::uint32_t>(byte(at + 2)) << 8 | byte(at + 3);
    }
    std::string_view tag(std::size_t at) const {
        check(at, 4);
        return std::string_view(bytes_).substr(at, 4);
    }
    [[noreturn]] void fail(const std::string& what) const {
        throw ekel::Error("letter font " + path_ + ": " + what);
    }

private:
    unsigned byte(std::size_t at) const { return static_cast<unsigned char>(bytes_[at]); }
    void check(std::size_t at, std::size_t length) const {
        if (at > bytes_.size() || bytes_.size() - at < length) {
            fail("truncated or damaged TrueType file");
        }
    }

    std::string bytes_;
    std::string path_;
};

/// Offset of the table `name`, or nothing when the font has none.
std::optional<std::size_t> find_table(const FontBytes& font, std::string_view name) {
    const std::uint16_t tables = font.u16(4);
    for (std::size_t i = 0; i < tables; ++i) {
        const std::size_t record = 12 + 16 * i;
        if (font.tag(record) == name) return font.u32(record + 8);
    }
    return std::nullopt;
}

/// Adds every character the format 4 subtable at `subtable` maps to a glyph below `glyph_count`,
/// with the same arithmetic as libharu's HPDF_TTFontDef_GetGlyphid.
void add_format4(const FontBytes& font, std::size_t subtable, std::uint16_t glyph_count,
                 GlyphCoverage& coverage) {
    const std::size_t length = font.u16(subtable + 2);
    const std::size_t segments = font.u16(subtable + 6) / 2;
    const std::size_t ends = subtable + 14;
    const std::size_t starts = ends + 2 * segments + 2;  // after the reserved pad
    const std::size_t deltas = starts + 2 * segments;
    const std::size_t range_offsets = deltas + 2 * segments;
    const std::size_t glyph_ids = range_offsets + 2 * segments;
    if (glyph_ids > subtable + length) font.fail("damaged cmap");
    const std::size_t glyph_id_count = (subtable + length - glyph_ids) / 2;

    for (std::size_t segment = 0; segment < segments; ++segment) {
        const std::uint32_t first = font.u16(starts + 2 * segment);
        const std::uint32_t last = font.u16(ends + 2 * segment);
        const std::uint16_t delta = font.u16(deltas + 2 * segment);
        const std::uint16_t range_offset = font.u16(range_offsets + 2 * segment);
        for (std::uint32_t code = first; code <= last && code < 0xFFFF; ++code) {
            std::uint16_t glyph = 0;
            if (range_offset == 0) {
                glyph = static_cast<std::uint16_t>(code + delta);
            } else {
                const std::size_t index =
                    range_offset / 2 + (code - first) - (segments - segment);  // into glyph_ids
                if (index >= glyph_id_count) continue;
                glyph = font.u16(glyph_ids + 2 * index);
                if (glyph != 0) glyph = static_cast<std::uint16_t>(glyph + delta);
            }
            if (glyph != 0 && glyph < glyph_count) coverage.add(code);
        }
    }
}

}  // namespace

GlyphCoverage read_glyph_coverage(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw ekel::Error("letter font " + path + " cannot be read");
    const FontBytes font(std::string(std::istreambuf_iterator<char>(in), {}), path);

    const auto cmap = find_table(font, "cmap");
    const auto maxp = find_table(font, "maxp");
    if (!cmap || !maxp) font.fail("not a TrueType font with cmap and maxp tables");
    const std::uint16_t glyph_count = font.u16(*maxp + 4);

    const std::uint16_t subtables = font.u16(*cmap + 2);
    for (std::size_t i = 0; i < subtables; ++i) {
        const std::size_t record = *cmap + 4 + 8 * i;
        const bool windows_unicode = font.u16(record) == 3 && font.u16(record + 2) == 1;
        const std::size_t subtable = *cmap + font.u32(record + 4);
        if (windows_unicode && font.u16(subtable) == 4) {
            GlyphCoverage coverage;
            add_format4(font, subtable, glyph_count, coverage);
            return coverage;
        }
    }
    font.fail("no Windows Unicode (3,1) format 4 cmap, which libharu needs");
}

LetterFonts load_letter_fonts(const std::string& font_dir) {
    LetterFonts fonts;
    fonts.regular_path = (std::filesystem::path(font_dir) / kRegularFile).string();
    fonts.bold_path = (std::filesystem::path(font_dir) / kBoldFile).string();
    for (const std::string* path : {&fonts.regular_path, &fonts.bold_path}) {
        if (!std::filesystem::exists(*path)) {
            throw ekel::Error("letter font " + *path + " is missing: install the Debian package " +
                              kFontPackage + " (scripts/install-deps.sh does)");
        }
    }
    fonts.coverage = read_glyph_coverage(fonts.regular_path);
    fonts.coverage.intersect(read_glyph_coverage(fonts.bold_path));
    return fonts;
}

const LetterFonts& letter_fonts() {
    // A throwing initialiser leaves the static uninitialised, so the next call tries again.
    static const LetterFonts fonts = load_letter_fonts(kDebianFontDir);
    return fonts;
}

}  // namespace ekel::office
