#pragma once

#include <map>
#include <optional>
#include <string>

namespace ekel::http {

struct ClientResponse {
    int status = 0;
    std::string body;
};

/// A small blocking HTTP client for our own tools (the sandbox chat, benchmarks); nullopt when the
/// server cannot be reached. `base_url` is "http://host:port".
std::optional<ClientResponse> http_post(const std::string& base_url, const std::string& path, const std::string& body,
                                        const std::string& content_type,
                                        const std::map<std::string, std::string>& headers = {});
std::optional<ClientResponse> http_get(const std::string& base_url, const std::string& path_and_query);

}  // namespace ekel::http
