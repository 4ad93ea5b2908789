#include "shared/http/site_routes.h"

#include <httplib.h>

#include <algorithm>
#include <memory>

namespace ekel::http {

SiteRoutes& SiteRoutes::Get(const std::string& pattern, Handler handler) {
    routes_.push_back({"GET", pattern, std::move(handler)});
    return *this;
}

SiteRoutes& SiteRoutes::Post(const std::string& pattern, Handler handler) {
    routes_.push_back({"POST", pattern, std::move(handler)});
    return *this;
}

const SiteRoutes::Handler* SiteRoutes::find(std::string_view method, std::string_view pattern) const {
    for (const auto& route : routes_) {
        if (route.method == method && route.pattern == pattern) return &route.handler;
    }
    return nullptr;
}

void mount_sites(httplib::Server& server, std::vector<const SiteRoutes*> sites,
                 std::function<std::size_t(const httplib::Request&)> site_of) {
    struct Mounted {
        std::string method;
        std::string pattern;
        std::vector<const SiteRoutes::Handler*> by_site;
    };
    // In first registration order, so overlapping patterns keep the order their site gave them.
    std::vector<Mounted> mounted;
    for (std::size_t site = 0; site < sites.size(); ++site) {
        for (const auto& route : sites[site]->routes()) {
            auto it = std::find_if(mounted.begin(), mounted.end(), [&](const Mounted& m) {
                return m.method == route.method && m.pattern == route.pattern;
            });
            if (it == mounted.end()) {
                mounted.push_back({route.method, route.pattern, std::vector<const SiteRoutes::Handler*>(sites.size())});
                it = std::prev(mounted.end());
            }
            it->by_site[site] = &route.handler;
        }
    }
    auto pick = std::make_shared<std::function<std::size_t(const httplib::Request&)>>(std::move(site_of));
    for (auto& m : mounted) {
        auto dispatch = [by_site = m.by_site, pick](const httplib::Request& req, httplib::Response& res) {
            const std::size_t site = (*pick)(req);
            if (site < by_site.size() && by_site[site]) {
                (*by_site[site])(req, res);
            } else {
                res.status = 404;
            }
        };
        if (m.method == "GET") {
            server.Get(m.pattern, dispatch);
        } else {
            server.Post(m.pattern, dispatch);
        }
    }
}

std::string request_host(const httplib::Request& req) {
    std::string host = req.get_header_value("Host");
    if (!host.empty() && host.front() == '[') {
        host = host.substr(0, host.find(']') + 1);  // an IPv6 literal keeps its colons
    } else if (auto colon = host.find(':'); colon != std::string::npos) {
        host.resize(colon);
    }
    std::transform(host.begin(), host.end(), host.begin(), [](unsigned char c) { return std::tolower(c); });
    return host;
}

}  // namespace ekel::http
