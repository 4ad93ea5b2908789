#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace ekel {

/// What a PNG file's header (its IHDR chunk) says about the image.
struct PngHeader {
    std::uint32_t width = 0;
    std::uint32_t height = 0;
    int bit_depth = 0;
    int colour_type = 0;  ///< 0 grey, 2 RGB, 3 palette, 4 grey + alpha, 6 RGB + alpha
    bool interlaced = false;
};

/// The header of PNG bytes: the signature, then an IHDR chunk with a combination of bit depth and
/// colour type the PNG standard allows. Nothing when the bytes are not such a PNG. Reads the
/// first 33 bytes only; the image data itself is not checked.
std::optional<PngHeader> read_png_header(std::string_view bytes);

}  // namespace ekel
