#include "shared/services/letter_service.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <filesystem>
#include <fstream>
#include <vector>
#include <nlohmann/json.hpp>

#include "shared/db/store.h"
#include "shared/db/write_transaction.h"
#include "shared/domain/nik.h"
#include "shared/domain/roman.h"
#include "shared/services/collection_service.h"
#include "shared/services/newcomer_fields.h"
#include "shared/services/office_hours.h"
#include "shared/services/request_service.h"
#include "shared/services/requirement_checklist.h"
#include "shared/util/password.h"
#include "shared/util/text.h"
#include "shared/util/time.h"

namespace ekel::services {

using domain::RequestStatus;

namespace {

/// Verification tokens: 128 bits from the CSPRNG, so letters cannot be enumerated.
constexpr std::size_t kTokenBytes = 16;
/// An override of missing requirements says why in at least this many characters.
constexpr std::size_t kMinOverrideReason = 5;
/// How often issue() starts over when its number or content changed while it was signed.
constexpr int kIssueAttempts = 3;

domain::CivilDate add_months(domain::CivilDate date, int months) {
    int total = date.year * 12 + static_cast<int>(date.month) - 1 + months;
    domain::CivilDate out{total / 12, static_cast<unsigned>(total % 12 + 1), date.day};
    while (!domain::is_valid_date(out.year, out.month, out.day)) --out.day;  // 31 Jan + 1 month = 28/29 Feb
    return out;
}

/// "a.n. Lurah Belimbing" above the position of someone who signs for the lurah, else empty.
std::string on_behalf_text(const config::Signer& signer, const std::string& kelurahan) {
    return signer.on_behalf ? "a.n. Lurah " + kelurahan : "";
}

/// "KTP-el pemohon; Kartu Keluarga (KK)": requirements named in one line.
std::string texts_of(const std::vector<domain::RequirementItem>& items) {
    std::string out;
    for (const auto& item : items) out += (out.empty() ? "" : "; ") + item.text;
    return out;
}

std::string sex_text(char sex) { return sex == 'P' ? "Perempuan" : "Laki-laki"; }

void write_file(const std::string& path, const std::string& bytes) {
    std::filesystem::create_directories(std::filesystem::path(path).parent_path());
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) throw Error("cannot write " + path);
}

}  // namespace

std::string format_letter_number(const std::string& pattern, const std::string& classification, int number,
                                 const std::string& unit_code, const domain::CivilDate& date) {
    std::string out;
    std::size_t i = 0;
    while (i < pattern.size()) {
        if (pattern[i] != '{') {
            out += pattern[i++];
            continue;
        }
        std::size_t close = pattern.find('}', i);
        if (close == std::string::npos) {  // the catalogue check refuses this; never loop on it
            out.append(pattern, i, std::string::npos);
            break;
        }
        std::string token = pattern.substr(i + 1, close - i - 1);
        if (token == "klasifikasi") {
            out += classification;
        } else if (token == "nomor") {
            out += std::to_string(number);
        } else if (token.rfind("nomor:0", 0) == 0) {
            out += fmt::format("{:0{}d}", number, std::stoi(token.substr(7)));
        } else if (token == "kode_unit") {
            out += unit_code;
        } else if (token == "bulan_romawi") {
            out += domain::roman_month(date.month);
        } else if (token == "bulan") {
            out += fmt::format("{:02d}", date.month);
        } else if (token == "tahun") {
            out += std::to_string(date.year);
        }
        i = close + 1;
    }
    return out;
}

std::string letterhead_contact(const config::KelurahanProfile& kelurahan) {
    // The words of the government's own letterheads (tata naskah dinas): Telepon, Pos-el, Laman.
    std::vector<std::string> parts;
    if (!kelurahan.phone.empty()) parts.push_back("Telepon " + kelurahan.phone);
    if (!kelurahan.email.empty()) parts.push_back("Pos-el " + kelurahan.email);
    if (!kelurahan.website.empty()) parts.push_back("Laman " + kelurahan.website);
    std::string line;
    for (const auto& part : parts) line += (line.empty() ? "" : ", ") + part;
    return line;
}

namespace {

bool is_ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

/// The value without its first word when the letter's text already ends with that word: "berlokasi
/// di {{alamat}}" with "di rumah" reads "berlokasi di rumah", not "di di".
std::string_view without_repeated_word(const std::string& before, const std::string& value) {
    if (before.size() < 2 || before.back() != ' ') return value;
    std::size_t start = before.size() - 1;
    while (start > 0 && is_ascii_letter(before[start - 1])) --start;
    const std::size_t length = before.size() - 1 - start;
    if (length == 0 || (start > 0 && before[start - 1] != ' ')) return value;
    if (value.size() <= length + 1 || value[length] != ' ') return value;
    if (to_lower_ascii(std::string_view(before).substr(start, length)) !=
        to_lower_ascii(std::string_view(value).substr(0, length))) {
        return value;
    }
    return std::string_view(value).substr(length + 1);
}

}  // namespace

std::string fill_placeholders(const std::string& text, const std::map<std::string, std::string>& values) {
    std::string out;
    std::size_t i = 0;
    while (i < text.size()) {
        std::size_t open = text.find("{{", i);
        if (open == std::string::npos) break;
        std::size_t close = text.find("}}", open + 2);
        if (close == std::string::npos) break;
        out.append(text, i, open - i);
        std::string key(trim(std::string_view(text).substr(open + 2, close - open - 2)));
        auto found = values.find(key);
        if (found != values.end()) {
            out += without_repeated_word(out, found->second);
        } else {
            out += "[" + key + "]";
        }
        i = close + 2;
    }
    out.append(text, i, std::string::npos);
    return out;
}

const config::Signer* letter_signer(const config::Config& config, const config::LetterType& type,
                                    const std::string& chosen) {
    if (!chosen.empty()) return config::find_signer(config, chosen);
    if (!type.signer.empty()) return config::find_signer(config, type.signer);
    return &config.signers.front();
}

LetterService::LetterService(db::Store& store, const Clock& clock, const config::Config& config,
                             const config::LetterCatalog& catalog, Renderer render, const LetterSigners& signers,
                             std::string letters_dir)
    : store_(store),
      clock_(clock),
      config_(config),
      catalog_(catalog),
      render_(std::move(render)),
      signers_(signers),
      letters_dir_(std::move(letters_dir)) {}

std::string LetterService::verification_url(const std::string& token) const {
    std::string base = config_.office.public_url;
    if (base.empty()) base = fmt::format("http://{}:{}", config_.office.bind, config_.office.port);
    while (!base.empty() && base.back() == '/') base.pop_back();
    return base + "/verifikasi/" + token;
}

domain::LetterDocument LetterService::compose(const domain::Request& request,
                                              const std::optional<domain::Resident>& resident,
                                              const config::LetterType& type, const config::Signer& signer,
                                              const std::string& number, TimePoint issued,
                                              const std::string& url) const {
    const auto& k = config_.kelurahan;
    const domain::CivilDate today = to_local(issued, k.utc_offset_minutes).date;
    auto fields = nlohmann::json::parse(request.fields_json, nullptr, false);
    if (!fields.is_object()) fields = nlohmann::json::object();

    std::map<std::string, std::string> values = {
        {"purpose", request.purpose},
        {"kelurahan.name", k.name},
        {"kelurahan.kecamatan", k.kecamatan},
        {"kelurahan.kota", k.kota},
        {"rt_approval_date", ""},
        {"valid_until", ""},
    };
    if (request.rt_decided_at) {
        if (auto at = parse_utc(*request.rt_decided_at)) {
            values["rt_approval_date"] = domain::to_indonesian_long(to_local(*at, k.utc_offset_minutes).date);
        }
    }
    if (type.validity_months > 0) values["valid_until"] = domain::to_indonesian_long(add_months(today, type.validity_months));
    for (auto it = fields.begin(); it != fields.end(); ++it) {
        if (it->is_string()) values["fields." + it.key()] = it->get<std::string>();
    }

    domain::LetterDocument doc;
    doc.letterhead = k.letterhead;
    doc.letterhead_address = k.address;
    doc.letterhead_contact = letterhead_contact(k);
    doc.logo_png = k.logo_png;
    doc.title = type.title;
    doc.number = number;
    doc.opening = fmt::format("Yang bertanda tangan di bawah ini, Lurah {}, Kecamatan {}, Kota {}, menerangkan bahwa:",
                              k.name, k.kecamatan, k.kota);
    if (resident) {
        const auto& r = *resident;
        values["resident.full_name"] = r.full_name;
        values["resident.nik"] = r.nik;
        values["resident.kk"] = r.kk;
        values["resident.sex"] = sex_text(r.sex);
        values["resident.birth_place"] = r.birth_place;
        values["resident.birth_date"] = domain::to_indonesian_long(r.birth_date);
        values["resident.religion"] = r.religion;
        values["resident.marital_status"] = r.marital_status;
        values["resident.occupation"] = r.occupation;
        values["resident.address"] = r.address;
        values["resident.rt"] = fmt::format("{:03d}", r.rt_number);
        values["resident.rw"] = fmt::format("{:03d}", r.rw_number);
        doc.identity = {
            {"Nama", r.full_name},
            {"NIK", r.nik},
            {"Tempat/Tgl. Lahir", r.birth_place + ", " + domain::to_indonesian_long(r.birth_date)},
            {"Jenis Kelamin", sex_text(r.sex)},
            {"Agama", r.religion},
            {"Status Perkawinan", r.marital_status},
            {"Pekerjaan", r.occupation},
            {"Alamat", fmt::format("{}, RT {:03d} RW {:03d}", r.address, r.rt_number, r.rw_number)},
        };
    } else {
        // A newcomer: what the bot asked (NIK, birth, addresses; the sex is the NIK's), and the
        // facts the body prints when they were asked. A value never given stays a visible gap.
        const NewcomerFields n = read_newcomer_fields(fields);
        auto rt = store_.rts.find_by_id(request.rt_id);
        const std::string address =
            rt ? fmt::format("{}, RT {:03d} RW {:03d}", n.address, rt->number, rt->rw_number) : n.address;
        values["resident.full_name"] = request.applicant_name;
        values["resident.address"] = n.address;
        values["resident.rt"] = rt ? fmt::format("{:03d}", rt->number) : "";
        values["resident.rw"] = rt ? fmt::format("{:03d}", rt->rw_number) : "";
        doc.identity = {{"Nama", request.applicant_name}};
        const auto put = [&](const char* key, const std::string& label, const std::string& value) {
            if (value.empty()) return;
            values[std::string("resident.") + key] = value;
            if (!label.empty()) doc.identity.emplace_back(label, value);
        };
        put("nik", "NIK", n.nik);
        const auto born = domain::parse_date(n.birth_date);
        const std::string birth_date = born ? domain::to_indonesian_long(*born) : "";
        put("birth_place", "", n.birth_place);
        put("birth_date", "", birth_date);
        if (!birth_date.empty()) {
            doc.identity.emplace_back(n.birth_place.empty() ? "Tgl. Lahir" : "Tempat/Tgl. Lahir",
                                      n.birth_place.empty() ? birth_date : n.birth_place + ", " + birth_date);
        }
        if (auto nik = domain::parse_nik(n.nik)) {
            put("sex", "Jenis Kelamin", sex_text(nik.value().sex == domain::Sex::female ? 'P' : 'L'));
        }
        put("religion", "Agama", n.religion);
        put("marital_status", "Status Perkawinan", n.marital_status);
        put("occupation", "Pekerjaan", n.occupation);
        put("kk", "", n.kk);
        doc.identity.emplace_back("Alamat", address);
        if (!n.origin_address.empty()) doc.identity.emplace_back("Alamat Asal", n.origin_address);
    }
    // Paragraphs are separated by blank lines; a paragraph's own line breaks are spaces.
    std::string paragraph;
    for (const auto& line : split(type.body + "\n", '\n')) {
        if (!trim(line).empty()) {
            if (!paragraph.empty()) paragraph += ' ';
            paragraph += trim(line);
            continue;
        }
        if (!paragraph.empty()) doc.paragraphs.push_back(fill_placeholders(paragraph, values));
        paragraph.clear();
    }
    doc.place_and_date = k.kota + ", " + domain::to_indonesian_long(today);
    doc.signer_on_behalf = on_behalf_text(signer, k.name);
    doc.signer_position = signer.position;
    doc.signer_name = signer.name;
    doc.signer_nip = signer.nip;
    doc.verification_url = url;
    doc.verification_note = "Pindai kode QR ini untuk memeriksa keaslian surat di situs Kelurahan " + k.name + ".";
    return doc;
}


Result<std::string> LetterService::preview(const domain::Request& request, const IssueOptions& options) const {
    const config::LetterType* type = catalog_.find(request.letter_type);
    if (!type) return Result<std::string>::failure("letter_type", "Jenis surat tidak ada di katalog.");
    const config::Signer* signer = letter_signer(config_, *type, options.signer);
    if (!signer) return Result<std::string>::failure("penandatangan", "Penanda tangan itu tidak dikenal.");
    std::optional<domain::Resident> resident;
    if (request.resident_id) resident = store_.residents.find_by_id(*request.resident_id);
    domain::LetterDocument doc =
        compose(request, resident, *type, *signer, "… (diberikan saat surat diterbitkan)", clock_.now(), "");
    doc.draft = true;
    doc.verification_note = "Draf untuk diperiksa: belum bernomor, belum ditandatangani, dan tidak berlaku.";
    return render_(doc);
}

/// What issue() checked about a request, read again inside the write transaction.
struct LetterService::Issuable {
    domain::Request request;
    const config::LetterType* type = nullptr;
    const config::Signer* signer = nullptr;
    std::vector<domain::RequirementItem> checklist;
    std::vector<domain::RequirementItem> missing;
    std::string override_reason;
    std::optional<domain::Resident> resident;
};

Result<LetterService::Issuable> LetterService::check_issuable(std::int64_t request_id,
                                                              const IssueOptions& options) const {
    using Out = Result<Issuable>;
    Issuable ready;
    auto request = store_.requests.find_by_id(request_id);
    if (!request) return Out::failure("request", "Permohonan tidak ditemukan.");
    ready.request = std::move(*request);
    if (ready.request.status != RequestStatus::rt_approved) {
        return Out::failure("request",
                            fmt::format("Surat hanya dapat diterbitkan untuk permohonan yang sudah disetujui RT (status "
                                        "sekarang: {}).",
                                        domain::describe_for_citizen(ready.request.status)));
    }
    ready.type = catalog_.find(ready.request.letter_type);
    if (!ready.type) return Out::failure("letter_type", "Jenis surat tidak ada di katalog.");
    ready.signer = letter_signer(config_, *ready.type, options.signer);
    if (!ready.signer) return Out::failure("penandatangan", "Penanda tangan itu tidak dikenal.");
    ready.checklist = store_.requirements.for_request(ready.request.id);
    ready.missing = unticked_mandatory(ready.checklist);
    ready.override_reason = std::string(trim(options.requirements_override));
    if (!ready.missing.empty() && ready.override_reason.size() < kMinOverrideReason) {
        return Out::failure(
            "requirements",
            fmt::format("Surat belum diterbitkan: persyaratan wajib belum dicentang ({}). Centang persyaratan yang "
                        "sudah diperiksa, atau tuliskan alasan penerbitan tanpa kelengkapan persyaratan.",
                        texts_of(ready.missing)));
    }
    if (ready.request.resident_id) ready.resident = store_.residents.find_by_id(*ready.request.resident_id);
    return ready;
}

std::string LetterService::signing_time_text(TimePoint at) const {
    const int offset = config_.kelurahan.utc_offset_minutes;
    const LocalTime local = to_local(at, offset);
    return fmt::format("{} pukul {} {}", domain::to_indonesian_long(local.date),
                       clock_text(local.hour * 60 + local.minute), zone_abbreviation(offset));
}

const LetterSigner* LetterService::signer_for(const config::Signer& signer) const {
    const auto found = signers_.find(signer.key);
    return found == signers_.end() ? nullptr : found->second.get();
}

Result<domain::Letter> LetterService::issue(std::int64_t request_id, const domain::StaffUser& staff,
                                            const IssueOptions& options) {
    const TimePoint now = clock_.now();
    const std::string now_text = format_utc(now);
    const LocalTime local = to_local(now, config_.kelurahan.utc_offset_minutes);
    // The letter is rendered and signed before the write transaction (a BSrE call may take
    // seconds and must not hold the database's write lock), with the number the sequence would
    // give now. Inside the transaction the number and the letter's content are checked again;
    // when another issue took the number or staff changed the request meanwhile, it starts over.
    // A failed signature therefore writes nothing: no letter, no number used.
    for (int attempt = 0; attempt < kIssueAttempts; ++attempt) {
        auto ready = check_issuable(request_id, options);
        if (!ready) return ready.error();
        const Issuable& r = ready.value();
        const LetterSigner* with = signer_for(*r.signer);
        if (!with) {
            return Result<domain::Letter>::failure(
                "penandatangan", "Penanda tangan ini belum memiliki sertifikat tanda tangan elektronik di sistem.");
        }

        domain::Letter letter;
        letter.request_id = r.request.id;
        letter.scope = r.type->number_scope == config::NumberScope::shared ? "shared" : r.type->code;
        letter.year = local.date.year;
        letter.sequence = store_.letters.peek_sequence(letter.scope, letter.year);
        letter.number = format_letter_number(r.type->number_pattern, r.type->classification, letter.sequence,
                                             config_.kelurahan.unit_code, local.date);
        letter.letter_type = r.type->code;
        letter.holder_name = r.resident ? r.resident->full_name : r.request.applicant_name;
        letter.signer_name = r.signer->name;
        const std::string on_behalf = on_behalf_text(*r.signer, config_.kelurahan.name);
        letter.signer_position = on_behalf.empty() ? r.signer->position : on_behalf + ", " + r.signer->position;
        letter.signer_nip = r.signer->nip;
        letter.issued_at = now_text;
        letter.issued_by = staff.username;
        letter.verification_token = random_token_hex(kTokenBytes);

        const std::string url = verification_url(letter.verification_token);
        domain::LetterDocument doc = compose(r.request, r.resident, *r.type, *r.signer, letter.number, now, url);
        doc.electronic_signature_time = signing_time_text(now);
        doc.electronic_signature_note = with->certificate_note();
        SigningRequest signing{render_(doc), r.signer, now, config_.kelurahan.utc_offset_minutes,
                               r.type->title + " Kelurahan " + config_.kelurahan.name, config_.kelurahan.kota,
                               options.passphrase};
        auto signed_pdf = with->sign(signing);
        if (!signed_pdf) return signed_pdf.error();
        const std::string& pdf = signed_pdf.value();

        db::WriteTransaction tx(store_.db());
        auto again = check_issuable(request_id, options);
        if (!again) return again.error();
        const Issuable& now_ready = again.value();
        domain::LetterDocument now_doc =
            compose(now_ready.request, now_ready.resident, *now_ready.type, *now_ready.signer, letter.number, now, url);
        now_doc.electronic_signature_time = doc.electronic_signature_time;
        now_doc.electronic_signature_note = doc.electronic_signature_note;
        if (store_.letters.next_sequence(letter.scope, letter.year) != letter.sequence || !(now_doc == doc)) {
            spdlog::info("issue of request {} retried: its number or content changed while it was signed", request_id);
            continue;  // rolled back: the sequence is as before
        }
        letter.pdf_sha256 = sha256_hex(pdf);
        letter.pdf_path = (std::filesystem::path(letters_dir_) / (letter.verification_token + ".pdf")).string();
        write_file(letter.pdf_path, pdf);  // named by the token: a rolled-back issue leaves an unreferenced file only
        store_.letters.insert(letter);
        finish_issue_in_transaction(now_ready, letter, staff, url, now);
        tx.commit();
        spdlog::info("letter {} issued for {} by {}", letter.number, now_ready.request.code, staff.username);
        return letter;
    }
    return Result<domain::Letter>::failure(
        "request", "Surat belum diterbitkan: nomor atau isi surat berubah ketika surat ditandatangani. Silakan coba lagi.");
}

std::vector<BatchIssue> LetterService::issue_many(const std::vector<std::int64_t>& request_ids,
                                                  const domain::StaffUser& staff, const IssueOptions& options) {
    std::vector<BatchIssue> results;
    bool stopped = false;
    for (std::size_t i = 0; i < request_ids.size() && i < kMaxBatch; ++i) {
        BatchIssue& result = results.emplace_back();
        result.request_id = request_ids[i];
        if (stopped) {
            result.problem = "Tidak diproses: penandatanganan dihentikan karena kesalahan di atas.";
            continue;
        }
        result.attempted = true;
        auto issued = issue(request_ids[i], staff, options);
        if (issued) {
            result.letter = std::move(issued.value());
        } else {
            result.problem = issued.error().message;
            stopped = issued.error().field == kSigningField || issued.error().field == kPassphraseField;
        }
    }
    return results;
}

void LetterService::finish_issue_in_transaction(const Issuable& ready, const domain::Letter& letter,
                                                const domain::StaffUser& staff, const std::string& url, TimePoint now) {
    const std::string now_text = format_utc(now);
    const domain::Request& request = ready.request;
    const config::LetterType* type = ready.type;
    RequestService request_service(store_, clock_, config_.kelurahan);
    const domain::Actor issuer{domain::ActorKind::staff, staff.username, staff.full_name};
    if (!ready.missing.empty()) {
        request_service.record_in_transaction(request.id, issuer, "requirements_overridden",
                                              "belum dicentang: " + texts_of(ready.missing) + ". Alasan: " + ready.override_reason);
    }
    request_service.change_status_in_transaction(request.id, RequestStatus::issued, issuer,
                                                 "nomor surat " + letter.number);

    if (!request.applicant_phone.empty()) {
        std::string caption = fmt::format("Surat Anda sudah terbit ✅\n{}\nNomor: {}\nKode permohonan: {}\n\nKeaslian "
                                          "surat dapat diperiksa di: {}",
                                          type->name, letter.number, request.code, url);
        if (type->digital) {
            caption += "\n\nPDF ini adalah surat resmi yang sah dengan kode QR; tidak perlu datang ke kantor.";
        }
        auto m = messaging::message_to(request.applicant_phone, messaging::OutboundKind::document,
                                       truncate_utf8(caption, 1000));
        m.document_path = letter.pdf_path;
        m.document_filename = fmt::format("{}-{}.pdf", type->code, request.code);
        store_.outbox.enqueue(m, request.id, now_text);
        if (type->needs_original) {
            // The signed original is collected at the office: a booked slot instead of a queue.
            store_.outbox.enqueue(CollectionService(store_, config_, catalog_)
                                      .slot_offer(request, request.applicant_phone, now,
                                                  "Surat asli bertanda tangan untuk permohonan *" + request.code +
                                                      "* diambil di kantor kelurahan.\n" + what_to_bring(ready.checklist)),
                                  request.id, now_text);
        }
    }
}

Result<domain::Letter> LetterService::revoke(const std::string& token, const domain::StaffUser& staff,
                                             const std::string& reason) {
    if (trim(reason).size() < 5) return Result<domain::Letter>::failure("reason", "Alasan pencabutan wajib diisi.");
    db::WriteTransaction tx(store_.db());
    auto letter = store_.letters.find_by_token(token);
    if (!letter) return Result<domain::Letter>::failure("letter", "Surat tidak ditemukan.");
    if (letter->revoked_at) return Result<domain::Letter>::failure("letter", "Surat ini sudah dicabut.");
    const std::string now = format_utc(clock_.now());
    store_.letters.revoke(letter->id, now, std::string(trim(reason)), staff.username);
    // The holder hears of it from us, not from a failed check at a bank or school.
    auto request = store_.requests.find_by_id(letter->request_id);
    if (request && !request->applicant_phone.empty()) {
        store_.outbox.enqueue(
            messaging::message_to(request->applicant_phone, messaging::OutboundKind::text,
                                  fmt::format("Surat nomor {} (permohonan {}) telah dicabut oleh Kelurahan {} dan tidak "
                                              "berlaku lagi.\nAlasan: {}\nSilakan hubungi kantor kelurahan bila ada "
                                              "pertanyaan.",
                                              letter->number, request->code, config_.kelurahan.name, trim(reason))),
            request->id, now);
    }
    db::StaffAuditEntry entry{0, now, staff.username, "letter_revoked", letter->number, std::string(trim(reason)), ""};
    store_.audit.append(entry);
    tx.commit();
    return *store_.letters.find_by_token(token);
}

}  // namespace ekel::services
