#pragma once
// Template member of Web; included at the end of web.h.

#include "shared/db/store_pool.h"

namespace ekel::office {

template <typename Handler>
void Web::guarded(const httplib::Request& req, httplib::Response& res, std::initializer_list<domain::StaffRole> roles,
                  Handler&& handler) {
    auto store = stores.acquire();
    std::optional<services::StaffSessionView> current;
    if (!authorise(req, res, *store, roles, current)) return;
    if (!readable(req, res, current)) return;
    handler(*store, *current);
}

template <typename Handler>
void Web::guarded_without_store(const httplib::Request& req, httplib::Response& res,
                                std::initializer_list<domain::StaffRole> roles, Handler&& handler) {
    std::optional<services::StaffSessionView> current;
    {
        auto store = stores.acquire();
        if (!authorise(req, res, *store, roles, current)) return;
    }
    if (!readable(req, res, current)) return;
    handler(*current);
}

template <typename Handler>
void Web::open(const httplib::Request& req, httplib::Response& res, Handler&& handler) const {
    if (!readable(req, res, std::nullopt)) return;
    handler();
}

}  // namespace ekel::office
