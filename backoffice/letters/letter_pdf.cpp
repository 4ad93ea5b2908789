#include "backoffice/letters/letter_pdf.h"

#include <hpdf.h>
#include <png.h>
#include <zlib.h>
#include <qrencode.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "backoffice/letters/letter_font.h"
#include "backoffice/letters/letter_text.h"
#include "shared/util/error.h"
#include "shared/util/text.h"

namespace ekel::office {
namespace {

// ---------------------------------------------------------------------------------------------
// Page geometry, in PDF points (1/72 inch). A4 portrait.

constexpr float kPointsPerCm = 72.0f / 2.54f;
constexpr float kLeftMargin = 2.5f * kPointsPerCm;
constexpr float kRightMargin = 2.0f * kPointsPerCm;
constexpr float kTopMargin = 1.5f * kPointsPerCm;  // the letterhead sits high, as on printed forms
constexpr float kBottomMargin = 2.0f * kPointsPerCm;

constexpr float kBodySize = 12.0f;
constexpr float kLeading = 1.35f;  // line height as a multiple of the font size
constexpr float kParagraphIndent = 1.25f * kPointsPerCm;
constexpr float kIdentityIndent = 1.0f * kPointsPerCm;
constexpr float kParagraphGap = 6.0f;

constexpr float kLetterheadSize = 14.0f;
constexpr float kLetterheadLastLineSize = 16.0f;  // the issuing office, the biggest line
constexpr float kAddressSize = 10.0f;
constexpr float kContactSize = 8.5f;

// The kop surat: logo on the left, at most this big, the letterhead lines centred on the page
// between margins as wide as the logo on both sides, so that they clear it.
constexpr float kLogoMaxHeight = 2.4f * kPointsPerCm;
constexpr float kLogoMaxWidth = 2.6f * kPointsPerCm;
constexpr float kLogoGap = 0.3f * kPointsPerCm;
constexpr float kNoteSize = 8.0f;

constexpr float kSignatureBlockShare = 0.45f;     // of the text width, on the right
constexpr float kSignatureGap = 60.0f;            // room for the signature and the stamp
constexpr float kQrSize = 2.5f * kPointsPerCm;    // the modules, without the quiet zone
constexpr int kQrQuietModules = 4;                // what the QR standard asks for

// libharu 2.3.0's API gives no underline metrics; these are Times' AFM values (UnderlinePosition
// -100, UnderlineThickness 50, per 1000 units), which suit Liberation Serif, its metric twin.
constexpr float kUnderlineOffset = 0.10f;
constexpr float kUnderlineThickness = 0.05f;

// Justifying a line with very few words makes gaps wider than this (in em); print it ragged.
constexpr float kMaxJustifyGapEm = 1.0f;
constexpr float kDraftMarkSize = 150.0f;  // "DRAF" across a preview's pages, light grey, at 45°
constexpr float kDraftMarkGrey = 0.85f;

// ---------------------------------------------------------------------------------------------
// Text encoding. Every letter embeds Liberation Serif. libharu 2.3.0 builds a UTF-8 (CID) font
// by mapping all 65,536 BMP code points through the font's cmap, about 2.7 ms per face and
// letter, so letters whose text is all in Windows-1252 (most of them: Indonesian, accented
// names, curly quotes, dashes) use the faces as simple TrueType fonts with WinAnsiEncoding,
// one byte per character; only the others pay for UTF-8.

enum class TextEncoding { windows1252, utf8 };

/// Everything the letter prints, as typed (prefixes such as "Nomor: " are ASCII).
std::vector<std::string_view> printed_fields(const LetterDocument& letter) {
    std::vector<std::string_view> fields = {
        letter.letterhead_address, letter.letterhead_contact, letter.title,         letter.number,
        letter.opening,            letter.place_and_date,     letter.signer_on_behalf,
        letter.signer_position,    letter.signer_name,        letter.signer_nip,
        letter.verification_note,  letter.electronic_signature_time, letter.electronic_signature_note};
    fields.insert(fields.end(), letter.letterhead.begin(), letter.letterhead.end());
    fields.insert(fields.end(), letter.paragraphs.begin(), letter.paragraphs.end());
    for (const auto& [label, value] : letter.identity) {
        fields.push_back(label);
        fields.push_back(value);
    }
    return fields;
}

TextEncoding encoding_for(const LetterDocument& letter, const GlyphCoverage& font) {
    const auto fields = printed_fields(letter);
    const bool one_byte = std::all_of(fields.begin(), fields.end(), [&](std::string_view field) {
        return fits_windows1252(printable_text(field, font));
    });
    return one_byte ? TextEncoding::windows1252 : TextEncoding::utf8;
}

// ---------------------------------------------------------------------------------------------
// libharu errors: the C callback only records; we check and throw from C++ code, because an
// exception must not unwind through libharu's C frames.

struct LibharuErrorState {
    HPDF_STATUS error_no = HPDF_OK;
    HPDF_STATUS detail_no = 0;
};

void record_libharu_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void* user_data) {
    auto* state = static_cast<LibharuErrorState*>(user_data);
    if (state->error_no == HPDF_OK) {  // the first error explains the rest
        state->error_no = error_no;
        state->detail_no = detail_no;
    }
}

/// Throws when libharu has reported an error; `step` says what we were doing.
void throw_if_failed(const LibharuErrorState& errors, const char* step) {
    if (errors.error_no == HPDF_OK) return;
    std::ostringstream message;
    message << "libharu error 0x" << std::hex << std::uppercase << errors.error_no << std::dec
            << " (detail " << errors.detail_no << ") while " << step;
    throw ekel::Error(message.str());
}

using DocHandle = std::unique_ptr<std::remove_pointer_t<HPDF_Doc>, decltype(&HPDF_Free)>;
using QrHandle = std::unique_ptr<QRcode, decltype(&QRcode_free)>;

// ---------------------------------------------------------------------------------------------
// The letterhead logo. libharu 2.3.0 decodes a PNG and deflates its pixels again in every
// document (about 3 ms for the 200 × 240 emblem, most of a letter's budget), and lets libpng
// abort the process on damaged data. So the PNG is decoded once, with libpng's simplified API
// (which reports errors), composited on white (the paper), deflated once, and each document
// gets those bytes as they are.

struct PreparedLogo {
    std::shared_ptr<const std::string> source;  // the configuration's bytes, compared by address
    unsigned width = 0;
    unsigned height = 0;
    std::string deflated_rgb;  // zlib stream of 8-bit RGB rows, as /FlateDecode reads it
};

/// Decodes and deflates a logo; throws ekel::Error saying what is wrong with the PNG.
std::shared_ptr<const PreparedLogo> prepare_logo(const std::shared_ptr<const std::string>& png) {
    png_image image{};
    image.version = PNG_IMAGE_VERSION;
    if (png_image_begin_read_from_memory(&image, png->data(), png->size()) == 0) {
        throw ekel::Error(std::string("not a readable PNG: ") + image.message);
    }
    image.format = PNG_FORMAT_RGB;
    const png_color white{255, 255, 255};
    std::vector<png_byte> rgb(PNG_IMAGE_SIZE(image));
    if (png_image_finish_read(&image, &white, rgb.data(), 0, nullptr) == 0) {
        const std::string message = image.message;
        png_image_free(&image);
        throw ekel::Error("damaged PNG data: " + message);
    }
    auto prepared = std::make_shared<PreparedLogo>();
    prepared->source = png;
    prepared->width = image.width;
    prepared->height = image.height;
    uLongf length = compressBound(static_cast<uLong>(rgb.size()));
    prepared->deflated_rgb.resize(length);
    if (compress2(reinterpret_cast<Bytef*>(prepared->deflated_rgb.data()), &length, rgb.data(),
                  static_cast<uLong>(rgb.size()), Z_BEST_COMPRESSION) != Z_OK) {
        throw ekel::Error("cannot deflate the letterhead logo");
    }
    prepared->deflated_rgb.resize(length);
    return prepared;
}

/// The prepared form of the configuration's logo: made on first use, then shared by every
/// letter (the configuration holds one logo for the life of the process).
std::shared_ptr<const PreparedLogo> prepared_logo(const std::shared_ptr<const std::string>& png) {
    static std::mutex mutex;
    static std::shared_ptr<const PreparedLogo> last;
    std::lock_guard lock(mutex);
    if (!last || last->source != png) last = prepare_logo(png);
    return last;
}

// libharu writes a stream's /Filter only for data it compresses itself. The logo's stream is
// stored as is under this stand-in key, which save_to_memory renames to /Filter in place; the
// two are the same length, so no byte offset in the file moves.
constexpr std::string_view kLogoFilterStandIn = "/EkelFilter /FlateDecode";
constexpr std::string_view kLogoFilterName = "/Filter    ";  // replaces "/EkelFilter"

// ---------------------------------------------------------------------------------------------
// Measuring and wrapping (text already encoded for the font: Windows-1252 or UTF-8 bytes).

/// Width in 1/1000 em: libharu sums whole glyph widths per character, so sums are exact.
long width_units(HPDF_Font font, std::string_view text) {
    if (text.empty()) return 0;
    const HPDF_TextWidth measured = HPDF_Font_TextWidth(
        font, reinterpret_cast<const HPDF_BYTE*>(text.data()), static_cast<HPDF_UINT>(text.size()));
    return static_cast<long>(measured.width);
}

float width_points(HPDF_Font font, float size, std::string_view text) {
    return static_cast<float>(width_units(font, text)) * size / 1000.0f;
}

long units_that_fit(float width, float size) {
    return static_cast<long>(std::floor(width * 1000.0f / size));
}

/// Bytes of the character at text[at]: always one in Windows-1252, one to four in UTF-8.
std::size_t character_length(std::string_view text, std::size_t at, TextEncoding encoding) {
    if (encoding == TextEncoding::windows1252) return 1;
    return std::max<std::size_t>(decode_utf8(text, at).length, 1);  // a stray byte alone
}

/// Bytes of the longest start of `word` within `max_units`, ending between two characters; at
/// least one character, so that wrapping always makes progress.
std::size_t fitting_prefix(std::string_view word, HPDF_Font font, long max_units,
                           TextEncoding encoding) {
    std::size_t end = 0;
    long units = 0;
    while (end < word.size()) {
        const std::size_t length = character_length(word, end, encoding);
        units += width_units(font, word.substr(end, length));
        if (units > max_units && end > 0) break;
        end += length;
    }
    return end;
}

struct WrappedLine {
    std::string text;             // words separated by single spaces
    bool ends_paragraph = false;  // last line, or before a forced break: never justified
};

/// Greedy word wrap. Runs of spaces collapse; '\n' forces a break; a word wider than the line is
/// cut between the characters where it stops fitting, so no line is ever wider than its width.
std::vector<WrappedLine> wrap_text(std::string_view text, HPDF_Font font, float size,
                                   TextEncoding encoding, float first_line_width,
                                   float other_lines_width) {
    std::vector<WrappedLine> lines;
    const long space_units = width_units(font, " ");
    std::string current;
    long current_units = 0;

    auto max_units = [&] {
        return units_that_fit(lines.empty() ? first_line_width : other_lines_width, size);
    };
    auto finish_line = [&](bool ends_paragraph) {
        lines.push_back({current, ends_paragraph});
        current.clear();
        current_units = 0;
    };
    auto add_word = [&](std::string_view word) {
        long word_units = width_units(font, word);
        if (!current.empty() && current_units + space_units + word_units <= max_units()) {
            current += ' ';
            current += word;
            current_units += space_units + word_units;
            return;
        }
        if (!current.empty()) finish_line(false);
        // Cut words that are wider than a whole line (long URLs, runs of digits, typos). Not
        // with HPDF_Font_MeasureText: in UTF-8 it can end inside a character.
        while (word_units > max_units()) {
            const std::size_t fitting = fitting_prefix(word, font, max_units(), encoding);
            current.assign(word.substr(0, fitting));
            finish_line(false);
            word.remove_prefix(fitting);
            word_units = width_units(font, word);
        }
        current.assign(word);
        current_units = word_units;
    };

    std::size_t segment_start = 0;
    while (segment_start <= text.size()) {
        std::size_t segment_end = text.find('\n', segment_start);
        if (segment_end == std::string_view::npos) segment_end = text.size();
        const std::string_view segment = text.substr(segment_start, segment_end - segment_start);
        std::size_t word_start = 0;
        while (word_start < segment.size()) {
            if (segment[word_start] == ' ') {
                ++word_start;
                continue;
            }
            std::size_t word_end = segment.find(' ', word_start);
            if (word_end == std::string_view::npos) word_end = segment.size();
            add_word(segment.substr(word_start, word_end - word_start));
            word_start = word_end;
        }
        finish_line(true);
        segment_start = segment_end + 1;
    }
    // Drop trailing empty lines from a text ending in '\n'; keep blank lines inside.
    while (!lines.empty() && lines.back().text.empty()) lines.pop_back();
    if (!lines.empty()) lines.back().ends_paragraph = true;
    return lines;
}

enum class Align { left, centre, justify };

struct TextStyle {
    HPDF_Font font;
    float size;
    bool underline = false;
    float line_height() const { return size * kLeading; }
};

// ---------------------------------------------------------------------------------------------

class LetterRenderer {
public:
    LetterRenderer(HPDF_Doc doc, LibharuErrorState& errors, const LetterFonts& fonts,
                   TextEncoding encoding)
        : doc_(doc), errors_(errors), coverage_(fonts.coverage), encoding_(encoding) {
        regular_ = load_font(fonts.regular_path);
        bold_ = load_font(fonts.bold_path);
    }

    void render(const LetterDocument& letter) {
        draft_ = letter.draft;
        start_page();
        draw_letterhead(letter);
        draw_title(letter);
        if (!letter.opening.empty()) draw_paragraph(encode(letter.opening));
        draw_identity(letter.identity);
        for (const auto& paragraph : letter.paragraphs) draw_paragraph(encode(paragraph));
        draw_closing(letter);
        number_pages();
    }

    /// Whether a logo went into the document (its stand-in key then needs renaming).
    bool has_logo() const { return has_logo_; }

private:
    /// Loads a TrueType face to be embedded, once per document (libharu keeps fonts per document).
    HPDF_Font load_font(const std::string& path) {
        const std::string step = "loading the letter font " + path;
        const char* name = HPDF_LoadTTFontFromFile(doc_, path.c_str(), HPDF_TRUE);
        throw_if_failed(errors_, step.c_str());
        if (name == nullptr) throw ekel::Error("libharu returned no font for " + path);
        HPDF_Font font = HPDF_GetFont(
            doc_, name, encoding_ == TextEncoding::utf8 ? "UTF-8" : "WinAnsiEncoding");
        throw_if_failed(errors_, step.c_str());
        if (font == nullptr) throw ekel::Error("libharu returned no font for " + path);
        return font;
    }

    /// UTF-8 text as the fonts print it, in the document's encoding.
    std::string encode(std::string_view utf8) const {
        std::string printable = printable_text(utf8, coverage_);
        if (encoding_ == TextEncoding::utf8) return printable;
        return to_windows1252(printable);
    }

    std::vector<WrappedLine> wrap(const TextStyle& style, std::string_view text,
                                  float first_line_width, float other_lines_width) const {
        return wrap_text(text, style.font, style.size, encoding_, first_line_width,
                         other_lines_width);
    }

    float text_width() const { return page_width_ - kLeftMargin - kRightMargin; }
    float body_left() const { return kLeftMargin; }
    float body_right() const { return page_width_ - kRightMargin; }
    TextStyle body() const { return {regular_, kBodySize}; }

    void start_page() {
        page_ = HPDF_AddPage(doc_);
        throw_if_failed(errors_, "adding a page");
        if (page_ == nullptr) throw ekel::Error("libharu returned no page");
        HPDF_Page_SetSize(page_, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
        page_width_ = HPDF_Page_GetWidth(page_);
        page_height_ = HPDF_Page_GetHeight(page_);
        throw_if_failed(errors_, "sizing a page");
        pages_.push_back(page_);
        cursor_y_ = page_height_ - kTopMargin;
        if (draft_) draw_draft_mark();
    }

    /// Drawn first, so the letter's text stays on top of it.
    void draw_draft_mark() {
        static const std::string kMark = "DRAF";
        const float width = width_points(bold_, kDraftMarkSize, kMark);
        const float cosine = std::sqrt(0.5f);
        HPDF_Page_SetGrayFill(page_, kDraftMarkGrey);
        HPDF_Page_BeginText(page_);
        HPDF_Page_SetFontAndSize(page_, bold_, kDraftMarkSize);
        // Rotated 45° about the page centre: the text's own centre lands there.
        const float x = page_width_ / 2.0f - cosine * (width / 2.0f) + cosine * (kDraftMarkSize / 3.0f);
        const float y = page_height_ / 2.0f - cosine * (width / 2.0f) - cosine * (kDraftMarkSize / 3.0f);
        HPDF_Page_SetTextMatrix(page_, cosine, cosine, -cosine, cosine, x, y);
        HPDF_Page_ShowText(page_, kMark.c_str());
        HPDF_Page_EndText(page_);
        HPDF_Page_SetGrayFill(page_, 0.0f);
        throw_if_failed(errors_, "drawing the draft mark");
    }

    /// Continues on a new page when `height` does not fit above the bottom margin.
    void ensure_room(float height) {
        if (cursor_y_ - height < kBottomMargin) start_page();
    }

    // -- primitives --------------------------------------------------------------------------

    /// Draws encoded text from x on the baseline; `extra_gap` widens every space (justified
    /// lines). Such a line goes word by word: PDF word spacing (Tw) applies to one-byte fonts
    /// only, not to the UTF-8 (CID) fonts.
    void show_text(const TextStyle& style, float x, float baseline, const std::string& text,
                   float extra_gap = 0.0f) {
        if (text.empty()) return;
        HPDF_Page_BeginText(page_);
        HPDF_Page_SetFontAndSize(page_, style.font, style.size);
        float width = 0.0f;
        if (extra_gap == 0.0f) {
            HPDF_Page_TextOut(page_, x, baseline, text.c_str());
            width = width_points(style.font, style.size, text);
        } else {
            const float gap = width_points(style.font, style.size, " ") + extra_gap;
            const std::vector<std::string> words = split(text, ' ');
            for (std::size_t i = 0; i < words.size(); ++i) {
                if (i > 0) width += gap;
                HPDF_Page_TextOut(page_, x + width, baseline, words[i].c_str());
                width += width_points(style.font, style.size, words[i]);
            }
        }
        HPDF_Page_EndText(page_);
        if (style.underline) {
            draw_line(x, baseline - kUnderlineOffset * style.size, x + width,
                      kUnderlineThickness * style.size);
        }
        throw_if_failed(errors_, "writing text");
    }

    void draw_line(float x_from, float y, float x_to, float thickness) {
        HPDF_Page_SetLineWidth(page_, thickness);
        HPDF_Page_MoveTo(page_, x_from, y);
        HPDF_Page_LineTo(page_, x_to, y);
        HPDF_Page_Stroke(page_);
        throw_if_failed(errors_, "drawing a line");
    }

    /// Draws one wrapped line whose box top is `top`, inside [x, x + width].
    void draw_wrapped_line(const TextStyle& style, const WrappedLine& line, float x, float width,
                           float top, Align align) {
        const float baseline = top - style.size;
        const float line_width = width_points(style.font, style.size, line.text);
        if (align == Align::centre) {
            show_text(style, x + (width - line_width) / 2.0f, baseline, line.text);
            return;
        }
        float extra_gap = 0.0f;
        if (align == Align::justify && !line.ends_paragraph) {
            const auto gaps = std::count(line.text.begin(), line.text.end(), ' ');
            if (gaps > 0) extra_gap = (width - line_width) / static_cast<float>(gaps);
            if (extra_gap > kMaxJustifyGapEm * style.size || extra_gap < 0.0f) extra_gap = 0.0f;
        }
        show_text(style, x, baseline, line.text, extra_gap);
    }

    /// Wraps and draws a block that may flow onto further pages, advancing the cursor.
    void flow_text(const TextStyle& style, const std::string& text, float x, float width,
                   Align align, float first_line_indent = 0.0f) {
        const auto lines = wrap(style, text, width - first_line_indent, width);
        for (std::size_t i = 0; i < lines.size(); ++i) {
            ensure_room(style.line_height());
            const float indent = i == 0 ? first_line_indent : 0.0f;
            draw_wrapped_line(style, lines[i], x + indent, width - indent, cursor_y_, align);
            cursor_y_ -= style.line_height();
        }
    }

    // -- sections ----------------------------------------------------------------------------

    void draw_letterhead(const LetterDocument& letter) {
        if (letter.letterhead.empty() && letter.letterhead_address.empty() && !letter.logo_png) return;
        struct Block {
            TextStyle style;
            std::vector<WrappedLine> lines;
        };
        float logo_width = 0.0f;
        float logo_height = 0.0f;
        HPDF_Image logo = letter.logo_png ? load_logo(letter.logo_png, logo_width, logo_height) : nullptr;
        const float side = logo ? logo_width + kLogoGap : 0.0f;
        const float lines_width = text_width() - 2.0f * side;

        std::vector<Block> blocks;
        auto add_block = [&](const TextStyle& style, const std::string& utf8) {
            if (utf8.empty()) return;
            blocks.push_back({style, wrap(style, encode(utf8), lines_width, lines_width)});
        };
        for (std::size_t i = 0; i < letter.letterhead.size(); ++i) {
            const bool office_line = i + 1 == letter.letterhead.size();
            add_block({bold_, office_line ? kLetterheadLastLineSize : kLetterheadSize}, letter.letterhead[i]);
        }
        add_block({regular_, kAddressSize}, letter.letterhead_address);
        add_block({regular_, kContactSize}, letter.letterhead_contact);
        float text_height = 0.0f;
        for (const auto& block : blocks) {
            text_height += static_cast<float>(block.lines.size()) * block.style.line_height();
        }

        // The logo and the lines share a middle; the taller of the two sets the height.
        const float top = cursor_y_;
        const float height = std::max(text_height, logo_height);
        if (logo) {
            HPDF_Page_DrawImage(page_, logo, body_left(), top - (height + logo_height) / 2.0f, logo_width,
                                logo_height);
            throw_if_failed(errors_, "drawing the letterhead logo");
        }
        float line_top = top - (height - text_height) / 2.0f;
        for (const auto& block : blocks) {
            for (const auto& line : block.lines) {
                draw_wrapped_line(block.style, line, body_left() + side, lines_width, line_top, Align::centre);
                line_top -= block.style.line_height();
            }
        }
        cursor_y_ = top - height;
        // The double rule of Indonesian official letters: thick line over a thin one.
        const float rule_y = cursor_y_ - 2.0f;
        draw_line(body_left(), rule_y, body_right(), 2.0f);
        draw_line(body_left(), rule_y - 3.0f, body_right(), 0.6f);
        cursor_y_ = rule_y - 3.0f - 18.0f;
    }

    /// Adds the prepared logo to this document as an image XObject (deflated once, written as is,
    /// see kLogoFilterStandIn) and sizes it to fit kLogoMaxWidth × kLogoMaxHeight.
    HPDF_Image load_logo(const std::shared_ptr<const std::string>& png, float& width, float& height) {
        const auto logo = prepared_logo(png);
        HPDF_Dict image = HPDF_DictStream_New(doc_->mmgr, doc_->xref);
        throw_if_failed(errors_, "adding the letterhead logo");
        if (image == nullptr) throw ekel::Error("libharu returned no stream for the letterhead logo");
        image->header.obj_class |= HPDF_OSUBCLASS_XOBJECT;  // what HPDF_Page_DrawImage expects
        HPDF_Dict_AddName(image, "Type", "XObject");
        HPDF_Dict_AddName(image, "Subtype", "Image");
        HPDF_Dict_AddNumber(image, "Width", static_cast<HPDF_INT32>(logo->width));
        HPDF_Dict_AddNumber(image, "Height", static_cast<HPDF_INT32>(logo->height));
        HPDF_Dict_AddName(image, "ColorSpace", "DeviceRGB");
        HPDF_Dict_AddNumber(image, "BitsPerComponent", 8);
        HPDF_Dict_AddName(image, "EkelFilter", "FlateDecode");
        HPDF_Stream_Write(image->stream, reinterpret_cast<const HPDF_BYTE*>(logo->deflated_rgb.data()),
                          static_cast<HPDF_UINT>(logo->deflated_rgb.size()));
        throw_if_failed(errors_, "adding the letterhead logo");
        const auto pixels_wide = static_cast<float>(logo->width);
        const auto pixels_high = static_cast<float>(logo->height);
        const float scale = std::min(kLogoMaxWidth / pixels_wide, kLogoMaxHeight / pixels_high);
        width = pixels_wide * scale;
        height = pixels_high * scale;
        has_logo_ = true;
        return image;
    }

    void draw_title(const LetterDocument& letter) {
        if (!letter.title.empty()) {
            TextStyle title{bold_, 13.0f, true};
            flow_text(title, encode(letter.title), body_left(), text_width(), Align::centre);
        }
        if (!letter.number.empty()) {
            flow_text(body(), encode("Nomor: " + letter.number), body_left(), text_width(),
                      Align::centre);
        }
        cursor_y_ -= 14.0f;
    }

    void draw_paragraph(const std::string& text) {
        flow_text(body(), text, body_left(), text_width(), Align::justify,
                  kParagraphIndent);
        cursor_y_ -= kParagraphGap;
    }

    /// "Label   : value" rows; long labels and values wrap inside their own column.
    void draw_identity(const std::vector<std::pair<std::string, std::string>>& rows) {
        if (rows.empty()) return;
        const TextStyle style = body();
        std::vector<std::pair<std::string, std::string>> encoded;
        encoded.reserve(rows.size());
        float widest_label = 0.0f;
        for (const auto& [label, value] : rows) {
            encoded.emplace_back(encode(label), encode(value));
            widest_label =
                std::max(widest_label, width_points(style.font, style.size, encoded.back().first));
        }
        const float label_x = body_left() + kIdentityIndent;
        const float label_width = std::min(widest_label, text_width() * 0.4f);
        const float colon_x = label_x + label_width + 8.0f;
        const float value_x = colon_x + width_points(style.font, style.size, ":") + 6.0f;
        const float value_width = body_right() - value_x;

        for (const auto& [label, value] : encoded) {
            const auto label_lines = wrap(style, label, label_width, label_width);
            const auto value_lines = wrap(style, value, value_width, value_width);
            const std::size_t row_lines = std::max<std::size_t>(
                1, std::max(label_lines.size(), value_lines.size()));
            ensure_room(static_cast<float>(row_lines) * style.line_height());
            const float top = cursor_y_;
            for (std::size_t i = 0; i < label_lines.size(); ++i) {
                draw_wrapped_line(style, label_lines[i], label_x, label_width,
                                  top - static_cast<float>(i) * style.line_height(), Align::left);
            }
            show_text(style, colon_x, top - style.size, ":");
            for (std::size_t i = 0; i < value_lines.size(); ++i) {
                draw_wrapped_line(style, value_lines[i], value_x, value_width,
                                  top - static_cast<float>(i) * style.line_height(), Align::left);
            }
            cursor_y_ -= static_cast<float>(row_lines) * style.line_height();
        }
        cursor_y_ -= kParagraphGap;
    }

    /// Signature block on the right, QR code and note on the left, kept together on one page.
    void draw_closing(const LetterDocument& letter) {
        const TextStyle style = body();
        const TextStyle name_style{bold_, kBodySize, true};
        const TextStyle note_style{regular_, kNoteSize};

        const float block_width = text_width() * kSignatureBlockShare;
        const float block_x = body_right() - block_width;
        auto wrap_in_block = [&](const TextStyle& line_style, const std::string& utf8) {
            return wrap(line_style, encode(utf8), block_width, block_width);
        };
        const auto date_lines = wrap_in_block(style, letter.place_and_date);
        auto position_lines = letter.signer_on_behalf.empty() ? std::vector<WrappedLine>{}
                                                              : wrap_in_block(style, letter.signer_on_behalf);
        for (auto& line : wrap_in_block(style, letter.signer_position + ",")) position_lines.push_back(std::move(line));
        const auto name_lines = wrap_in_block(name_style, letter.signer_name);
        const auto nip_lines = letter.signer_nip.empty()
                                   ? std::vector<WrappedLine>{}
                                   : wrap_in_block(style, "NIP. " + letter.signer_nip);
        const float above_gap_height =
            static_cast<float>(date_lines.size() + position_lines.size()) * style.line_height();
        const float below_gap_height =
            static_cast<float>(name_lines.size() + nip_lines.size()) * style.line_height();
        const float signature_height = above_gap_height + kSignatureGap + below_gap_height;

        QrHandle qr(nullptr, &QRcode_free);
        if (!letter.verification_url.empty()) {
            qr.reset(QRcode_encodeString(letter.verification_url.c_str(), 0, QR_ECLEVEL_M,
                                         QR_MODE_8, 1));
            if (!qr) {
                throw ekel::Error("cannot encode the verification URL as a QR code: " +
                                  std::string(std::strerror(errno)));
            }
        }
        const float module = qr ? kQrSize / static_cast<float>(qr->width) : 0.0f;
        const float quiet_zone = module * kQrQuietModules;
        const float qr_box = qr ? kQrSize : 0.0f;
        const float note_x = body_left() + (qr ? qr_box + quiet_zone : 0.0f);
        const float note_width = block_x - 12.0f - note_x;
        std::vector<WrappedLine> note_lines;
        for (const std::string* note : {&letter.verification_note, &letter.electronic_signature_note}) {
            if (note->empty()) continue;
            for (auto& line : wrap(note_style, encode(*note), note_width, note_width)) note_lines.push_back(std::move(line));
        }
        const float note_height = static_cast<float>(note_lines.size()) * note_style.line_height();
        const float left_height = std::max(qr_box, note_height);

        const float gap_before = 18.0f;
        const float block_height = std::max(signature_height, left_height + quiet_zone);
        cursor_y_ -= gap_before;
        ensure_room(block_height);
        const float top = cursor_y_;
        const float bottom = top - block_height;

        float line_top = top;
        auto draw_block_lines = [&](const TextStyle& line_style, const std::vector<WrappedLine>& lines) {
            for (const auto& line : lines) {
                draw_wrapped_line(line_style, line, block_x, block_width, line_top, Align::centre);
                line_top -= line_style.line_height();
            }
        };
        draw_block_lines(style, date_lines);
        draw_block_lines(style, position_lines);
        if (!letter.electronic_signature_time.empty()) {
            draw_electronic_signature_box(letter.electronic_signature_time, block_x, block_width, line_top);
        }
        line_top -= kSignatureGap;
        draw_block_lines(name_style, name_lines);
        draw_block_lines(style, nip_lines);

        // The QR and its note share a bottom edge with the signature block.
        const float left_top = bottom + left_height;
        if (qr) draw_qr(*qr, body_left(), left_top, module);
        float note_top = left_top;
        for (const auto& line : note_lines) {
            draw_wrapped_line(note_style, line, note_x, note_width, note_top, Align::left);
            note_top -= note_style.line_height();
        }
        cursor_y_ = bottom;
    }

    /// In the room of a wet signature: a thin frame with "Ditandatangani secara elektronik" and
    /// the signing time, centred in the block.
    void draw_electronic_signature_box(const std::string& time, float block_x, float block_width, float top) {
        const TextStyle label{bold_, kNoteSize + 1.0f};
        const TextStyle when{regular_, kNoteSize + 1.0f};
        const float inset = 6.0f;
        const float inner = block_width - 4 * inset;  // text inside the frame, an inset on each side
        const auto label_lines = wrap(label, encode("Ditandatangani secara elektronik"), inner, inner);
        const auto time_lines = wrap(when, encode(time), inner, inner);
        const float text_height =
            static_cast<float>(label_lines.size() + time_lines.size()) * label.line_height();
        const float frame_height = std::min(kSignatureGap - 8.0f, text_height + 2 * inset);
        const float frame_top = top - (kSignatureGap - frame_height) / 2.0f;
        HPDF_Page_SetLineWidth(page_, 0.6f);
        HPDF_Page_Rectangle(page_, block_x + inset, frame_top - frame_height, block_width - 2 * inset, frame_height);
        HPDF_Page_Stroke(page_);
        float line_top = frame_top - (frame_height - text_height) / 2.0f;
        for (const auto& line : label_lines) {
            draw_wrapped_line(label, line, block_x + 2 * inset, inner, line_top, Align::centre);
            line_top -= label.line_height();
        }
        for (const auto& line : time_lines) {
            draw_wrapped_line(when, line, block_x + 2 * inset, inner, line_top, Align::centre);
            line_top -= when.line_height();
        }
    }

    /// Dark modules as filled rectangles, one per horizontal run, all in one fill.
    void draw_qr(const QRcode& qr, float x, float top, float module) {
        HPDF_Page_SetRGBFill(page_, 0.0f, 0.0f, 0.0f);
        const int width = qr.width;
        for (int row = 0; row < width; ++row) {
            const unsigned char* cells = qr.data + static_cast<std::ptrdiff_t>(row) * width;
            int column = 0;
            while (column < width) {
                if ((cells[column] & 1) == 0) {  // bit 0 is "dark"; the rest is encoder detail
                    ++column;
                    continue;
                }
                const int run_start = column;
                while (column < width && (cells[column] & 1) != 0) ++column;
                HPDF_Page_Rectangle(page_, x + static_cast<float>(run_start) * module,
                                    top - static_cast<float>(row + 1) * module,
                                    static_cast<float>(column - run_start) * module, module);
            }
        }
        HPDF_Page_Fill(page_);
        throw_if_failed(errors_, "drawing the QR code");
    }

    /// "Halaman 1 dari 2" at the bottom of every page, only when there is more than one.
    void number_pages() {
        if (pages_.size() < 2) return;
        const TextStyle style{regular_, kNoteSize};
        for (std::size_t i = 0; i < pages_.size(); ++i) {
            page_ = pages_[i];
            const std::string label =
                "Halaman " + std::to_string(i + 1) + " dari " + std::to_string(pages_.size());
            const float width = width_points(style.font, style.size, label);
            show_text(style, body_right() - width, kBottomMargin / 2.0f, label);
        }
    }

    HPDF_Doc doc_;
    LibharuErrorState& errors_;
    bool has_logo_ = false;
    const GlyphCoverage& coverage_;
    TextEncoding encoding_;
    HPDF_Font regular_ = nullptr;
    HPDF_Font bold_ = nullptr;
    HPDF_Page page_ = nullptr;
    bool draft_ = false;
    std::vector<HPDF_Page> pages_;
    float page_width_ = 0.0f;
    float page_height_ = 0.0f;
    float cursor_y_ = 0.0f;  // top of the next line box
};

std::string save_to_memory(HPDF_Doc doc, const LibharuErrorState& errors) {
    HPDF_SaveToStream(doc);
    throw_if_failed(errors, "saving the PDF");
    const HPDF_UINT32 size = HPDF_GetStreamSize(doc);
    std::string bytes(size, '\0');
    HPDF_UINT32 read_size = size;
    if (size > 0) {
        HPDF_ReadFromStream(doc, reinterpret_cast<HPDF_BYTE*>(bytes.data()), &read_size);
        throw_if_failed(errors, "reading the saved PDF");
    }
    if (read_size != size) throw ekel::Error("libharu returned a short PDF stream");
    return bytes;
}

/// Renames the logo's stand-in filter key (kLogoFilterStandIn): exactly one, in the image's
/// dictionary (content streams are compressed, and the document info is UTF-16).
void name_logo_filter(std::string& pdf) {
    const std::size_t at = pdf.find(kLogoFilterStandIn);
    if (at == std::string::npos || pdf.find(kLogoFilterStandIn, at + 1) != std::string::npos) {
        throw ekel::Error("the letterhead logo's filter key is not in the PDF exactly once");
    }
    pdf.replace(at, kLogoFilterName.size(), kLogoFilterName);
}

}  // namespace

std::string render_letter_pdf(const LetterDocument& letter) {
    const LetterFonts& fonts = letter_fonts();
    const TextEncoding encoding = encoding_for(letter, fonts.coverage);

    // Declared before the document so it outlives every libharu call, HPDF_Free included.
    LibharuErrorState errors;
    DocHandle doc(HPDF_New(&record_libharu_error, &errors), &HPDF_Free);
    if (!doc) throw ekel::Error("libharu could not create a document");

    HPDF_SetCompressionMode(doc.get(), HPDF_COMP_ALL);
    // The UTF-8 encoder is also what writes the document info as UTF-16, whatever the fonts use.
    HPDF_UseUTFEncodings(doc.get());
    HPDF_SetCurrentEncoder(doc.get(), "UTF-8");
    HPDF_SetInfoAttr(doc.get(), HPDF_INFO_CREATOR, "E-Kelurahan");
    if (!letter.title.empty()) {
        HPDF_SetInfoAttr(doc.get(), HPDF_INFO_TITLE,
                         printable_text(letter.title, fonts.coverage).c_str());
    }
    throw_if_failed(errors, "setting up the document");

    LetterRenderer renderer(doc.get(), errors, fonts, encoding);
    renderer.render(letter);
    std::string pdf = save_to_memory(doc.get(), errors);
    if (renderer.has_logo()) name_logo_filter(pdf);
    return pdf;
}

void require_letter_fonts() { letter_fonts(); }

std::optional<std::string> letter_logo_problem(const std::string& png) {
    try {
        prepare_logo(std::make_shared<const std::string>(png));
    } catch (const ekel::Error& e) {
        return std::string(e.what());
    }
    return std::nullopt;
}

}  // namespace ekel::office
