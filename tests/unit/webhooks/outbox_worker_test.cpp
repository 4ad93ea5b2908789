#include <doctest/doctest.h>

#include <chrono>

#include "webhooks/outbox_worker.h"

TEST_SUITE_BEGIN("webhooks");

using namespace ekel;
using namespace std::chrono;

TEST_CASE("the fallback template carries the text flattened and shortened on a character boundary") {
    config::WhatsAppConfig whatsapp;
    whatsapp.fallback_template = "pemberitahuan_layanan";
    messaging::OutboundMessage original;
    original.to = "6281234567890";
    original.kind = messaging::OutboundKind::buttons;
    original.text = "Surat Anda terbit.\n\n\tSilakan   ambil.";
    auto message = whatsapp::fallback_template(original, whatsapp);
    CHECK(message.kind == messaging::OutboundKind::template_message);
    CHECK(message.template_name == "pemberitahuan_layanan");
    CHECK(message.to == original.to);
    REQUIRE(message.template_parameters.size() == 1);
    CHECK(message.template_parameters[0] == "Surat Anda terbit. Silakan ambil.");

    std::string long_text;
    while (long_text.size() < 2000) long_text += "é";  // two bytes each
    original.text = long_text;
    auto shortened = whatsapp::fallback_template(original, whatsapp).template_parameters[0];
    CHECK(shortened.size() < 1024);
    CHECK(shortened.substr(shortened.size() - 3) == "…");
    CHECK(shortened.substr(0, 2) == "é");
    CHECK((shortened.size() - 3) % 2 == 0);  // no é cut in half
}

TEST_CASE("the token bucket lets a burst through, then paces") {
    whatsapp::TokenBucket bucket(50);
    auto start = steady_clock::now();
    for (int i = 0; i < 75; ++i) REQUIRE(bucket.acquire([] { return true; }));
    // 50 at once, the other 25 at 50 per second: at least ~0.5 s.
    CHECK(steady_clock::now() - start >= milliseconds(450));
    bool stopped = bucket.acquire([] { return false; });
    CHECK_FALSE(stopped);
}

TEST_SUITE_END();
