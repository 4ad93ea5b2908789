#include "bot/engine/identity_flow.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <string_view>
#include <vector>

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


std::string digits_of(const std::string& text) {
    std::string digits;
    for (char c : text) {
        if (c >= '0' && c <= '9') digits += c;
    }
    return digits;
}

/// The place in "Bandung, 17-08-1990" or "lahir di Kab. Bandung tgl 17 Agustus 1990": the words
/// with letters and no digits, without month names and the words around them; title case.
std::string place_in(const std::string& text) {
    static const std::vector<std::string> kNotPlace = {
        "tempat", "tanggal", "tgl", "tgl.", "lahir", "ttl", "di", "pada", "kelahiran", "saya", "lhr",
        "januari", "februari", "pebruari", "maret", "april", "mei", "juni", "juli", "agustus", "september",
        "oktober", "november", "nopember", "desember", "jan", "feb", "mar", "apr", "jun", "jul", "agu",
        "agt", "ags", "agst", "sep", "sept", "okt", "nov", "des"};
    constexpr std::string_view kSeparators = " ,/;:\n\t()";
    std::vector<std::string> words;
    std::string current;
    for (char c : text + " ") {
        if (kSeparators.find(c) == std::string_view::npos) {
            current += c;
        } else if (!current.empty()) {
            words.push_back(current);
            current.clear();
        }
    }
    std::string out;
    const auto letter = [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || static_cast<unsigned char>(c) >= 0x80;
    };
    const auto digit = [](char c) { return c >= '0' && c <= '9'; };
    for (const auto& word : words) {
        if (std::any_of(word.begin(), word.end(), digit) || std::none_of(word.begin(), word.end(), letter)) continue;
        if (std::find(kNotPlace.begin(), kNotPlace.end(), to_lower_ascii(word)) != kNotPlace.end()) continue;
        if (!out.empty()) out += ' ';
        out += word;
    }
    return title_case(out);
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
    fail_check(turn, nik, State::identify_nik);
}

void IdentityFlow::fail_check(Turn& turn, const std::string& nik, State retry) {
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
    turn.go(retry);
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
        // "saya pendatang, NIK …, lahir …": what this message says is not asked again.
        if (p.nik) turn.data.pending_nik = *p.nik;
        if (p.date) turn.data.pending_birth_date = *p.date;
        if (p.name) turn.draft().said_name = truncate_utf8(*p.name, 100);
        if (p.rt) turn.draft().said_rt = *p.rt;
        return ask_newcomer(turn);
    }
    std::string nik = p.nik.value_or(digits_of(turn.text));
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

Newcomer& IdentityFlow::newcomer(Turn& turn) {
    auto& draft = turn.draft();
    if (!draft.newcomer) draft.newcomer.emplace();
    return *draft.newcomer;
}

bool IdentityFlow::is_complete(const Newcomer& n) {
    return !n.name.empty() && !n.nik.empty() && !n.birth_date.empty() && !n.birth_place.empty() &&
           !n.address.empty() && n.rt != 0 && !n.origin_address.empty();
}

void IdentityFlow::answer_newcomer_name(Turn& turn) {
    std::string name(trim(turn.parsed.name.value_or(turn.text)));
    if (name.size() < 3 || name.size() > 100 || std::any_of(name.begin(), name.end(), ::isdigit)) {
        return turn.say("Mohon kirim nama lengkap Anda (huruf saja), sesuai KTP.");
    }
    newcomer(turn).name = title_case(name);
    if (turn.parsed.rt) turn.draft().said_rt = *turn.parsed.rt;
    ask_newcomer(turn);
}

/// The first of name, NIK, birth date and place, address, RT and origin address a newcomer has
/// not given yet, in the order of the KTP and then where they live; what an earlier message said
/// ("saya Budi", "RT 5", a NIK or date sent with the request) is used, not asked again.
void IdentityFlow::ask_newcomer(Turn& turn) {
    auto& draft = turn.draft();
    Newcomer& n = newcomer(turn);
    // The first question after the name (typed now, or found in an earlier message) thanks by name.
    const bool greet = turn.state == State::newcomer_name || turn.state == State::identify_nik;
    if (n.name.empty() && draft.said_name && draft.said_name->size() >= 3) n.name = title_case(*draft.said_name);
    if (n.rt == 0 && draft.said_rt && turn.store.rts.find_by_number(*draft.said_rt)) n.rt = *draft.said_rt;
    // A NIK or birth date written before (with the request, at the NIK question) is used once.
    if (n.nik.empty() && turn.data.pending_nik && domain::parse_nik(*turn.data.pending_nik)) n.nik = *turn.data.pending_nik;
    if (n.birth_date.empty() && turn.data.pending_birth_date) {
        auto date = domain::parse_date(*turn.data.pending_birth_date);
        if (date && *date <= today(turn)) n.birth_date = domain::to_iso(*date);
    }
    turn.data.pending_nik.reset();
    turn.data.pending_birth_date.reset();
    const std::string thanks = greet && !n.name.empty() ? "Terima kasih, " + n.name + ". " : "";
    if (n.name.empty()) {
        turn.go(State::newcomer_name);
        return turn.say("Baik. Mohon kirim *nama lengkap* Anda sesuai KTP.");
    }
    if (n.nik.empty()) {
        turn.go(State::newcomer_nik);
        return turn.say(thanks + "Mohon kirim *NIK* Anda (16 angka sesuai KTP, juga bila KTP Anda dari daerah asal).");
    }
    if (n.birth_date.empty()) {
        turn.go(State::newcomer_birth_date);
        return turn.say(thanks + "Sekarang kirim *tempat dan tanggal lahir* Anda sesuai KTP, contoh: Bandung, "
                                 "17-08-1990.");
    }
    if (!check_newcomer(turn)) return;
    if (n.birth_place.empty()) {
        turn.go(State::newcomer_birth_place);
        return turn.say(thanks + "Di kota atau kabupaten mana Anda lahir? (sesuai KTP, contoh: Bandung)");
    }
    if (n.address.empty()) {
        turn.go(State::newcomer_address);
        return turn.say(thanks + "Sekarang kirim *alamat tempat tinggal* Anda di Kelurahan " + config_.kelurahan.name +
                        " (jalan, gang, nomor rumah).");
    }
    if (n.rt == 0) {
        turn.go(State::newcomer_rt);
        return turn.say("Anda tinggal di RT berapa? (contoh: RT 5)");
    }
    if (n.origin_address.empty()) {
        turn.go(State::newcomer_origin);
        return turn.say("Terakhir, kirim *alamat asal* Anda sebelum pindah ke sini (sesuai KTP atau surat pindah), "
                        "contoh: Jl. Merdeka No. 10, Kel. Sukajadi, Kota Bandung.");
    }
    resume_(turn);
}

bool IdentityFlow::check_newcomer(Turn& turn) {
    if (refuse_while_locked(turn)) return false;
    Newcomer& n = newcomer(turn);
    const std::string nik = n.nik;
    const std::string birth_date = n.birth_date;
    if (turn.store.residents.find_by_nik(nik)) {
        // A NIK in the registry is a resident's: the registry decides, exactly as on the resident
        // path, so the newcomer path neither reveals nor bypasses a registered NIK.
        turn.draft().newcomer.reset();
        check(turn, nik, birth_date);
        return false;
    }
    auto info = domain::parse_nik(nik);
    auto date = domain::parse_date(birth_date);
    if (info && date && domain::nik_matches_birth_date(*info, *date)) return true;
    n.nik.clear();
    n.birth_date.clear();
    fail_check(turn, nik, State::newcomer_nik);
    return false;
}

void IdentityFlow::answer_newcomer_nik(Turn& turn) {
    const auto& p = turn.parsed;
    std::string nik = p.nik.value_or(digits_of(turn.text));
    auto valid = domain::parse_nik(nik);
    if (!valid) return turn.say(valid.error().message + ". Mohon kirim ulang NIK Anda (16 angka).");
    Newcomer& n = newcomer(turn);
    n.nik = nik;
    if (p.date && n.birth_date.empty()) turn.data.pending_birth_date = *p.date;  // "NIK …, lahir 17-08-1990"
    ask_newcomer(turn);
}

void IdentityFlow::answer_newcomer_birth_date(Turn& turn) {
    const auto& p = turn.parsed;
    auto date = p.date ? domain::parse_date(*p.date) : domain::parse_date(std::string(trim(turn.text)));
    if (!date) {
        return turn.say("Format tanggal belum tepat. Mohon kirim tempat dan tanggal lahir seperti contoh: Bandung, "
                        "17-08-1990.");
    }
    if (*date > today(turn)) {
        return turn.say("Tanggal lahir tidak boleh sesudah hari ini. Mohon kirim tempat dan tanggal lahir seperti "
                        "contoh: Bandung, 17-08-1990.");
    }
    Newcomer& n = newcomer(turn);
    n.birth_date = domain::to_iso(*date);
    if (std::string place = place_in(turn.text); place.size() >= 3 && place.size() <= 50) n.birth_place = place;
    ask_newcomer(turn);
}

void IdentityFlow::answer_newcomer_birth_place(Turn& turn) {
    std::string place = place_in(turn.text);
    if (place.size() < 3 || place.size() > 50) {
        return turn.say("Mohon kirim nama kota atau kabupaten tempat Anda lahir (huruf saja), contoh: Bandung.");
    }
    newcomer(turn).birth_place = place;
    ask_newcomer(turn);
}

void IdentityFlow::answer_newcomer_address(Turn& turn) {
    std::string address(trim(turn.text));
    if (address.size() < 5) return turn.say("Alamat terlalu singkat. Mohon tulis jalan, gang dan nomor rumah.");
    newcomer(turn).address = truncate_utf8(address, 200);
    if (turn.parsed.rt) turn.draft().said_rt = *turn.parsed.rt;  // "Jl. Mawar 3, RT 5"
    ask_newcomer(turn);
}

void IdentityFlow::answer_newcomer_rt(Turn& turn) {
    std::optional<int> rt = turn.parsed.rt;
    if (!rt && is_all_digits(trim(turn.text)) && trim(turn.text).size() <= 3) rt = std::stoi(std::string(trim(turn.text)));
    if (!rt || !turn.store.rts.find_by_number(*rt)) {
        return turn.say(fmt::format("Nomor RT itu tidak ada di Kelurahan {}. Mohon kirim nomor RT Anda, contoh: RT 5.",
                                    config_.kelurahan.name));
    }
    newcomer(turn).rt = *rt;
    ask_newcomer(turn);
}

void IdentityFlow::answer_newcomer_origin(Turn& turn) {
    std::string address(trim(turn.text));
    if (address.size() < 10) {
        return turn.say("Alamat asal terlalu singkat. Mohon tulis jalan atau desa, kelurahan, dan kota atau kabupaten "
                        "asal Anda.");
    }
    newcomer(turn).origin_address = truncate_utf8(address, 200);
    ask_newcomer(turn);
}

domain::CivilDate IdentityFlow::today(const Turn& turn) const {
    return to_local(turn.now, config_.kelurahan.utc_offset_minutes).date;
}

}  // namespace ekel::bot
