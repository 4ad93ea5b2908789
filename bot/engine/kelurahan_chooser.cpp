#include "bot/engine/kelurahan_chooser.h"

#include <fmt/format.h>

#include "shared/db/city_repository.h"
#include "shared/db/store.h"
#include "shared/messaging/outbound_message.h"
#include "shared/util/text.h"
#include "shared/util/time.h"

namespace ekel::bot {

namespace {

constexpr std::string_view kKecamatanId = "kec:";
constexpr std::string_view kKelurahanId = "kel:";

bool starts_with(std::string_view text, std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; }

/// Whether `typed` (lower case) names `name`, as a whole phrase: "belimbing" in "saya di belimbing".
bool names(const std::string& typed, const std::string& name) {
    const std::string wanted = to_lower_ascii(name);
    for (auto at = typed.find(wanted); at != std::string::npos; at = typed.find(wanted, at + 1)) {
        const bool starts = at == 0 || !std::isalnum(static_cast<unsigned char>(typed[at - 1]));
        const auto end = at + wanted.size();
        const bool ends = end == typed.size() || !std::isalnum(static_cast<unsigned char>(typed[end]));
        if (starts && ends) return true;
    }
    return false;
}

messaging::OutboundMessage reply_to(const messaging::InboundMessage& message, messaging::OutboundKind kind,
                                    std::string text) {
    messaging::OutboundMessage m;
    m.kind = kind;
    m.to = message.sender_wa_id;
    m.to_user_id = message.sender_user_id;
    m.text = std::move(text);
    return m;
}

}  // namespace

void KelurahanChooser::handle(const messaging::InboundMessage& message, db::Store& store, TimePoint now) {
    db::NewcomerRepository newcomers(store.db());
    const std::string key = message.sender_key();
    db::Newcomer newcomer = newcomers.find(key).value_or(db::Newcomer{key, "", ""});
    const std::string answer = message.reply_id;
    const std::string typed = to_lower_ascii(message.text);
    const std::string now_text = format_utc(now);

    const config::CityKelurahan* chosen = nullptr;
    if (starts_with(answer, kKelurahanId)) chosen = city_.find(answer.substr(kKelurahanId.size()));
    for (const auto& k : city_.kelurahan) {
        if (!chosen && names(typed, k.name)) chosen = &k;
    }
    if (chosen) {
        newcomer.kecamatan = chosen->kecamatan;
        newcomer.kelurahan_code = chosen->code;
        newcomers.save(newcomer, now_text);
        store.outbox.enqueue(
            reply_to(message, messaging::OutboundKind::text,
                     fmt::format("Terima kasih. Anda terhubung dengan Kelurahan {}, Kecamatan {}. Silakan tulis "
                                 "keperluan Anda, misalnya: mau urus surat keterangan domisili.",
                                 chosen->name, chosen->kecamatan)),
            std::nullopt, now_text);
        return;
    }

    if (starts_with(answer, kKecamatanId)) {
        const std::string index = answer.substr(kKecamatanId.size());
        if (is_all_digits(index) && index.size() < 4 && std::stoul(index) < city_.kecamatan.size()) {
            newcomer.kecamatan = city_.kecamatan[std::stoul(index)];
        }
    }
    for (const auto& name : city_.kecamatan) {
        if (names(typed, name)) newcomer.kecamatan = name;
    }
    if (city_.kecamatan.size() == 1) newcomer.kecamatan = city_.kecamatan.front();
    newcomers.save(newcomer, now_text);

    if (newcomer.kecamatan.empty()) {
        auto ask = reply_to(message, messaging::OutboundKind::list,
                            fmt::format("Selamat datang di layanan surat kelurahan Kota {}. Nomor Anda belum terdaftar "
                                        "di kelurahan mana pun. Di kecamatan mana Anda tinggal?",
                                        city_.name));
        ask.list_button = "Pilih kecamatan";
        messaging::ListSection section{"Kecamatan", {}};
        for (std::size_t i = 0; i < city_.kecamatan.size(); ++i) {
            section.rows.push_back({std::string(kKecamatanId) + std::to_string(i), city_.kecamatan[i], ""});
        }
        ask.sections.push_back(std::move(section));
        store.outbox.enqueue(ask, std::nullopt, now_text);
        return;
    }
    auto ask = reply_to(message, messaging::OutboundKind::list,
                        fmt::format("Di kelurahan mana Anda tinggal? (Kecamatan {})", newcomer.kecamatan));
    ask.list_button = "Pilih kelurahan";
    messaging::ListSection section{"Kelurahan", {}};
    for (const auto& k : city_.kelurahan) {
        if (k.kecamatan == newcomer.kecamatan) section.rows.push_back({std::string(kKelurahanId) + k.code, k.name, ""});
    }
    ask.sections.push_back(std::move(section));
    store.outbox.enqueue(ask, std::nullopt, now_text);
}

}  // namespace ekel::bot
