#include "bot/engine/identity_flow.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>

#include "bot/engine/turn.h"
#include "shared/domain/date.h"
#include "shared/domain/nik.h"
#include "shared/util/masking.h"
#include "shared/util/text.h"
#include "shared/util/time.h"

namespace ekel::bot {

using messaging::ReplyKind;

namespace {

constexpr int kMaxIdentityFailures = 3;
constexpr auto kIdentityLock = std::chrono::hours(1);

std::string title_case(const std::string& name) {
    std::string out = to_lower_ascii(name);
    bool start = true;
    for (char& c : out) {
        if (start && c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        start = (c == ' ' || c == '.' || c == '\'' || c == '-');
    }
    return out;
}

}  // namespace

IdentityFlow::IdentityFlow(const config::Config& config, const services::OfficeHours& office,
                           std::function<void(Turn&)> resume)
    : config_(config), office_(office), resume_(std::move(resume)) {}

bool IdentityFlow::refuse_while_locked(Turn& turn) {
    auto check = turn.store.conversations.identity_check(turn.sender());
    if (!check.locked_until || *check.locked_until <= turn.now_text) return false;
    auto until = parse_utc(*check.locked_until);
    turn.reset();
    turn.say("Demi keamanan data, verifikasi dari nomor ini dikunci sementara sampai " +
             (until ? office_.describe(*until) : *check.locked_until) +
             ". Silakan coba lagi nanti atau datang ke kantor kelurahan.");
    return true;
}

void IdentityFlow::ask(Turn& turn) {
    if (refuse_while_locked(turn)) return;
    turn.go(State::identify_nik);
    turn.buttons("Nomor ini belum terhubung dengan data kependudukan. Untuk keamanan, mohon kirim *NIK* Anda "
                 "(16 angka sesuai KTP).",
                 {{messaging::encode({ReplyKind::newcomer}), "Saya warga pendatang"}});
}

void IdentityFlow::check(Turn& turn, const std::string& nik, const std::string& birth_date) {
    // Every path to a check (the NIK question, NIK and date written in a request) ends here, so
    // a locked phone cannot guess on, and its guesses neither link it nor extend the lock.
    if (refuse_while_locked(turn)) return;
    auto resident = turn.store.residents.find_by_nik(nik);
    auto date = domain::parse_date(birth_date);
    if (resident && date && resident->birth_date == *date) {
        turn.store.residents.add_verified_phone(resident->id, turn.sender(), domain::PhoneVerification::nik_birth_date,
                                                turn.now_text);
        turn.store.conversations.clear_identity_failures(turn.sender(), turn.now_text);
        turn.data.self_id = resident->id;
        turn.say("Terima kasih, data Anda cocok. Nomor ini sekarang terhubung dengan data Anda.");
        return resume_(turn);
    }
    // Never say which part did not match, or whether the NIK exists.
    auto lock_until = format_utc(turn.now + kIdentityLock);
    auto check = turn.store.conversations.record_identity_failure(turn.sender(), kMaxIdentityFailures, lock_until,
                                                                  turn.now_text);
    spdlog::info("identity check failed for {} (NIK {})", mask_phone(turn.sender()), mask_nik(nik));
    if (check.locked_until && *check.locked_until > turn.now_text) {
        turn.reset();
        return turn.say("Data yang Anda kirim belum cocok dengan data kami. Demi keamanan data, verifikasi dari nomor "
                        "ini dikunci sementara sampai " +
                        office_.describe(turn.now + kIdentityLock) +
                        ". Silakan coba lagi nanti atau datang ke kantor kelurahan.");
    }
    turn.go(State::identify_nik);
    turn.say(fmt::format("Data yang Anda kirim belum cocok dengan data kami. Silakan kirim NIK Anda lagi "
                         "(sisa {} kali percobaan).",
                         kMaxIdentityFailures - check.failures));
}

void IdentityFlow::ask_who(Turn& turn, const std::vector<domain::Resident>& residents) {
    std::vector<messaging::ListRow> rows;
    for (const auto& r : residents) {
        rows.push_back({messaging::encode({ReplyKind::self, std::to_string(r.id)}), truncate_utf8(r.full_name, 24), ""});
    }
    turn.go(State::choose_identity);
    turn.list("Nomor ini terdaftar untuk beberapa orang. Anda siapa?", "Pilih nama", rows);
}

void IdentityFlow::answer_nik(Turn& turn) {
    const auto& p = turn.parsed;
    if (turn.tapped(ReplyKind::newcomer) ||
        (turn.reply_id.empty() && to_lower_ascii(turn.text).find("pendatang") != std::string::npos)) {
        turn.draft().newcomer.emplace();
        return ask_newcomer(turn);
    }
    std::string digits;
    for (char c : turn.text) {
        if (c >= '0' && c <= '9') digits += c;
    }
    std::string nik = p.nik.value_or(digits);
    auto valid = domain::parse_nik(nik);
    if (!valid) return turn.say(valid.error().message + ". Mohon kirim ulang NIK Anda (16 angka).");
    turn.data.pending_nik = nik;
    if (p.date) return check(turn, nik, *p.date);
    turn.go(State::identify_birth_date);
    turn.say("Terima kasih. Sekarang kirim *tanggal lahir* Anda, contoh: 17-08-1985.");
}

void IdentityFlow::answer_birth_date(Turn& turn) {
    const auto& p = turn.parsed;
    auto date = p.date ? domain::parse_date(*p.date) : domain::parse_date(std::string(trim(turn.text)));
    if (!date) return turn.say("Format tanggal belum tepat. Mohon kirim tanggal lahir seperti contoh: 17-08-1985.");
    std::string nik = turn.data.pending_nik.value_or("");
    turn.data.pending_nik.reset();
    check(turn, nik, domain::to_iso(*date));
}

void IdentityFlow::answer_who(Turn& turn) {
    if (const auto* self = turn.tapped(ReplyKind::self)) {
        auto chosen = self->number();
        for (const auto& r : turn.store.residents.find_by_verified_phone(turn.sender())) {
            if (chosen && r.id == *chosen) turn.data.self_id = *chosen;
        }
    }
    resume_(turn);
}

void IdentityFlow::answer_newcomer_name(Turn& turn) {
    std::string name(trim(turn.parsed.name.value_or(turn.text)));
    if (name.size() < 3 || name.size() > 100 || std::any_of(name.begin(), name.end(), ::isdigit)) {
        return turn.say("Mohon kirim nama lengkap Anda (huruf saja), sesuai KTP.");
    }
    auto& draft = turn.draft();
    if (!draft.newcomer) draft.newcomer.emplace();
    draft.newcomer->name = title_case(name);
    if (turn.parsed.rt) draft.said_rt = *turn.parsed.rt;
    ask_newcomer(turn);
}

/// The first of name, address and RT a newcomer has not given yet; what an earlier message said
/// ("saya Budi", "RT 5") is used, not asked again.
void IdentityFlow::ask_newcomer(Turn& turn) {
    auto& draft = turn.draft();
    if (!draft.newcomer) draft.newcomer.emplace();
    Newcomer& n = *draft.newcomer;
    if (n.name.empty() && draft.said_name && draft.said_name->size() >= 3) n.name = title_case(*draft.said_name);
    if (n.rt == 0 && draft.said_rt && turn.store.rts.find_by_number(*draft.said_rt)) n.rt = *draft.said_rt;
    if (n.name.empty()) {
        turn.go(State::newcomer_name);
        return turn.say("Baik. Mohon kirim *nama lengkap* Anda sesuai KTP.");
    }
    if (n.address.empty()) {
        turn.go(State::newcomer_address);
        return turn.say("Terima kasih, " + n.name + ". Sekarang kirim *alamat tempat tinggal* Anda di Kelurahan " +
                        config_.kelurahan.name + " (jalan, gang, nomor rumah).");
    }
    if (n.rt == 0) {
        turn.go(State::newcomer_rt);
        return turn.say("Anda tinggal di RT berapa? (contoh: RT 5)");
    }
    resume_(turn);
}

void IdentityFlow::answer_newcomer_address(Turn& turn) {
    std::string address(trim(turn.text));
    if (address.size() < 5) return turn.say("Alamat terlalu singkat. Mohon tulis jalan, gang dan nomor rumah.");
    auto& draft = turn.draft();
    if (!draft.newcomer) draft.newcomer.emplace();
    draft.newcomer->address = truncate_utf8(address, 200);
    if (turn.parsed.rt) draft.said_rt = *turn.parsed.rt;  // "Jl. Mawar 3, RT 5"
    ask_newcomer(turn);
}

void IdentityFlow::answer_newcomer_rt(Turn& turn) {
    std::optional<int> rt = turn.parsed.rt;
    if (!rt && is_all_digits(trim(turn.text)) && trim(turn.text).size() <= 3) rt = std::stoi(std::string(trim(turn.text)));
    if (!rt || !turn.store.rts.find_by_number(*rt)) {
        return turn.say(fmt::format("Nomor RT itu tidak ada di Kelurahan {}. Mohon kirim nomor RT Anda, contoh: RT 5.",
                                    config_.kelurahan.name));
    }
    auto& draft = turn.draft();
    if (!draft.newcomer) draft.newcomer.emplace();
    draft.newcomer->rt = *rt;
    resume_(turn);
}

}  // namespace ekel::bot
