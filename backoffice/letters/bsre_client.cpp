// BSrE's Esign Client Service, API v2 (esign.md §4.3), over libcurl. The passphrase and the
// client credentials go into the request and nowhere else: messages are fixed sentences, and
// the log detail is scrubbed of them in case a service echoes what it was sent.
#include "backoffice/letters/bsre_client.h"

#include <curl/curl.h>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <memory>
#include <mutex>
#include <new>
#include <optional>
#include <utility>
#include <vector>

#include "shared/http/curl_handles.h"
#include "shared/util/error.h"
#include "shared/util/masking.h"

namespace ekel::office {

namespace {

using nlohmann::json;

constexpr const char* kUserAgent = "ekelurahan-office/0.1 (libcurl)";
constexpr const char* kSignPath = "/api/v2/sign/pdf";
constexpr std::size_t kMaxAnswerBytes = 256u * 1024 * 1024;  // a base64 signed PDF, with room
constexpr std::size_t kMaxDetailText = 200;                  // of BSrE's error text in a log line

// ---- messages for the signer (Indonesian; fixed, never what was sent) ---------------------------

constexpr const char* kNotIssued = "surat belum diterbitkan.";
constexpr const char* kAskPassphrase =
    "Ketik passphrase tanda tangan elektronik Anda untuk menerbitkan surat.";

std::string message_for(BsreFailure failure, long http_status, long timeout_ms,
                        bool expired_or_revoked) {
    switch (failure) {
        case BsreFailure::none:
            return {};
        case BsreFailure::invalid_request:
            return "Permintaan tanda tangan tidak lengkap; " + std::string(kNotIssued);
        case BsreFailure::wrong_passphrase:
            return "Passphrase salah. Periksa lalu ketik ulang; " + std::string(kNotIssued);
        case BsreFailure::not_registered:
            return "NIK penanda tangan belum terdaftar di layanan tanda tangan elektronik BSrE. "
                   "Hubungi admin TTE/BSrE; " +
                   std::string(kNotIssued);
        case BsreFailure::certificate_invalid:
            if (expired_or_revoked) {
                return "Sertifikat elektronik penanda tangan sudah tidak berlaku (kedaluwarsa atau "
                       "dicabut). Hubungi admin TTE/BSrE; " +
                       std::string(kNotIssued);
            }
            return "Penanda tangan belum memiliki sertifikat elektronik yang aktif di BSrE. "
                   "Hubungi admin TTE/BSrE; " +
                   std::string(kNotIssued);
        case BsreFailure::client_unauthorized:
            return "Layanan tanda tangan elektronik BSrE menolak akun aplikasi E-Kelurahan. Mohon "
                   "hubungi admin aplikasi; " +
                   std::string(kNotIssued);
        case BsreFailure::timeout: {
            const long seconds = std::max(1L, (timeout_ms + 999) / 1000);
            return "Layanan tanda tangan elektronik BSrE tidak menjawab dalam " +
                   std::to_string(seconds) +
                   " detik. Surat belum diterbitkan; coba lagi sebentar lagi.";
        }
        case BsreFailure::unreachable:
            return "Layanan tanda tangan elektronik BSrE tidak dapat dihubungi. Surat belum "
                   "diterbitkan; coba lagi sebentar lagi, atau hubungi admin aplikasi bila masih "
                   "gagal.";
        case BsreFailure::service_error:
            if (http_status == 0) {
                return "Sambungan ke layanan tanda tangan elektronik BSrE terputus. Surat belum "
                       "diterbitkan; coba lagi sebentar lagi.";
            }
            if (http_status >= 500) {
                return "Layanan tanda tangan elektronik BSrE sedang mengalami gangguan (kode " +
                       std::to_string(http_status) +
                       "). Surat belum diterbitkan; coba lagi sebentar lagi.";
            }
            return "Layanan tanda tangan elektronik BSrE menolak permintaan ini (kode " +
                   std::to_string(http_status) + "). Mohon hubungi admin aplikasi; " +
                   std::string(kNotIssued);
        case BsreFailure::invalid_answer:
            return "Jawaban layanan tanda tangan elektronik BSrE tidak berisi surat yang sudah "
                   "ditandatangani. Mohon hubungi admin aplikasi; " +
                   std::string(kNotIssued);
    }
    return {};
}

BsreSignResult failed(BsreFailure failure, std::string message, std::string detail,
                      long http_status = 0, int status_code = 0) {
    BsreSignResult result;
    result.failure = failure;
    result.message = std::move(message);
    result.detail = std::move(detail);
    result.http_status = http_status;
    result.status_code = status_code;
    return result;
}

// ---- base64 (RFC 4648, with padding) ------------------------------------------------------------

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string base64_encode(std::string_view bytes) {
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    std::size_t i = 0;
    for (; i + 3 <= bytes.size(); i += 3) {
        const unsigned n = static_cast<unsigned char>(bytes[i]) << 16 |
                           static_cast<unsigned char>(bytes[i + 1]) << 8 |
                           static_cast<unsigned char>(bytes[i + 2]);
        out += kAlphabet[n >> 18 & 63];
        out += kAlphabet[n >> 12 & 63];
        out += kAlphabet[n >> 6 & 63];
        out += kAlphabet[n & 63];
    }
    if (const std::size_t rest = bytes.size() - i; rest > 0) {
        unsigned n = static_cast<unsigned char>(bytes[i]) << 16;
        if (rest == 2) n |= static_cast<unsigned char>(bytes[i + 1]) << 8;
        out += kAlphabet[n >> 18 & 63];
        out += kAlphabet[n >> 12 & 63];
        out += rest == 2 ? kAlphabet[n >> 6 & 63] : '=';
        out += '=';
    }
    return out;
}

/// Decodes base64, skipping line breaks and spaces (a MIME-style encoder's output); nullopt when
/// anything else is off.
std::optional<std::string> base64_decode(std::string_view text) {
    std::string out;
    out.reserve(text.size() / 4 * 3);
    unsigned buffer = 0;
    int bits = 0;
    int padding = 0;
    for (char c : text) {
        if (c == '\r' || c == '\n' || c == ' ' || c == '\t') continue;
        if (c == '=') {
            ++padding;
            continue;
        }
        if (padding > 0) return std::nullopt;  // data after padding
        const char* at = std::char_traits<char>::find(kAlphabet, 64, c);
        if (at == nullptr) return std::nullopt;
        buffer = (buffer << 6) | static_cast<unsigned>(at - kAlphabet);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>((buffer >> bits) & 0xff);
        }
    }
    if (padding > 2 || bits >= 6) return std::nullopt;
    return out;
}

// ---- reading answers ----------------------------------------------------------------------------

std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

bool mentions_any(const std::string& lowered, std::initializer_list<std::string_view> words) {
    return std::any_of(words.begin(), words.end(), [&](std::string_view word) {
        return lowered.find(word) != std::string::npos;
    });
}

/// Replaces every occurrence of a secret. Log details are built from what BSrE and libcurl said;
/// a service that echoes its input must still not put a secret in our logs.
void scrub(std::string& text, const std::vector<std::string>& secrets) {
    constexpr std::string_view kHidden = "[disembunyikan]";
    for (const std::string& secret : secrets) {
        if (secret.empty()) continue;
        for (std::size_t at = text.find(secret); at != std::string::npos;
             at = text.find(secret, at + kHidden.size())) {
            text.replace(at, secret.size(), kHidden);
        }
    }
}

/// BSrE's error text made safe for one log line: secrets scrubbed and NIK-like digit runs masked
/// (both before it is cut, so no part of one survives), printable, short.
std::string loggable(std::string_view raw, const std::vector<std::string>& secrets) {
    std::string scrubbed(raw);
    scrub(scrubbed, secrets);
    const std::string masked = mask_digit_runs(scrubbed);
    const std::string_view text = masked;
    std::string_view kept = text.substr(0, kMaxDetailText);
    if (kept.size() < text.size()) {
        // Cut before a UTF-8 character, never inside one.
        while (!kept.empty() && (static_cast<unsigned char>(text[kept.size()]) & 0xC0) == 0x80)
            kept.remove_suffix(1);
    }
    std::string out;
    for (char c : kept) out += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? ' ' : c;
    if (kept.size() < text.size()) out += "…";
    return out;
}

std::string string_field(const json& object, const char* key) {
    if (!object.is_object()) return {};
    auto found = object.find(key);
    return found != object.end() && found->is_string() ? found->get<std::string>() : std::string();
}

int status_code_of(const json& object) {
    if (!object.is_object()) return 0;
    auto found = object.find("status_code");
    if (found == object.end()) return 0;
    if (found->is_number_integer()) {
        const long long code = found->get<long long>();
        return code > 0 && code < 100'000'000 ? static_cast<int>(code) : 0;
    }
    if (found->is_string()) {
        const std::string text = found->get<std::string>();
        if (!text.empty() && text.size() < 9 &&
            std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
            return std::stoi(text);
        }
    }
    return 0;
}

BsreSignResult read_success(std::string_view body) {
    const json answer = json::parse(body, nullptr, false);
    const std::string where = "HTTP 200";
    if (answer.is_discarded() || !answer.is_object()) {
        return failed(BsreFailure::invalid_answer,
                      message_for(BsreFailure::invalid_answer, 200, 0, false),
                      where + ": the answer is not a JSON object", 200);
    }
    auto file = answer.find("file");
    if (file == answer.end() || !file->is_array() || file->empty() || !(*file)[0].is_string()) {
        return failed(BsreFailure::invalid_answer,
                      message_for(BsreFailure::invalid_answer, 200, 0, false),
                      where + ": no file[0] in the answer", 200, status_code_of(answer));
    }
    std::optional<std::string> pdf = base64_decode((*file)[0].get_ref<const std::string&>());
    if (!pdf) {
        return failed(BsreFailure::invalid_answer,
                      message_for(BsreFailure::invalid_answer, 200, 0, false),
                      where + ": file[0] is not base64", 200);
    }
    if (!pdf->starts_with("%PDF-")) {
        return failed(
            BsreFailure::invalid_answer, message_for(BsreFailure::invalid_answer, 200, 0, false),
            where + ": file[0] is not a PDF (" + std::to_string(pdf->size()) + " bytes)", 200);
    }
    BsreSignResult result;
    result.http_status = 200;
    result.signed_pdf = std::move(*pdf);
    return result;
}

// ---- libcurl ------------------------------------------------------------------------------------

using http::curl::EasyHandle;
using http::curl::HeaderList;
using http::curl::append_header;
using http::curl::global_init;

struct StringSink {
    std::string data;
};

std::size_t write_to_string(char* data, std::size_t size, std::size_t count, void* user) {
    auto* sink = static_cast<StringSink*>(user);
    const std::size_t bytes = size * count;
    if (sink->data.size() + bytes > kMaxAnswerBytes) return 0;  // CURLE_WRITE_ERROR
    sink->data.append(data, bytes);
    return bytes;
}

/// A transfer that ended without an HTTP answer. `sent` tells whether the request went out:
/// before that, nothing can have been signed.
BsreSignResult network_failure(CURLcode code, const std::string& curl_text, bool sent,
                               long timeout_ms, const std::vector<std::string>& secrets) {
    const std::string detail = "network error " + std::to_string(static_cast<int>(code)) + ": " +
                               loggable(curl_text, secrets);
    if (code == CURLE_WRITE_ERROR) {
        return failed(
            BsreFailure::invalid_answer, message_for(BsreFailure::invalid_answer, 0, 0, false),
            "the answer is larger than " + std::to_string(kMaxAnswerBytes / (1024 * 1024)) + " MB");
    }
    if (!sent)
        return failed(BsreFailure::unreachable, message_for(BsreFailure::unreachable, 0, 0, false),
                      detail);
    if (code == CURLE_OPERATION_TIMEDOUT) {
        return failed(BsreFailure::timeout, message_for(BsreFailure::timeout, 0, timeout_ms, false),
                      detail);
    }
    return failed(BsreFailure::service_error, message_for(BsreFailure::service_error, 0, 0, false),
                  detail);
}

bool is_nik_digits(std::string_view nik) {
    return nik.size() == 16 &&
           std::all_of(nik.begin(), nik.end(), [](char c) { return c >= '0' && c <= '9'; });
}

BsreSignResult read_answer(long http_status, std::string_view body,
                           const std::vector<std::string>& secrets) {
    if (http_status == 200) {
        BsreSignResult success = read_success(body);
        // A 200 that carries an error object instead of a file is read as that error.
        if (success.ok() || success.status_code == 0) return success;
    }
    const json answer = json::parse(body, nullptr, false);
    const int code = status_code_of(answer);
    const std::string error_text = string_field(answer, "error");
    const std::string message_text = string_field(answer, "message");
    const std::string status =
        lower(string_field(answer, "status"));  // Spring's numeric "status" is skipped

    std::string detail = "HTTP " + std::to_string(http_status);
    if (code != 0) detail += ", status_code " + std::to_string(code);
    if (!status.empty()) detail += ", status " + loggable(string_field(answer, "status"), secrets);
    if (!error_text.empty()) detail += ": " + loggable(error_text, secrets);
    if (!message_text.empty() && message_text != error_text)
        detail += " (" + loggable(message_text, secrets) + ")";
    if (answer.is_discarded()) detail += " (not JSON)";

    const std::string words = lower(error_text + " " + message_text);
    const bool expired_or_revoked =
        status == "expired" || status == "revoked" ||
        mentions_any(words, {"expired", "kedaluwarsa", "kadaluarsa", "kadaluwarsa", "kedaluarsa",
                             "revoke", "cabut"});
    const bool about_certificate = mentions_any(words, {"sertifikat", "certificate"});

    BsreFailure failure = BsreFailure::service_error;
    if (code == 2031) {
        failure = BsreFailure::wrong_passphrase;
    } else if (code == 2011 || status == "not_registered") {
        failure = BsreFailure::not_registered;
    } else if (code == 2021 || status == "no_certificate" || status == "expired" ||
               status == "revoked" || (about_certificate && expired_or_revoked)) {
        failure = BsreFailure::certificate_invalid;
    } else if (http_status == 401) {
        failure = BsreFailure::client_unauthorized;
    } else if (http_status == 200) {
        failure = BsreFailure::invalid_answer;
    }
    return failed(failure, message_for(failure, http_status, 0, expired_or_revoked), detail,
                  http_status, code);
}

}  // namespace

std::string_view to_string(BsreFailure failure) {
    switch (failure) {
        case BsreFailure::none:
            return "none";
        case BsreFailure::invalid_request:
            return "invalid_request";
        case BsreFailure::wrong_passphrase:
            return "wrong_passphrase";
        case BsreFailure::not_registered:
            return "not_registered";
        case BsreFailure::certificate_invalid:
            return "certificate_invalid";
        case BsreFailure::client_unauthorized:
            return "client_unauthorized";
        case BsreFailure::timeout:
            return "timeout";
        case BsreFailure::unreachable:
            return "unreachable";
        case BsreFailure::service_error:
            return "service_error";
        case BsreFailure::invalid_answer:
            return "invalid_answer";
    }
    return "service_error";
}

BsreSignResult read_bsre_sign_answer(long http_status, std::string_view body) {
    return read_answer(http_status, body, {});
}

BsreClient::BsreClient(BsreSettings settings) : settings_(std::move(settings)) {
    while (!settings_.base_url.empty() && settings_.base_url.back() == '/')
        settings_.base_url.pop_back();
    const std::string_view url = settings_.base_url;
    if (!url.starts_with("https://") && !url.starts_with("http://")) {
        throw Error("BSrE base_url must start with https:// (or http:// on a private network)");
    }
    const std::string_view authority =
        url.substr(url.find("://") + 3, url.find_first_of("/?#", url.find("://") + 3));
    if (authority.empty()) throw Error("BSrE base_url has no host");
    if (authority.find('@') != std::string_view::npos) {
        throw Error(
            "BSrE base_url must not carry credentials; set the username and password instead");
    }
    if (url.find_first_of(" \r\n\t") != std::string_view::npos)
        throw Error("BSrE base_url contains a space or line break");
    if (settings_.username.empty() || settings_.password.empty()) {
        throw Error(
            "BSrE needs the client credentials (username and password) of the Esign Client "
            "Service");
    }
    if (settings_.username.find_first_of("\r\n:") != std::string::npos) {
        throw Error("the BSrE username contains a line break or ':'");
    }
    if (settings_.password.find_first_of("\r\n") != std::string::npos) {
        throw Error("the BSrE password contains a line break");
    }
    if (settings_.connect_timeout_ms <= 0 || settings_.timeout_ms <= 0) {
        throw Error("BSrE timeouts must be positive numbers of milliseconds");
    }
    global_init();
}

BsreSignResult BsreClient::sign_pdf(const BsreSignRequest& request) const {
    if (request.passphrase.empty()) {
        return failed(BsreFailure::invalid_request, kAskPassphrase, "not sent: no passphrase");
    }
    if (!is_nik_digits(request.nik)) {
        return failed(
            BsreFailure::invalid_request,
            request.nik.empty()
                ? "NIK penanda tangan untuk BSrE belum diatur. Mohon hubungi admin aplikasi; " +
                      std::string(kNotIssued)
                : "NIK penanda tangan untuk BSrE tidak valid (harus 16 angka). Mohon hubungi admin "
                  "aplikasi; " +
                      std::string(kNotIssued),
            request.nik.empty() ? "not sent: no NIK" : "not sent: the NIK is not 16 digits");
    }
    if (!request.pdf.starts_with("%PDF-")) {
        return failed(BsreFailure::invalid_request,
                      message_for(BsreFailure::invalid_request, 0, 0, false),
                      "not sent: the letter is not a PDF");
    }

    json properties = {{"tampilan", "INVISIBLE"}};
    if (!request.reason.empty()) properties["reason"] = request.reason;
    if (!request.location.empty()) properties["location"] = request.location;
    const json payload = {{"nik", request.nik},
                          {"passphrase", request.passphrase},
                          {"signatureProperties", json::array({properties})},
                          {"file", json::array({base64_encode(request.pdf)})}};
    // Invalid UTF-8 (a passphrase typed in another encoding) is replaced rather than thrown on;
    // BSrE then answers "wrong passphrase", which is what the signer needs to hear.
    const std::string body = payload.dump(-1, ' ', false, json::error_handler_t::replace);

    EasyHandle easy(curl_easy_init());
    if (!easy) throw Error("libcurl could not create a handle");
    CURL* h = easy.get();
    std::array<char, CURL_ERROR_SIZE> error_buffer{};
    HeaderList headers;
    append_header(headers, "Content-Type: application/json");
    append_header(headers, "Accept: application/json");
    append_header(headers, "Expect:");
    const std::string url = settings_.base_url + kSignPath;
    StringSink sink;
    curl_easy_setopt(h, CURLOPT_URL, url.c_str());
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, settings_.connect_timeout_ms);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, settings_.timeout_ms);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(h, CURLOPT_USERAGENT, kUserAgent);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error_buffer.data());
    curl_easy_setopt(h, CURLOPT_HTTPAUTH, static_cast<long>(CURLAUTH_BASIC));
    curl_easy_setopt(h, CURLOPT_USERNAME, settings_.username.c_str());
    curl_easy_setopt(h, CURLOPT_PASSWORD, settings_.password.c_str());
    curl_easy_setopt(h, CURLOPT_POST, 1L);
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, write_to_string);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &sink);

    const CURLcode code = curl_easy_perform(h);
    // What an echoing service or libcurl could repeat: the passphrase, the credentials, the
    // Authorization value.
    const std::vector<std::string> secrets = {
        request.passphrase, settings_.password, settings_.username,
        base64_encode(settings_.username + ":" + settings_.password)};
    BsreSignResult result;
    if (code != CURLE_OK) {
        // Before "pretransfer" no byte of the request left this machine (connect or TLS failed).
        curl_off_t pretransfer_us = 0;
        long request_bytes = 0;
        curl_easy_getinfo(h, CURLINFO_PRETRANSFER_TIME_T, &pretransfer_us);
        curl_easy_getinfo(h, CURLINFO_REQUEST_SIZE, &request_bytes);
        const bool sent = pretransfer_us > 0 || request_bytes > 0;
        const std::string curl_text = error_buffer[0] != '\0'
                                          ? std::string(error_buffer.data())
                                          : std::string(curl_easy_strerror(code));
        result = network_failure(code, curl_text, sent, settings_.timeout_ms, secrets);
    } else {
        long status = 0;
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
        result = read_answer(status, sink.data, secrets);
    }
    scrub(result.detail, secrets);
    return result;
}

BsreSigner::BsreSigner(BsreSettings settings) : client_(std::move(settings)) {}

std::string BsreSigner::certificate_note() const {
    return "Dokumen ini ditandatangani secara elektronik menggunakan sertifikat elektronik yang "
           "diterbitkan oleh Balai Besar Sertifikasi Elektronik (BSrE), Badan Siber dan Sandi "
           "Negara.";
}

BsreSignResult BsreSigner::sign_letter(const services::SigningRequest& request) const {
    if (request.signer == nullptr) {
        return failed(BsreFailure::invalid_request, "Pilih penanda tangan surat terlebih dahulu.",
                      "not sent: no signer");
    }
    const config::Signer& signer = *request.signer;
    if (request.passphrase.empty()) {
        return failed(BsreFailure::invalid_request, kAskPassphrase, "not sent: no passphrase");
    }
    if (signer.nik.empty()) {
        spdlog::warn(
            "BSrE signing for signer {}: not sent, the signer has no NIK in the configuration",
            signer.key);
        return failed(BsreFailure::invalid_request,
                      "NIK " + signer.name +
                          " untuk tanda tangan elektronik BSrE belum diatur. Mohon hubungi admin "
                          "aplikasi; " +
                          std::string(kNotIssued),
                      "not sent: the signer has no NIK");
    }
    BsreSignRequest sign_request;
    sign_request.nik = signer.nik;
    sign_request.passphrase = request.passphrase;
    sign_request.pdf = request.pdf;
    sign_request.reason = request.reason;
    sign_request.location = request.location;
    BsreSignResult result = client_.sign_pdf(sign_request);
    if (result.ok()) {
        spdlog::info("BSrE signed a letter for signer {} (NIK {})", signer.key,
                     mask_nik(signer.nik));
    } else {
        spdlog::warn("BSrE signing for signer {} (NIK {}) failed: {}: {}", signer.key,
                     mask_nik(signer.nik), to_string(result.failure), result.detail);
    }
    return result;
}

Result<std::string> BsreSigner::sign(const services::SigningRequest& request) const {
    BsreSignResult result = sign_letter(request);
    if (!result.ok()) {
        const bool retype = result.failure == BsreFailure::wrong_passphrase || request.passphrase.empty();
        return Problem{retype ? services::kPassphraseField : services::kSigningField, std::move(result.message)};
    }
    return std::move(result.signed_pdf);
}

}  // namespace ekel::office
