#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

namespace ekel::bot::nlu {

/// What a piece of the data view is.
enum class PieceKind { word, number, punct, newline };

/// One lexical piece of the data view: a word, a digit run, a punctuation run or a line break.
struct Piece {
    PieceKind kind = PieceKind::word;
    std::size_t begin = 0;  ///< byte range in NormalizedText::data
    std::size_t end = 0;
    /// word: ASCII lower case with Latin accents folded and apostrophes dropped; number: the
    /// digits; punct: the character once (a run "!!!" is one piece "!"); newline: "\n".
    std::string folded;
    bool space_before = false;  ///< spaces (not a line break) separate it from the previous piece
};

/// One canonical word or number, the unit of intent and letter-type rules.
struct Token {
    std::string text;       ///< canonical form: "saya" for "sy"/"ulun", "tidak" for "kada"
    std::size_t piece = 0;  ///< index of the source piece in NormalizedText::pieces
    bool is_number = false;
};

/// A message prepared for understanding. `data` keeps the writer's case, digits and
/// punctuation (emoji, symbols and control characters removed, spaces collapsed, line breaks
/// kept) so slots can be cut from it; `tokens` is the canonical word stream.
struct NormalizedText {
    std::string data;
    std::vector<Piece> pieces;
    std::vector<Token> tokens;

    /// Canonical tokens joined by single spaces, e.g. "saya mau urus surat keterangan".
    std::string text() const;
    /// The original characters of pieces [first, last], e.g. a name or purpose as typed.
    std::string_view slice(std::size_t first_piece, std::size_t last_piece) const;
};

/// Case-folds a word for lookup: ASCII lower case, Latin-1/Latin Extended-A letters to their
/// base letter ("é" -> "e"), apostrophes dropped. Other UTF-8 passes through unchanged.
std::string fold_word(std::string_view word);

/// The data view of raw message text (see NormalizedText::data). Invalid UTF-8 bytes are
/// dropped, so the result is always valid UTF-8. Input beyond 8 KiB is ignored.
std::string clean_text(std::string_view text);

/// Optimal-string-alignment (Damerau-Levenshtein) distance between two byte strings, or
/// max_distance + 1 as soon as it is known to exceed max_distance.
int edit_distance(std::string_view a, std::string_view b, int max_distance);

/// Turns chat text into canonical tokens: slang, abbreviations and regional words (Banjar,
/// Kutai, Bugis/Makassar, Javanese) map by whole token, elongation and particles are
/// stripped from known stems, glued known words are split, and typos of the closed domain
/// vocabulary are corrected. Construction builds the tables; normalize() is const and
/// thread-safe.
class Normalizer {
  public:
    Normalizer();
    /// `domain_phrases` (e.g. the catalogue's letter aliases) add their words to the known
    /// vocabulary and to the typo-correction targets.
    explicit Normalizer(const std::vector<std::string>& domain_phrases);

    NormalizedText normalize(std::string_view text) const;

    /// The canonical token string of `text`; shorthand for normalize(text).text().
    std::string canonical(std::string_view text) const;

    /// Whether a folded word is a known word or slang key (before any correction).
    bool is_known(std::string_view folded_word) const;

    /// Whether a canonical word names or heads a letter ("surat", "sktm", "domisili", "ktp").
    bool is_letter_word(std::string_view canonical_word) const;

  private:
    struct Hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const noexcept {
            return std::hash<std::string_view>{}(s);
        }
    };
    using WordSet = std::unordered_set<std::string, Hash, std::equal_to<>>;
    using WordMap =
        std::unordered_map<std::string, std::vector<std::string>, Hash, std::equal_to<>>;

    void add_word(std::string_view word);
    void add_domain_word(std::string_view word);
    /// Appends the canonical tokens of one folded word; returns false if it stays unknown.
    /// Without allow_fuzzy, unknown words are neither split nor typo-corrected.
    bool canonicalize(std::string_view folded, std::vector<std::string>& out,
                      bool allow_fuzzy) const;
    bool lookup(std::string_view word, std::vector<std::string>& out) const;
    bool split_glued(std::string_view word, std::vector<std::string>& out) const;
    bool correct_typo(std::string_view word, std::vector<std::string>& out) const;
    /// A word spelled out by voice typing ("es ka te em", "do mi si li") starting at piece
    /// `first`: its canonical tokens in `out` and the number of pieces it spans, or 0.
    std::size_t join_spelled(const std::vector<Piece>& pieces, std::size_t first,
                             std::vector<std::string>& out) const;
    void apply_phrases(std::vector<Token>& tokens) const;
    void resolve_buat(NormalizedText& text) const;

    WordSet vocabulary_;               ///< known canonical and general words
    WordMap slang_;                    ///< folded token -> canonical tokens
    std::vector<std::string> domain_;  ///< typo-correction targets, in priority order
    WordSet domain_set_;
    WordSet letter_words_;
    /// Token phrases rewritten after word mapping ("matur nuwun" -> "terima kasih").
    std::vector<std::pair<std::vector<std::string>, std::vector<std::string>>> phrases_;
};

}  // namespace ekel::bot::nlu
