#include "bot/nlu/text_features.h"

#include <algorithm>

#include "shared/util/text.h"

namespace ekel::bot::nlu {

namespace {

constexpr std::size_t kMaxInputBytes = 8 * 1024;

enum TokenKind : std::uint8_t { kAlpha, kDigits, kMixed, kSpecial };

// Base letters of U+00C0..U+00FF and U+0100..U+017F; '*' marks the two signs (U+00D7, U+00F7).
constexpr std::string_view kLatin1Letters =
    "aaaaaaaceeeeiiiidnooooo*ouuuuytsaaaaaaaceeeeiiiidnooooo*ouuuuyty";
constexpr std::string_view kLatinExtendedA =
    "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiiijjkkklllllll"
    "lllnnnnnnnnnoooooooorrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";

constexpr std::uint64_t kWordSeed = fnv1a64("w=");
constexpr std::uint64_t kBigramSeed = fnv1a64("b=");
constexpr std::uint64_t kCharSeed = fnv1a64("c=");
constexpr std::uint64_t kTrigramSeed = fnv1a64("t=");

constexpr std::uint32_t bucket(std::uint64_t hash) {
    return static_cast<std::uint32_t>((hash ^ (hash >> 32)) & ((1U << kFeatureBits) - 1));
}

struct Decoded {
    char32_t code_point = 0;
    std::size_t length = 0;  // 0: not UTF-8 at this place
};

// Lenient enough for chat text: overlong forms and surrogates are rejected, the caller skips
// a bad byte.
Decoded decode(std::string_view text, std::size_t at) {
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    const unsigned char lead = byte(at);
    if (lead < 0x80) return {lead, 1};
    std::size_t length = 0;
    char32_t cp = 0;
    if ((lead & 0xE0) == 0xC0) {
        length = 2;
        cp = lead & 0x1F;
    } else if ((lead & 0xF0) == 0xE0) {
        length = 3;
        cp = lead & 0x0F;
    } else if ((lead & 0xF8) == 0xF0) {
        length = 4;
        cp = lead & 0x07;
    } else {
        return {};
    }
    if (at + length > text.size()) return {};
    for (std::size_t i = 1; i < length; ++i) {
        if ((byte(at + i) & 0xC0) != 0x80) return {};
        cp = (cp << 6) | (byte(at + i) & 0x3F);
    }
    static constexpr char32_t kMinimum[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMinimum[length] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return {};
    return {cp, length};
}

enum class CharClass { letter, digit, separator, ignore, question, newline, emoji };

struct Classified {
    CharClass kind = CharClass::separator;
    char32_t folded =
        0;  // letter or digit: the folded code point; separator: '-', '/', '.', ' ', '*'
};

Classified classify_char(char32_t cp) {
    if (cp >= 0xFF01 && cp <= 0xFF5E) cp -= 0xFEE0;  // full-width ASCII
    if (cp < 0x80) {
        if (cp >= 'a' && cp <= 'z') return {CharClass::letter, cp};
        if (cp >= 'A' && cp <= 'Z') return {CharClass::letter, cp + 32};
        if (cp >= '0' && cp <= '9') return {CharClass::digit, cp};
        switch (cp) {
            case '\'':
            case '`':
                return {CharClass::ignore, 0};
            case '?':
                return {CharClass::question, 0};
            case '\n':
                return {CharClass::newline, 0};
            case ' ':
            case '\t':
                return {CharClass::separator, ' '};
            case '-':
            case '/':
            case '.':
                return {CharClass::separator, cp};
            default:
                return {CharClass::separator, '*'};
        }
    }
    if (cp >= 0xC0 && cp <= 0xFF) {
        const char base = kLatin1Letters[cp - 0xC0];
        if (base == '*') return {CharClass::separator, '*'};
        return {CharClass::letter, static_cast<char32_t>(base)};
    }
    if (cp >= 0x100 && cp <= 0x17F) {
        return {CharClass::letter, static_cast<char32_t>(kLatinExtendedA[cp - 0x100])};
    }
    if (cp == 0xA0) return {CharClass::separator, ' '};
    if (cp < 0xC0) return {CharClass::separator, '*'};              // Latin-1 signs and controls
    if (cp >= 0x300 && cp <= 0x36F) return {CharClass::ignore, 0};  // combining accents
    if (cp < 0x2000) return {CharClass::letter, cp};                // other alphabets, as written
    if (cp >= 0x2010 && cp <= 0x2015) return {CharClass::separator, '-'};
    if (cp == 0x2018 || cp == 0x2019 || cp == 0x02BC) return {CharClass::ignore, 0};
    if (cp == 0x200C || cp == 0x200D || cp == 0x20E3 || (cp >= 0xFE00 && cp <= 0xFE0F) ||
        (cp >= 0x1F3FB && cp <= 0x1F3FF)) {
        return {CharClass::ignore, 0};  // joiners, variation selectors, skin tones
    }
    if ((cp >= 0x2300 && cp <= 0x23FF) || (cp >= 0x2600 && cp <= 0x27BF) ||
        (cp >= 0x2B00 && cp <= 0x2BFF) || (cp >= 0x1F000 && cp <= 0x1FAFF)) {
        return {CharClass::emoji, 0};
    }
    if (cp == 0x2212) return {CharClass::separator, '-'};
    if (cp < 0x2C00 || (cp >= 0x2E00 && cp <= 0x303F) || (cp >= 0xE000 && cp <= 0xF8FF) ||
        (cp >= 0xFE10 && cp <= 0xFE6F) || (cp >= 0xFF00 && cp <= 0xFFFF)) {
        return {CharClass::separator, '*'};
    }
    return {CharClass::letter, cp};
}

static_assert(kLatin1Letters.size() == 0x40 && kLatinExtendedA.size() == 0x80);

}  // namespace

void FeatureExtractor::fold(std::string_view text) {
    if (text.size() > kMaxInputBytes) text = text.substr(0, kMaxInputBytes);
    folded_.clear();
    raw_.clear();

    bool open = false;
    std::size_t begin = 0;
    bool has_letter = false;
    bool has_digit = false;
    char32_t last_letter = 0;
    int run = 0;
    int separators = 0;  // since the last token
    char separator = 0;

    const auto open_token = [&] {
        if (open) return;
        open = true;
        begin = folded_.size();
        has_letter = has_digit = false;
        last_letter = 0;
        run = 0;
    };
    const auto token_separator = [&]() -> char { return separators == 1 ? separator : '*'; };
    const auto close_token = [&] {
        if (!open) return;
        open = false;
        std::uint8_t kind = has_letter ? (has_digit ? kMixed : kAlpha) : kDigits;
        if (kind == kMixed) {
            // Each digit run inside a word becomes one '0' ("17an" -> "0an").
            std::size_t out = begin;
            for (std::size_t i = begin; i < folded_.size(); ++i) {
                const bool digit = folded_[i] >= '0' && folded_[i] <= '9';
                if (digit && out > begin && folded_[out - 1] == '0' && i > begin &&
                    folded_[i - 1] >= '0' && folded_[i - 1] <= '9') {
                    continue;
                }
                folded_[out++] = digit ? '0' : folded_[i];
            }
            folded_.resize(out);
        }
        raw_.push_back({static_cast<std::uint32_t>(begin),
                        static_cast<std::uint32_t>(folded_.size() - begin), kind,
                        token_separator()});
        separators = 0;
    };
    const auto special = [&](std::string_view token, bool merge_repeats) {
        const char before = token_separator();
        close_token();
        if (merge_repeats && !raw_.empty() && raw_.back().kind == kSpecial &&
            std::string_view(folded_).substr(raw_.back().begin, raw_.back().length) == token) {
            separators = 0;
            return;
        }
        const auto at = static_cast<std::uint32_t>(folded_.size());
        folded_.append(token);
        raw_.push_back({at, static_cast<std::uint32_t>(token.size()), kSpecial, before});
        separators = 0;
    };

    std::size_t at = 0;
    while (at < text.size()) {
        const Decoded decoded = decode(text, at);
        if (decoded.length == 0) {
            ++at;  // not UTF-8: dropped
            continue;
        }
        at += decoded.length;
        const Classified c = classify_char(decoded.code_point);
        switch (c.kind) {
            case CharClass::letter:
                open_token();
                has_letter = true;
                run = c.folded == last_letter ? run + 1 : 1;
                last_letter = c.folded;
                if (run < 3) append_utf8(folded_, c.folded);
                break;
            case CharClass::digit:
                open_token();
                has_digit = true;
                last_letter = 0;
                folded_.push_back(static_cast<char>(c.folded));
                break;
            case CharClass::separator:
                close_token();
                ++separators;
                separator = static_cast<char>(c.folded);
                break;
            case CharClass::ignore:
                break;
            case CharClass::question:
                special("?", false);
                break;
            case CharClass::newline:
                special("<nl>", true);
                break;
            case CharClass::emoji:
                special("<emoji>", true);
                break;
        }
    }
    close_token();
}

void FeatureExtractor::merge_shapes() {
    tokens_.clear();
    word_like_.clear();
    const std::string_view folded(folded_);
    const std::size_t n = raw_.size();

    const auto view = [&](std::size_t i) { return folded.substr(raw_[i].begin, raw_[i].length); };
    const auto digits = [&](std::size_t i, std::uint32_t min, std::uint32_t max) {
        return i < n && raw_[i].kind == kDigits && raw_[i].length >= min && raw_[i].length <= max;
    };
    const auto separated_by = [&](std::size_t i, std::string_view allowed) {
        return i < n && allowed.find(raw_[i].separator) != std::string_view::npos;
    };
    // A NIK or KK typed as four groups of four digits.
    const auto grouped_nik = [&](std::size_t i) {
        for (std::size_t j = 0; j < 4; ++j) {
            if (!digits(i + j, 4, 4) || (j > 0 && !separated_by(i + j, " -."))) return false;
        }
        return true;
    };
    const auto emit = [&](std::string_view token, bool word_like) {
        tokens_.push_back(token);
        word_like_.push_back(word_like ? 1 : 0);
    };

    std::size_t i = 0;
    while (i < n) {
        const RawToken& t = raw_[i];
        if (grouped_nik(i)) {
            emit("<num16>", false);
            i += 4;
            continue;
        }
        if (t.kind == kAlpha && t.length >= 2 && t.length <= 4 && digits(i + 1, 4, 4) &&
            separated_by(i + 1, "- ") && digits(i + 2, 1, 4) && separated_by(i + 2, "- ") &&
            !grouped_nik(i + 1)) {
            emit("<code>", false);
            i += 3;
            continue;
        }
        const bool date_separators = separated_by(i + 1, "-/.") && separated_by(i + 2, "-/.") &&
                                     raw_[i + 1].separator == raw_[i + 2].separator;
        if (date_separators && ((digits(i, 1, 2) && digits(i + 1, 1, 2) &&
                                 (digits(i + 2, 2, 2) || digits(i + 2, 4, 4))) ||
                                (digits(i, 4, 4) && digits(i + 1, 1, 2) && digits(i + 2, 1, 2)))) {
            emit("<date>", false);
            i += 3;
            continue;
        }
        if (digits(i, 4, 4) && digits(i + 1, 1, 4) && separated_by(i + 1, "-")) {
            emit("<code>", false);
            i += 2;
            continue;
        }
        switch (t.kind) {
            case kAlpha:
            case kMixed:
                emit(view(i), true);
                break;
            case kSpecial:
                emit(view(i), false);
                break;
            default: {
                const std::string_view number = view(i);
                static constexpr std::string_view kShort[] = {"<num1>", "<num2>", "<num3>",
                                                              "<num4>"};
                if (number.size() <= 4) {
                    emit(kShort[number.size() - 1], false);
                } else if (number.size() == 16) {
                    emit("<num16>", false);
                } else if (number.size() >= 10 && number.size() <= 13 &&
                           (number.starts_with("0") || number.starts_with("62"))) {
                    emit("<phone>", false);
                } else {
                    emit("<numlong>", false);
                }
            }
        }
        ++i;
    }
}

// LSD radix sort, three passes of 7 bits: a message has a few hundred ids, for which this is
// several times faster than std::sort's comparisons.
void FeatureExtractor::sort_ids() {
    static_assert(kFeatureBits <= 21, "three radix passes of 7 bits");
    constexpr unsigned kRadixBits = 7;
    constexpr std::size_t kBuckets = std::size_t{1} << kRadixBits;
    sorted_.resize(ids_.size());
    for (unsigned shift = 0; shift < 3 * kRadixBits; shift += kRadixBits) {
        std::uint32_t counts[kBuckets] = {};
        for (const std::uint32_t id : ids_) ++counts[(id >> shift) & (kBuckets - 1)];
        std::uint32_t total = 0;
        for (auto& count : counts) {
            const std::uint32_t c = count;
            count = total;
            total += c;
        }
        for (const std::uint32_t id : ids_) sorted_[counts[(id >> shift) & (kBuckets - 1)]++] = id;
        ids_.swap(sorted_);
    }
}

const std::vector<std::string_view>& FeatureExtractor::tokenize(std::string_view text) {
    fold(text);
    merge_shapes();
    return tokens_;
}

const std::vector<FeatureCount>& FeatureExtractor::extract(std::string_view text) {
    tokenize(text);
    ids_.clear();

    std::uint64_t previous = fnv1a64("<s>", kBigramSeed);
    std::string_view before_previous = "<s>";
    std::string_view previous_token = "<s>";
    for (std::size_t t = 0; t < tokens_.size(); ++t) {
        const std::string_view token = tokens_[t];
        ids_.push_back(bucket(fnv1a64(token, kWordSeed)));
        ids_.push_back(bucket(fnv1a64(token, fnv1a64("|", previous))));
        if (t > 0) {
            const std::uint64_t prefix =
                fnv1a64(previous_token, fnv1a64("|", fnv1a64(before_previous, kTrigramSeed)));
            ids_.push_back(bucket(fnv1a64(token, fnv1a64("|", prefix))));
        }
        before_previous = previous_token;
        previous_token = token;
        previous = fnv1a64(token, kBigramSeed);
        if (!word_like_[t]) continue;

        // Character 2- to 5-grams of " token ".
        const std::size_t padded = token.size() + 2;
        const auto at = [&](std::size_t p) {
            return p == 0 || p + 1 == padded ? ' ' : token[p - 1];
        };
        for (std::size_t start = 0; start + 1 < padded; ++start) {
            std::uint64_t hash = kCharSeed;
            for (std::size_t k = 0; k < 5 && start + k < padded; ++k) {
                hash ^= static_cast<unsigned char>(at(start + k));
                hash *= kFnvPrime;
                if (k >= 1) ids_.push_back(bucket(hash));
            }
        }
    }
    ids_.push_back(bucket(fnv1a64("</s>", fnv1a64("|", previous))));

    sort_ids();
    features_.clear();
    for (const std::uint32_t id : ids_) {
        if (!features_.empty() && features_.back().id == id) {
            ++features_.back().count;
        } else {
            features_.push_back({id, 1});
        }
    }
    return features_;
}

std::vector<FeatureCount> extract_features(std::string_view text) {
    FeatureExtractor extractor;
    return extractor.extract(text);
}

std::vector<std::string> fold_tokens(std::string_view text) {
    FeatureExtractor extractor;
    const auto& tokens = extractor.tokenize(text);
    return {tokens.begin(), tokens.end()};
}

}  // namespace ekel::bot::nlu
