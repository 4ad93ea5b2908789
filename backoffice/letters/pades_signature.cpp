#include "backoffice/letters/pades_signature.h"

#include "backoffice/letters/openssl_handles.h"

#include <fmt/format.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/ess.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/x509.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <cstdio>
#include <ctime>
#include <map>
#include <optional>
#include <vector>

#include "shared/util/error.h"
#include "shared/util/text.h"
#include "shared/util/time.h"

namespace ekel::office {

namespace {

// Room for the DER CMS in /Contents: an RSA-3072 signature with a three-certificate chain is
// about 4 KB; a B-T timestamp added later needs several KB more.
constexpr std::size_t kContentsBytes = 8192;
// The /ByteRange is written with fixed-width numbers and patched in place once offsets are known.
constexpr std::string_view kByteRangePlaceholder = "/ByteRange [0 0000000000 0000000000 0000000000]";

using namespace openssl;

/// The newest OpenSSL error as text, and the queue emptied.
std::string openssl_error() {
    unsigned long code = 0;
    unsigned long last = 0;
    while ((code = ERR_get_error()) != 0) last = code;
    if (last == 0) return "unknown error";
    char text[256];
    ERR_error_string_n(last, text, sizeof text);
    return text;
}

[[noreturn]] void fail(const std::string& what) { throw Error("PAdES signature: " + what + ": " + openssl_error()); }

// ---------------------------------------------------------------------------------------------
// Reading the PDF our libharu code writes: PDF-1.3, a classic xref table, no object streams.

/// The end of the dictionary that starts at `open` ("<<"), past its ">>"; strings skipped.
std::size_t dictionary_end(std::string_view pdf, std::size_t open) {
    int depth = 0;
    for (std::size_t i = open; i + 1 < pdf.size(); ++i) {
        const char c = pdf[i];
        if (c == '(') {  // a literal string: balanced parentheses, backslash escapes
            int parens = 1;
            for (++i; i < pdf.size() && parens > 0; ++i) {
                if (pdf[i] == '\\') ++i;
                else if (pdf[i] == '(') ++parens;
                else if (pdf[i] == ')') --parens;
            }
            --i;
        } else if (c == '<' && pdf[i + 1] == '<') {
            ++depth;
            ++i;
        } else if (c == '>' && pdf[i + 1] == '>') {
            --depth;
            ++i;
            if (depth == 0) return i + 1;
        } else if (c == '<') {  // a hex string
            i = pdf.find('>', i);
            if (i == std::string_view::npos) break;
        }
    }
    throw Error("PAdES signature: unbalanced dictionary at byte " + std::to_string(open));
}

/// The text of the dictionary that starts at or after `from`.
std::string_view dictionary_at(std::string_view pdf, std::size_t from) {
    const std::size_t open = pdf.find("<<", from);
    if (open == std::string_view::npos) throw Error("PAdES signature: no dictionary at byte " + std::to_string(from));
    return pdf.substr(open, dictionary_end(pdf, open) - open);
}

/// The object number of "/Key N 0 R" in `dict`, if that key is present as a reference.
std::optional<int> reference(std::string_view dict, std::string_view key) {
    std::size_t at = 0;
    while ((at = dict.find(key, at)) != std::string_view::npos) {
        at += key.size();
        // Whole names only: "/Pages" must not match "/PagesX".
        if (at < dict.size() && (std::isalnum(static_cast<unsigned char>(dict[at])) != 0)) continue;
        int number = 0;
        int generation = 0;
        char r = 0;
        const std::string rest(dict.substr(at, 32));
        if (std::sscanf(rest.c_str(), " %d %d %c", &number, &generation, &r) == 3 && r == 'R') return number;
        return std::nullopt;
    }
    return std::nullopt;
}

struct Trailer {
    std::size_t xref_offset = 0;
    int size = 0;
    int root = 0;
    std::optional<int> info;
    std::map<int, std::size_t> offsets;  ///< object number → offset of "N 0 obj"
};

Trailer read_trailer(std::string_view pdf) {
    Trailer t;
    const std::size_t startxref = pdf.rfind("startxref");
    if (startxref == std::string_view::npos) throw Error("PAdES signature: the PDF has no startxref");
    t.xref_offset = std::stoul(std::string(pdf.substr(startxref + 9, 24)));
    if (pdf.substr(t.xref_offset, 4) != "xref") {
        throw Error("PAdES signature: no classic xref table at byte " + std::to_string(t.xref_offset));
    }
    std::size_t at = t.xref_offset + 4;
    const std::size_t trailer = pdf.find("trailer", at);
    if (trailer == std::string_view::npos) throw Error("PAdES signature: the PDF has no trailer");
    while (at < trailer) {
        int first = 0;
        int count = 0;
        int consumed = 0;
        const std::string head(pdf.substr(at, 48));
        if (std::sscanf(head.c_str(), " %d %d%n", &first, &count, &consumed) != 2) break;
        at += static_cast<std::size_t>(consumed);
        while (at < pdf.size() && (pdf[at] == '\r' || pdf[at] == '\n' || pdf[at] == ' ')) ++at;
        for (int i = 0; i < count; ++i, at += 20) {
            const std::string entry(pdf.substr(at, 20));
            if (entry.size() == 20 && entry[17] == 'n') t.offsets[first + i] = std::stoul(entry.substr(0, 10));
        }
    }
    const std::string_view dict = dictionary_at(pdf, trailer);
    const std::string size_text(dict.substr(dict.find("/Size") + 5, 16));
    t.size = std::atoi(size_text.c_str());
    auto root = reference(dict, "/Root");
    if (!root || t.size <= 0) throw Error("PAdES signature: the trailer has no /Root or /Size");
    t.root = *root;
    t.info = reference(dict, "/Info");
    return t;
}

std::string_view object_dictionary(std::string_view pdf, const Trailer& t, int number) {
    auto found = t.offsets.find(number);
    if (found == t.offsets.end()) throw Error("PAdES signature: object " + std::to_string(number) + " is not in the xref");
    return dictionary_at(pdf, found->second);
}

/// The dictionary without its closing ">>", so keys can be added.
std::string open_dictionary(std::string_view dict) { return std::string(dict.substr(0, dict.size() - 2)); }

// ---------------------------------------------------------------------------------------------
// The CMS SignedData of PAdES B-B.

/// The DER of the signed attributes as they are signed: SET OF, DER-sorted.
std::vector<unsigned char> signed_attributes_der(CMS_SignerInfo* signer) {
    std::vector<std::string> encoded;
    for (int i = 0; i < CMS_signed_get_attr_count(signer); ++i) {
        unsigned char* der = nullptr;
        const int length = i2d_X509_ATTRIBUTE(CMS_signed_get_attr(signer, i), &der);
        if (length <= 0) fail("encoding a signed attribute");
        encoded.emplace_back(reinterpret_cast<const char*>(der), static_cast<std::size_t>(length));
        OPENSSL_free(der);
    }
    // DER orders a SET OF by its encodings as unsigned bytes, which is how std::string compares.
    std::sort(encoded.begin(), encoded.end());
    std::vector<unsigned char> body;
    for (const auto& e : encoded) body.insert(body.end(), e.begin(), e.end());
    std::vector<unsigned char> out{0x31};
    const std::size_t n = body.size();
    if (n < 0x80) {
        out.push_back(static_cast<unsigned char>(n));
    } else {
        std::vector<unsigned char> length;
        for (std::size_t v = n; v > 0; v >>= 8) length.insert(length.begin(), static_cast<unsigned char>(v & 0xFF));
        out.push_back(static_cast<unsigned char>(0x80 | length.size()));
        out.insert(out.end(), length.begin(), length.end());
    }
    out.insert(out.end(), body.begin(), body.end());
    return out;
}

std::string cms_signature(const std::string& covered, const SigningKey::Parts& key);

std::string hex_upper(const std::string& bytes) {
    static constexpr char kDigits[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (unsigned char c : bytes) {
        out.push_back(kDigits[c >> 4]);
        out.push_back(kDigits[c & 0x0F]);
    }
    return out;
}

/// A PDF text string: ASCII kept (with escapes), anything else as UTF-16BE hex.
std::string pdf_text(const std::string& utf8) {
    const bool ascii = std::all_of(utf8.begin(), utf8.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
    if (ascii) {
        std::string out = "(";
        for (char c : utf8) {
            if (c == '(' || c == ')' || c == '\\') out.push_back('\\');
            out.push_back(c);
        }
        return out + ")";
    }
    std::string utf16 = "\xFE\xFF";
    for (std::size_t i = 0; i < utf8.size();) {
        const Utf8Char c = decode_utf8(utf8, i);
        std::uint32_t cp = c.length == 0 ? 0xFFFD : c.code_point;  // a broken byte prints as �
        i += c.length == 0 ? 1 : c.length;
        auto put = [&](std::uint32_t unit) {
            utf16.push_back(static_cast<char>(unit >> 8));
            utf16.push_back(static_cast<char>(unit & 0xFF));
        };
        if (cp >= 0x10000) {
            cp -= 0x10000;
            put(0xD800 + (cp >> 10));
            put(0xDC00 + (cp & 0x3FF));
        } else {
            put(cp);
        }
    }
    std::string out = "<";
    out += hex_upper(utf16);
    out += '>';
    return out;
}

/// D:YYYYMMDDHHmmSS+08'00' in the kelurahan's zone.
std::string pdf_date(TimePoint at, int utc_offset_minutes) {
    const LocalTime local = to_local(at, utc_offset_minutes);
    const int offset = std::abs(utc_offset_minutes);
    return fmt::format("D:{:04d}{:02d}{:02d}{:02d}{:02d}{:02d}{}{:02d}'{:02d}'", local.date.year, local.date.month,
                       local.date.day, local.hour, local.minute, local.second, utc_offset_minutes < 0 ? '-' : '+',
                       offset / 60, offset % 60);
}

}  // namespace

struct SigningKey::Parts {
    openssl::Pkey key;
    openssl::Cert cert;
    openssl::Chain chain;
};

SigningKey::SigningKey(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {}
SigningKey::SigningKey(SigningKey&&) noexcept = default;
SigningKey& SigningKey::operator=(SigningKey&&) noexcept = default;
SigningKey::~SigningKey() = default;

SigningKey SigningKey::from_pkcs12(const std::string& path, const std::string& password) {
    Bio file(BIO_new_file(path.c_str(), "rb"));
    if (!file) throw Error("signing key " + path + ": cannot be read: " + openssl_error());
    Pkcs12 p12(d2i_PKCS12_bio(file.get(), nullptr));
    if (!p12) throw Error("signing key " + path + ": not a PKCS#12 file: " + openssl_error());
    EVP_PKEY* key = nullptr;
    X509* cert = nullptr;
    STACK_OF(X509)* chain = nullptr;
    if (PKCS12_parse(p12.get(), password.c_str(), &key, &cert, &chain) != 1) {
        throw Error("signing key " + path + ": wrong password or damaged file: " + openssl_error());
    }
    auto parts = std::make_unique<Parts>(Parts{Pkey(key), Cert(cert), Chain(chain)});
    if (!parts->key || !parts->cert) throw Error("signing key " + path + ": holds no private key and certificate");
    if (X509_check_private_key(parts->cert.get(), parts->key.get()) != 1) {
        throw Error("signing key " + path + ": the certificate does not belong to the key");
    }
    return SigningKey(std::move(parts));
}

std::string SigningKey::common_name() const {
    char name[256] = {0};
    X509_NAME_get_text_by_NID(X509_get_subject_name(parts_->cert.get()), NID_commonName, name, sizeof name);
    return name;
}

std::vector<std::string> SigningKey::chain_pems() const {
    std::vector<std::string> pems;
    const int count = parts_->chain ? sk_X509_num(parts_->chain.get()) : 0;
    for (int i = 0; i < count; ++i) {
        Bio out(BIO_new(BIO_s_mem()));
        if (!out || PEM_write_bio_X509(out.get(), sk_X509_value(parts_->chain.get(), i)) != 1) {
            fail("writing a chain certificate");
        }
        char* data = nullptr;
        const long size = BIO_get_mem_data(out.get(), &data);
        pems.emplace_back(data, static_cast<std::size_t>(size));
    }
    return pems;
}

namespace {

TimePoint certificate_time(const ASN1_TIME* time) {
    std::tm tm{};
    if (time == nullptr || ASN1_TIME_to_tm(time, &tm) != 1) fail("reading a certificate's validity");
    return std::chrono::system_clock::from_time_t(timegm(&tm));
}

}  // namespace

TimePoint SigningKey::not_before() const { return certificate_time(X509_get0_notBefore(parts_->cert.get())); }
TimePoint SigningKey::not_after() const { return certificate_time(X509_get0_notAfter(parts_->cert.get())); }

namespace {

std::string cms_signature(const std::string& covered, const SigningKey::Parts& key) {
    const unsigned flags = CMS_DETACHED | CMS_BINARY | CMS_NOSMIMECAP | CMS_CADES | CMS_PARTIAL;
    Cms cms(CMS_sign(nullptr, nullptr, key.chain.get(), nullptr, flags));
    if (!cms) fail("starting the CMS");
    CMS_SignerInfo* signer = CMS_add1_signer(cms.get(), key.cert.get(), key.key.get(), EVP_sha256(), flags);
    if (signer == nullptr) fail("adding the signer");
    Bio data(BIO_new_mem_buf(covered.data(), static_cast<int>(covered.size())));
    if (!data || CMS_final(cms.get(), data.get(), nullptr, flags) != 1) fail("signing");
    // PAdES B-B: the claimed time is /M, never a signing-time attribute; OpenSSL always adds
    // one, so it is removed and the remaining attributes are signed again.
    const int at = CMS_signed_get_attr_by_NID(signer, NID_pkcs9_signingTime, -1);
    if (at >= 0) X509_ATTRIBUTE_free(CMS_signed_delete_attr(signer, at));
    const std::vector<unsigned char> to_sign = signed_attributes_der(signer);
    MdContext md(EVP_MD_CTX_new());
    std::size_t length = 0;
    if (!md || EVP_DigestSignInit(md.get(), nullptr, EVP_sha256(), nullptr, key.key.get()) != 1 ||
        EVP_DigestSign(md.get(), nullptr, &length, to_sign.data(), to_sign.size()) != 1) {
        fail("signing the attributes");
    }
    std::vector<unsigned char> signature(length);
    if (EVP_DigestSign(md.get(), signature.data(), &length, to_sign.data(), to_sign.size()) != 1) {
        fail("signing the attributes");
    }
    ASN1_STRING_set(CMS_SignerInfo_get0_signature(signer), signature.data(), static_cast<int>(length));
    unsigned char* der = nullptr;
    const int der_length = i2d_CMS_ContentInfo(cms.get(), &der);
    if (der_length <= 0) fail("encoding the CMS");
    std::string out(reinterpret_cast<char*>(der), static_cast<std::size_t>(der_length));
    OPENSSL_free(der);
    return out;
}

}  // namespace

std::string sign_pdf(std::string_view pdf, const SigningKey& key, const SignatureDetails& details) {
    const Trailer t = read_trailer(pdf);
    const std::string_view catalog = object_dictionary(pdf, t, t.root);
    if (catalog.find("/AcroForm") != std::string_view::npos) {
        throw Error("PAdES signature: the PDF already has a form; only our own letters are signed");
    }
    auto pages_number = reference(catalog, "/Pages");
    if (!pages_number) throw Error("PAdES signature: the catalog has no /Pages");
    const std::string_view pages = object_dictionary(pdf, t, *pages_number);
    const std::size_t kids = pages.find("/Kids");
    int first_page = 0;
    if (kids == std::string_view::npos ||
        std::sscanf(std::string(pages.substr(pages.find('[', kids) + 1, 32)).c_str(), " %d", &first_page) != 1) {
        throw Error("PAdES signature: the page tree has no first page");
    }
    const std::string_view page = object_dictionary(pdf, t, first_page);

    const int widget = t.size;
    const int signature = t.size + 1;
    const std::string widget_ref = fmt::format("{} 0 R", widget);
    std::string page_dict;
    if (const std::size_t annots = page.find("/Annots"); annots != std::string_view::npos) {
        const std::size_t open = page.find_first_not_of(" \r\n", annots + 7);
        if (open == std::string_view::npos || page[open] != '[') {
            throw Error("PAdES signature: the first page's /Annots is not an inline array");
        }
        page_dict = std::string(page.substr(0, open + 1)) + widget_ref + " " + std::string(page.substr(open + 1));
    } else {
        page_dict = open_dictionary(page) + " /Annots [" + widget_ref + "] >>";
    }

    std::string out(pdf);
    if (out.back() != '\n') out += '\n';
    std::map<int, std::size_t> written;
    auto write_object = [&](int number, const std::string& body) {
        written[number] = out.size();
        out += fmt::format("{} 0 obj\n{}\nendobj\n", number, body);
    };
    write_object(t.root, open_dictionary(catalog) + fmt::format(" /AcroForm << /Fields [{}] /SigFlags 3 >> >>", widget_ref));
    write_object(first_page, page_dict);
    write_object(widget, fmt::format("<< /Type /Annot /Subtype /Widget /FT /Sig /T (Tanda tangan elektronik) /V {} 0 R "
                                     "/P {} 0 R /Rect [0 0 0 0] /F 132 >>",
                                     signature, first_page));
    std::string sig = "<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /M " +
                      pdf_text(pdf_date(details.signed_at, details.utc_offset_minutes));
    if (!details.reason.empty()) sig += " /Reason " + pdf_text(details.reason);
    if (!details.location.empty()) sig += " /Location " + pdf_text(details.location);
    if (const std::string name = key.common_name(); !name.empty()) sig += " /Name " + pdf_text(name);
    sig += " " + std::string(kByteRangePlaceholder) + " /Contents <";
    written[signature] = out.size();
    out += fmt::format("{} 0 obj\n", signature) + sig;
    const std::size_t contents_start = out.size() - 1;  // the '<'
    out += std::string(kContentsBytes * 2, '0') + "> >>\nendobj\n";
    const std::size_t contents_end = contents_start + kContentsBytes * 2 + 2;  // just past '>'

    const std::size_t xref = out.size();
    out += "xref\n";
    for (const auto& [number, offset] : written) out += fmt::format("{} 1\n{:010d} 00000 n\r\n", number, offset);
    out += fmt::format("trailer\n<< /Size {} /Root {} 0 R", signature + 1, t.root);
    if (t.info) out += fmt::format(" /Info {} 0 R", *t.info);
    out += fmt::format(" /Prev {} >>\nstartxref\n{}\n%%EOF\n", t.xref_offset, xref);

    const std::string byte_range = fmt::format("/ByteRange [0 {} {} {}]", contents_start, contents_end, out.size() - contents_end);
    const std::size_t range_at = out.rfind(kByteRangePlaceholder, contents_start);
    out.replace(range_at, kByteRangePlaceholder.size(),
                byte_range + std::string(kByteRangePlaceholder.size() - byte_range.size(), ' '));

    const std::string covered = out.substr(0, contents_start) + out.substr(contents_end);
    const std::string der = cms_signature(covered, key.parts());
    if (der.size() > kContentsBytes) throw Error("PAdES signature: the CMS is larger than the room reserved for it");
    const std::string hex = hex_upper(der);
    out.replace(contents_start + 1, hex.size(), hex);
    return out;
}

}  // namespace ekel::office
