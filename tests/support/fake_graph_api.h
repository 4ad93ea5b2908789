#pragma once

#include <nlohmann/json_fwd.hpp>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace ekel::test {

/// One request as the fake received it (the Authorization value included: this is a test double).
struct GraphRequest {
    std::string method, path, body;
    std::string authorization;
    std::string content_type;
    std::chrono::steady_clock::time_point at;
};

/// A loopback stand-in for Meta's Graph API (whatsapp.md §2). It checks every request the way Meta
/// would (path, version, phone number id, bearer token, content type, body shape and Meta's field
/// limits counted in code points), answers with Meta's success and error shapes, and records
/// everything. Routes:
///   POST /{version}/{phone_number_id}/messages   send (validated; 200 with "wamid.FAKE<n>")
///   POST /{version}/{phone_number_id}/media      multipart upload → {"id": "<media id>"}
///   GET  /{version}/{media_id}                   media metadata with a download url
///   GET  /media-download/{media_id}              the bytes (bearer token required)
/// A request that fails a check answers a Graph error: 404 (code 100) for a wrong version or
/// phone number id, 401 (code 190) for a missing or wrong token, 400 (code 100, details naming the
/// JSON path) for a bad body. Every such rejection is listed in validation_errors().
/// Stricter than Meta in one way: unknown keys in the objects it knows are rejected (they catch
/// typos in the builder), and only text template parameters and text/media headers are simulated.
class FakeGraphApi {
public:
    FakeGraphApi(std::string phone_number_id, std::string access_token, std::string api_version = "v21.0");
    ~FakeGraphApi();
    FakeGraphApi(const FakeGraphApi&) = delete;
    FakeGraphApi& operator=(const FakeGraphApi&) = delete;

    /// "http://127.0.0.1:<port>"
    std::string base_url() const;

    /// The next `times` /messages requests answer `http_status` with a Graph error `error_code`
    /// (a default title per code when `title` is empty). error_code < 0 answers an HTML page with
    /// no Graph error, as a proxy in front of Meta would. Scripted answers (this and
    /// drop_next_connections) are consumed in order, before any check; an empty queue means the
    /// request is checked and answered normally.
    void fail_next(int http_status, int error_code, std::string title = "", int times = 1);
    /// The next `times` /messages requests get their connection closed without any answer (the
    /// client sees an empty reply, as in a network outage).
    void drop_next_connections(int times);
    /// While offline every request on every route has its connection closed without an answer.
    void set_offline(bool offline);

    std::vector<GraphRequest> requests() const;             ///< all received, rejected ones too
    std::vector<nlohmann::json> accepted_messages() const;  ///< bodies of /messages that got a wamid
    std::vector<std::string> validation_errors() const;     ///< "<json path>: <what Meta would reject>"

    /// Makes a media id known for GET /{version}/{media_id} and the download (and for document.id).
    void add_media(std::string media_id, std::string mime_type, std::string bytes);
    std::vector<std::string> uploaded_media() const;  ///< ids handed out by /media, in order

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace ekel::test
