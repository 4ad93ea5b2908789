// libFuzzer target: chat text through the message understanding of bot/nlu, built from the
// shipped letter catalogue as the live bot builds it. Production only passes valid UTF-8 (the
// webhook JSON is validated), but any bytes must be safe. A broken invariant aborts, so libFuzzer
// keeps the input as a crash.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "bot/nlu/message_parser.h"
#include "bot/nlu/normalizer.h"
#include "fuzz/fuzz_checks.h"
#include "shared/config/letter_types.h"
#include "shared/domain/date.h"
#include "shared/domain/nik.h"

namespace {

using ekel::bot::nlu::Intent;
using ekel::bot::nlu::MessageParser;
using ekel::bot::nlu::NormalizedText;
using ekel::bot::nlu::ParsedMessage;
using ekel::bot::nlu::PieceKind;
using ekel::fuzz::is_valid_utf8;
using ekel::fuzz::require;

const ekel::config::LetterCatalog& catalogue() {
    static const auto catalog =
        ekel::config::load_letter_types(std::string(EKEL_REPO_DIR) + "/config/letter_types.toml");
    return catalog;
}

const MessageParser& parser() {
    static const MessageParser instance(catalogue());
    return instance;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }

/// "BLB-2611-0042": 2 to 6 capital letters, 4 digits, 4 or more digits.
bool is_request_code(std::string_view code) {
    const auto dash1 = code.find('-');
    if (dash1 == std::string_view::npos || dash1 < 2 || dash1 > 6) return false;
    if (!std::all_of(code.begin(), code.begin() + static_cast<std::ptrdiff_t>(dash1), is_upper))
        return false;
    const auto rest = code.substr(dash1 + 1);
    if (rest.size() < 9 || rest[4] != '-') return false;
    return std::all_of(rest.begin(), rest.begin() + 4, is_digit) &&
           std::all_of(rest.begin() + 5, rest.end(), is_digit);
}

bool same(const ParsedMessage& a, const ParsedMessage& b) {
    return a.intent == b.intent && a.letter_type == b.letter_type && a.nik == b.nik &&
           a.kk == b.kk && a.rt == b.rt && a.rw == b.rw && a.request_code == b.request_code &&
           a.date == b.date && a.name == b.name && a.purpose == b.purpose &&
           a.info_topic == b.info_topic && a.free_text == b.free_text &&
           a.confidence == b.confidence;
}

void check_normalized(const NormalizedText& n) {
    require(n.data.size() <= 8192, "the data view is longer than the 8 KiB input cap");
    require(is_valid_utf8(n.data), "the data view is not valid UTF-8");
    require(ekel::bot::nlu::clean_text(n.data) == n.data, "clean_text is not idempotent");
    std::size_t previous_end = 0;
    for (const auto& piece : n.pieces) {
        require(
            piece.begin >= previous_end && piece.begin < piece.end && piece.end <= n.data.size(),
            "pieces overlap or leave the data view");
        previous_end = piece.end;
        require(!piece.folded.empty(), "a piece with an empty folded form");
        if (piece.kind == PieceKind::number)
            require(std::all_of(piece.folded.begin(), piece.folded.end(), is_digit),
                    "a number piece with a non-digit");
        if (piece.kind == PieceKind::word) {
            require(std::none_of(piece.folded.begin(), piece.folded.end(),
                                 [](char c) { return is_upper(c) || c == '\''; }),
                    "a folded word with a capital or an apostrophe");
            require(ekel::bot::nlu::fold_word(piece.folded) == piece.folded,
                    "fold_word is not idempotent");
        }
    }
    std::size_t previous_piece = 0;
    for (const auto& token : n.tokens) {
        require(token.piece < n.pieces.size(), "a token points past the pieces");
        require(token.piece >= previous_piece, "tokens out of piece order");
        previous_piece = token.piece;
        require(!token.text.empty(), "an empty token");
    }
}

void check_parsed(const ParsedMessage& m) {
    require(m.confidence >= 0 && m.confidence <= 1, "confidence outside 0..1");
    if (m.nik) {
        require(m.nik->size() == 16 && std::all_of(m.nik->begin(), m.nik->end(), is_digit),
                "a NIK that is not 16 digits");
        require(static_cast<bool>(ekel::domain::parse_nik(*m.nik)), "an invalid NIK");
    }
    if (m.kk) {
        require(m.kk->size() == 16 && std::all_of(m.kk->begin(), m.kk->end(), is_digit),
                "a KK number that is not 16 digits");
        require(static_cast<bool>(ekel::domain::parse_kk(*m.kk)), "an invalid KK number");
    }
    if (m.request_code) require(is_request_code(*m.request_code), "a malformed request code");
    if (m.date) {
        const auto date = ekel::domain::parse_date(*m.date);
        require(date && ekel::domain::to_iso(*date) == *m.date, "a date that is not ISO");
    }
    if (m.rt) require(*m.rt >= 1 && *m.rt <= 999, "an RT number outside 1..999");
    if (m.rw) require(*m.rw >= 1 && *m.rw <= 999, "an RW number outside 1..999");
    if (m.letter_type)
        require(catalogue().find(*m.letter_type) != nullptr, "a letter type not in the catalogue");
    if (m.info_topic) {
        const std::string_view topic = *m.info_topic;
        // An office topic for ask_info; "staff" for help (a person asked for).
        require(m.intent == Intent::ask_info || (m.intent == Intent::help && topic == "staff"),
                "an info topic without ask_info");
        require(topic == "hours" || topic == "fee" || topic == "duration" || topic == "location" ||
                    topic == "lurah" || topic == "collection" || topic == "staff",
                "an unknown info topic");
    }
    if (m.purpose) {
        require(m.intent == Intent::request_letter || m.intent == Intent::ask_requirements ||
                    m.intent == Intent::provide_data,
                "a purpose kept for an intent that does not keep it");
    }
    if (m.intent == Intent::rt_approve || m.intent == Intent::rt_reject ||
        m.intent == Intent::rt_revise) {
        // Without a code a decision may be a citizen's yes or no: it must say so.
        require(m.request_code.has_value() || m.alternative.has_value(),
                "an RT command without a request code and without a yes/no reading");
        require(!m.choice && !m.redirect && !m.other_letter_type && !m.letter_type && !m.nik && !m.kk && !m.rt && !m.rw && !m.date && !m.name &&
                    !m.purpose && !m.info_topic,
                "an RT command carrying slots other than the code and the reason");
    }
    for (const auto* text : {&m.name, &m.purpose, &m.free_text}) {
        if (*text) require(is_valid_utf8(**text), "a text slot that is not valid UTF-8");
    }
    // The JSON of `ekel-bot parse` must never throw.
    (void)ekel::bot::nlu::to_json(m);
}

/// OSA distance without the early exit, for short strings only.
int full_edit_distance(std::string_view a, std::string_view b) {
    return ekel::bot::nlu::edit_distance(a, b, static_cast<int>(a.size() + b.size()));
}

void check_edit_distance(std::string_view input) {
    const std::size_t half = std::min<std::size_t>(input.size() / 2, 24);
    const auto a = input.substr(0, half);
    const auto b = input.substr(half, 24);
    const int full = full_edit_distance(a, b);
    require(full == full_edit_distance(b, a), "edit_distance is not symmetric");
    for (int bound = 0; bound <= 3; ++bound) {
        require(ekel::bot::nlu::edit_distance(a, b, bound) == std::min(full, bound + 1),
                "the bounded edit_distance disagrees with the full one");
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const MessageParser& p = parser();

    const NormalizedText normalized = p.normalizer().normalize(text);
    check_normalized(normalized);

    const ParsedMessage first = p.parse(text);
    check_parsed(first);
    require(same(first, p.parse(text)), "parse is not deterministic");
    // Understanding works on the data view only; the raw text matters just for an emoji-only
    // message, which has no tokens.
    if (!normalized.tokens.empty() && normalized.data != text)
        require(same(first, p.parse(normalized.data)), "parse differs on the cleaned text");

    check_edit_distance(text);
    return 0;
}
