#include "shared/messaging/reply_id.h"

#include <array>
#include <utility>
#include <vector>

namespace ekel::messaging {

namespace {

constexpr std::size_t kMaxNumberDigits = 12;
constexpr std::size_t kMaxCodeLength = 23;

/// What follows a kind's prefix.
enum class Shape {
    none,         // nothing: "newcomer", "rt:list"
    word,         // one of a few fixed words
    code,         // a code or key
    number,       // digits
    code_digits,  // a code, ':' and a fixed number of digits (slot, slotday)
    numbers3,     // three numbers separated by ':' (survey answer)
};

struct Spec {
    ReplyKind kind;
    std::string_view prefix;  // including the trailing ':' when an argument follows
    Shape shape;
    std::array<std::string_view, 3> words = {};  // word: the accepted words
    std::size_t digits = 0;  // code_digits: the exact number of digits after the code
};

// Longer prefixes before their own prefixes ("types:page:" before "type:", "slotday:" before "slot:").
const std::array kSpecs = {
    Spec{ReplyKind::menu, "menu:", Shape::word, {"status", "aduan", "info"}},
    Spec{ReplyKind::letter_page, "types:page:", Shape::number},
    Spec{ReplyKind::letter_type, "type:", Shape::code},
    Spec{ReplyKind::self, "self:", Shape::number},
    Spec{ReplyKind::applicant, "applicant:", Shape::number},
    Spec{ReplyKind::choice, "choice:", Shape::number},
    Spec{ReplyKind::edit, "edit:", Shape::code},
    Spec{ReplyKind::confirm, "confirm:", Shape::word, {"send", "edit", "cancel"}},
    Spec{ReplyKind::cancel_request, "cancelreq:", Shape::code},
    Spec{ReplyKind::cancel, "cancel:", Shape::word, {"yes", "no"}},
    Spec{ReplyKind::newcomer, "newcomer", Shape::none},
    Spec{ReplyKind::fix, "fix:", Shape::code},
    Spec{ReplyKind::rt_approve, "rt:approve:", Shape::code},
    Spec{ReplyKind::rt_reject, "rt:reject:", Shape::code},
    Spec{ReplyKind::rt_revise, "rt:revise:", Shape::code},
    Spec{ReplyKind::rt_open, "rt:open:", Shape::code},
    Spec{ReplyKind::rt_files, "rt:files:", Shape::code},
    Spec{ReplyKind::rt_list, "rt:list", Shape::none},
    Spec{ReplyKind::slot_day, "slotday:", Shape::code_digits, {}, 8},
    Spec{ReplyKind::slot_days, "slotdays:", Shape::code},
    Spec{ReplyKind::slot_move, "slotmove:", Shape::code},
    Spec{ReplyKind::slot, "slot:", Shape::code_digits, {}, 12},
    Spec{ReplyKind::survey_start, "ikm:start:", Shape::number},
    Spec{ReplyKind::survey_decline, "ikm:no:", Shape::number},
    Spec{ReplyKind::survey_answer, "ikm:", Shape::numbers3},
    Spec{ReplyKind::remind_rt, "remind:", Shape::code},
    Spec{ReplyKind::complaint, "complaint:", Shape::word, {"yes", "no"}},
    Spec{ReplyKind::clarify, "clarify:", Shape::code},
    Spec{ReplyKind::staff, "staff", Shape::none},
    Spec{ReplyKind::fix_field, "fixfield:", Shape::code},
    Spec{ReplyKind::document, "doc:", Shape::word, {"later", "skip"}},
};

const Spec& spec_of(ReplyKind kind) {
    for (const auto& spec : kSpecs) {
        if (spec.kind == kind) return spec;
    }
    return kSpecs.front();  // unreachable: every kind has a spec
}

bool is_number(std::string_view text) {
    if (text.empty() || text.size() > kMaxNumberDigits) return false;
    for (char c : text) {
        if (c < '0' || c > '9') return false;
    }
    return true;
}

bool is_code(std::string_view text) {
    if (text.empty() || text.size() > kMaxCodeLength) return false;
    for (char c : text) {
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                  c == '_' || c == '.';
        if (!ok) return false;
    }
    return true;
}

std::vector<std::string_view> split_colons(std::string_view text) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    while (true) {
        auto at = text.find(':', start);
        parts.push_back(text.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start));
        if (at == std::string_view::npos) return parts;
        start = at + 1;
    }
}

std::optional<ReplyId> read(const Spec& spec, std::string_view rest) {
    ReplyId reply{spec.kind, "", "", ""};
    switch (spec.shape) {
        case Shape::none:
            if (!rest.empty()) return std::nullopt;
            return reply;
        case Shape::word:
            for (auto word : spec.words) {
                if (!rest.empty() && rest == word) {
                    reply.arg = std::string(rest);
                    return reply;
                }
            }
            return std::nullopt;
        case Shape::code:
            if (!is_code(rest)) return std::nullopt;
            reply.arg = std::string(rest);
            return reply;
        case Shape::number:
            if (!is_number(rest)) return std::nullopt;
            reply.arg = std::string(rest);
            return reply;
        case Shape::code_digits: {
            auto parts = split_colons(rest);
            if (parts.size() != 2 || !is_code(parts[0]) || parts[1].size() != spec.digits || !is_number(parts[1])) {
                return std::nullopt;
            }
            reply.arg = std::string(parts[0]);
            reply.detail = std::string(parts[1]);
            return reply;
        }
        case Shape::numbers3: {
            auto parts = split_colons(rest);
            if (parts.size() != 3 || !is_number(parts[0]) || !is_number(parts[1]) || !is_number(parts[2])) {
                return std::nullopt;
            }
            reply.arg = std::string(parts[0]);
            reply.detail = std::string(parts[1]);
            reply.extra = std::string(parts[2]);
            return reply;
        }
    }
    return std::nullopt;
}

}  // namespace

std::optional<std::int64_t> ReplyId::number() const {
    if (!is_number(arg)) return std::nullopt;
    return std::stoll(arg);
}

std::string encode(const ReplyId& reply) {
    const Spec& spec = spec_of(reply.kind);
    std::string id(spec.prefix);
    switch (spec.shape) {
        case Shape::none:
            break;
        case Shape::word:
        case Shape::code:
        case Shape::number:
            id += reply.arg;
            break;
        case Shape::code_digits:
            id += reply.arg + ":" + reply.detail;
            break;
        case Shape::numbers3:
            id += reply.arg + ":" + reply.detail + ":" + reply.extra;
            break;
    }
    return id;
}

std::optional<ReplyId> decode(std::string_view id) {
    for (const auto& spec : kSpecs) {
        if (spec.shape == Shape::none ? id == spec.prefix : id.substr(0, spec.prefix.size()) == spec.prefix) {
            return read(spec, id.substr(spec.prefix.size()));
        }
    }
    return std::nullopt;
}

bool is_rt_reply(ReplyKind kind) {
    switch (kind) {
        case ReplyKind::rt_approve:
        case ReplyKind::rt_reject:
        case ReplyKind::rt_revise:
        case ReplyKind::rt_open:
        case ReplyKind::rt_files:
        case ReplyKind::rt_list:
            return true;
        default:
            return false;
    }
}

}  // namespace ekel::messaging
