#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <httplib.h>

#include "bot/bot_app.h"
#include "shared/app/bootstrap.h"
#include "shared/db/store.h"
#include "shared/services/demo_seed.h"
#include "shared/services/request_service.h"
#include "shared/util/time.h"
#include "tests/support/sql_value.h"
#include "tests/support/bot_harness.h"
#include "tests/support/fake_graph_api.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_config.h"
#include "webhooks/envelope_builder.h"
#include "webhooks/signature.h"

// Both ways a city routes WhatsApp, end to end through the real ekel-bot: a number per kelurahan
// (the envelope's metadata.phone_number_id) and one city number (the sender's registry entry, or
// their answer to "which kelurahan?"). Each kelurahan's messages land in its own database and are
// answered from the number the citizen wrote to; one kelurahan's phone learns nothing of another's.

TEST_SUITE_BEGIN("city whatsapp");

using namespace ekel;
using nlohmann::json;

namespace {

struct CityBot {
    explicit CityBot(config::WhatsAppRouting routing)
        : city(test::test_city_config(dir, routing)), clock(*parse_utc("2026-11-27T02:00:00Z")) {
        const bool by_number = routing == config::WhatsAppRouting::per_kelurahan;
        auto wire = [&](config::Config& config, const std::string& number) {
            graphs.push_back(std::make_unique<test::FakeGraphApi>(number, test::kTestAccessToken, "v21.0"));
            config.whatsapp.provider = "cloud_api";
            config.whatsapp.graph_base_url = graphs.back()->base_url();
            config.whatsapp.phone_number_id = number;
            config.whatsapp.access_token = test::kTestAccessToken;
            config.whatsapp.app_secret = test::kTestAppSecret;
        };
        for (auto& k : city.kelurahan) wire(k.config, by_number ? "PNID-" + k.code : "PNID-KOTA");
        wire(city.city, "PNID-KOTA");
        for (std::size_t i = 0; i < city.kelurahan.size(); ++i) {
            app::prepare_database(city.kelurahan[i].config, clock);
            db::Store store(city.kelurahan[i].config.database.target(), 5000);
            REQUIRE(services::seed_demo(store, clock, static_cast<int>(i)).seeded);
        }
        app::prepare_database(city.city, clock);
        bot = std::make_unique<bot::BotApp>(city, clock);
        port = bot->start();
    }
    ~CityBot() { bot->stop(); }

    int post(const std::vector<messaging::InboundMessage>& messages, const std::string& number) {
        const std::string body = whatsapp::build_envelope(messages, {}, number);
        httplib::Client client("127.0.0.1", port);
        httplib::Headers headers{{"X-Hub-Signature-256", whatsapp::sign_body(body, test::kTestAppSecret)}};
        auto res = client.Post("/webhooks/whatsapp", headers, body, "application/json");
        return res ? res->status : 0;
    }

    /// Sends `text` (or a list answer `reply_id`) from `phone` to `number`; returns the replies that
    /// database queued for the phone, once there are new ones.
    std::vector<json> say(const std::string& phone, const std::string& text, const std::string& number,
                          const std::string& database, const std::string& reply_id = "") {
        ++sequence;
        auto m = whatsapp::text_message(phone, "wamid.CITY" + std::to_string(sequence), text, 1764200000 + sequence);
        if (!reply_id.empty()) {
            m.kind = messaging::InboundKind::list_reply;
            m.reply_id = reply_id;
        }
        const auto before = replies(database, phone).size();
        REQUIRE(post({m}, number) == 200);
        std::vector<json> all;
        test::BotHarness::eventually([&] {
            all = replies(database, phone);
            return all.size() > before;
        });
        return {all.begin() + static_cast<std::ptrdiff_t>(before), all.end()};
    }

    static std::vector<json> replies(const std::string& database, const std::string& phone) {
        db::Store store(database, 5000);
        std::vector<json> out;
        for (const auto& row : store.outbox.list_for_recipient(phone, 0, 500)) out.push_back(json::parse(row.payload_json));
        return out;
    }

    static std::int64_t count(const std::string& database, const std::string& sql) {
        db::Store store(database, 5000);
        return test::sql_value(store.db(), sql).getInt64();
    }

    const std::string& db_of(std::size_t i) const { return city.kelurahan[i].config.database.target(); }

    test::TempDir dir;
    config::CityConfig city;
    ManualClock clock;
    std::vector<std::unique_ptr<test::FakeGraphApi>> graphs;  ///< the kelurahan's, then the city's
    std::unique_ptr<bot::BotApp> bot;
    int port = 0;
    int sequence = 0;
};

/// The texts of the replies, one per line.
std::string bodies(const std::vector<json>& replies) {
    std::string out;
    for (const auto& r : replies) out += r.value("text", "") + "\n";
    return out;
}

std::string text_of(const std::vector<json>& replies) {
    std::string out;
    for (const auto& r : replies) out += r.dump() + "\n";
    return out;
}

/// Files a domisili request for the demo resident of `phone` in RT 1, as the bot would.
std::string file_request(const config::Config& config, const std::string& phone, const Clock& clock) {
    db::Store store(config.database.target(), 5000);
    const auto residents = store.residents.find_by_verified_phone(phone);
    REQUIRE_FALSE(residents.empty());
    services::NewRequest request;
    request.resident_id = residents.front().id;
    request.applicant_name = residents.front().full_name;
    request.applicant_phone = phone;
    request.letter_type = "domisili";
    request.purpose = "melamar pekerjaan";
    request.rt_id = residents.front().rt_id;
    return services::RequestService(store, clock, config.kelurahan)
        .submit(request, domain::Actor{domain::ActorKind::citizen, phone})
        .code;
}

}  // namespace

TEST_CASE("a number per kelurahan: each delivery goes to the kelurahan whose number it was sent to") {
    CityBot c(config::WhatsAppRouting::per_kelurahan);
    const std::string blb_phone = services::demo_family_phone(0, 1);
    const std::string btb_phone = services::demo_family_phone(2, 1);

    auto blb = c.say(blb_phone, "halo", "PNID-BLB", c.db_of(0));
    CHECK_FALSE(blb.empty());
    auto btb = c.say(btb_phone, "halo", "PNID-BTB", c.db_of(2));
    CHECK_FALSE(btb.empty());
    CHECK(CityBot::count(c.db_of(0), "SELECT COUNT(*) FROM inbound_messages") == 1);
    CHECK(CityBot::count(c.db_of(1), "SELECT COUNT(*) FROM inbound_messages") == 0);
    CHECK(CityBot::count(c.db_of(2), "SELECT COUNT(*) FROM inbound_messages") == 1);

    // The replies left from the number each citizen wrote to.
    CHECK(test::BotHarness::eventually([&] {
        return !c.graphs[0]->accepted_messages().empty() && !c.graphs[2]->accepted_messages().empty();
    }));
    for (const auto& sent : c.graphs[0]->accepted_messages()) CHECK(sent["to"] == "+" + blb_phone);
    for (const auto& sent : c.graphs[2]->accepted_messages()) CHECK(sent["to"] == "+" + btb_phone);
    CHECK(c.graphs[1]->accepted_messages().empty());

    // A delivery to a number the city file does not name is kept aside, answered by nobody.
    CHECK(c.post({whatsapp::text_message(blb_phone, "wamid.STRANGE", "halo", 1764200500)}, "PNID-OTHER") == 200);
    CHECK(CityBot::count(c.city.city.database.target(), "SELECT COUNT(*) FROM rejected_webhooks") == 1);
    for (std::size_t i = 0; i < 3; ++i) {
        CHECK(CityBot::count(c.db_of(i), "SELECT COUNT(*) FROM inbound_messages WHERE wa_message_id = 'wamid.STRANGE'") == 0);
    }
}

TEST_CASE("one city number: registry residents reach their kelurahan, a newcomer chooses theirs") {
    CityBot c(config::WhatsAppRouting::city_number);
    const std::string btb_phone = services::demo_family_phone(2, 1);
    auto known = c.say(btb_phone, "halo", "PNID-KOTA", c.db_of(2));
    CHECK_FALSE(known.empty());
    CHECK(CityBot::count(c.db_of(0), "SELECT COUNT(*) FROM inbound_messages") == 0);
    CHECK(CityBot::count(c.city.city.database.target(), "SELECT COUNT(*) FROM inbound_messages") == 0);

    const std::string newcomer = "6285299990001";
    const std::string city_db = c.city.city.database.target();
    auto asked = c.say(newcomer, "pagi pak, mau urus sktm buat sekolah anak", "PNID-KOTA", city_db);
    REQUIRE(asked.size() == 1);
    CHECK(asked[0]["kind"] == "list");
    CHECK(text_of(asked).find("Di kecamatan mana") != std::string::npos);
    CHECK(text_of(asked).find("kec:1") != std::string::npos);

    auto kelurahan = c.say(newcomer, "Bontang Utara", "PNID-KOTA", city_db, "kec:1");
    CHECK(text_of(kelurahan).find("kel:BTB") != std::string::npos);
    CHECK(text_of(kelurahan).find("kel:BLB") == std::string::npos);  // Bontang Barat's are not offered

    auto connected = c.say(newcomer, "Bontang Baru", "PNID-KOTA", city_db, "kel:BTB");
    CHECK(text_of(connected).find("Kelurahan Bontang Baru") != std::string::npos);

    // From now on Bontang Baru's bot talks with them.
    auto served = c.say(newcomer, "mau urus surat domisili", "PNID-KOTA", c.db_of(2));
    CHECK_FALSE(served.empty());
    CHECK(CityBot::count(c.db_of(2), "SELECT COUNT(*) FROM inbound_messages WHERE sender_key = '" + newcomer + "'") == 1);

    // A newcomer may also just type their kelurahan.
    auto typed = c.say("6285299990002", "saya warga kanaan", "PNID-KOTA", city_db);
    CHECK(text_of(typed).find("Kelurahan Kanaan") != std::string::npos);
}

TEST_CASE("a phone of one kelurahan learns nothing of another's requests by their codes") {
    CityBot c(config::WhatsAppRouting::city_number);
    const std::string blb_citizen = services::demo_family_phone(0, 1);
    const std::string btb_citizen = services::demo_family_phone(2, 1);
    const std::string blb_rt_head = "628110000011";  // the demo's head of RT 1 in Belimbing (variant 0)
    // A request of Bontang Baru's resident.
    const std::string btb_code = file_request(c.city.kelurahan[2].config, btb_citizen, c.clock);
    REQUIRE_FALSE(btb_code.empty());
    const std::string unknown_code = btb_code.substr(0, btb_code.size() - 4) + "9999";
    struct Ask {
        std::string phone;
        std::string command;
    };
    for (const Ask& ask : {Ask{blb_citizen, "status "}, Ask{blb_citizen, "batal "}, Ask{blb_rt_head, "INFO "},
                           Ask{blb_rt_head, "LAMPIRAN "}}) {
        CAPTURE(ask.command);
        const std::string real = bodies(c.say(ask.phone, ask.command + btb_code, "PNID-KOTA", c.db_of(0)));
        std::string made_up = bodies(c.say(ask.phone, ask.command + unknown_code, "PNID-KOTA", c.db_of(0)));
        for (auto at = made_up.find(unknown_code); at != std::string::npos; at = made_up.find(unknown_code)) {
            made_up.replace(at, unknown_code.size(), btb_code);
        }
        CHECK_FALSE(real.empty());
        CHECK(real == made_up);  // the same neutral answer as for a code nobody has
    }
    const std::string list = bodies(c.say(blb_rt_head, "DAFTAR", "PNID-KOTA", c.db_of(0)));
    CHECK_FALSE(list.empty());
    CHECK(list.find(btb_code) == std::string::npos);
    CHECK(CityBot::count(c.db_of(2), "SELECT COUNT(*) FROM requests WHERE status = 'cancelled'") == 0);
}

TEST_SUITE_END();
