// ekel-draw-emblem: draws the NEUTRAL PLACEHOLDER emblem shipped as config/emblem.png.
//
// It is a placeholder, not a government logo: a plain shield with a star and two waves, drawn
// here so the project ships no third-party image. A kelurahan replaces it with the official
// logo of its kota (a PNG; set [kelurahan] logo in config/ekelurahan.toml, README "Letterhead").
//
// Usage: ekel-draw-emblem OUTPUT.png   (or `cmake --build BUILD --target emblem`, which
// redraws config/emblem.png). The output is the same bytes on every run: no timestamp chunk.

#include <png.h>

#include <array>
#include <cmath>
#include <cstdio>
#include <memory>
#include <vector>

namespace {

constexpr int kWidth = 200;   // printed about 2 cm wide next to the letterhead: ~250 dpi
constexpr int kHeight = 240;
constexpr int kSamples = 4;   // per axis: 16 samples per pixel smooth the edges

struct Rgb {
    double r, g, b;
};

// Plain colours: navy rim, white inner rim, teal field, gold star, white waves.
constexpr Rgb kNavy{0.10, 0.18, 0.40};
constexpr Rgb kWhite{1.0, 1.0, 1.0};
constexpr Rgb kTeal{0.05, 0.50, 0.52};
constexpr Rgb kGold{0.96, 0.74, 0.16};

/// A heater shield in unit coordinates (x to the right, y down, both 0..1 over the image): a
/// straight top, straight sides down to `shoulder`, then a curve to a point at `tip`.
bool in_shield(double x, double y, double half_width, double top, double shoulder, double tip) {
    if (y < top || y > tip) return false;
    double half = half_width;
    if (y > shoulder) {
        const double s = (y - shoulder) / (tip - shoulder);
        half = half_width * (1.0 - s * s);
    }
    return std::fabs(x - 0.5) <= half;
}

bool in_outer_shield(double x, double y) { return in_shield(x, y, 0.47, 0.03, 0.50, 0.97); }
bool in_inner_rim(double x, double y) { return in_shield(x, y, 0.415, 0.075, 0.50, 0.905); }
bool in_field(double x, double y) { return in_shield(x, y, 0.395, 0.09, 0.50, 0.88); }

/// A five-pointed star, point up, by the even-odd rule over its ten corners.
bool in_star(double x, double y) {
    constexpr double kCx = 0.5, kCy = 0.40, kOuter = 0.22, kInner = kOuter * 0.382;
    constexpr double kPi = 3.14159265358979323846;
    std::array<std::array<double, 2>, 10> corners{};
    for (int i = 0; i < 10; ++i) {
        const double radius = i % 2 == 0 ? kOuter : kInner;
        const double angle = -kPi / 2.0 + i * kPi / 5.0;
        // The image is taller than wide: keep the star's own proportions in pixels.
        corners[static_cast<std::size_t>(i)] = {kCx + radius * std::cos(angle) * kHeight / kWidth,
                                                kCy + radius * std::sin(angle)};
    }
    bool inside = false;
    for (std::size_t i = 0, j = corners.size() - 1; i < corners.size(); j = i++) {
        const auto& a = corners[i];
        const auto& b = corners[j];
        if ((a[1] > y) != (b[1] > y) && x < (b[0] - a[0]) * (y - a[1]) / (b[1] - a[1]) + a[0]) inside = !inside;
    }
    return inside;
}

/// Two gentle waves across the lower field.
bool in_waves(double x, double y) {
    constexpr double kPi = 3.14159265358979323846;
    for (double base : {0.68, 0.76}) {
        const double centre = base + 0.012 * std::sin(x * 6.0 * kPi);
        if (std::fabs(y - centre) <= 0.014) return true;
    }
    return false;
}

/// The colour at one sample point, or nothing outside the shield (transparent).
bool colour_at(double x, double y, Rgb& out) {
    if (!in_outer_shield(x, y)) return false;
    if (!in_inner_rim(x, y)) {
        out = kNavy;
    } else if (!in_field(x, y)) {
        out = kWhite;
    } else if (in_star(x, y)) {
        out = kGold;
    } else if (in_waves(x, y)) {
        out = kWhite;
    } else {
        out = kTeal;
    }
    return true;
}

std::uint8_t to_byte(double value) {
    return static_cast<std::uint8_t>(std::lround(std::fmin(std::fmax(value, 0.0), 1.0) * 255.0));
}

/// RGBA rows, straight (not premultiplied) alpha as PNG stores it.
std::vector<std::uint8_t> draw() {
    std::vector<std::uint8_t> pixels(static_cast<std::size_t>(kWidth) * kHeight * 4);
    for (int py = 0; py < kHeight; ++py) {
        for (int px = 0; px < kWidth; ++px) {
            double r = 0, g = 0, b = 0;
            int covered = 0;
            for (int sy = 0; sy < kSamples; ++sy) {
                for (int sx = 0; sx < kSamples; ++sx) {
                    const double x = (px + (sx + 0.5) / kSamples) / kWidth;
                    const double y = (py + (sy + 0.5) / kSamples) / kHeight;
                    Rgb c{};
                    if (!colour_at(x, y, c)) continue;
                    r += c.r;
                    g += c.g;
                    b += c.b;
                    ++covered;
                }
            }
            std::uint8_t* p = &pixels[(static_cast<std::size_t>(py) * kWidth + px) * 4];
            if (covered > 0) {
                p[0] = to_byte(r / covered);
                p[1] = to_byte(g / covered);
                p[2] = to_byte(b / covered);
            }
            p[3] = to_byte(static_cast<double>(covered) / (kSamples * kSamples));
        }
    }
    return pixels;
}

struct FileCloser {
    void operator()(std::FILE* file) const { std::fclose(file); }
};

bool write_png(const char* path, const std::vector<std::uint8_t>& pixels) {
    std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path, "wb"));
    if (!file) return false;
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
    png_infop info = png ? png_create_info_struct(png) : nullptr;
    if (!png || !info) {
        png_destroy_write_struct(&png, nullptr);
        return false;
    }
    if (setjmp(png_jmpbuf(png))) {  // libpng reports errors by longjmp; only C objects live here
        png_destroy_write_struct(&png, &info);
        return false;
    }
    png_init_io(png, file.get());
    png_set_compression_level(png, 9);
    png_set_IHDR(png, info, kWidth, kHeight, 8, PNG_COLOR_TYPE_RGB_ALPHA, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);
    for (int y = 0; y < kHeight; ++y) {
        png_write_row(png, &pixels[static_cast<std::size_t>(y) * kWidth * 4]);
    }
    png_write_end(png, nullptr);
    png_destroy_write_struct(&png, &info);
    return true;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: ekel-draw-emblem OUTPUT.png\n");
        return 2;
    }
    if (!write_png(argv[1], draw())) {
        std::fprintf(stderr, "ekel-draw-emblem: cannot write %s\n", argv[1]);
        return 1;
    }
    return 0;
}
