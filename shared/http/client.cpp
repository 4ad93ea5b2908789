#include "shared/http/client.h"

#include <httplib.h>

namespace ekel::http {

std::optional<ClientResponse> http_post(const std::string& base_url, const std::string& path, const std::string& body,
                                        const std::string& content_type,
                                        const std::map<std::string, std::string>& headers) {
    httplib::Client client(base_url);
    client.set_connection_timeout(std::chrono::seconds(5));
    client.set_read_timeout(std::chrono::seconds(30));
    httplib::Headers extra;
    for (const auto& [name, value] : headers) extra.emplace(name, value);
    auto res = client.Post(path.c_str(), extra, body, content_type.c_str());
    if (!res) return std::nullopt;
    return ClientResponse{res->status, res->body};
}

std::optional<ClientResponse> http_get(const std::string& base_url, const std::string& path_and_query) {
    httplib::Client client(base_url);
    client.set_connection_timeout(std::chrono::seconds(5));
    auto res = client.Get(path_and_query.c_str());
    if (!res) return std::nullopt;
    return ClientResponse{res->status, res->body};
}

}  // namespace ekel::http
