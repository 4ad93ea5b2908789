#include "bot/engine/request_flow.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <nlohmann/json.hpp>
#include <string_view>

#include "bot/engine/turn.h"
#include "bot/engine/wording.h"
#include "shared/domain/date.h"
#include "shared/domain/nik.h"
#include "shared/services/letter_fields.h"
#include "shared/services/newcomer_fields.h"
#include "shared/services/request_service.h"
#include "shared/services/requirement_checklist.h"
#include "shared/services/rt_review.h"
#include "shared/util/masking.h"
#include "shared/util/text.h"

namespace ekel::bot {

using messaging::InboundKind;
using messaging::ReplyId;
using messaging::ReplyKind;
using nlu::Intent;

namespace {

/// Lower case with punctuation as spaces and a space at each end, for whole-word searches.
std::string word_view(const std::string& text) {
    std::string out = " ";
    for (char c : to_lower_ascii(text)) {
        bool word = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (static_cast<unsigned char>(c) >= 0x80);
        out += word ? c : ' ';
    }
    return out + " ";
}

/// Fills choice fields whose hint words appear in what the citizen already wrote.
void prefill_choices(Draft& draft, const config::LetterType& type) {
    const std::string said = word_view(draft.said + " " + draft.purpose.value_or(""));
    for (const auto& field : type.fields) {
        if (field.kind != config::FieldKind::choice || draft.fields.count(field.key) > 0) continue;
        for (std::size_t i = 0; i < field.choice_hints.size(); ++i) {
            bool hit = std::any_of(field.choice_hints[i].begin(), field.choice_hints[i].end(),
                                   [&](const std::string& hint) { return said.find(" " + hint + " ") != std::string::npos; });
            if (hit) {
                draft.fields[field.key] = field.choices[i];
                break;
            }
        }
    }
}

/// The words after one of `cues` in `said` up to the end of the clause ("usaha saya bengkel
/// motor, sejak 2019" after "usaha saya": "bengkel motor"), as typed; empty when none.
std::string text_after_cue(const std::string& said, const std::vector<std::string>& cues) {
    static const std::vector<std::string> kClauseEnds = {
        "di", "yang",   "yg",  "untuk", "utk",    "buat", "sejak", "dan", "sama", "pak", "bu",
        "ya", "dengan", "dgn", "mulai", "alamat", "rt",   "saya",  "sy",  "kami", "mau"};
    constexpr std::size_t kMostWords = 6;
    constexpr std::string_view kWordEnds = " ,.;!?\n()\"";
    const std::string words = word_view(said);  // words[i + 1] is said[i]
    for (const auto& cue : cues) {
        for (std::size_t at = words.find(" " + cue + " "); at != std::string::npos;
             at = words.find(" " + cue + " ", at + 1)) {
            std::size_t begin = at + cue.size();  // in `said`: just after the cue
            std::size_t end = begin;
            std::size_t count = 0;
            while (end < said.size() && count < kMostWords) {
                while (end < said.size() &&
                       (said[end] == ' ' || said[end] == ':' || said[end] == '"'))
                    ++end;
                if (count == 0) begin = end;
                std::size_t word_end = end;
                while (word_end < said.size() &&
                       kWordEnds.find(said[word_end]) == std::string_view::npos)
                    ++word_end;
                const std::string word = to_lower_ascii(said.substr(end, word_end - end));
                if (word.empty() ||
                    std::find(kClauseEnds.begin(), kClauseEnds.end(), word) != kClauseEnds.end())
                    break;
                end = word_end;
                ++count;
                if (end < said.size() && said[end] != ' ') break;  // punctuation ends the clause
            }
            std::string value(trim(said.substr(begin, end - begin)));
            if (!value.empty()) return value;
        }
    }
    return {};
}

/// Stores a field's answer as it goes on the letter, and what was typed when that differs.
void set_field(Draft& draft, const config::LetterField& field, const std::string& official, std::string_view typed) {
    draft.fields[field.key] = official;
    const std::string as_typed(trim(typed));
    if (field.kind == config::FieldKind::text && as_typed != official) {
        draft.typed_fields[field.key] = as_typed;
    } else {
        draft.typed_fields.erase(field.key);
    }
}

/// Stores the purpose as it goes on the letter, and what was typed when that differs; false
/// (nothing stored) when too little is left, e.g. only emoji.
bool set_purpose(Draft& draft, std::string_view typed, const domain::OfficialWords& words) {
    const std::string as_typed = truncate_utf8(std::string(trim(typed)), services::kMaxPurposeBytes);
    std::string official = services::official_purpose(as_typed, words);
    if (official.size() < 3) return false;
    if (official != as_typed) {
        draft.typed_purpose = as_typed;
    } else {
        draft.typed_purpose.reset();
    }
    draft.purpose = std::move(official);
    return true;
}

/// Fills text and number fields whose value the citizen already wrote after one of the
/// field's cue words, when it passes the same check as a typed answer.
void prefill_said(Draft& draft, const config::LetterType& type, const domain::OfficialWords& words) {
    for (const auto& field : type.fields) {
        if (field.said_after.empty() || draft.fields.count(field.key) > 0) continue;
        const std::string value = text_after_cue(draft.said, field.said_after);
        if (value.empty()) continue;
        if (auto checked = services::official_field_answer(field, value, words)) set_field(draft, field, checked.value(), value);
    }
}

/// True when the citizen calls themselves a newcomer ("saya pendatang", "warga baru", "baru pindah").
bool says_newcomer(const std::string& said) {
    const std::string words = word_view(said);
    for (const char* cue : {" pendatang ", " warga baru ", " baru pindah ", " pindahan "}) {
        if (words.find(cue) != std::string::npos) return true;
    }
    return false;
}

/// The draft's document answers as the checklist reads them; unknown states are dropped.
std::map<int, services::RequirementAnswer> answers_of(const Draft& draft) {
    std::map<int, services::RequirementAnswer> out;
    for (const auto& [position, answer] : draft.documents) {
        if (auto state = domain::parse_requirement_state(answer.state)) out[position] = {*state, answer.attachment_id};
    }
    return out;
}

/// Whether the whole-word view of a message holds one of the phrases.
template <std::size_t N>
bool says_any(const std::string& words, const std::array<std::string_view, N>& phrases) {
    return std::any_of(phrases.begin(), phrases.end(), [&](std::string_view phrase) {
        return words.find(" " + std::string(phrase) + " ") != std::string::npos;
    });
}

// "nanti saya bawa ke kantor", "menyusul", "belum ada": the document comes with the office visit.
constexpr std::array<std::string_view, 9> kBringLater = {"bawa",    "dibawa", "bawakan",   "nanti",      "menyusul",
                                                         "nyusul", "susul",  "belum ada", "belum punya"};
// "nanti saya kirim" promises a photo, not a visit: asked again.
constexpr std::array<std::string_view, 3> kSendLater = {"kirim", "dikirim", "kirimkan"};
constexpr std::array<std::string_view, 4> kOffice = {"bawa", "dibawa", "bawakan", "kantor"};
// "tidak ada", "bukan pendatang", "lewati": an optional document the citizen does not have.
constexpr std::array<std::string_view, 17> kDoNotHave = {
    "tidak ada", "tdk ada",  "gak ada",     "ga ada", "nggak ada", "ngga ada", "enggak ada", "tidak punya", "tdk punya",
    "gak punya", "ga punya", "tidak perlu", "lewati", "lewat",     "skip",     "bukan",      "tidak"};

const config::LetterType* draft_type(const config::LetterCatalog& catalog, const Draft& draft) {
    return draft.letter_type ? catalog.find(*draft.letter_type) : nullptr;
}

constexpr std::size_t kSummaryLimit = 1000;

std::string page_id(int page) { return messaging::encode({ReplyKind::letter_page, std::to_string(page)}); }

/// Resident facts a newcomer is asked only when the letter's body prints them
/// ({{resident.marital_status}} …); name, NIK, birth and address are always asked, and the sex
/// comes from the NIK.
const std::vector<config::LetterField>& newcomer_details() {
    static const std::vector<config::LetterField> kDetails = [] {
        auto field = [](std::string key, std::string label, std::string prompt, std::vector<std::string> choices,
                        int max_length) {
            config::LetterField f;
            f.key = std::move(key);
            f.label = std::move(label);
            f.prompt = std::move(prompt);
            f.kind = choices.empty() ? config::FieldKind::text : config::FieldKind::choice;
            f.choices = std::move(choices);
            f.max_length = max_length;
            return f;
        };
        return std::vector<config::LetterField>{
            field("marital_status", "Status perkawinan", "Apa *status perkawinan* Anda sesuai KTP?",
                  {"Belum Kawin", "Kawin", "Cerai Hidup", "Cerai Mati"}, 0),
            field("religion", "Agama", "Apa *agama* Anda sesuai KTP?",
                  {"Islam", "Kristen", "Katolik", "Hindu", "Buddha", "Khonghucu", "Kepercayaan terhadap Tuhan YME"}, 0),
            field("occupation", "Pekerjaan", "Apa *pekerjaan* Anda sesuai KTP? (contoh: Karyawan Swasta)", {}, 50),
            field("kk", "No. KK", "Mohon kirim *nomor Kartu Keluarga (KK)* Anda (16 angka).", {}, 40),
        };
    }();
    return kDetails;
}

const config::LetterField* find_newcomer_detail(const std::string& key) {
    for (const auto& field : newcomer_details()) {
        if (field.key == key) return &field;
    }
    return nullptr;
}

/// True when the body has the placeholder {{resident.<key>}}.
bool body_uses(const std::string& body, const std::string& key) {
    for (std::size_t open = body.find("{{"); open != std::string::npos; open = body.find("{{", open + 2)) {
        std::size_t close = body.find("}}", open + 2);
        if (close == std::string::npos) break;
        if (trim(std::string_view(body).substr(open + 2, close - open - 2)) == "resident." + key) return true;
    }
    return false;
}

}  // namespace

RequestFlow::RequestFlow(const config::Config& config, const config::LetterCatalog& catalog, const Clock& clock,
                         const services::OfficeHours& office)
    : config_(config),
      catalog_(catalog),
      clock_(clock),
      office_(office),
      identity_(config, office, [this](Turn& turn) { next(turn); }) {}

void RequestFlow::start(Turn& turn) {
    const auto& p = turn.parsed;
    Draft& draft = turn.draft();
    if (p.letter_type) draft.letter_type = *p.letter_type;
    draft.said = truncate_utf8(draft.said + " " + turn.text, 1000);
    // The parser's purpose is as typed; the draft holds it as it will stand on the letter.
    if (p.purpose) set_purpose(draft, *p.purpose, catalog_.words);
    // What the message already says is not asked again.
    if (p.name) draft.said_name = truncate_utf8(*p.name, 100);
    if (p.rt) draft.said_rt = *p.rt;
    // "sktm sama domisili sekalian": the second is offered once the first is filed.
    if (p.other_letter_type && p.other_letter_type != draft.letter_type) draft.other_letter_type = p.other_letter_type;
    // Data given together with the request is used for the identity check.
    if (p.nik) turn.data.pending_nik = *p.nik;
    if (p.date) turn.data.pending_birth_date = *p.date;
    next(turn);
}

void RequestFlow::next(Turn& turn) {
    Draft& draft = turn.draft();
    const bool newcomer = draft.newcomer.has_value();
    std::vector<domain::Resident> mine;
    // A newcomer draft stored by an earlier release lacks the NIK and birth date: asked now.
    if (newcomer && !IdentityFlow::is_complete(*draft.newcomer)) return identity_.ask_newcomer(turn);
    if (!newcomer) {
        mine = turn.store.residents.find_by_verified_phone(turn.sender());
        if (mine.empty()) {
            // "saya pendatang, NIK …, lahir …": the pair is kept for the newcomer path, whose
            // button comes with the NIK question, rather than failing against the registry now.
            if (turn.data.pending_nik && turn.data.pending_birth_date && !says_newcomer(draft.said)) {
                std::string nik = *turn.data.pending_nik;
                std::string date = *turn.data.pending_birth_date;
                turn.data.pending_nik.reset();
                turn.data.pending_birth_date.reset();
                return identity_.check(turn, nik, date);
            }
            return identity_.ask(turn);
        }
        if (mine.size() > 1 && !turn.data.self_id) return identity_.ask_who(turn, mine);
    }
    const config::LetterType* found = draft.letter_type ? catalog_.find(*draft.letter_type) : nullptr;
    if (!found) {
        turn.go(State::choose_letter_type);
        return show_letter_list(turn, "Surat apa yang ingin Anda urus?", 0);
    }
    const config::LetterType& type = *found;
    prefill_choices(draft, type);
    prefill_said(draft, type, catalog_.words);
    if (newcomer) {
        for (const auto& detail : newcomer_details()) {
            if (draft.newcomer->details.count(detail.key) == 0 && body_uses(type.body, detail.key)) {
                turn.data.field = detail.key;
                turn.go(State::newcomer_detail);
                return prompt_field(turn, detail);
            }
        }
    }
    if (!newcomer && !draft.applicant_id) {
        std::int64_t self_id = turn.data.self_id.value_or(mine[0].id);
        auto self = turn.store.residents.find_by_id(self_id);
        if (!self) return turn.reset();
        auto family = turn.store.residents.family_of(self->kk);
        if (family.size() <= 1) {
            draft.applicant_id = self->id;
        } else {
            auto row = [](std::int64_t id) { return messaging::encode({ReplyKind::applicant, std::to_string(id)}); };
            std::vector<messaging::ListRow> rows;
            rows.push_back({row(self->id), truncate_utf8(self->full_name, 24), "Saya sendiri"});
            for (const auto& member : family) {
                if (member.id == self->id || rows.size() >= kListRows) continue;
                rows.push_back({row(member.id), truncate_utf8(member.full_name, 24),
                                member.family_role.empty() ? "Anggota keluarga" : member.family_role});
            }
            turn.go(State::choose_applicant);
            return turn.list("*" + type.name + "* ini untuk siapa?", "Pilih nama", rows);
        }
    }
    for (const auto& field : type.fields) {
        if (field.required && draft.fields.count(field.key) == 0) return ask_field(turn, field);
    }
    if (!draft.purpose) {
        turn.go(State::collect_purpose);
        return turn.say("Surat ini untuk keperluan apa? Misalnya: *melamar kerja*, *pendaftaran sekolah anak*.");
    }
    for (std::size_t i = 0; i < type.requirements.size(); ++i) {
        const int position = static_cast<int>(i);
        if (type.requirements[i].kind == domain::RequirementKind::document && draft.documents.count(position) == 0) {
            return ask_document(turn, type, position);
        }
    }
    ask_confirmation(turn);
}

void RequestFlow::show_letter_list(Turn& turn, const std::string& body, int page) {
    std::vector<messaging::ListRow> rows;
    const auto& types = catalog_.types;
    std::size_t first = static_cast<std::size_t>(page) * (kListRows - 1);
    for (std::size_t i = first; i < types.size() && rows.size() < kListRows - 1; ++i) {
        rows.push_back({messaging::encode({ReplyKind::letter_type, types[i].code}), truncate_utf8(types[i].name, 60), ""});
    }
    if (first + rows.size() < types.size()) rows.push_back({page_id(page + 1), "Jenis surat lainnya…", ""});
    turn.list(body, "Pilih surat", rows);
}

bool RequestFlow::take_attachment(Turn& turn) {
    const bool in_request = !turn.between_flows() && turn.data.draft.has_value();
    if (!in_request) return false;
    const std::int64_t id = turn.store.attachments.add_to_draft(turn.attachment(), turn.now_text);
    const std::string noun = turn.message.kind == InboundKind::image ? "Foto" : "Dokumen";
    const config::LetterType* type = draft_type(catalog_, turn.draft());
    if (turn.state == State::collect_document && type && turn.data.document &&
        static_cast<std::size_t>(*turn.data.document) < type->requirements.size()) {
        // The photo or PDF answers the document asked for.
        const std::string& text = type->requirements[static_cast<std::size_t>(*turn.data.document)].text;
        take_document_answer(turn, {"sent", id}, fmt::format("{} untuk *{}* diterima ✅", noun, text));
        return true;
    }
    auto count = turn.store.attachments.draft(turn.sender()).size();
    turn.say(fmt::format("{} diterima dan dilampirkan pada permohonan Anda ({} lampiran).", noun, count));
    if (turn.state == State::confirm) ask_confirmation(turn);
    return true;
}

void RequestFlow::answer_letter_type(Turn& turn) {
    const auto& p = turn.parsed;
    if (const auto* page = turn.tapped(ReplyKind::letter_page)) {
        return show_letter_list(turn, "Pilih jenis surat:", static_cast<int>(std::min<std::int64_t>(page->number().value_or(0), 1000)));
    }
    const auto* tapped = turn.tapped(ReplyKind::letter_type);
    std::string code = tapped ? tapped->arg : p.letter_type.value_or("");
    if (code.empty() || !catalog_.find(code)) {
        return show_letter_list(turn, "Maaf, jenis surat itu belum kami kenali. Silakan pilih dari daftar:", 0);
    }
    turn.draft().letter_type = code;
    if (p.purpose && !turn.draft().purpose) set_purpose(turn.draft(), *p.purpose, catalog_.words);
    next(turn);
}

void RequestFlow::answer_applicant(Turn& turn) {
    if (const auto* tapped = turn.tapped(ReplyKind::applicant)) {
        auto chosen = tapped->number();
        auto mine = turn.store.residents.find_by_verified_phone(turn.sender());
        std::optional<domain::Resident> self;
        if (turn.data.self_id) {
            self = turn.store.residents.find_by_id(*turn.data.self_id);
        } else if (!mine.empty()) {
            self = mine[0];
        }
        auto member = chosen ? turn.store.residents.find_by_id(*chosen) : std::nullopt;
        // Only members of the same Kartu Keluarga.
        if (self && member && member->kk == self->kk) turn.draft().applicant_id = *chosen;
    }
    next(turn);
}

Result<std::string> RequestFlow::read_field_answer(const Turn& turn, const config::LetterField& field) const {
    // A tapped choice comes back as its index; the parser's ISO date beats the raw words. A
    // malformed id is no choice.
    std::string answer = std::string(trim(turn.text));
    if (field.kind == config::FieldKind::choice && !turn.reply_id.empty() &&
        (!turn.reply || turn.reply->kind == ReplyKind::choice)) {
        answer = turn.reply ? std::to_string(turn.reply->number().value_or(-1) + 1) : "0";
    } else if (field.kind == config::FieldKind::date && turn.parsed.date) {
        answer = *turn.parsed.date;
    }
    return services::official_field_answer(field, answer, catalog_.words);
}

void RequestFlow::answer_field(Turn& turn) {
    const auto& letter_type = turn.draft().letter_type;
    const config::LetterType* type = letter_type ? catalog_.find(*letter_type) : nullptr;
    const config::LetterField* field = type ? type->find_field(turn.data.field) : nullptr;
    if (!field) return next(turn);
    auto checked = read_field_answer(turn, *field);
    if (!checked) {
        turn.say(checked.error().message);
        return ask_field(turn, *field);
    }
    set_field(turn.draft(), *field, checked.value(), turn.text);
    turn.data.field.clear();
    if (turn.data.editing) {
        turn.data.editing = false;
        return ask_confirmation(turn);
    }
    next(turn);
}

void RequestFlow::answer_newcomer_detail(Turn& turn) {
    const config::LetterField* field = find_newcomer_detail(turn.data.field);
    if (!field || !turn.draft().newcomer) return next(turn);
    auto checked = read_field_answer(turn, *field);
    if (checked && field->key == "kk") {
        auto kk = domain::parse_kk(checked.value());
        checked = kk ? Result<std::string>(kk.value())
                     : Result<std::string>::failure("kk", kk.error().message + ". Mohon kirim ulang nomor KK Anda (16 angka).");
    }
    if (!checked) {
        turn.say(checked.error().message);
        return prompt_field(turn, *field);
    }
    turn.draft().newcomer->details[field->key] = checked.value();
    turn.data.field.clear();
    next(turn);
}

void RequestFlow::answer_purpose(Turn& turn) {
    if (!set_purpose(turn.draft(), turn.parsed.purpose.value_or(turn.text), catalog_.words)) {
        return turn.say("Mohon tuliskan keperluan surat ini, misalnya *melamar kerja*.");
    }
    turn.data.editing = false;
    next(turn);
}

void RequestFlow::answer_confirm(Turn& turn) {
    const auto& p = turn.parsed;
    const bool typed = turn.reply_id.empty();
    bool send = turn.tapped(ReplyKind::confirm, "send") || (typed && p.intent == Intent::confirm);
    bool edit = turn.tapped(ReplyKind::confirm, "edit") ||
                (typed && to_lower_ascii(turn.text).find("ubah") != std::string::npos);
    bool cancel = turn.tapped(ReplyKind::confirm, "cancel") ||
                  (typed && (p.intent == Intent::deny || p.intent == Intent::cancel));
    if (send) return submit(turn);
    if (cancel) {
        turn.reset();
        return turn.say("Permohonan dibatalkan dan tidak dikirim. Ketik *menu* bila ingin mulai lagi.");
    }
    if (edit) {
        const config::LetterType& type = *catalog_.find(turn.draft().letter_type.value_or(""));
        auto row = [](const std::string& key) { return messaging::encode({ReplyKind::edit, key}); };
        std::vector<messaging::ListRow> rows;
        for (const auto& field : type.fields) rows.push_back({row(field.key), truncate_utf8(field.label, 24), ""});
        const bool has_documents =
            std::any_of(type.requirements.begin(), type.requirements.end(),
                        [](const auto& r) { return r.kind == domain::RequirementKind::document; });
        if (has_documents) rows.push_back({row("documents"), "Dokumen persyaratan", ""});
        rows.push_back({row("purpose"), "Keperluan", ""});
        rows.push_back({row("type"), "Jenis surat", ""});
        turn.go(State::choose_edit);
        return turn.list("Bagian mana yang ingin diubah?", "Pilih bagian", rows);
    }
    ask_confirmation(turn);
}

void RequestFlow::answer_edit(Turn& turn) {
    const auto* tapped = turn.tapped(ReplyKind::edit);
    const std::string what = tapped ? tapped->arg : "";
    Draft& draft = turn.draft();
    turn.data.editing = true;
    if (what == "purpose") {
        draft.purpose.reset();
        draft.typed_purpose.reset();
        turn.go(State::collect_purpose);
        return turn.say("Silakan tulis keperluan yang baru.");
    }
    if (what == "documents") {
        // The documents not sent are asked again; when every one was sent, all of them are (the
        // earlier files stay with the request as attachments).
        const bool any_unsent = std::any_of(draft.documents.begin(), draft.documents.end(),
                                            [](const auto& entry) { return entry.second.state != "sent"; });
        std::erase_if(draft.documents, [&](const auto& entry) { return !any_unsent || entry.second.state != "sent"; });
        turn.data.editing = false;
        return next(turn);
    }
    if (what == "type") {
        draft.letter_type.reset();
        draft.fields.clear();
        draft.typed_fields.clear();
        draft.documents.clear();
        turn.data.editing = false;
        return next(turn);
    }
    const config::LetterType* type = draft.letter_type ? catalog_.find(*draft.letter_type) : nullptr;
    const config::LetterField* field = type ? type->find_field(what) : nullptr;
    if (!field) return ask_confirmation(turn);
    ask_field(turn, *field);
}

bool RequestFlow::answer_document(Turn& turn) {
    const config::LetterType* type = draft_type(catalog_, turn.draft());
    const std::optional<int> position = turn.data.document;
    if (!type || !position || static_cast<std::size_t>(*position) >= type->requirements.size()) {
        turn.data.document.reset();
        next(turn);
        return true;
    }
    const config::LetterRequirement& requirement = type->requirements[static_cast<std::size_t>(*position)];
    const bool typed = turn.reply_id.empty();
    // "tidak jadi", "batal": a clear wish to stop is no answer about the document.
    if (typed && turn.parsed.intent == Intent::cancel && turn.parsed.confidence >= 0.8) return false;
    const std::string words = word_view(turn.text);
    const bool later = turn.tapped(ReplyKind::document, "later") ||
                       (typed && says_any(words, kBringLater) && (!says_any(words, kSendLater) || says_any(words, kOffice)));
    const bool skip = !later && (turn.tapped(ReplyKind::document, "skip") || (typed && says_any(words, kDoNotHave)));
    if (later) {
        take_document_answer(turn, {"at_office", std::nullopt},
                             "Baik, *" + requirement.text + "* dibawa saat Anda ke kantor kelurahan.");
        return true;
    }
    if (skip && !requirement.mandatory) {
        take_document_answer(turn, {"skipped", std::nullopt}, "Baik, *" + requirement.text + "* dicatat tidak ada.");
        return true;
    }
    if (skip) {
        ask_document(turn, *type, *position,
                     "Dokumen ini wajib. Bila belum ada sekarang, tekan *Bawa ke kantor* dan bawa dokumennya saat "
                     "ke kantor kelurahan.\n\n");
        return true;
    }
    if (!typed) {
        remind_document(turn);
        return true;
    }
    return false;
}

void RequestFlow::remind_document(Turn& turn) {
    const config::LetterType* type = draft_type(catalog_, turn.draft());
    const std::optional<int> position = turn.data.document;
    if (!type || !position || static_cast<std::size_t>(*position) >= type->requirements.size()) return next(turn);
    ask_document(turn, *type, *position, "Mohon kirim foto atau PDF dokumennya sebagai jawaban.\n\n");
}

void RequestFlow::take_document_answer(Turn& turn, DocumentAnswer answer, const std::string& said) {
    turn.draft().documents[turn.data.document.value_or(0)] = std::move(answer);
    turn.data.document.reset();
    turn.say(said);
    next(turn);
}

void RequestFlow::ask_document(Turn& turn, const config::LetterType& type, int position, const std::string& before) {
    int number = 0;
    int total = 0;
    for (std::size_t i = 0; i < type.requirements.size(); ++i) {
        if (type.requirements[i].kind != domain::RequirementKind::document) continue;
        ++total;
        if (static_cast<int>(i) <= position) ++number;
    }
    const config::LetterRequirement& requirement = type.requirements[static_cast<std::size_t>(position)];
    turn.data.document = position;
    turn.go(State::collect_document);
    std::string text = before;
    if (before.empty() && number == 1) text = "Selanjutnya, dokumen persyaratan.\n\n";
    text += fmt::format("Dokumen {} dari {}: *{}*{}\n{}\n\nKirim foto atau PDF-nya di sini. Bila belum ada, tekan "
                        "*Bawa ke kantor* dan bawa saat Anda ke kantor kelurahan.",
                        number, total, requirement.text, requirement.mandatory ? "" : " (bila ada)", requirement.prompt);
    std::vector<messaging::ReplyButton> buttons = {
        {messaging::encode({ReplyKind::document, "later"}), "Bawa ke kantor"}};
    if (!requirement.mandatory) buttons.push_back({messaging::encode({ReplyKind::document, "skip"}), "Tidak ada"});
    turn.buttons(truncate_utf8(text, 1000), buttons);
}

void RequestFlow::ask_field(Turn& turn, const config::LetterField& field) {
    turn.data.field = field.key;
    turn.go(State::collect_field);
    prompt_field(turn, field);
}

void RequestFlow::prompt_field(Turn& turn, const config::LetterField& field) {
    auto choice = [](std::size_t i) { return messaging::encode({ReplyKind::choice, std::to_string(i)}); };
    if (field.kind == config::FieldKind::choice) {
        if (field.choices.size() <= 3) {
            std::vector<messaging::ReplyButton> buttons;
            for (std::size_t i = 0; i < field.choices.size(); ++i) {
                buttons.push_back({choice(i), truncate_utf8(field.choices[i], 20)});
            }
            return turn.buttons(field.prompt, buttons);
        }
        std::vector<messaging::ListRow> rows;
        for (std::size_t i = 0; i < field.choices.size(); ++i) {
            rows.push_back({choice(i), truncate_utf8(field.choices[i], 24), ""});
        }
        return turn.list(field.prompt, "Pilih", rows);
    }
    std::string hint;
    // One example per question: the catalogue's own, or ours for a date question without one.
    if (field.kind == config::FieldKind::date && field.prompt.find("contoh") == std::string::npos) {
        hint = " (contoh: 17-08-2026)";
    }
    turn.say(field.prompt + hint);
}

void RequestFlow::ask_confirmation(Turn& turn) {
    const Draft& draft = turn.draft();
    const config::LetterType& type = *catalog_.find(draft.letter_type.value_or(""));
    std::string text = "Mohon periksa ringkasan permohonan:\n• Jenis: " + type.name;
    if (draft.newcomer) {
        const Newcomer& n = *draft.newcomer;
        text += "\n• Pemohon: " + n.name + " (warga pendatang)\n• NIK: " + mask_nik(n.nik);
        auto born = domain::parse_date(n.birth_date);
        text += "\n• Tempat/Tgl. Lahir: " + n.birth_place + ", " + (born ? domain::to_indonesian_long(*born) : n.birth_date);
        text += "\n• Alamat: " + n.address + ", " + rt_text(n.rt) + "\n• Alamat asal: " + n.origin_address;
        for (const auto& detail : newcomer_details()) {
            if (auto it = n.details.find(detail.key); it != n.details.end()) {
                text += "\n• " + detail.label + ": " + (detail.key == "kk" ? mask_nik(it->second) : it->second);
            }
        }
    } else if (auto applicant = turn.store.residents.find_by_id(draft.applicant_id.value_or(0))) {
        text += fmt::format("\n• Pemohon: {} (NIK {})\n• Alamat: {}, {} RW {:03d}", applicant->full_name,
                            mask_nik(applicant->nik), applicant->address, rt_text(applicant->rt_number),
                            applicant->rw_number);
    }
    for (const auto& field : type.fields) {
        if (auto it = draft.fields.find(field.key); it != draft.fields.end()) {
            text += "\n• " + field.label + ": " + it->second;
        }
    }
    text += "\n• Keperluan: " + draft.purpose.value_or("");
    auto attachments = turn.store.attachments.draft(turn.sender()).size();
    if (attachments > 0) text += fmt::format("\n• Lampiran: {} berkas", attachments);
    const std::string requirements =
        "Persyaratan:\n" + services::checklist_lines(services::initial_checklist(type, answers_of(draft)));
    turn.go(State::confirm);
    auto confirm = [](const char* what) { return messaging::encode({ReplyKind::confirm, what}); };
    // A buttons message holds 1024 characters: a long summary goes first on its own, so that
    // every requirement is named beside the buttons.
    std::string body = text + "\n\n" + requirements;
    if (body.size() > kSummaryLimit) {
        turn.say(truncate_utf8(text, 4000));
        body = requirements;
    }
    turn.buttons(truncate_utf8(body, kSummaryLimit),
                 {{confirm("send"), "Kirim"}, {confirm("edit"), "Ubah"}, {confirm("cancel"), "Batal"}});
}

void RequestFlow::submit(Turn& turn) {
    const Draft& draft = turn.draft();
    const config::LetterType& type = *catalog_.find(draft.letter_type.value_or(""));
    services::NewRequest input;
    input.letter_type = type.code;
    input.purpose = draft.purpose.value_or("");
    // Only this letter's fields: a field typed for a letter type chosen before is not this letter's.
    services::TypedText typed{draft.typed_purpose.value_or(""), {}};
    for (const auto& [key, text] : draft.typed_fields) {
        if (type.find_field(key) && draft.fields.count(key)) typed.fields[key] = text;
    }
    input.original_text_json = typed.to_json();
    input.applicant_phone = turn.sender();
    input.channel = domain::Channel::whatsapp;
    nlohmann::json fields(draft.fields);
    int rt_number = 0;
    if (draft.newcomer) {
        const Newcomer& n = *draft.newcomer;
        if (!IdentityFlow::is_complete(n)) return identity_.ask_newcomer(turn);
        input.applicant_name = n.name;
        rt_number = n.rt;
        services::NewcomerFields stored;
        stored.address = n.address;
        stored.origin_address = n.origin_address;
        stored.nik = n.nik;
        stored.birth_place = n.birth_place;
        stored.birth_date = n.birth_date;
        const auto detail = [&](const char* key) {
            auto it = n.details.find(key);
            return it == n.details.end() ? std::string() : it->second;
        };
        stored.kk = detail("kk");
        stored.religion = detail("religion");
        stored.marital_status = detail("marital_status");
        stored.occupation = detail("occupation");
        services::write_newcomer_fields(stored, fields);
        auto rt = turn.store.rts.find_by_number(rt_number);
        if (!rt) return turn.reset();
        input.rt_id = rt->id;
    } else {
        auto applicant = turn.store.residents.find_by_id(draft.applicant_id.value_or(0));
        if (!applicant) return turn.reset();
        input.resident_id = applicant->id;
        input.applicant_name = applicant->full_name;
        input.rt_id = applicant->rt_id;
        rt_number = applicant->rt_number;
    }
    input.fields_json = fields.dump();
    input.requirements = services::initial_checklist(type, answers_of(draft));
    services::RequestService requests(turn.store, clock_, config_.kelurahan);
    domain::Request request = requests.submit_in_transaction(input, {domain::ActorKind::citizen, turn.sender()});
    turn.store.attachments.attach_draft(turn.sender(), request.id, turn.now_text);
    auto reviewer = services::RtReview(turn.store, clock_, config_, catalog_).notify_submitted(request);
    std::string next_step = reviewer ? fmt::format("Selanjutnya {} akan memeriksa permohonan ini, lalu petugas "
                                                   "kelurahan memprosesnya. Perkiraan selesai: {} setelah disetujui RT.",
                                                   *reviewer, duration_text(type.target_hours))
                                     : fmt::format("Karena persetujuan {} tidak dapat diberikan lewat WhatsApp, petugas "
                                                   "kelurahan akan memeriksa dan memproses permohonan ini.",
                                                   rt_text(rt_number));
    std::string text = fmt::format(
        "Permohonan Anda sudah kami terima ✅\nKode: *{}*\n\n{}\nCek kapan saja dengan mengetik *status {}*.",
        request.code, next_step, request.code);
    if (!office_.is_open(turn.now)) {
        text += "\n\nKantor sedang tutup; petugas akan memproses mulai " +
                office_.describe(office_.next_opening(turn.now)) + ".";
    }
    turn.say(text);
    const std::optional<std::string> other = turn.draft().other_letter_type;
    turn.reset();  // the draft's attachments now belong to the request, so nothing is discarded
    if (const config::LetterType* second = other ? catalog_.find(*other) : nullptr) {
        turn.buttons("Anda juga menyebut *" + second->name + "*. Ajukan sekarang?",
                     {{messaging::encode({messaging::ReplyKind::letter_type, second->code}), "Ajukan juga"}});
    }
}

}  // namespace ekel::bot
