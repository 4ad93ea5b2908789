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
    handler(*store, *current);
}

}  // namespace ekel::office
