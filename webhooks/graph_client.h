#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "shared/util/result.h"

namespace ekel::whatsapp {

struct GraphSettings {
    std::string base_url;         ///< "https://graph.facebook.com" (no trailing slash needed)
    std::string api_version;      ///< "v21.0"
    std::string phone_number_id;  ///< the business number's id, not the phone number
    std::string access_token;     ///< never logged, never part of an error text
    long connect_timeout_ms = 5000;
    long timeout_ms = 15000;
};

enum class SendOutcome { sent, retry_later, rate_limited, outside_window, token_invalid, permanent_failure };

std::string_view to_string(SendOutcome outcome);

/// `error_code` when the answer carried no Graph error code (network failure, an HTML page from a
/// proxy). Distinct from Meta's real code 0 ("could not authenticate app user").
inline constexpr int kNoGraphErrorCode = -1;

struct SendResult {
    SendOutcome outcome;
    std::string wa_message_id;  ///< "wamid.…" when sent
    int error_code = 0;         ///< Meta's error.code, or kNoGraphErrorCode
    std::string error_title;    ///< error.message without the "(#code) " prefix, or a network error
    std::string error_details;  ///< error.error_data.details
    long http_status = 0;       ///< 0 when no HTTP answer arrived
};

/// Maps an HTTP status and a Graph error code (kNoGraphErrorCode when absent) to an outcome
/// (whatsapp.md §2.4). The code wins over the status, as Meta advises; HTTP status 0 means no answer.
SendOutcome classify_graph_error(long http_status, int error_code);

/// Talks to Meta's Graph API over libcurl. Thread-compatible: one GraphClient per thread (it keeps
/// one CURL handle, so connections are reused between calls). Never logs the token or a payload.
class GraphClient {
public:
    explicit GraphClient(GraphSettings settings);
    ~GraphClient();
    GraphClient(const GraphClient&) = delete;
    GraphClient& operator=(const GraphClient&) = delete;

    /// POST {base}/{version}/{phone_number_id}/messages with a body from build_send_payload.
    SendResult send_message(const std::string& payload_json);

    /// Multipart POST {base}/{version}/{phone_number_id}/media → the media id. Problems name "media".
    Result<std::string> upload_media(const std::string& file_path, const std::string& mime_type);

    /// GET {base}/{version}/{media_id} for the short-lived URL, then GET that URL with the token,
    /// writing to target_path atomically (temp file + rename). Returns the MIME type. At most
    /// 100 MB. The URL must be https, or on the same origin as base_url (so the token never goes
    /// in clear text to another host). Problems name "media".
    Result<std::string> download_media(const std::string& media_id, const std::string& target_path);

private:
    struct Handles;
    GraphSettings settings_;
    std::unique_ptr<Handles> handles_;
};

}  // namespace ekel::whatsapp
