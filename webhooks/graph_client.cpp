// The only file that talks libcurl: sends, media upload and download against Meta's Graph API.
#include "webhooks/graph_client.h"

#include <curl/curl.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <new>
#include <optional>
#include <system_error>
#include <utility>

#include "shared/http/curl_handles.h"
#include "shared/util/error.h"

namespace ekel::whatsapp {

namespace {

constexpr const char* kUserAgent = "ekelurahan-whatsapp/0.1 (libcurl)";
constexpr std::size_t kMaxJsonAnswerBytes = 1 << 20;
constexpr curl_off_t kMaxMediaBytes = 100LL * 1024 * 1024;
/// Media transfers are allowed longer than JSON calls, but must keep moving.
constexpr long kMaxMediaTransferMs = 10L * 60 * 1000;
constexpr long kMinMediaBytesPerSecond = 1024;

// ---- RAII for libcurl ----------------------------------------------------------------------------

using http::curl::EasyHandle;
using http::curl::HeaderList;
using http::curl::append_header;
using http::curl::global_init;

struct MimeDeleter {
    void operator()(curl_mime* mime) const { curl_mime_free(mime); }
};
using MimeForm = std::unique_ptr<curl_mime, MimeDeleter>;

// ---- answers --------------------------------------------------------------------------------------

struct StringSink {
    std::string data;
    std::size_t limit = kMaxJsonAnswerBytes;
};

std::size_t write_to_string(char* data, std::size_t size, std::size_t count, void* user) {
    auto* sink = static_cast<StringSink*>(user);
    const std::size_t bytes = size * count;
    if (sink->data.size() + bytes > sink->limit) return 0;  // CURLE_WRITE_ERROR
    sink->data.append(data, bytes);
    return bytes;
}

struct FileSink {
    std::FILE* file = nullptr;
    curl_off_t written = 0;
    bool too_large = false;
};

std::size_t write_to_file(char* data, std::size_t size, std::size_t count, void* user) {
    auto* sink = static_cast<FileSink*>(user);
    const std::size_t bytes = size * count;
    if (sink->written + static_cast<curl_off_t>(bytes) > kMaxMediaBytes) {
        sink->too_large = true;
        return 0;
    }
    if (std::fwrite(data, 1, bytes, sink->file) != bytes) return 0;
    sink->written += static_cast<curl_off_t>(bytes);
    return bytes;
}

/// One HTTP exchange: the transport result, the status and the (JSON) body.
struct Exchange {
    CURLcode code = CURLE_OK;
    long status = 0;
    std::string body;
    std::string content_type;
    std::string transport_error;  ///< curl's message when code != CURLE_OK (holds no header values)
};

struct GraphError {
    int code = kNoGraphErrorCode;
    std::string title;
    std::string details;
};

/// error.code / error.message / error.error_data.details of a Graph error body, when there is one.
GraphError parse_graph_error(const std::string& body) {
    GraphError out;
    auto json = nlohmann::json::parse(body, nullptr, false);
    if (json.is_discarded() || !json.is_object()) return out;
    auto error = json.find("error");
    if (error == json.end() || !error->is_object()) return out;
    if (auto code = error->find("code"); code != error->end() && code->is_number_integer()) {
        out.code = code->get<int>();
    }
    if (auto message = error->find("message"); message != error->end() && message->is_string()) {
        out.title = message->get<std::string>();
        // "(#130429) Rate limit hit" → "Rate limit hit"
        if (out.title.starts_with("(#")) {
            if (auto close = out.title.find(") "); close != std::string::npos) out.title.erase(0, close + 2);
        }
    }
    if (auto data = error->find("error_data"); data != error->end() && data->is_object()) {
        if (auto details = data->find("details"); details != data->end() && details->is_string()) {
            out.details = details->get<std::string>();
        }
    }
    return out;
}

std::string describe(const Exchange& exchange) {
    if (exchange.code != CURLE_OK) return "network error: " + exchange.transport_error;
    const GraphError error = parse_graph_error(exchange.body);
    std::string text = "HTTP " + std::to_string(exchange.status);
    if (error.code != kNoGraphErrorCode) text += ", Graph error " + std::to_string(error.code);
    if (!error.title.empty()) text += ": " + error.title;
    if (!error.details.empty()) text += " (" + error.details + ")";
    return text;
}

/// "scheme://host[:port]" of a URL, or empty.
std::string origin_of(std::string_view url) {
    const auto scheme_end = url.find("://");
    if (scheme_end == std::string_view::npos) return {};
    const auto path_start = url.find_first_of("/?#", scheme_end + 3);
    return std::string(url.substr(0, path_start));
}

bool is_media_id(std::string_view id) {
    return !id.empty() && id.size() <= 256 && std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || c == '-' ||
               c == '.';
    });
}

std::string mime_without_parameters(std::string_view content_type) {
    auto semicolon = content_type.find(';');
    std::string_view type = content_type.substr(0, semicolon);
    while (!type.empty() && type.back() == ' ') type.remove_suffix(1);
    return std::string(type);
}

/// A file being downloaded next to its target; removed unless committed.
class PartFile {
public:
    explicit PartFile(const std::string& target) {
        static std::atomic<unsigned> counter{0};
        path_ = target + ".part-" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
        file_ = std::fopen(path_.c_str(), "wb");
    }
    ~PartFile() {
        if (file_ != nullptr) std::fclose(file_);
        if (!committed_) {
            std::error_code ignored;
            std::filesystem::remove(path_, ignored);
        }
    }
    PartFile(const PartFile&) = delete;
    PartFile& operator=(const PartFile&) = delete;

    std::FILE* file() const { return file_; }
    /// Flushes, closes and renames onto `target`; false when any step fails.
    bool commit(const std::string& target) {
        if (file_ == nullptr) return false;
        const bool flushed = std::fflush(file_) == 0 && ::fsync(::fileno(file_)) == 0;
        const bool closed = std::fclose(file_) == 0;
        file_ = nullptr;
        if (!flushed || !closed) return false;
        std::error_code error;
        std::filesystem::rename(path_, target, error);
        if (error) return false;
        committed_ = true;
        return true;
    }

private:
    std::string path_;
    std::FILE* file_ = nullptr;
    bool committed_ = false;
};

}  // namespace

std::string_view to_string(SendOutcome outcome) {
    switch (outcome) {
        case SendOutcome::sent: return "sent";
        case SendOutcome::retry_later: return "retry_later";
        case SendOutcome::rate_limited: return "rate_limited";
        case SendOutcome::outside_window: return "outside_window";
        case SendOutcome::token_invalid: return "token_invalid";
        case SendOutcome::permanent_failure: return "permanent_failure";
    }
    return "permanent_failure";
}

SendOutcome classify_graph_error(long http_status, int error_code) {
    switch (error_code) {
        case 1:
        case 2:
        case 131000:
        case 131016:
        case 131057:
            return SendOutcome::retry_later;
        case 4:
        case 80007:
        case 130429:
        case 131056:
            return SendOutcome::rate_limited;
        case 131047:
            return SendOutcome::outside_window;
        case 0:
        case 190:
            return SendOutcome::token_invalid;
        default:
            break;
    }
    if (http_status == 0 || http_status >= 500) return SendOutcome::retry_later;  // no answer, or Meta's side
    if (error_code == kNoGraphErrorCode) {
        if (http_status == 401) return SendOutcome::token_invalid;
        if (http_status == 429) return SendOutcome::rate_limited;
        if (http_status == 408) return SendOutcome::retry_later;
    }
    return SendOutcome::permanent_failure;
}

struct GraphClient::Handles {
    EasyHandle easy;
    std::array<char, CURL_ERROR_SIZE> error_buffer{};

    /// Resets the handle (keeping its connection cache) and sets what every request shares.
    CURL* prepare(const GraphSettings& settings, const std::string& url, curl_slist* headers) {
        CURL* h = easy.get();
        curl_easy_reset(h);
        error_buffer.fill('\0');
        curl_easy_setopt(h, CURLOPT_URL, url.c_str());
        curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
        curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, settings.connect_timeout_ms);
        curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, settings.timeout_ms);
        curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
        curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
        curl_easy_setopt(h, CURLOPT_USERAGENT, kUserAgent);
        curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error_buffer.data());
        return h;
    }

    /// Performs the prepared request; the body goes to `sink` unless a write function is set already.
    Exchange perform(StringSink* sink) {
        CURL* h = easy.get();
        if (sink != nullptr) {
            curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, write_to_string);
            curl_easy_setopt(h, CURLOPT_WRITEDATA, sink);
        }
        Exchange exchange;
        exchange.code = curl_easy_perform(h);
        if (exchange.code != CURLE_OK) {
            exchange.transport_error = error_buffer[0] != '\0' ? std::string(error_buffer.data())
                                                               : std::string(curl_easy_strerror(exchange.code));
            return exchange;
        }
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &exchange.status);
        char* content_type = nullptr;
        if (curl_easy_getinfo(h, CURLINFO_CONTENT_TYPE, &content_type) == CURLE_OK && content_type != nullptr) {
            exchange.content_type = content_type;
        }
        if (sink != nullptr) exchange.body = std::move(sink->data);
        return exchange;
    }
};

GraphClient::GraphClient(GraphSettings settings) : settings_(std::move(settings)), handles_(std::make_unique<Handles>()) {
    while (!settings_.base_url.empty() && settings_.base_url.back() == '/') settings_.base_url.pop_back();
    if (settings_.base_url.empty() || settings_.api_version.empty() || settings_.phone_number_id.empty()) {
        throw Error("GraphClient needs a base URL, an API version and a phone number id");
    }
    if (settings_.access_token.find_first_of("\r\n") != std::string::npos) {
        throw Error("the WhatsApp access token contains a line break");  // would split the HTTP header
    }
    global_init();
    handles_->easy.reset(curl_easy_init());
    if (!handles_->easy) throw Error("libcurl could not create a handle");
}

GraphClient::~GraphClient() = default;

SendResult GraphClient::send_message(const std::string& payload_json) {
    const std::string url = settings_.base_url + "/" + settings_.api_version + "/" + settings_.phone_number_id + "/messages";
    HeaderList headers;
    append_header(headers, "Authorization: Bearer " + settings_.access_token);
    append_header(headers, "Content-Type: application/json");
    append_header(headers, "Accept: application/json");
    append_header(headers, "Expect:");
    CURL* h = handles_->prepare(settings_, url, headers.get());
    curl_easy_setopt(h, CURLOPT_POST, 1L);
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(payload_json.size()));
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, payload_json.data());
    StringSink sink;
    const Exchange exchange = handles_->perform(&sink);

    SendResult result{SendOutcome::retry_later, {}, kNoGraphErrorCode, {}, {}, 0};
    if (exchange.code != CURLE_OK) {
        result.error_title = "network error: " + exchange.transport_error;
        return result;
    }
    result.http_status = exchange.status;
    if (exchange.status >= 200 && exchange.status < 300) {
        auto json = nlohmann::json::parse(exchange.body, nullptr, false);
        const nlohmann::json* id = nullptr;
        if (!json.is_discarded() && json.is_object() && json.contains("messages") && json["messages"].is_array() &&
            !json["messages"].empty() && json["messages"][0].is_object() && json["messages"][0].contains("id")) {
            id = &json["messages"][0]["id"];
        }
        if (id != nullptr && id->is_string() && !id->get<std::string>().empty()) {
            result.outcome = SendOutcome::sent;
            result.error_code = 0;
            result.wa_message_id = id->get<std::string>();
        } else {
            result.outcome = SendOutcome::permanent_failure;
            result.error_title = "HTTP " + std::to_string(exchange.status) + " answer without messages[0].id";
        }
        return result;
    }
    const GraphError error = parse_graph_error(exchange.body);
    result.error_code = error.code;
    result.error_title =
        error.title.empty() ? "HTTP " + std::to_string(exchange.status) + " without a Graph error body" : error.title;
    result.error_details = error.details;
    result.outcome = classify_graph_error(exchange.status, error.code);
    return result;
}

Result<std::string> GraphClient::upload_media(const std::string& file_path, const std::string& mime_type) {
    std::error_code fs_error;
    if (!std::filesystem::is_regular_file(file_path, fs_error)) {
        return Problem{"media", "the file to upload does not exist: " + file_path};
    }
    const auto size = std::filesystem::file_size(file_path, fs_error);
    if (fs_error) return Problem{"media", "the file to upload cannot be read: " + file_path};
    if (size == 0) return Problem{"media", "the file to upload is empty: " + file_path};
    if (size > static_cast<std::uintmax_t>(kMaxMediaBytes)) return Problem{"media", "the file is larger than 100 MB"};
    if (mime_type.empty() || mime_type.find_first_of("\r\n;") != std::string::npos || mime_type.find('/') == std::string::npos) {
        return Problem{"media", "the MIME type must look like \"application/pdf\""};
    }

    const std::string url = settings_.base_url + "/" + settings_.api_version + "/" + settings_.phone_number_id + "/media";
    HeaderList headers;
    append_header(headers, "Authorization: Bearer " + settings_.access_token);
    append_header(headers, "Accept: application/json");
    append_header(headers, "Expect:");
    CURL* h = handles_->prepare(settings_, url, headers.get());
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, std::max(settings_.timeout_ms, kMaxMediaTransferMs));
    curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, kMinMediaBytesPerSecond);
    curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, std::max(1L, settings_.timeout_ms / 1000));

    MimeForm form(curl_mime_init(h));
    if (!form) throw std::bad_alloc();
    curl_mimepart* part = curl_mime_addpart(form.get());
    curl_mime_name(part, "messaging_product");
    curl_mime_data(part, "whatsapp", CURL_ZERO_TERMINATED);
    part = curl_mime_addpart(form.get());
    curl_mime_name(part, "type");
    curl_mime_data(part, mime_type.c_str(), CURL_ZERO_TERMINATED);
    part = curl_mime_addpart(form.get());
    curl_mime_name(part, "file");
    if (curl_mime_filedata(part, file_path.c_str()) != CURLE_OK) {
        return Problem{"media", "the file to upload cannot be read: " + file_path};
    }
    curl_mime_type(part, mime_type.c_str());
    curl_easy_setopt(h, CURLOPT_MIMEPOST, form.get());

    StringSink sink;
    const Exchange exchange = handles_->perform(&sink);
    curl_easy_setopt(h, CURLOPT_MIMEPOST, nullptr);  // the form is freed below; the handle must not keep it
    if (exchange.code == CURLE_OK && exchange.status == 200) {
        auto json = nlohmann::json::parse(exchange.body, nullptr, false);
        if (!json.is_discarded() && json.is_object() && json.contains("id") && json["id"].is_string() &&
            !json["id"].get<std::string>().empty()) {
            return json["id"].get<std::string>();
        }
        return Problem{"media", "the media upload answered without an id"};
    }
    return Problem{"media", "the media upload failed: " + describe(exchange)};
}

Result<std::string> GraphClient::download_media(const std::string& media_id, const std::string& target_path) {
    if (!is_media_id(media_id)) return Problem{"media", "not a media id"};
    if (target_path.empty()) return Problem{"media", "no target path for the download"};
    HeaderList headers;
    append_header(headers, "Authorization: Bearer " + settings_.access_token);

    // Meta's advice for a 404 on the media URL: fetch a fresh URL (it lives 5 minutes), once.
    for (int attempt = 0; attempt < 2; ++attempt) {
        const std::string lookup_url = settings_.base_url + "/" + settings_.api_version + "/" + media_id +
                                       "?phone_number_id=" + settings_.phone_number_id;
        handles_->prepare(settings_, lookup_url, headers.get());
        StringSink sink;
        const Exchange lookup = handles_->perform(&sink);
        if (lookup.code != CURLE_OK || lookup.status != 200) {
            return Problem{"media", "the media lookup failed: " + describe(lookup)};
        }
        auto json = nlohmann::json::parse(lookup.body, nullptr, false);
        if (json.is_discarded() || !json.is_object() || !json.contains("url") || !json["url"].is_string()) {
            return Problem{"media", "the media lookup answered without a url"};
        }
        const std::string media_url = json["url"].get<std::string>();
        std::string mime_type;
        if (auto mime = json.find("mime_type"); mime != json.end() && mime->is_string()) mime_type = mime->get<std::string>();
        if (auto size = json.find("file_size"); size != json.end()) {
            long long bytes = -1;
            if (size->is_number_integer()) bytes = size->get<long long>();
            if (size->is_string()) bytes = std::atoll(size->get<std::string>().c_str());
            if (bytes > kMaxMediaBytes) return Problem{"media", "the media file is larger than 100 MB"};
        }
        const bool same_origin = origin_of(media_url) == origin_of(settings_.base_url) &&
                                 media_url.size() > origin_of(media_url).size();
        if (!media_url.starts_with("https://") && !same_origin) {
            return Problem{"media", "the media URL is neither https nor on the Graph API host"};
        }

        PartFile part(target_path);
        if (part.file() == nullptr) return Problem{"media", "cannot write next to " + target_path};
        CURL* h = handles_->prepare(settings_, media_url, headers.get());
        curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, std::max(settings_.timeout_ms, kMaxMediaTransferMs));
        curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, kMinMediaBytesPerSecond);
        curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, std::max(1L, settings_.timeout_ms / 1000));
        curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, kMaxMediaBytes);
        FileSink file_sink{part.file(), 0, false};
        curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, write_to_file);
        curl_easy_setopt(h, CURLOPT_WRITEDATA, &file_sink);
        // A non-200 answer is still written to the part file (it is removed); the status decides.
        const Exchange download = handles_->perform(nullptr);
        if (download.code == CURLE_FILESIZE_EXCEEDED || file_sink.too_large) {
            return Problem{"media", "the media file is larger than 100 MB"};
        }
        if (download.code == CURLE_OK && download.status == 404 && attempt == 0) continue;
        if (download.code != CURLE_OK || download.status != 200) {
            return Problem{"media", "the media download failed: " + describe(download)};
        }
        if (!part.commit(target_path)) return Problem{"media", "cannot save the media file to " + target_path};
        if (mime_type.empty()) mime_type = mime_without_parameters(download.content_type);
        return mime_type;
    }
    return Problem{"media", "the media URL was not found twice in a row"};
}

}  // namespace ekel::whatsapp
