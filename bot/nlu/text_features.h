#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ekel::bot::nlu {

inline constexpr std::uint64_t kFnvOffset = 0xcbf29ce484222325ULL;
inline constexpr std::uint64_t kFnvPrime = 0x100000001b3ULL;

/// 64-bit FNV-1a of `bytes`, continuing from `hash`. The same on every build and platform,
/// unlike std::hash, so trained models stay valid.
constexpr std::uint64_t fnv1a64(std::string_view bytes, std::uint64_t hash = kFnvOffset) {
    for (const char c : bytes) {
        hash ^= static_cast<unsigned char>(c);
        hash *= kFnvPrime;
    }
    return hash;
}

/// Features are hashed into 2^kFeatureBits buckets.
inline constexpr unsigned kFeatureBits = 20;

/// The bucket of a feature string such as "w=sktm" (word), "b=mau|urus" (word bigram, "<s>" and
/// "</s>" mark the ends), "t=mau|urus|sktm" (word trigram, "<s>" at the start) or "c= sk"
/// (character n-gram of a word padded with spaces).
constexpr std::uint32_t feature_id(std::string_view feature) {
    const std::uint64_t hash = fnv1a64(feature);
    return static_cast<std::uint32_t>((hash ^ (hash >> 32)) & ((1U << kFeatureBits) - 1));
}

/// One feature of a message and how often it occurs there.
struct FeatureCount {
    std::uint32_t id = 0;  ///< feature_id of the feature string
    std::uint32_t count = 0;
};

/// Turns chat text into folded tokens and hashed features; independent of the rule parser.
///
/// Folding: UTF-8 aware lower case, Latin accents stripped ("é" -> "e"), apostrophes dropped,
/// letters repeated 3+ times cut to 2 ("pakkk" -> "pakk"), invalid UTF-8 dropped, input past
/// 8 KiB ignored. Digits become shapes: "<num1>".."<num4>", "<num16>" (a NIK or KK, also typed
/// in groups of four), "<phone>" (10-13 digits starting 0 or 62), "<numlong>" (other lengths),
/// "<code>" (a request code: "BLB-2611-0003", "blb 2611 0003", "2611-0003"), "<date>"
/// ("12-08-1985", "12/8/85", "1985-08-12"); inside a word each digit run is "0" ("n1" -> "n0").
/// A run of emoji is "<emoji>", "?" is a token, and line breaks are "<nl>".
///
/// An extractor keeps its buffers between calls, so it allocates nothing once warmed up. One
/// extractor must not be used by two threads at once.
class FeatureExtractor {
  public:
    /// The features of `text`, sorted by id, each id once. Valid until the next call.
    const std::vector<FeatureCount>& extract(std::string_view text);

    /// The folded tokens of `text` (views valid until the next call).
    const std::vector<std::string_view>& tokenize(std::string_view text);

  private:
    struct RawToken {
        std::uint32_t begin = 0;
        std::uint32_t length = 0;
        std::uint8_t kind = 0;
        char separator = 0;  ///< the one character before it ('-', '/', '.', ' '), or '*'
    };

    void fold(std::string_view text);
    void merge_shapes();
    void sort_ids();

    std::string folded_;
    std::vector<RawToken> raw_;
    std::vector<std::string_view> tokens_;
    std::vector<std::uint8_t> word_like_;  ///< per token: gets character n-grams
    std::vector<std::uint32_t> ids_;
    std::vector<std::uint32_t> sorted_;  ///< radix sort buffer
    std::vector<FeatureCount> features_;
};

/// Convenience form of FeatureExtractor::extract with its own buffers.
std::vector<FeatureCount> extract_features(std::string_view text);

/// Convenience form of FeatureExtractor::tokenize, e.g. {"setuju", "<code>"}.
std::vector<std::string> fold_tokens(std::string_view text);

}  // namespace ekel::bot::nlu
