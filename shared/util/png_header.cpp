#include "shared/util/png_header.h"


namespace ekel {

namespace {

constexpr std::string_view kSignature("\x89PNG\r\n\x1a\n", 8);
constexpr std::size_t kHeaderEnd = 8 + 4 + 4 + 13 + 4;  // signature, length, "IHDR", fields, CRC

std::uint32_t big_endian(std::string_view bytes, std::size_t at) {
    std::uint32_t value = 0;
    for (std::size_t i = 0; i < 4; ++i) value = (value << 8) | static_cast<unsigned char>(bytes[at + i]);
    return value;
}

/// The PNG standard's table 11.1: which bit depths each colour type may have.
bool allowed_depth(int colour_type, int bit_depth) {
    switch (colour_type) {
        case 0: return bit_depth == 1 || bit_depth == 2 || bit_depth == 4 || bit_depth == 8 || bit_depth == 16;
        case 3: return bit_depth == 1 || bit_depth == 2 || bit_depth == 4 || bit_depth == 8;
        case 2:
        case 4:
        case 6: return bit_depth == 8 || bit_depth == 16;
        default: return false;
    }
}

}  // namespace

std::optional<PngHeader> read_png_header(std::string_view bytes) {
    if (bytes.size() < kHeaderEnd || bytes.substr(0, kSignature.size()) != kSignature) return std::nullopt;
    if (big_endian(bytes, 8) != 13 || bytes.substr(12, 4) != "IHDR") return std::nullopt;
    PngHeader header;
    header.width = big_endian(bytes, 16);
    header.height = big_endian(bytes, 20);
    header.bit_depth = static_cast<unsigned char>(bytes[24]);
    header.colour_type = static_cast<unsigned char>(bytes[25]);
    const int compression = static_cast<unsigned char>(bytes[26]);
    const int filter = static_cast<unsigned char>(bytes[27]);
    const int interlace = static_cast<unsigned char>(bytes[28]);
    if (header.width == 0 || header.height == 0 || compression != 0 || filter != 0 || interlace > 1 ||
        !allowed_depth(header.colour_type, header.bit_depth)) {
        return std::nullopt;
    }
    header.interlaced = interlace == 1;
    return header;
}

}  // namespace ekel
