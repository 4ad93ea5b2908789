#include "backoffice/letters/pades_verification.h"

#include "backoffice/letters/openssl_handles.h"

#include <fmt/format.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include <algorithm>
#include <chrono>
#include <climits>
#include <cstdint>
#include <ctime>

#include "shared/util/error.h"
#include "shared/util/result.h"
#include "shared/util/text.h"
#include "shared/util/time.h"

namespace ekel::office {

namespace {

using namespace openssl;
using Status = SignatureVerdict::Status;

// A PAdES CMS with a long chain and a timestamp token is a few tens of KB; 512 KB of DER (1 MiB
// of hex) is far more than any real one and still cheap to decode.
constexpr std::size_t kMaxContentsHexDigits = 1024 * 1024;
// The signature dictionary is its /Contents plus a few short entries.
constexpr std::size_t kMaxDictionaryBytes = kMaxContentsHexDigits + 64 * 1024;
// Nesting of arrays and dictionaries inside the signature dictionary (/Prop_Build, /Reference).
constexpr int kMaxNesting = 32;
constexpr std::size_t kMaxDictionaryEntries = 1024;
// How many "<<" before the /ByteRange key are tried as the start of its dictionary.
constexpr int kMaxDictionaryStarts = 32;
// The "[a b c d]" follows its key closely (writers pad the numbers with a few spaces); reading
// no further keeps a file full of "/ByteRange %…" lines linear.
constexpr std::size_t kMaxByteRangeText = 256;
// 15 digits: more than any file we read, and sums of two cannot overflow.
constexpr std::size_t kMaxNumberDigits = 15;
constexpr std::string_view kByteRangeKey = "/ByteRange";

// ---------------------------------------------------------------------------------------------
// Just enough of the PDF syntax (ISO 32000-1 §7.2–7.3) to read one dictionary, bounds-checked.

bool is_space(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\0'; }
bool is_delimiter(char c) { return std::string_view("()<>[]{}/%").find(c) != std::string_view::npos; }
bool is_regular(char c) { return !is_space(c) && !is_delimiter(c); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

struct Entry {
    std::string_view key;  ///< with its '/'
    std::size_t key_at = 0;
    std::size_t value_at = 0;
    std::size_t value_end = 0;
};

struct Dictionary {
    std::size_t begin = 0;
    std::size_t end = 0;
    std::vector<Entry> entries;

    const Entry* find(std::string_view key) const {
        for (const Entry& e : entries) {
            if (e.key == key) return &e;
        }
        return nullptr;
    }
};

/// Reads objects in pdf[0, end): nothing at or past `end` is ever looked at.
class Lexer {
public:
    Lexer(std::string_view pdf, std::size_t end) : pdf_(pdf), end_(std::min(end, pdf.size())) {}

    std::size_t skip_space(std::size_t i) const {
        while (i < end_) {
            if (is_space(pdf_[i])) {
                ++i;
            } else if (pdf_[i] == '%') {  // a comment runs to the end of the line
                while (i < end_ && pdf_[i] != '\n' && pdf_[i] != '\r') ++i;
            } else {
                break;
            }
        }
        return i;
    }

    std::size_t skip_regular(std::size_t i) const {
        while (i < end_ && is_regular(pdf_[i])) ++i;
        return i;
    }

    /// The end of the object starting at `i`, or nullopt when there is none or it runs past the end.
    std::optional<std::size_t> skip_object(std::size_t i, int depth) const {
        if (i >= end_ || depth > kMaxNesting) return std::nullopt;
        const char c = pdf_[i];
        if (c == '(') {  // a literal string: balanced parentheses, backslash escapes
            int open = 0;
            for (; i < end_; ++i) {
                if (pdf_[i] == '\\') {
                    ++i;
                } else if (pdf_[i] == '(') {
                    ++open;
                } else if (pdf_[i] == ')' && --open == 0) {
                    return i + 1;
                }
            }
            return std::nullopt;
        }
        if (c == '<') {
            if (i + 1 < end_ && pdf_[i + 1] == '<') return skip_dictionary(i, depth, nullptr);
            for (++i; i < end_; ++i) {  // a hex string
                if (pdf_[i] == '>') return i + 1;
                if (hex_value(pdf_[i]) < 0 && !is_space(pdf_[i])) return std::nullopt;
            }
            return std::nullopt;
        }
        if (c == '[') {
            for (i = skip_space(i + 1); i < end_; i = skip_space(i)) {
                if (pdf_[i] == ']') return i + 1;
                const auto next = skip_object(i, depth + 1);
                if (!next) return std::nullopt;
                i = *next;
            }
            return std::nullopt;
        }
        if (c == '/') return skip_regular(i + 1);
        if (is_regular(c)) return skip_regular(i);  // a number, true/false/null, or the R of a reference
        return std::nullopt;
    }

    /// The end of the dictionary whose "<<" is at `i`; its direct entries go to `out` when given.
    std::optional<std::size_t> skip_dictionary(std::size_t i, int depth, Dictionary* out) const {
        if (depth > kMaxNesting) return std::nullopt;
        for (i = skip_space(i + 2); i < end_; i = skip_space(i)) {
            const char c = pdf_[i];
            if (c == '>') {
                if (i + 1 < end_ && pdf_[i + 1] == '>') return i + 2;
                return std::nullopt;
            }
            if (c == '/') {
                Entry entry;
                entry.key_at = i;
                const std::size_t key_end = skip_regular(i + 1);
                entry.key = pdf_.substr(i, key_end - i);
                entry.value_at = skip_space(key_end);
                const auto value_end = skip_object(entry.value_at, depth + 1);
                if (!value_end) return std::nullopt;
                entry.value_end = *value_end;
                if (out != nullptr) {
                    if (out->entries.size() >= kMaxDictionaryEntries) return std::nullopt;
                    out->entries.push_back(entry);
                }
                i = entry.value_end;
            } else if (is_regular(c)) {
                i = skip_regular(i);  // "0 R" after the object number of a reference
            } else {
                return std::nullopt;
            }
        }
        return std::nullopt;
    }

private:
    std::string_view pdf_;
    std::size_t end_;
};

/// The dictionary whose "<<" is at `open`, if it is one that ends within kMaxDictionaryBytes.
std::optional<Dictionary> read_dictionary(std::string_view pdf, std::size_t open) {
    const Lexer lexer(pdf, open + kMaxDictionaryBytes);
    Dictionary dictionary;
    dictionary.begin = open;
    const auto end = lexer.skip_dictionary(open, 0, &dictionary);
    if (!end) return std::nullopt;
    dictionary.end = *end;
    return dictionary;
}

/// The dictionary that has the key at `key_at` as one of its own entries (not a nested one's).
std::optional<Dictionary> dictionary_around(std::string_view pdf, std::size_t key_at) {
    const std::size_t floor = key_at > kMaxDictionaryBytes ? key_at - kMaxDictionaryBytes : 0;
    std::size_t from = key_at;
    for (int tries = 0; tries < kMaxDictionaryStarts && from > 0; ++tries) {
        const std::size_t open = pdf.rfind("<<", from - 1);
        if (open == std::string_view::npos || open < floor) break;
        if (auto dictionary = read_dictionary(pdf, open)) {
            for (const Entry& e : dictionary->entries) {
                if (e.key_at == key_at) return dictionary;
            }
        }
        from = open;
    }
    return std::nullopt;
}

// ---------------------------------------------------------------------------------------------
// The signature: its /ByteRange, the hex string it leaves out, and /M.

struct ByteRange {
    std::uint64_t a = 0;
    std::uint64_t b = 0;
    std::uint64_t c = 0;
    std::uint64_t d = 0;
    std::size_t key_at = 0;

    std::uint64_t end() const { return c + d; }
    std::string text() const { return fmt::format("/ByteRange [{} {} {} {}]", a, b, c, d); }
};

/// The four numbers of "/ByteRange [a b c d]" whose key is at `key_at`, if written so.
std::optional<ByteRange> read_byte_range(std::string_view pdf, std::size_t key_at) {
    const std::size_t end = std::min(pdf.size(), key_at + kMaxByteRangeText);
    const Lexer lexer(pdf, end);
    std::size_t i = lexer.skip_space(key_at + kByteRangeKey.size());
    if (i >= end || pdf[i] != '[') return std::nullopt;
    ++i;
    std::uint64_t numbers[4] = {};
    for (std::uint64_t& n : numbers) {
        i = lexer.skip_space(i);
        std::size_t digits = 0;
        for (; i < end && is_digit(pdf[i]); ++i) {
            if (++digits > kMaxNumberDigits) return std::nullopt;
            n = n * 10 + static_cast<std::uint64_t>(pdf[i] - '0');
        }
        if (digits == 0 || (i < end && is_regular(pdf[i]))) return std::nullopt;  // "-1", "1.5", "1x"
    }
    i = lexer.skip_space(i);
    if (i >= end || pdf[i] != ']') return std::nullopt;
    return ByteRange{numbers[0], numbers[1], numbers[2], numbers[3], key_at};
}

struct ByteRanges {
    std::size_t keys = 0;             ///< "/ByteRange" keys in the file
    std::optional<ByteRange> last;    ///< the readable one that ends last (the later one on a tie)
};

ByteRanges find_byte_ranges(std::string_view pdf) {
    ByteRanges found;
    for (std::size_t at = pdf.find(kByteRangeKey); at != std::string_view::npos;
         at = pdf.find(kByteRangeKey, at + 1)) {
        const std::size_t after = at + kByteRangeKey.size();
        if (after < pdf.size() && is_regular(pdf[after])) continue;  // "/ByteRanges" is another name
        ++found.keys;
        const auto range = read_byte_range(pdf, at);
        if (range && (!found.last || range->end() >= found.last->end())) found.last = range;
    }
    return found;
}

/// A PDF date, "D:YYYYMMDDHHmmSSOHH'mm'" (ISO 32000-1 §7.9.4): every part after the year is
/// optional; no zone is read as UTC.
std::optional<TimePoint> parse_pdf_date(std::string_view text) {
    if (text.substr(0, 2) == "D:") text.remove_prefix(2);
    std::size_t i = 0;
    auto number = [&](std::size_t digits, int& out) {
        if (text.size() - i < digits) return false;
        int value = 0;
        for (std::size_t k = 0; k < digits; ++k, ++i) {
            if (!is_digit(text[i])) return false;
            value = value * 10 + (text[i] - '0');
        }
        out = value;
        return true;
    };
    auto optional_number = [&](int& out) { return i >= text.size() || !is_digit(text[i]) || number(2, out); };
    int year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0;
    if (!number(4, year) || !optional_number(month) || !optional_number(day) || !optional_number(hour) ||
        !optional_number(minute) || !optional_number(second)) {
        return std::nullopt;
    }
    int offset_minutes = 0;
    if (i < text.size()) {
        const char sign = text[i++];
        if (sign != 'Z' && sign != '+' && sign != '-') return std::nullopt;
        int offset_hours = 0;
        int offset_rest = 0;
        // "Z" may still be followed by "00'00'" (old writers); "+"/"-" need the hours.
        if (sign != 'Z' || i < text.size()) {
            if (!number(2, offset_hours)) return std::nullopt;
            if (i < text.size() && text[i] == '\'') ++i;
            if (!optional_number(offset_rest)) return std::nullopt;
            if (i < text.size() && text[i] == '\'') ++i;
        }
        if (offset_hours > 23 || offset_rest > 59) return std::nullopt;
        offset_minutes = (sign == '-' ? -1 : 1) * (offset_hours * 60 + offset_rest);
    }
    if (i != text.size()) return std::nullopt;
    const std::chrono::year_month_day date{std::chrono::year(year), std::chrono::month(static_cast<unsigned>(month)),
                                           std::chrono::day(static_cast<unsigned>(day))};
    if (!date.ok() || hour > 23 || minute > 59 || second > 59) return std::nullopt;
    return TimePoint(std::chrono::sys_days(date)) + std::chrono::hours(hour) + std::chrono::minutes(minute) +
           std::chrono::seconds(second) - std::chrono::minutes(offset_minutes);
}

/// The /M of a signature dictionary: a literal string without escapes (a date needs none) or a
/// hex string.
std::optional<TimePoint> read_signing_time(std::string_view pdf, const Dictionary& signature) {
    const Entry* m = signature.find("/M");
    if (m == nullptr || m->value_end - m->value_at < 2) return std::nullopt;
    const std::string_view value = pdf.substr(m->value_at, m->value_end - m->value_at);
    const std::string_view inner = value.substr(1, value.size() - 2);
    if (value.front() == '(' && inner.find('\\') == std::string_view::npos) return parse_pdf_date(inner);
    if (value.front() == '<') {
        std::string text;
        int high = -1;
        for (char c : inner) {
            const int v = hex_value(c);
            if (v < 0) continue;  // whitespace: the lexer let only hex digits and spaces through
            if (high < 0) {
                high = v;
            } else {
                text.push_back(static_cast<char>(high * 16 + v));
                high = -1;
            }
        }
        return parse_pdf_date(text);
    }
    return std::nullopt;
}

/// The parts of the last signature of a file, located and checked for shape.
struct Located {
    ByteRange range;
    std::string_view contents_hex;  ///< between the '<' and '>'
    std::optional<TimePoint> signed_at;
};

/// The last signature, or a Problem naming what about it cannot be read (the file is damaged).
Result<Located> locate(std::string_view pdf, const ByteRange& r) {
    const std::uint64_t size = pdf.size();
    const std::string range = r.text();
    if (r.a != 0) return Result<Located>::failure("/ByteRange", range + " does not start at byte 0");
    if (r.b >= r.c || r.c - r.b < 2) return Result<Located>::failure("/ByteRange", range + " skips nothing");
    if (r.end() > size) {
        return Result<Located>::failure(
            "/ByteRange", fmt::format("{} ends at byte {}, past the end of the {}-byte file", range, r.end(), size));
    }
    const std::size_t gap_begin = static_cast<std::size_t>(r.b);
    const std::size_t gap_end = static_cast<std::size_t>(r.c);
    if (pdf[gap_begin] != '<' || pdf[gap_end - 1] != '>') {
        return Result<Located>::failure("/ByteRange", range + ": the bytes it skips are not one hex string <...>");
    }
    const std::string_view hex = pdf.substr(gap_begin + 1, gap_end - gap_begin - 2);
    if (hex.empty() || hex.size() > kMaxContentsHexDigits || hex.size() % 2 != 0) {
        return Result<Located>::failure("/Contents",
                                        fmt::format("{} hex digits, not an even number up to {}", hex.size(),
                                                    kMaxContentsHexDigits));
    }
    if (const auto bad = std::find_if(hex.begin(), hex.end(), [](char c) { return hex_value(c) < 0; });
        bad != hex.end()) {
        return Result<Located>::failure(
            "/Contents", fmt::format("byte {} of the signature value is not a hex digit",
                                     gap_begin + 1 + static_cast<std::size_t>(bad - hex.begin())));
    }
    const auto signature = dictionary_around(pdf, r.key_at);
    if (!signature) {
        return Result<Located>::failure("/ByteRange",
                                        fmt::format("the /ByteRange at byte {} is not in a readable dictionary", r.key_at));
    }
    const Entry* contents = signature->find("/Contents");
    if (contents == nullptr || contents->value_at != gap_begin || contents->value_end != gap_end) {
        return Result<Located>::failure(
            "/Contents", fmt::format("the bytes {} skips are not the /Contents of its dictionary at byte {}", range,
                                     signature->begin));
    }
    return Located{r, hex, read_signing_time(pdf, *signature)};
}

// ---------------------------------------------------------------------------------------------
// OpenSSL

/// Empties this thread's OpenSSL error queue on the way in and out, so nothing leaks into (or
/// from) other code using OpenSSL on the thread.
class ErrorQueueScope {
public:
    ErrorQueueScope() { ERR_clear_error(); }
    ~ErrorQueueScope() { ERR_clear_error(); }
    ErrorQueueScope(const ErrorQueueScope&) = delete;
    ErrorQueueScope& operator=(const ErrorQueueScope&) = delete;
};

struct OpensslErrors {
    std::string text;                   ///< the newest error, "unknown error" when none
    bool verification_failure = false;  ///< a digest or signature did not match (not: could not be checked)
};

OpensslErrors take_errors() {
    OpensslErrors out;
    unsigned long last = 0;
    while (const unsigned long code = ERR_get_error()) {
        if (ERR_GET_LIB(code) == ERR_LIB_CMS && ERR_GET_REASON(code) == CMS_R_VERIFICATION_FAILURE) {
            out.verification_failure = true;
        }
        last = code;
    }
    char text[256] = "unknown error";
    if (last != 0) ERR_error_string_n(last, text, sizeof text);
    out.text = text;
    return out;
}

/// The text without control characters or invalid UTF-8, safe to log and to show.
std::string printable(std::string_view text) {
    std::string out;
    for (char c : replace_invalid_utf8(text)) {
        if (static_cast<unsigned char>(c) >= 0x20 && c != 0x7F) out.push_back(c);
    }
    return out;
}

std::string common_name(X509* cert) {
    X509_NAME* name = X509_get_subject_name(cert);
    const int at = X509_NAME_get_index_by_NID(name, NID_commonName, -1);
    if (at < 0) return {};
    unsigned char* utf8 = nullptr;
    const int length = ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, at)));
    if (length < 0) return {};
    const std::string out(reinterpret_cast<const char*>(utf8), static_cast<std::size_t>(length));
    OPENSSL_free(utf8);
    return printable(out);
}

std::string decode_hex(std::string_view hex) {
    std::string out(hex.size() / 2, '\0');
    for (std::size_t i = 0; i < out.size(); ++i) {
        out[i] = static_cast<char>(hex_value(hex[2 * i]) * 16 + hex_value(hex[2 * i + 1]));
    }
    return out;
}

std::string time_text(const std::optional<TimePoint>& at) {
    return at ? format_utc(*at) + " (its /M)" : "the current time (no readable /M)";
}

}  // namespace

struct SignatureVerifier::Trust {
    Store store;
};

SignatureVerifier::SignatureVerifier(const std::vector<std::string>& trusted_ca_pems)
    : trust_(std::make_unique<Trust>()) {
    const ErrorQueueScope errors;
    if (trusted_ca_pems.empty()) throw Error("signature verifier: no trusted CA certificate given");
    trust_->store.reset(X509_STORE_new());
    if (!trust_->store) throw Error("signature verifier: cannot allocate the certificate store");
    for (std::size_t i = 0; i < trusted_ca_pems.size(); ++i) {
        const std::string& pem = trusted_ca_pems[i];
        const std::string which = fmt::format("signature verifier: trusted CA text {} of {}", i + 1, trusted_ca_pems.size());
        if (pem.size() > INT_MAX) throw Error(which + " is too large");
        Bio bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
        if (!bio) throw Error(which + ": cannot be read");
        int count = 0;
        while (X509* read = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)) {
            const Cert cert(read);
            if (X509_STORE_add_cert(trust_->store.get(), cert.get()) != 1) {
                throw Error(which + ": certificate " + std::to_string(count + 1) + " cannot be trusted: " +
                            take_errors().text);
            }
            ++count;
        }
        // Reading stops with "no start line" at the end of the text; any other error is a
        // certificate that is there but broken.
        const unsigned long stop = ERR_peek_last_error();
        if (stop != 0 && !(ERR_GET_LIB(stop) == ERR_LIB_PEM && ERR_GET_REASON(stop) == PEM_R_NO_START_LINE)) {
            throw Error(which + ": certificate " + std::to_string(count + 1) + " is unreadable: " + take_errors().text);
        }
        ERR_clear_error();
        if (count == 0) throw Error(which + " holds no PEM certificate");
    }
    // Every certificate given is an anchor, so a CA below a root can be trusted alone.
    X509_STORE_set_flags(trust_->store.get(), X509_V_FLAG_PARTIAL_CHAIN);
}

SignatureVerifier::SignatureVerifier(SignatureVerifier&&) noexcept = default;
SignatureVerifier& SignatureVerifier::operator=(SignatureVerifier&&) noexcept = default;
SignatureVerifier::~SignatureVerifier() = default;

SignatureVerdict SignatureVerifier::verify(std::string_view pdf) const {
    const ErrorQueueScope errors;
    SignatureVerdict verdict;
    auto conclude = [&verdict](Status status, std::string detail) {
        verdict.status = status;
        verdict.detail = std::move(detail);
        return verdict;
    };
    if (pdf.size() > kMaxPdfBytes) {
        return conclude(Status::damaged, fmt::format("{} bytes, more than the {} this reads", pdf.size(), kMaxPdfBytes));
    }
    if (pdf.substr(0, 1024).find("%PDF-") == std::string_view::npos) {
        return conclude(Status::damaged, "not a PDF: no %PDF- header in the first 1024 bytes");
    }
    const ByteRanges ranges = find_byte_ranges(pdf);
    if (ranges.keys == 0) return conclude(Status::none, "no /ByteRange in the file");
    if (!ranges.last) {
        return conclude(Status::damaged,
                        fmt::format("{} /ByteRange key(s), none followed by [a b c d]", ranges.keys));
    }
    const Result<Located> located = locate(pdf, *ranges.last);
    if (!located) return conclude(Status::damaged, located.error().field + ": " + located.error().message);
    const ByteRange& range = located->range;
    verdict.signed_at = located->signed_at;
    verdict.covers_whole_document = range.end() == pdf.size();

    // The CMS: DER (or BER) from the start of the hex; the rest must be zero padding.
    const std::string der = decode_hex(located->contents_hex);
    const auto* start = reinterpret_cast<const unsigned char*>(der.data());
    const unsigned char* next = start;
    const Cms cms(d2i_CMS_ContentInfo(nullptr, &next, static_cast<long>(der.size())));
    if (!cms) return conclude(Status::damaged, "/Contents is not a CMS: " + take_errors().text);
    const auto used = static_cast<std::size_t>(next - start);
    if (der.find_first_not_of('\0', used) != std::string::npos) {
        return conclude(Status::damaged,
                        fmt::format("/Contents has {} bytes after its {}-byte CMS that are not zero padding",
                                    der.size() - used, used));
    }
    if (OBJ_obj2nid(CMS_get0_type(cms.get())) != NID_pkcs7_signed) {
        return conclude(Status::damaged, "/Contents is a CMS but not SignedData");
    }
    if (CMS_is_detached(cms.get()) != 1) {
        return conclude(Status::damaged, "the CMS carries its own content; only detached signatures are read");
    }
    STACK_OF(CMS_SignerInfo)* signers = CMS_get0_SignerInfos(cms.get());
    if (sk_CMS_SignerInfo_num(signers) != 1) {
        return conclude(Status::damaged,
                        fmt::format("the CMS has {} signers; a PDF signature has one", sk_CMS_SignerInfo_num(signers)));
    }
    CMS_set1_signers_certs(cms.get(), nullptr, 0);
    X509* signer = nullptr;
    CMS_SignerInfo_get0_algs(sk_CMS_SignerInfo_value(signers, 0), nullptr, &signer, nullptr, nullptr);
    if (signer == nullptr) return conclude(Status::damaged, "the CMS does not carry the signer's certificate");
    verdict.signer_name = common_name(signer);
    take_errors();

    // (1) Integrity: the covered bytes against the message digest, the signed attributes
    // against the signature. The chain is step (2).
    std::string covered;
    covered.reserve(static_cast<std::size_t>(range.b + range.d));
    covered.append(pdf.substr(0, static_cast<std::size_t>(range.b)));
    covered.append(pdf.substr(static_cast<std::size_t>(range.c), static_cast<std::size_t>(range.d)));
    const Bio content(BIO_new_mem_buf(covered.data(), static_cast<int>(covered.size())));
    if (!content) return conclude(Status::damaged, "cannot allocate the content buffer");
    if (CMS_verify(cms.get(), nullptr, nullptr, content.get(), nullptr, CMS_NO_SIGNER_CERT_VERIFY | CMS_BINARY) != 1) {
        const OpensslErrors failed = take_errors();
        if (failed.verification_failure) {
            return conclude(Status::altered, fmt::format("{}: the signed bytes or the signature do not match ({})",
                                                         range.text(), failed.text));
        }
        return conclude(Status::damaged, fmt::format("{}: the CMS cannot be checked ({})", range.text(), failed.text));
    }
    if (!verdict.covers_whole_document) {
        return conclude(Status::altered,
                        fmt::format("{}: the signed bytes are intact, but {} bytes were added after them", range.text(),
                                    pdf.size() - range.end()));
    }

    // (2) Trust: the signer chains to a trusted CA at the claimed signing time, with the CMS's
    // certificates as intermediates. Any purpose: signers carry document-signing EKUs, not S/MIME.
    const Chain intermediates(CMS_get1_certs(cms.get()));
    const StoreContext context(X509_STORE_CTX_new());
    if (!context || X509_STORE_CTX_init(context.get(), trust_->store.get(), signer, intermediates.get()) != 1) {
        return conclude(Status::damaged, "cannot start the certificate check: " + take_errors().text);
    }
    X509_STORE_CTX_set_purpose(context.get(), X509_PURPOSE_ANY);
    if (verdict.signed_at) {
        X509_VERIFY_PARAM_set_time(X509_STORE_CTX_get0_param(context.get()),
                                   std::chrono::system_clock::to_time_t(*verdict.signed_at));
    }
    if (X509_verify_cert(context.get()) != 1) {
        return conclude(Status::untrusted,
                        fmt::format("{}: intact, but the signer \"{}\" does not chain to a trusted CA at {}: {}",
                                    range.text(), verdict.signer_name, time_text(verdict.signed_at),
                                    X509_verify_cert_error_string(X509_STORE_CTX_get_error(context.get()))));
    }
    return conclude(Status::valid, fmt::format("{}: intact, whole file, signer \"{}\" chains to a trusted CA at {}",
                                               range.text(), verdict.signer_name, time_text(verdict.signed_at)));
}

std::string_view to_string(SignatureVerdict::Status status) {
    switch (status) {
        case Status::none: return "none";
        case Status::valid: return "valid";
        case Status::altered: return "altered";
        case Status::untrusted: return "untrusted";
        case Status::damaged: return "damaged";
    }
    return "unknown";
}

std::string describe_for_public(const SignatureVerdict& verdict) {
    switch (verdict.status) {
        case Status::valid: {
            const std::string name = printable(verdict.signer_name);
            if (name.empty()) return "Tanda tangan elektronik sah. Isi berkas tidak berubah sejak ditandatangani.";
            // "… oleh Andi Wijaya, S.Sos." ends the sentence with the name's own full stop.
            return "Tanda tangan elektronik sah, ditandatangani oleh " + name + (name.back() == '.' ? "" : ".") +
                   " Isi berkas tidak berubah sejak ditandatangani.";
        }
        case Status::altered:
            return "Isi berkas sudah diubah setelah ditandatangani, sehingga tanda tangan elektroniknya tidak "
                   "berlaku untuk berkas ini.";
        case Status::untrusted:
            return "Tanda tangan elektronik tidak dapat dipastikan: sertifikat penanda tangan tidak diterbitkan "
                   "oleh pihak yang kami percayai, atau tidak berlaku pada waktu penandatanganan.";
        case Status::damaged:
            return "Berkas ini bukan PDF yang utuh, atau tanda tangan elektroniknya rusak sehingga tidak dapat "
                   "diperiksa.";
        case Status::none:
            return "Berkas ini tidak memuat tanda tangan elektronik.";
    }
    return "Tanda tangan elektronik tidak dapat diperiksa.";
}

}  // namespace ekel::office
