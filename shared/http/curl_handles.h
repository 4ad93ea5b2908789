#pragma once
// Owning libcurl handles and the one-time global initialisation, for our outbound clients (Meta's
// Graph API, BSrE). Header-only: only the libraries that link libcurl include it.

#include <curl/curl.h>

#include <memory>
#include <mutex>
#include <new>
#include <string>

#include "shared/util/error.h"

namespace ekel::http::curl {

struct EasyDeleter {
    void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};
using EasyHandle = std::unique_ptr<CURL, EasyDeleter>;

struct SlistDeleter {
    void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using HeaderList = std::unique_ptr<curl_slist, SlistDeleter>;

/// curl_global_init once per process, before the first handle (it is not thread-safe itself).
inline void global_init() {
    static std::once_flag once;
    static CURLcode result = CURLE_OK;
    std::call_once(once, [] { result = curl_global_init(CURL_GLOBAL_DEFAULT); });
    if (result != CURLE_OK) throw Error("libcurl could not be initialised");
}

inline void append_header(HeaderList& list, const std::string& header) {
    curl_slist* head = curl_slist_append(list.get(), header.c_str());
    if (head == nullptr) throw std::bad_alloc();
    (void)list.release();  // `head` is the same list, now one longer (or a new one when it was empty)
    list.reset(head);
}

}  // namespace ekel::http::curl
