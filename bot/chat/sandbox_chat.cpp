#include "bot/chat/sandbox_chat.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <iostream>
#include <thread>

#include "shared/http/client.h"
#include "shared/util/text.h"
#include "webhooks/envelope_builder.h"
#include "webhooks/signature.h"

namespace ekel::bot {

namespace {

using nlohmann::json;

struct Choice {
    messaging::InboundKind kind;
    std::string id;
    std::string title;
};

/// Prints one outbox message the way a phone would show it, collecting its numbered choices.
void render(const json& message, std::vector<Choice>& choices, std::ostream& out) {
    const std::string kind = message.value("kind", "text");
    if (!message.value("header", "").empty()) out << "*" << message.value("header", "") << "*\n";
    if (kind == "document") {
        out << "[Dokumen] " << message.value("document_filename", "") << "\n";
        if (!message.value("text", "").empty()) out << message.value("text", "") << "\n";
        return;
    }
    if (kind == "template") {
        out << "[Template " << message.value("template_name", "") << "]";
        for (const auto& p : message.value("template_parameters", json::array())) out << " " << p.get<std::string>();
        out << "\n";
        return;
    }
    out << message.value("text", "") << "\n";
    if (kind == "buttons") {
        for (const auto& b : message.at("buttons")) {
            choices.push_back({messaging::InboundKind::button_reply, b.at("id"), b.at("title")});
            out << "  [" << choices.size() << "] " << b.at("title").get<std::string>() << "\n";
        }
    } else if (kind == "list") {
        out << "  (" << message.value("list_button", "Pilih") << ")\n";
        for (const auto& section : message.at("sections")) {
            if (!section.value("title", "").empty()) out << "  " << section.value("title", "") << "\n";
            for (const auto& row : section.at("rows")) {
                choices.push_back({messaging::InboundKind::list_reply, row.at("id"), row.at("title")});
                out << "  [" << choices.size() << "] " << row.at("title").get<std::string>();
                if (!row.value("description", "").empty()) out << " - " << row.value("description", "");
                out << "\n";
            }
        }
    }
    if (!message.value("footer", "").empty()) out << "_" << message.value("footer", "") << "_\n";
}

}  // namespace

int run_sandbox_chat(const config::Config& config, const std::string& from, const std::string& profile_name,
                     std::istream& in, std::ostream& out) {
    if (config.whatsapp.provider != "sandbox") {
        out << "ekel-bot chat hanya untuk whatsapp.provider = \"sandbox\".\n";
        return 2;
    }
    // Meta sends only UTF-8, and the envelope is built as JSON, which cannot hold anything else.
    if (!is_valid_utf8(profile_name)) {
        out << "--name berisi karakter yang tidak dapat dibaca (bukan UTF-8).\n";
        return 2;
    }
    const std::string base = "http://" + (config.bot.bind == "0.0.0.0" ? std::string("127.0.0.1") : config.bot.bind) +
                             ":" + std::to_string(config.bot.port);
    std::int64_t last_seen = 0;
    std::vector<Choice> choices;
    // Earlier messages are not repeated, except the newest: an RT head opening the chat sees the
    // notification waiting for them and can answer its buttons.
    if (auto res = http::http_get(base, "/sandbox/messages?to=" + from + "&after=0"); res && res->status == 200) {
        json rows = json::parse(res->body);
        for (const auto& row : rows) last_seen = std::max(last_seen, row.at("id").get<std::int64_t>());
        if (!rows.empty()) {
            out << "Pesan terakhir untuk nomor ini:\n";
            render(rows.back().at("message"), choices, out);
        }
    } else {
        out << "Bot tidak dapat dihubungi di " << base << ". Jalankan dulu: make run\n";
        return 1;
    }
    out << "Obrolan sandbox sebagai " << from
        << ". Ketik pesan, angka untuk memilih, Enter saja untuk memeriksa pesan baru, atau /keluar.\n";
    std::string line;
    int sequence = 0;
    const auto session = std::chrono::system_clock::now().time_since_epoch().count();
    while (out << "> " << std::flush, std::getline(in, line)) {
        std::string text(trim(line));
        if (text == "/keluar" || text == "/quit") break;
        if (!is_valid_utf8(text)) {
            out << "(pesan tidak dikirim: ada karakter yang tidak dapat dibaca (bukan UTF-8); "
                   "periksa pengaturan bahasa terminal)\n";
            continue;
        }
        if (text.empty()) {
            // Notifications arrive without the person writing: an empty line looks for them.
            auto res = http::http_get(base, "/sandbox/messages?to=" + from + "&after=" + std::to_string(last_seen));
            json rows = res && res->status == 200 ? json::parse(res->body) : json::array();
            if (!rows.empty()) choices.clear();
            for (const auto& row : rows) {
                last_seen = row.at("id").get<std::int64_t>();
                render(row.at("message"), choices, out);
            }
            if (rows.empty()) out << "(tidak ada pesan baru)\n";
            continue;
        }
        auto now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch());
        messaging::InboundMessage message = whatsapp::text_message(
            from, "wamid.CHAT" + std::to_string(session) + "." + std::to_string(++sequence), text, now.count(),
            profile_name);
        if (is_all_digits(text) && text.size() <= 2) {
            std::size_t pick = std::stoul(text);
            if (pick >= 1 && pick <= choices.size()) {
                message.kind = choices[pick - 1].kind;
                message.reply_id = choices[pick - 1].id;
                message.text = choices[pick - 1].title;
            }
        }
        const std::string body = whatsapp::build_envelope({message}, {}, config.whatsapp.phone_number_id.empty()
                                                                              ? "sandbox"
                                                                              : config.whatsapp.phone_number_id);
        auto sent = http::http_post(base, "/webhooks/whatsapp", body, "application/json",
                                    {{"X-Hub-Signature-256", whatsapp::sign_body(body, config.whatsapp.app_secret)}});
        if (!sent || sent->status != 200) {
            out << "(pesan tidak terkirim: " << (sent ? std::to_string(sent->status) : "bot tidak menjawab") << ")\n";
            continue;
        }
        // Wait for replies: up to 5 s for the first, then until 400 ms pass without a new one.
        choices.clear();
        auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
        bool got_any = false;
        while (std::chrono::steady_clock::now() < deadline) {
            auto res = http::http_get(base, "/sandbox/messages?to=" + from + "&after=" + std::to_string(last_seen));
            bool got_new = false;
            if (res && res->status == 200) {
                for (const auto& row : json::parse(res->body)) {
                    last_seen = row.at("id").get<std::int64_t>();
                    if (!choices.empty()) choices.clear();  // only the latest message's choices count
                    render(row.at("message"), choices, out);
                    got_new = true;
                }
            }
            if (got_new) {
                got_any = true;
                deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(400);
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        if (!got_any) out << "(belum ada balasan)\n";
    }
    return 0;
}

}  // namespace ekel::bot
