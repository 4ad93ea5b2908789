#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace httplib {
class Server;
struct Request;
struct Response;
}  // namespace httplib

namespace ekel::http {

/// The routes of one site (a kelurahan's back office, the city's pages), recorded so that one
/// server can serve several sites: each site's handlers capture that site's own database and
/// configuration, and nothing else, which is what keeps one kelurahan's data out of another's pages.
class SiteRoutes {
public:
    using Handler = std::function<void(const httplib::Request&, httplib::Response&)>;
    struct Route {
        std::string method;
        std::string pattern;  ///< as cpp-httplib's (a regular expression)
        Handler handler;
    };

    SiteRoutes& Get(const std::string& pattern, Handler handler);
    SiteRoutes& Post(const std::string& pattern, Handler handler);

    const std::vector<Route>& routes() const { return routes_; }
    /// The handler for `method` and `pattern` exactly as registered, or nullptr.
    const Handler* find(std::string_view method, std::string_view pattern) const;

private:
    std::vector<Route> routes_;
};

/// Registers every route of `sites` on `server` once; a request is handed to the site `site_of`
/// names (an index into `sites`). A route that site does not have answers 404, as a path nobody
/// serves. The sites must outlive the server.
void mount_sites(httplib::Server& server, std::vector<const SiteRoutes*> sites,
                 std::function<std::size_t(const httplib::Request&)> site_of);

/// The request's Host header in lower case without the port: "blb.localhost" for
/// "BLB.localhost:8080".
std::string request_host(const httplib::Request& req);

}  // namespace ekel::http
