#include "tests/support/sql_value.h"
#include "tests/support/chat_phone.h"

#include <doctest/doctest.h>

#include "shared/db/store.h"
#include "shared/services/registry_import.h"
#include "webhooks/envelope_builder.h"

namespace ekel::test {

using nlohmann::json;
using namespace std::chrono_literals;

std::vector<json> Phone::send(messaging::InboundMessage m) {
    h.clock.advance(15s);
    auto before = h.bot->processed_messages();
    REQUIRE(h.post_messages({m}) == 200);
    REQUIRE(BotHarness::eventually([&] { return h.bot->processed_messages() > before; }));
    return inbox();
}

std::vector<json> Phone::inbox() {
    db::Store store(h.config.database.target(), 5000);
    std::vector<json> replies;
    for (const auto& row : store.outbox.list_for_recipient(number, last_seen, 50)) {
        replies.push_back(json::parse(row.payload_json));
        last_seen = row.id;
    }
    return replies;
}

messaging::InboundMessage Phone::base() {
    return whatsapp::text_message(number, "wamid." + number + "." + std::to_string(++sequence), "", 1764200000,
                                  "Warga");
}

std::vector<json> Phone::say(const std::string& text) {
    auto m = base();
    m.text = text;
    return send(m);
}

std::vector<json> Phone::tap(const std::string& id, const std::string& title, bool list) {
    auto m = base();
    m.kind = list ? messaging::InboundKind::list_reply : messaging::InboundKind::button_reply;
    m.reply_id = id;
    m.text = title;
    return send(m);
}

std::vector<json> Phone::photo(const std::string& media_id) {
    auto m = base();
    m.kind = messaging::InboundKind::image;
    m.media = messaging::MediaRef{media_id, "image/jpeg", "c2hh", "foto ktp", "", "", false};
    return send(m);
}

std::vector<json> Phone::defer_documents(std::vector<json> replies) {
    std::vector<json> last = replies;
    // A letter type asks at most a handful of documents; the bound keeps a bug from looping.
    for (int i = 0; i < 12; ++i) {
        if (has_button(last, "doc:skip")) {
            last = tap("doc:skip", "Tidak ada");
        } else if (has_button(last, "doc:later")) {
            last = tap("doc:later", "Bawa ke kantor");
        } else {
            break;
        }
        replies.insert(replies.end(), last.begin(), last.end());
    }
    return replies;
}

std::string all_text(const std::vector<json>& replies) {
    std::string text;
    for (const auto& r : replies) text += r.value("text", "") + "\n";
    return text;
}

bool has_button(const std::vector<json>& replies, const std::string& id) {
    for (const auto& r : replies) {
        for (const auto& b : r.value("buttons", json::array())) {
            if (b["id"] == id) return true;
        }
    }
    return false;
}

std::vector<std::string> list_ids(const std::vector<json>& replies) {
    std::vector<std::string> ids;
    for (const auto& r : replies) {
        for (const auto& s : r.value("sections", json::array())) {
            for (const auto& row : s["rows"]) ids.push_back(row["id"]);
        }
    }
    return ids;
}

std::string find_code(const std::string& text) {
    auto at = text.find("BLB-");
    return at == std::string::npos ? "" : text.substr(at, 13);
}

ConversationFixture::ConversationFixture() {
    db::Store store(h.config.database.target(), 5000);
    SystemClock clock;
    REQUIRE(services::import_rts(store, read_text_file(repo_path("tests/fixtures/csv/rt_good.csv")), clock).ok());
    REQUIRE(services::import_residents(store, read_text_file(repo_path("tests/fixtures/csv/residents_good.csv")), clock)
                .ok());
}

std::int64_t ConversationFixture::count(const std::string& sql) {
    db::Store store(h.config.database.target(), 5000);
    return sql_value(store.db(), sql).getInt64();
}

}  // namespace ekel::test
