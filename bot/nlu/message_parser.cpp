#include "bot/nlu/message_parser.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <unordered_set>
#include <utility>

#include "shared/domain/date.h"
#include "shared/domain/nik.h"
#include "shared/util/text.h"

namespace ekel::bot::nlu {

namespace {

/// A fixed set of canonical words, built once from a space-separated list.
class WordList {
  public:
    explicit WordList(std::string_view words) {
        std::size_t i = 0;
        while (i < words.size()) {
            while (i < words.size() && (words[i] == ' ' || words[i] == '\n')) ++i;
            const std::size_t start = i;
            while (i < words.size() && words[i] != ' ' && words[i] != '\n') ++i;
            if (i > start) set_.insert(words.substr(start, i - start));
        }
    }
    bool has(std::string_view word) const { return set_.count(word) != 0; }

  private:
    std::unordered_set<std::string_view> set_;
};

/// A fixed set of two-word phrases ("sertifikat tanah"), built once from a "|"-separated list.
class PhraseList {
  public:
    explicit PhraseList(std::string_view phrases) {
        std::size_t i = 0;
        while (i < phrases.size()) {
            const std::size_t end = std::min(phrases.find('|', i), phrases.size());
            if (end > i) set_.push_back(phrases.substr(i, end - i));
            i = end + 1;
        }
    }
    bool has(std::string_view first, std::string_view second) const {
        for (const auto phrase : set_) {
            if (phrase.size() == first.size() + 1 + second.size() && phrase.starts_with(first) &&
                phrase[first.size()] == ' ' && phrase.ends_with(second)) {
                return true;
            }
        }
        return false;
    }

  private:
    std::vector<std::string_view> set_;
};

// Address words and particles that carry no intent of their own.
const WordList kFillers(R"(
pak bu bapak ibu min admin kak mas mbak bang daeng om dong deh nih sih kah lah pun ini itu saya kami
anda mi ji ki ka pang gin lok leh hak na wr wb warahmatullahi wabarakatuh rt juga dulu saja sekalian
petugas kelurahan belimbing bontang kan yah ah eh oh nya ku mu tolong mohon wkwk wkwkwk haha hehe
hihi
)");
const WordList kGreetings(R"(
halo hai assalamualaikum salam selamat pagi siang sore malam permisi punten tabe tes test ping
waalaikumsalam sejahtera
)");
const WordList kGreetingExtras(R"(
maaf ganggu mengganggu menganggu tanya ada orang datang sejahtera mau numpang izin
)");
const WordList kConfirmWords(
    "ya ok benar lanjut kirim sip siap setuju boleh mantap silakan gas noted baik yes yup yep correct "
    "right enggih inggih leres sampun pas cocok");
const WordList kConfirmExtras(
    "sudah semua itu data saya sekarang pak bu deh dong saja sekali betul maaf baru balas sesuai "
    "lengkap that is it's thats please send cek dicek dikirim he eh ho oh");
const WordList kDenyWords("tidak bukan salah jangan tolak ubah ganti edit keliru sanes no not wrong");
const WordList kDenyExtras(
    "itu dulu maksud saya usah perlu mau deh sih pilih dikirim kirim lanjut sekarang begitu benar "
    "sama ada yang nik kk nama data tanggal alamat nomor that is it's thats correct sesuai pas lahirnya "
    "datanya alamatnya cek lagi ketik");
const WordList kRequestVerbs(R"(
mau minta urus buat ajukan perlu butuh tolong mohon bisa request pesan permohonan penerbitan
pengajuan
)");
const WordList kGenericLetterWords("surat pengantar keterangan");
const WordList kDoneWords(
    "jadi selesai diambil ambil acc disetujui diproses ditandatangani tangan terbit proses kabar");
const WordList kComplaintKeywords("aduan pengaduan lapor adu komplain keluhan laporan");
// A grievance about how people were treated; slowness alone is waiting (status), not this.
const WordList kServiceComplaints(R"(
pungli dipersulit judes galak kasar jutek dipingpong membentak dibentak bentak sogok suap
)");
const WordList kWaitingWords("lama lambat lelet lemot kecewa mengecewakan payah ribet nunggu tunggu menunggu ditunggu");
const WordList kPublicNouns(R"(
lampu jalan sampah parit got selokan drainase saluran pohon air pdam listrik pln kabel jembatan
anjing asap karaoke musik sound tetangga gorong
)");
const WordList kPublicProblems(R"(
mati rusak berlubang lubang mampet tersumbat tumbang banjir bocor putus padam berisik bau menumpuk
diangkut liar gigit bakar keberatan mengganggu ganggu meluap longsor gelap macet
)");
const WordList kStrongPublicProblems(
    "banjir pungli berlubang mampet tersumbat tumbang longsor kebakaran");
const WordList kNameStops(R"(
saya mau minta mohon tolong untuk buat dan dengan yang di dari ke pada nik kk nomor rt rw tanggal
lahir
ttl tempat alamat jalan jl gang gg umur usia tinggal warga keperluan hp telp wa agama pekerjaan
status
jenis sudah belum tidak bukan bisa ya pak bu min kak perlu butuh urus lapor surat terima kasih
selamat anda
kami ini itu sebagai selaku meninggal wafat adalah sekarang juga dong kah nya sktm skck lurah siapa
apa kelurahan kecamatan kota rumah no laki perempuan pria wanita kerja
)");
const WordList kNameRoles("saya lengkap pemohon pelapor sesuai ktp asli");
const WordList kNameOtherPersons(R"(
almarhum almarhumah anak ayah bapak ibu bayi istri suami calon pasangan pewaris saksi orang tua
)");
const WordList kNameNotPerson(R"(
usaha toko warung perusahaan acara jalan gang kelurahan lurah sekolah bank kampung desa kota tempat
kantor kegiatan perumahan
)");
const WordList kNotNameLabel("balik ganti ubah beda salah perubahan");
const WordList kNameTitles(
    "almarhum almarhumah bapak ibu pak bu sdr sdri saudara saudari tn ny nn");
const WordList kPurposeStops(R"(
tolong mohon bisa bagaimana cara berapa kapan terima tapi terus lalu karena apakah syarat perlu
butuh
harus atas mau sudah
)");
const WordList kPurposeTrailing(R"(
pak bu min kak mas mbak ya yah dong deh kah nih sih lah saja ok pian daeng bang mi ji ki ka kan juga
di ke dari pada dengan dan yang untuk atau
)");
const WordList kBeneficiaries(R"(
saya kami anak istri suami orang tua keluarga ibu bapak ayah sendiri adik kakak nenek kakek dia
mereka
mertua cucu ini itu anda
)");
const WordList kNoPurposeBefore("syarat persyaratan biaya cara formulir dokumen berkas");
const WordList kIdLabelFillers(R"(
nomor saya nya anda ini itu adalah yaitu pemohon istri suami anak ayah ibu bapak almarhum almarhumah
pelapor pak bu lengkap baru lama ya sy kami dia
)");
const WordList kKtpChange(R"(
hilang rusak baru pecah pisah ganti ubah perubahan tambah masuk masukkan update rekam perpanjang
cetak patah salah
)");
const WordList kKtpCopyWords("fotokopi foto fc scan bawa lampirkan kirim copy asli dan");
const WordList kLetterContext(R"(
surat keterangan pengantar izin ijin urus buat minta mau perlu butuh syarat bagaimana cara ajukan
lapor akta akte pengajuan permohonan untuk
)");
const WordList kNikahBlockers("belum sudah pernah status tidak buku akta akte syarat");

struct Month {
    std::string_view name;
    unsigned number;
};
constexpr std::array<Month, 43> kMonths = {{
    {"januari", 1},  {"jan", 1},       {"january", 1},  {"februari", 2}, {"feb", 2},
    {"pebruari", 2}, {"peb", 2},       {"february", 2}, {"maret", 3},    {"mar", 3},
    {"march", 3},    {"april", 4},     {"apr", 4},      {"mei", 5},      {"may", 5},
    {"juni", 6},     {"jun", 6},       {"june", 6},     {"juli", 7},     {"jul", 7},
    {"july", 7},     {"agustus", 8},   {"agu", 8},      {"agt", 8},      {"ags", 8},
    {"agst", 8},     {"agus", 8},      {"aug", 8},      {"august", 8},   {"september", 9},
    {"sep", 9},      {"sept", 9},      {"oktober", 10}, {"okt", 10},     {"oct", 10},
    {"october", 10}, {"november", 11}, {"nov", 11},     {"nop", 11},     {"desember", 12},
    {"des", 12},     {"december", 12}, {"dec", 12},
}};

std::optional<unsigned> month_number(std::string_view folded) {
    for (const auto& month : kMonths) {
        if (month.name == folded) return month.number;
    }
    return std::nullopt;
}

constexpr std::array<std::string_view, 12> kNumberWords = {
    "",     "satu",  "dua",     "tiga",     "empat",   "lima",
    "enam", "tujuh", "delapan", "sembilan", "sepuluh", "sebelas"};

std::optional<int> number_word(std::string_view canonical) {
    for (std::size_t i = 1; i < kNumberWords.size(); ++i) {
        if (kNumberWords[i] == canonical) return static_cast<int>(i);
    }
    return std::nullopt;
}

int to_int(std::string_view digits) {
    int value = 0;
    for (char c : digits) value = value * 10 + (c - '0');
    return value;
}

// Descriptions of a letter in the citizen's own words. A cue that needs context counts only
// when the message also talks about a letter or a request ("surat", "urus", "mau" ...).
struct Cue {
    std::string_view phrase;
    std::string_view code;
    bool needs_context;
    int strength = 0;  ///< 1 outranks other descriptions (an inheritance implies a death)
};
constexpr std::array<Cue, 64> kCues = {{
    {"17an", "keramaian", false},
    {"17 an", "keramaian", false},
    {"tujuhbelasan", "keramaian", false},
    {"agustusan", "keramaian", false},
    {"nikahan", "keramaian", false},
    {"kawinan", "keramaian", false},
    {"hajatan", "keramaian", false},
    {"pesta", "keramaian", false},
    {"resepsi", "keramaian", false},
    {"syukuran", "keramaian", true},
    {"khitanan", "keramaian", false},
    {"sunatan", "keramaian", false},
    {"walimah", "keramaian", false},
    {"walimahan", "keramaian", false},
    {"aqiqah", "keramaian", true},
    {"akikah", "keramaian", true},
    {"organ tunggal", "keramaian", false},
    {"dangdutan", "keramaian", false},
    {"tutup jalan", "keramaian", true},
    {"tenda", "keramaian", true},
    {"acara", "keramaian", true},
    {"pengajian", "keramaian", true},
    {"miskin", "sktm", false},
    {"keringanan", "sktm", false},
    {"gakin", "sktm", false},
    {"polres", "pengantar_skck", true},
    {"meninggal", "kematian", false},
    {"wafat", "kematian", false},
    {"almarhum", "kematian", true},
    {"almarhumah", "kematian", true},
    {"berpulang", "kematian", false},
    {"tutup usia", "kematian", false},
    {"lahiran", "kelahiran", false},
    {"melahirkan", "kelahiran", false},
    {"bayi", "kelahiran", true},
    {"baru lahir", "kelahiran", false},
    {"akta anak", "kelahiran", false},
    {"akte anak", "kelahiran", false},
    {"lajang", "belum_menikah", false},
    {"single", "belum_menikah", true},
    {"belum pernah menikah", "belum_menikah", false},
    {"belum pernah nikah", "belum_menikah", false},
    {"usaha", "usaha", true},
    {"warung", "usaha", true},
    {"toko", "usaha", true},
    {"jualan", "usaha", true},
    {"berjualan", "usaha", true},
    {"dagang", "usaha", true},
    {"berdagang", "usaha", true},
    {"umkm", "usaha", false},
    {"kur", "usaha", false},
    {"nib", "usaha", false},
    {"bengkel", "usaha", true},
    {"kios", "usaha", true},
    {"gaji", "penghasilan", true},
    {"pendapatan", "penghasilan", true},
    {"pindahan", "pindah", true},
    {"warisan", "ahli_waris", false, 1},
    {"pewaris", "ahli_waris", false, 1},
    {"pendatang", "domisili", true},
    {"sktt", "domisili", false},
    {"kua", "pengantar_nikah", false},
    {"calon suami", "pengantar_nikah", false},
    {"calon istri", "pengantar_nikah", false},
}};

// Extra ways to name a letter that the catalogue does not list (used only for codes it has).
struct ExtraAlias {
    std::string_view phrase;
    std::string_view code;
};
constexpr std::array<ExtraAlias, 30> kExtraAliases = {{
    {"keterangan domisili usaha", "usaha"},
    {"surat keterangan domisili usaha", "usaha"},
    {"suket domisili usaha", "usaha"},
    {"skdu", "usaha"},
    {"surat keterangan tinggal", "domisili"},
    {"sktt", "domisili"},
    {"urus ktp", "pengantar_ktp_kk"},
    {"urus kk", "pengantar_ktp_kk"},
    {"urus ektp", "pengantar_ktp_kk"},
    {"ktp anyar", "pengantar_ktp_kk"},
    {"kk anyar", "pengantar_ktp_kk"},
    {"ektp baru", "pengantar_ktp_kk"},
    {"ektp hilang", "pengantar_ktp_kk"},
    {"ektp rusak", "pengantar_ktp_kk"},
    {"kia", "pengantar_ktp_kk"},
    {"surat lahir", "kelahiran"},
    {"keterangan lahir", "kelahiran"},
    {"surat keterangan lahir", "kelahiran"},
    {"akta anak", "kelahiran"},
    {"surat nikah n1", "pengantar_nikah"},
    {"n2", "pengantar_nikah"},
    {"n3", "pengantar_nikah"},
    {"n4", "pengantar_nikah"},
    {"surat keterangan gaji", "penghasilan"},
    {"keterangan gaji", "penghasilan"},
    {"surat keterangan kerja", "penghasilan"},
    {"surat pengantar catatan kepolisian", "pengantar_skck"},
    {"surat kurang mampu", "sktm"},
    {"keterangan miskin", "sktm"},
    {"surat keterangan miskin", "sktm"},
}};

enum class Role : std::uint8_t { free, data, label, letter };

}  // namespace

// -------------------------------------------------------------------------------------------------

std::string_view to_string(Intent intent) {
    switch (intent) {
        case Intent::greeting:
            return "greeting";
        case Intent::request_letter:
            return "request_letter";
        case Intent::ask_requirements:
            return "ask_requirements";
        case Intent::ask_info:
            return "ask_info";
        case Intent::check_status:
            return "check_status";
        case Intent::cancel:
            return "cancel";
        case Intent::complaint:
            return "complaint";
        case Intent::thanks:
            return "thanks";
        case Intent::confirm:
            return "confirm";
        case Intent::deny:
            return "deny";
        case Intent::help:
            return "help";
        case Intent::provide_data:
            return "provide_data";
        case Intent::rt_approve:
            return "rt_approve";
        case Intent::rt_reject:
            return "rt_reject";
        case Intent::rt_revise:
            return "rt_revise";
        case Intent::unknown:
            return "unknown";
    }
    return "unknown";
}

std::optional<Intent> parse_intent(std::string_view text) {
    for (int i = 0; i <= static_cast<int>(Intent::unknown); ++i) {
        const auto intent = static_cast<Intent>(i);
        if (to_string(intent) == text) return intent;
    }
    return std::nullopt;
}

MessageParser::MessageParser(const config::LetterCatalog& catalog, std::string code_prefix)
    : code_prefix_(to_upper_ascii(code_prefix)),
      classifier_(),
      normalizer_([&] {
          std::vector<std::string> phrases;
          for (const auto& type : catalog.types) {
              phrases.insert(phrases.end(), type.aliases.begin(), type.aliases.end());
          }
          for (const auto& extra : kExtraAliases) phrases.emplace_back(extra.phrase);
          return phrases;
      }()) {
    static const WordList kHeads("surat keterangan pengantar izin ijin akta akte");
    const auto add = [&](std::string_view phrase, const std::string& code) {
        const NormalizedText normalized = normalizer_.normalize(phrase);
        Alias alias;
        for (const auto& token : normalized.tokens) alias.tokens.push_back(token.text);
        if (alias.tokens.empty()) return;
        // "buat ktp": the verb sense, whatever the normaliser guessed for a lone phrase.
        for (auto& token : alias.tokens) {
            if (token == "untuk") token = "buat";
        }
        alias.code = code;
        const auto& first = alias.tokens.front();
        const bool abbreviation =
            alias.tokens.size() == 1 &&
            (first.starts_with("sk") || first.size() <= 4 ||
             std::any_of(first.begin(), first.end(), [](char c) { return c >= '0' && c <= '9'; }));
        const bool headed = std::any_of(alias.tokens.begin(), alias.tokens.end(),
                                        [](const std::string& t) { return kHeads.has(t); });
        alias.strength = abbreviation || headed ? 2 : 1;
        for (const auto& existing : aliases_) {
            if (existing.tokens == alias.tokens) return;
        }
        alias_index_[alias.tokens.front()].push_back(aliases_.size());
        aliases_.push_back(std::move(alias));
    };
    for (const auto& type : catalog.types) {
        codes_.push_back(type.code);
        for (const auto& alias : type.aliases) add(alias, type.code);
        add(type.name, type.code);
    }
    for (const auto& extra : kExtraAliases) {
        const std::string code(extra.code);
        if (catalog.find(code) != nullptr) add(extra.phrase, code);
    }
}

// -------------------------------------------------------------------------------------------------

/// The state of one parse() call.
class ParseRun {
  public:
    ParseRun(const MessageParser& parser, std::string_view text, std::optional<domain::CivilDate> today)
        : parser_(parser), raw_(text), today_(today), n_(parser.normalizer_.normalize(text)) {
        piece_role_.assign(n_.pieces.size(), Role::free);
        piece_token_.assign(n_.pieces.size(), -1);
        for (std::size_t t = 0; t < n_.tokens.size(); ++t) {
            auto& slot = piece_token_[n_.tokens[t].piece];
            if (slot < 0) slot = static_cast<int>(t);
        }
    }

    ParsedMessage run();
    /// The message as the rules read it: control characters, invalid bytes and extra spaces gone.
    const std::string& cleaned_text() const { return n_.data; }
    /// The office topic the message names, if any, whatever its intent.
    const std::optional<std::string>& topic() const { return topic_; }
    /// Whether any word of the message is one the normaliser knows (gibberish has none).
    bool has_known_word() const {
        return std::any_of(n_.pieces.begin(), n_.pieces.end(), [&](const Piece& p) {
            return p.kind == PieceKind::word && parser_.normalizer_.is_known(p.folded);
        });
    }

  private:
    struct LetterMatch {
        std::size_t first = 0;  // token range
        std::size_t last = 0;
        std::string code;
        int strength = 0;
        bool negated = false;
        bool alias = false;
    };
    struct IdCandidate {
        std::size_t first = 0;  // piece range
        std::size_t last = 0;
        std::string digits;
        int label = 0;  // 0 none, 1 nik, 2 kk
    };

    // --- piece helpers
    std::size_t piece_count() const { return n_.pieces.size(); }
    const Piece& piece(std::size_t i) const { return n_.pieces[i]; }
    bool is_kind(std::size_t i, PieceKind kind) const {
        return i < piece_count() && piece(i).kind == kind;
    }
    bool is_punct(std::size_t i, char c) const {
        return is_kind(i, PieceKind::punct) && piece(i).folded[0] == c;
    }
    bool is_punct_of(std::size_t i, std::string_view chars) const {
        return is_kind(i, PieceKind::punct) &&
               chars.find(piece(i).folded[0]) != std::string_view::npos;
    }
    std::string_view canon(std::size_t i) const {
        if (i >= piece_count() || piece_token_[i] < 0) return {};
        return n_.tokens[static_cast<std::size_t>(piece_token_[i])].text;
    }
    void mark(std::size_t first, std::size_t last, Role role) {
        for (std::size_t i = first; i <= last && i < piece_count(); ++i) piece_role_[i] = role;
    }
    bool piece_free(std::size_t i) const {
        return i < piece_count() && piece_role_[i] == Role::free;
    }

    // --- token helpers
    std::string_view tok(std::size_t t) const { return n_.tokens[t].text; }
    bool token_slot(std::size_t t) const {
        const Role r = piece_role_[n_.tokens[t].piece];
        return r == Role::data || r == Role::label;
    }

    void scan_code();
    void scan_ids();
    std::optional<int> id_label_before(std::size_t first, std::size_t& label_first) const;
    void scan_phones();
    void scan_dates();
    void scan_rt_rw();
    std::optional<int> read_small_number(std::size_t& i) const;
    void scan_names();
    void scan_self_name();
    void scan_relative_dates();
    std::optional<int> typed_choice() const;
    bool read_name(std::size_t start, std::size_t label_first, bool& other_person);
    void scan_name_line();
    void find_letters();
    void add_cue_matches();
    void scan_purpose();
    void choose_letter();
    void classify();
    bool classify_special();
    bool classify_rt_command();
    /// Another institution's business the message names: where it belongs, and the token naming it.
    struct RedirectMatch {
        std::string_view where;
        std::size_t token = 0;
        bool by_phrase = false;  ///< named by a word pair ("skck berlaku"), not one word
    };
    std::optional<RedirectMatch> redirect() const;
    std::optional<Intent> decision_at(std::size_t i) const;
    bool is_decision_filler(std::size_t i) const;
    std::optional<std::string> decision_reason(std::size_t decision, std::size_t anchor) const;
    std::optional<std::string> text_after_piece(std::size_t piece_index, bool skip_fillers) const;
    void set(Intent intent, double confidence) {
        out_.intent = intent;
        out_.confidence = confidence;
    }

    const MessageParser& parser_;
    std::string_view raw_;
    std::optional<domain::CivilDate> today_;
    NormalizedText n_;
    std::vector<Role> piece_role_;
    std::vector<int> piece_token_;
    std::vector<Role> token_role_;
    std::vector<bool> in_purpose_;
    std::vector<bool> alias_cover_;  ///< tokens inside any alias match, even an overlapped one
    std::vector<LetterMatch> letters_;
    std::optional<std::pair<std::size_t, std::size_t>> code_pieces_;
    std::optional<std::string> other_name_;
    std::optional<std::string> topic_;
    bool name_from_line_ = false;
    bool id_number_seen_ = false;  ///< a 16-digit number, valid or not
    bool phone_seen_ = false;
    ParsedMessage out_;
};

namespace {

bool is_digit_byte(char c) { return c >= '0' && c <= '9'; }
bool is_alpha_byte(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

/// A separator inside a request code as people type it: "-", an en or em dash, "_", "/", or a
/// space. Returns its length in bytes at `at` (0 when there is none).
std::size_t code_separator(std::string_view text, std::size_t at) {
    if (at >= text.size()) return 0;
    const char c = text[at];
    if (c == '-' || c == '_' || c == '/' || c == ' ') return 1;
    if (text.substr(at, 3) == "\xE2\x80\x93" || text.substr(at, 3) == "\xE2\x80\x94" ||
        text.substr(at, 3) == "\xE2\x80\x90" || text.substr(at, 3) == "\xE2\x80\x91") {
        return 3;
    }
    return 0;
}

std::size_t digit_run(std::string_view text, std::size_t at) {
    std::size_t n = 0;
    while (at + n < text.size() && is_digit_byte(text[at + n])) ++n;
    return n;
}

}  // namespace

/// Request codes as typed: "BLB-2611-0003", "blb 2611 3", "blb2611-0003", "BLB–2611–0003" and,
/// without the kelurahan code, "2611-0003". The year-month must be plausible (yy 24..99, mm
/// 01..12) so that phone numbers and dates are not read as codes.
void ParseRun::scan_code() {
    const std::string_view text = n_.data;
    const std::string& own = parser_.code_prefix_;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (!is_digit_byte(text[i]) || (i > 0 && (is_digit_byte(text[i - 1])))) continue;
        if (digit_run(text, i) != 4) continue;
        const int yy = (text[i] - '0') * 10 + (text[i + 1] - '0');
        const int mm = (text[i + 2] - '0') * 10 + (text[i + 3] - '0');
        if (yy < 24 || mm < 1 || mm > 12) continue;
        const std::size_t sep = code_separator(text, i + 4);
        const bool sep_space = sep == 1 && text[i + 4] == ' ';
        if (sep == 0) continue;
        const std::size_t seq_at = i + 4 + sep;
        const std::size_t seq_len = digit_run(text, seq_at);
        if (seq_len == 0 || seq_len > 5) continue;
        const std::size_t end = seq_at + seq_len;
        // Not part of a longer number: "0812-3456-7890", "2611-0003-12".
        if (end < text.size() && (is_alpha_byte(text[end]) ||
                                  (code_separator(text, end) > 0 && text[end] != ' ' &&
                                   end + code_separator(text, end) < text.size() &&
                                   is_digit_byte(text[end + code_separator(text, end)])))) {
            continue;
        }
        // The kelurahan code before it, glued or separated.
        std::size_t begin = i;
        std::string prefix;
        std::size_t letters_end = i;
        bool prefix_separated = false;
        if (i > 0) {
            std::size_t k = i;
            if (!is_alpha_byte(text[k - 1])) {
                // one separator back
                for (std::size_t len : {std::size_t{3}, std::size_t{1}}) {
                    if (k >= len && code_separator(text, k - len) == len) {
                        k -= len;
                        prefix_separated = true;
                        break;
                    }
                }
            }
            letters_end = k;
            while (k > 0 && is_alpha_byte(text[k - 1])) --k;
            if (letters_end - k >= 2 && letters_end - k <= 6 && (k == 0 || !is_digit_byte(text[k - 1]))) {
                prefix = std::string(text.substr(k, letters_end - k));
                for (char& c : prefix) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
                const bool strict = prefix_separated && text[letters_end] == '-' && text[i + 4] == '-';
                if (prefix == own || strict) {
                    begin = k;
                } else {
                    prefix.clear();
                }
            }
        }
        if (prefix.empty()) {
            // Without the kelurahan code a space-separated pair needs a full sequence:
            // "2612 0015" but never "2612 5".
            if (sep_space && seq_len != 4) continue;
            if (i > 0 && is_digit_byte(text[i - 1])) continue;
            if (i >= 2 && code_separator(text, i - 1) == 1 && text[i - 1] != ' ' && is_digit_byte(text[i - 2])) {
                continue;
            }
            prefix = own;
        }
        std::string sequence(text.substr(seq_at, seq_len));
        while (sequence.size() < 4) sequence.insert(sequence.begin(), '0');
        if (!out_.request_code) {
            out_.request_code = prefix + "-" + std::string(text.substr(i, 4)) + "-" + sequence;
        }
        // The pieces the code covers are data, not words.
        std::optional<std::size_t> first, last;
        for (std::size_t p = 0; p < piece_count(); ++p) {
            if (piece(p).end <= begin || piece(p).begin >= end) continue;
            if (!first) first = p;
            last = p;
        }
        if (first) {
            if (!code_pieces_) code_pieces_ = std::make_pair(*first, *last);
            mark(*first, *last, Role::data);
        }
        i = end;
    }
}

std::optional<int> ParseRun::id_label_before(std::size_t first, std::size_t& label_first) const {
    std::size_t k = first;
    for (int steps = 0; steps < 6 && k > 0; ++steps) {
        --k;
        const Piece& p = piece(k);
        if (p.kind == PieceKind::newline || p.kind == PieceKind::number || !piece_free(k))
            return std::nullopt;
        if (p.kind == PieceKind::punct) {
            if (std::string_view(":=.-(#").find(p.folded[0]) == std::string_view::npos)
                return std::nullopt;
            continue;
        }
        const auto word = canon(k);
        if (word.empty()) continue;  // second word of a merged phrase ("kartu keluarga")
        if (word == "nik" || word == "ktp" || word == "ektp") {
            label_first = k;
            return 1;
        }
        if (word == "kk" || p.folded == "nkk") {
            label_first = k;
            return 2;
        }
        if (!kIdLabelFillers.has(word)) return std::nullopt;
    }
    return std::nullopt;
}

void ParseRun::scan_ids() {
    std::vector<IdCandidate> candidates;
    std::vector<std::size_t> chain;
    for (std::size_t i = 0; i < piece_count(); ++i) {
        if (!is_kind(i, PieceKind::number) || !piece_free(i)) continue;
        // A chain of digit groups joined by single spaces, dots or dashes.
        chain.assign(1, i);
        std::size_t q = i;
        while (true) {
            if (is_kind(q + 1, PieceKind::number) && piece(q + 1).space_before &&
                piece_free(q + 1)) {
                q += 1;
            } else if (is_punct_of(q + 1, ".-") && piece(q + 1).end - piece(q + 1).begin == 1 &&
                       is_kind(q + 2, PieceKind::number) && piece_free(q + 2)) {
                q += 2;
            } else {
                break;
            }
            chain.push_back(q);
        }
        std::size_t s = 0;
        while (s < chain.size()) {
            std::size_t total = 0;
            std::size_t e = s;
            bool found = false;
            for (; e < chain.size(); ++e) {
                total += piece(chain[e]).folded.size();
                if (total >= 16) {
                    found = total == 16;
                    break;
                }
            }
            if (found) {
                IdCandidate c;
                c.first = chain[s];
                c.last = chain[e];
                for (std::size_t k = s; k <= e; ++k) c.digits += piece(chain[k]).folded;
                candidates.push_back(std::move(c));
                s = e + 1;
            } else {
                ++s;
            }
        }
        i = q;
    }
    if (candidates.empty()) return;
    id_number_seen_ = true;

    for (auto& c : candidates) {
        std::size_t label_first = c.first;
        if (auto label = id_label_before(c.first, label_first)) {
            c.label = *label;
            mark(label_first, c.first, Role::label);
        }
    }
    // A label after the number ("6474... nik") when it labels nothing that follows.
    for (std::size_t ci = 0; ci < candidates.size(); ++ci) {
        auto& c = candidates[ci];
        if (c.label != 0) continue;
        std::size_t k = c.last + 1;
        while (is_punct_of(k, "():")) ++k;
        if (!is_kind(k, PieceKind::word) || !piece_free(k)) continue;
        const auto word = canon(k);
        const int label =
            word == "nik" || word == "ktp" ? 1 : (word == "kk" || piece(k).folded == "nkk" ? 2 : 0);
        if (label == 0) continue;
        const bool labels_next = ci + 1 < candidates.size() && candidates[ci + 1].label == 0 &&
                                 candidates[ci + 1].first <= k + 3;
        if (labels_next) continue;
        c.label = label;
        mark(k, k, Role::label);
    }
    const auto assign = [&](const IdCandidate& c) {
        const bool nik_ok = static_cast<bool>(domain::parse_nik(c.digits));
        const bool kk_ok = static_cast<bool>(domain::parse_kk(c.digits));
        if (c.label == 1) {
            if (!out_.nik && nik_ok) out_.nik = c.digits;
        } else if (c.label == 2) {
            if (!out_.kk && kk_ok) out_.kk = c.digits;
        } else if (!out_.nik && nik_ok) {
            out_.nik = c.digits;
        } else if (out_.nik && !out_.kk && kk_ok && *out_.nik != c.digits) {
            out_.kk = c.digits;
        }
    };
    for (const auto& c : candidates) {
        if (c.label != 0) assign(c);
    }
    for (const auto& c : candidates) {
        if (c.label == 0) assign(c);
    }
    for (const auto& c : candidates) mark(c.first, c.last, Role::data);
}

void ParseRun::scan_phones() {
    // 08xx / 628xx / +62 8xx numbers, also grouped with spaces or dashes: data, never a NIK or RT.
    for (std::size_t i = 0; i < piece_count(); ++i) {
        if (!is_kind(i, PieceKind::number) || !piece_free(i)) continue;
        const std::string& head = piece(i).folded;
        const bool plus = i > 0 && is_punct(i - 1, '+');
        if (!(head.starts_with("08") || head.starts_with("628") ||
              (plus && head.starts_with("62"))))
            continue;
        std::size_t q = i, digits = head.size();
        while (digits < 13) {
            if (is_kind(q + 1, PieceKind::number) && piece(q + 1).space_before &&
                piece_free(q + 1)) {
                q += 1;
            } else if (is_punct(q + 1, '-') && is_kind(q + 2, PieceKind::number) &&
                       piece_free(q + 2)) {
                q += 2;
            } else {
                break;
            }
            digits += piece(q).folded.size();
        }
        if (digits < 10 || digits > 14) continue;
        phone_seen_ = true;
        mark(plus ? i - 1 : i, q, Role::data);
        i = q;
    }
}

void ParseRun::scan_dates() {
    static const WordList kDateLabels("tanggal lahir ttl pada tgl");
    for (std::size_t i = 0; i < piece_count(); ++i) {
        if (!is_kind(i, PieceKind::number) || !piece_free(i)) continue;
        const std::string& a = piece(i).folded;
        std::optional<domain::CivilDate> date;
        std::size_t last = i;
        // 12-08-1985, 12/08/1985, 12.08.1985, 1985-08-12
        if (is_punct_of(i + 1, "-/.") && !piece(i + 1).space_before &&
            is_kind(i + 2, PieceKind::number) && !piece(i + 2).space_before &&
            is_punct(i + 3, piece(i + 1).folded[0]) && !piece(i + 3).space_before &&
            is_kind(i + 4, PieceKind::number) && !piece(i + 4).space_before) {
            const std::string& b = piece(i + 2).folded;
            const std::string& c = piece(i + 4).folded;
            if (a.size() == 4 && b.size() <= 2 && c.size() <= 2) {
                const int year = to_int(a);
                if (domain::is_valid_date(year, to_int(b), to_int(c))) {
                    date = domain::CivilDate{year, static_cast<unsigned>(to_int(b)),
                                             static_cast<unsigned>(to_int(c))};
                }
            } else if (a.size() <= 2 && b.size() <= 2 && (c.size() == 4 || c.size() == 2)) {
                int year = to_int(c);
                if (c.size() == 2) year += year <= 30 ? 2000 : 1900;
                if (domain::is_valid_date(year, to_int(b), to_int(a))) {
                    date = domain::CivilDate{year, static_cast<unsigned>(to_int(b)),
                                             static_cast<unsigned>(to_int(a))};
                }
            }
            last = i + 4;
        } else if (a.size() <= 2) {
            // 12 agustus 1985, 12-agt-1985, 3 Des 2000
            std::size_t m = i + 1;
            if (is_punct(m, '-')) ++m;
            if (is_kind(m, PieceKind::word)) {
                if (auto month = month_number(piece(m).folded)) {
                    std::size_t y = m + 1;
                    if (is_punct_of(y, "-,")) ++y;
                    if (is_kind(y, PieceKind::number) && piece(y).folded.size() == 4) {
                        const int year = to_int(piece(y).folded);
                        if (domain::is_valid_date(year, *month, static_cast<unsigned>(to_int(a)))) {
                            date =
                                domain::CivilDate{year, *month, static_cast<unsigned>(to_int(a))};
                        }
                        last = y;
                    }
                }
            }
        }
        if (last == i) continue;
        if (date && !out_.date) out_.date = domain::to_iso(*date);
        mark(i, last, Role::data);
        // Labels just before it ("tgl lahir:") are not content either.
        std::size_t k = i;
        for (int steps = 0; steps < 4 && k > 0; ++steps) {
            --k;
            if (is_punct_of(k, ":,")) continue;
            if (is_kind(k, PieceKind::word) && piece_free(k) && kDateLabels.has(canon(k))) {
                mark(k, k, Role::label);
                continue;
            }
            break;
        }
        i = last;
    }
}

std::optional<int> ParseRun::read_small_number(std::size_t& i) const {
    if (is_kind(i, PieceKind::number) && piece_free(i) && piece(i).folded.size() <= 3) {
        const int value = to_int(piece(i).folded);
        if (value >= 1) return value;
        return std::nullopt;
    }
    if (is_kind(i, PieceKind::word) && piece_free(i)) return number_word(canon(i));
    return std::nullopt;
}

void ParseRun::scan_rt_rw() {
    static const WordList kBetween("saya nya kami nomor anda");
    const auto is_rt = [&](std::size_t i) {
        return is_kind(i, PieceKind::word) && piece_free(i) && canon(i) == "rt";
    };
    const auto is_rw = [&](std::size_t i) {
        return is_kind(i, PieceKind::word) && piece_free(i) && canon(i) == "rw";
    };
    for (std::size_t i = 0; i < piece_count(); ++i) {
        const bool rt = is_rt(i);
        if (!rt && !is_rw(i)) continue;
        std::size_t q = i + 1;
        // "rt/rw 05/02", "RT/RW: 003/001", "rt rw 5/2"
        if (rt) {
            std::size_t r = q;
            if (is_punct_of(r, "/-&")) ++r;
            if (is_rw(r)) {
                std::size_t v = r + 1;
                while (is_punct_of(v, ".:=")) ++v;
                std::size_t v0 = v;
                if (auto a = read_small_number(v)) {
                    std::size_t w = v + 1;
                    std::optional<int> b;
                    if (is_punct_of(w, "/-")) {
                        ++w;
                        b = read_small_number(w);
                    }
                    if (!out_.rt) out_.rt = *a;
                    if (b && !out_.rw) out_.rw = *b;
                    mark(i, b ? w : v0, Role::data);
                    i = b ? w : v0;
                    continue;
                }
            }
        }
        while (is_kind(q, PieceKind::word) && canon(q).empty()) ++q;  // "rukun tetangga"
        while (is_punct_of(q, ".:=-#")) ++q;
        if (is_kind(q, PieceKind::word) && piece_free(q) && kBetween.has(canon(q)) &&
            !read_small_number(q))
            ++q;
        while (is_punct_of(q, ".:=-#")) ++q;
        auto value = read_small_number(q);
        if (!value) continue;
        if (rt) {
            if (!out_.rt) out_.rt = *value;
        } else if (!out_.rw) {
            out_.rw = *value;
        }
        std::size_t last = q;
        // "rt 05/02": the second number is the RW.
        if (rt && is_punct(q + 1, '/')) {
            std::size_t w = q + 2;
            if (auto b = read_small_number(w)) {
                if (!out_.rw) out_.rw = *b;
                last = w;
            }
        }
        mark(i, last, Role::data);
        i = last;
    }
}

bool ParseRun::read_name(std::size_t start, std::size_t label_first, bool& other_person) {
    std::size_t q = start;
    other_person = false;
    const auto skip_punct = [&] {
        while (is_punct_of(q, ":=-")) ++q;
    };
    // Role words after "nama": "nama saya", "nama lengkap", "nama almarhum", "nama usaha".
    for (int steps = 0; steps < 3 && is_kind(q, PieceKind::word); ++steps) {
        const auto word = canon(q);
        if (kNameNotPerson.has(word) || word == "anda") return false;
        if (kNameRoles.has(word)) {
            ++q;
        } else if (kNameOtherPersons.has(word)) {
            other_person = true;
            ++q;
        } else {
            break;
        }
        if (is_punct_of(q, ".,")) ++q;  // "alm.", "istri saya, Siti"
    }
    skip_punct();
    while (is_kind(q, PieceKind::word) && (canon(q) == "adalah" || canon(q) == "yaitu")) ++q;
    // Titles that are not part of the name: "alm.", "Bapak", "Sdr."
    while (is_kind(q, PieceKind::word) && kNameTitles.has(canon(q))) {
        ++q;
        if (is_punct(q, '.')) ++q;
    }
    std::size_t first = q, last = q;
    int words = 0;
    while (q < piece_count() && words < 6) {
        const Piece& p = piece(q);
        if (p.kind == PieceKind::word) {
            if (!piece_free(q)) break;
            const auto word = canon(q);
            if (kNameStops.has(word) || parser_.normalizer_.is_letter_word(word)) break;
            last = q;
            ++words;
            ++q;
            continue;
        }
        // "Hj. Nurhayati", "Muh. Rizal", "H. Sulaiman": a dot after a short abbreviation.
        if (is_punct(q, '.') && words > 0 && piece(q - 1).kind == PieceKind::word &&
            piece(q - 1).end - piece(q - 1).begin <= 3 && is_kind(q + 1, PieceKind::word) &&
            piece(q + 1).space_before && !kNameStops.has(canon(q + 1))) {
            ++q;
            continue;
        }
        break;
    }
    if (words == 0) return false;
    std::string value(n_.slice(first, last));
    if (other_person) {
        if (!other_name_) other_name_ = value;
    } else if (!out_.name) {
        out_.name = value;
    }
    mark(label_first, last, Role::data);
    return true;
}

void ParseRun::scan_names() {
    for (std::size_t i = 0; i < piece_count(); ++i) {
        if (!is_kind(i, PieceKind::word) || !piece_free(i)) continue;
        bool other = false;
        const auto word = canon(i);
        if (word == "nama" && !(i > 0 && kNotNameLabel.has(canon(i - 1)))) {
            // "atas nama" counts as the same label.
            const std::size_t label = i > 0 && canon(i - 1) == "atas" ? i - 1 : i;
            read_name(i + 1, label, other);
        } else if (piece(i).folded == "a" && is_punct_of(i + 1, "./") &&
                   is_kind(i + 2, PieceKind::word) && piece(i + 2).folded == "n" &&
                   !piece(i + 2).space_before) {
            std::size_t start = i + 3;
            if (is_punct(start, '.')) ++start;
            read_name(start, i, other);
        } else if (piece(i).folded == "an" && is_punct(i + 1, '.') &&
                   is_kind(i + 2, PieceKind::word)) {
            const auto& data = n_.data;
            if (data[piece(i + 2).begin] >= 'A' && data[piece(i + 2).begin] <= 'Z')
                read_name(i + 2, i, other);
        }
    }
    if (!out_.name && other_name_) out_.name = other_name_;
    if (!out_.name) scan_name_line();
}

void ParseRun::scan_name_line() {
    // A line that is only a capitalised personal name ("Budi Santoso"), as in data dumps.
    std::size_t line_start = 0;
    for (std::size_t i = 0; i <= piece_count(); ++i) {
        if (i < piece_count() && piece(i).kind != PieceKind::newline) continue;
        std::size_t first = line_start, last = line_start;
        int words = 0, unknown = 0, long_words = 0;
        bool ok = i > line_start;
        for (std::size_t k = line_start; k < i && ok; ++k) {
            const Piece& p = piece(k);
            if (p.kind == PieceKind::word) {
                const char c = n_.data[p.begin];
                const auto word = canon(k);
                if (!(c >= 'A' && c <= 'Z') || !piece_free(k) || kNameStops.has(word) ||
                    parser_.normalizer_.is_letter_word(word) || kGreetings.has(word) ||
                    kFillers.has(word)) {
                    ok = false;
                    break;
                }
                if (!parser_.normalizer_.is_known(p.folded)) ++unknown;
                if (p.end - p.begin >= 2) ++long_words;
                ++words;
                last = k;
            } else if (!(is_punct(k, '.') && words > 0)) {
                ok = false;
            }
        }
        if (ok && long_words >= 2 && words <= 5 && unknown * 2 >= words) {
            out_.name = std::string(n_.slice(first, last));
            name_from_line_ = true;
            mark(first, last, Role::data);
            return;
        }
        line_start = i + 1;
    }
}

void ParseRun::find_letters() {
    token_role_.assign(n_.tokens.size(), Role::free);
    for (std::size_t t = 0; t < n_.tokens.size(); ++t) {
        if (token_slot(t)) token_role_[t] = Role::data;
    }
    std::vector<LetterMatch> matches;
    for (std::size_t t = 0; t < n_.tokens.size(); ++t) {
        if (token_role_[t] != Role::free) continue;
        auto it = parser_.alias_index_.find(n_.tokens[t].text);
        if (it == parser_.alias_index_.end()) continue;
        for (std::size_t index : it->second) {
            const auto& alias = parser_.aliases_[index];
            if (t + alias.tokens.size() > n_.tokens.size()) continue;
            bool match = true;
            for (std::size_t k = 0; k < alias.tokens.size() && match; ++k) {
                match = token_role_[t + k] == Role::free && tok(t + k) == alias.tokens[k];
            }
            if (match)
                matches.push_back(
                    {t, t + alias.tokens.size() - 1, alias.code, alias.strength, false, true});
        }
    }
    alias_cover_.assign(n_.tokens.size(), false);
    for (const auto& m : matches) {
        for (std::size_t k = m.first; k <= m.last; ++k) alias_cover_[k] = true;
    }
    // Longest first; a shorter match overlapping an accepted one is dropped.
    std::stable_sort(matches.begin(), matches.end(),
                     [](const LetterMatch& a, const LetterMatch& b) {
                         return a.last - a.first > b.last - b.first;
                     });
    for (auto& m : matches) {
        const bool overlaps =
            std::any_of(letters_.begin(), letters_.end(), [&](const LetterMatch& o) {
                return o.alias && m.first <= o.last && o.first <= m.last;
            });
        if (overlaps) continue;
        letters_.push_back(m);
    }
    for (const auto& m : letters_) {
        for (std::size_t k = m.first; k <= m.last; ++k) token_role_[k] = Role::letter;
    }
    add_cue_matches();
    // "bukan sktm": a negated mention does not count ("kawa kada sktm" is only "can or not").
    for (auto& m : letters_) {
        std::size_t k = m.first;
        while (k > 0) {
            --k;
            const auto word = tok(k);
            if (word == "pak" || word == "bu" || word == "ya") continue;
            if (word == "bukan") m.negated = true;
            break;
        }
    }
}

void ParseRun::add_cue_matches() {
    const std::size_t count = n_.tokens.size();
    const auto usable = [&](std::size_t t) { return t < count && token_role_[t] != Role::data; };
    bool context = false;
    for (std::size_t t = 0; t < count; ++t) {
        if (usable(t) && kLetterContext.has(tok(t))) context = true;
    }
    const auto has_code = [&](std::string_view code) {
        return std::find(parser_.codes_.begin(), parser_.codes_.end(), code) !=
               parser_.codes_.end();
    };
    const auto add = [&](std::size_t first, std::size_t last, std::string_view code, int strength) {
        if (!has_code(code)) return;
        letters_.push_back({first, last, std::string(code), strength, false, false});
    };
    for (std::size_t t = 0; t < count; ++t) {
        if (!usable(t) || token_role_[t] == Role::letter) continue;
        for (const auto& cue : kCues) {
            if (cue.needs_context && !context) continue;
            std::size_t k = 0, pos = t, length = 0;
            std::string_view phrase = cue.phrase;
            bool match = true;
            while (k < phrase.size() && match) {
                std::size_t end = phrase.find(' ', k);
                if (end == std::string_view::npos) end = phrase.size();
                match = usable(pos) && tok(pos) == phrase.substr(k, end - k);
                k = end + 1;
                ++pos;
                ++length;
            }
            if (match) add(t, t + length - 1, cue.code, cue.strength);
        }
        const auto word = tok(t);
        const auto prev = t > 0 ? tok(t - 1) : std::string_view{};
        // "mau nikah", "urus surat2 buat nikah" but not "belum nikah", "surat nikah".
        if ((word == "nikah" || word == "menikah" || word == "kawin") && context &&
            !kNikahBlockers.has(prev)) {
            add(t, t, "pengantar_nikah", 0);
        }
        // "surat NA", "urus na"
        if (word == "na" &&
            (prev == "surat" || prev == "urus" || prev == "buat" || prev == "minta" ||
             prev == "pengantar" || prev == "formulir" || prev == "blangko")) {
            add(t, t, "pengantar_nikah", 1);
        }
        // KTP/KK changes: "ktp sy ilang", "kk sy mau pisah", "urus e-ktp".
        if (word == "ktp" || word == "kk" || word == "ektp" || word == "kia") {
            if (kKtpCopyWords.has(prev)) continue;
            bool change = prev == "urus" || prev == "buat" || prev == "pengantar" ||
                          (t > 1 && (tok(t - 2) == "urus" || tok(t - 2) == "pengantar"));
            for (std::size_t k = (t >= 3 ? t - 3 : 0); k <= t + 3 && k < count && !change; ++k) {
                if (k != t && usable(k) && kKtpChange.has(tok(k))) change = true;
            }
            if (change) add(t, t, "pengantar_ktp_kk", 1);
        }
    }
}

void ParseRun::scan_purpose() {
    in_purpose_.assign(n_.tokens.size(), false);
    const std::size_t count = n_.tokens.size();
    for (std::size_t t = 0; t < count; ++t) {
        if (token_role_[t] != Role::free) continue;
        const auto word = tok(t);
        const bool marker =
            word == "untuk" || word == "guna" ||
            ((word == "keperluan" || word == "kepentingan") &&
             (is_punct_of(n_.tokens[t].piece + 1, ":=-") || n_.tokens[t].piece == 0 ||
              is_kind(n_.tokens[t].piece - 1, PieceKind::newline)));
        if (!marker) continue;
        if (t > 0 && kNoPurposeBefore.has(tok(t - 1))) continue;
        std::size_t first = t + 1;
        while (
            first < count &&
            (tok(first) == "keperluan" || tok(first) == "kepentingan" || tok(first) == "untuk") &&
            token_role_[first] == Role::free) {
            ++first;
        }
        if (first >= count || tok(first) == "apa") continue;
        std::size_t last = first;
        bool any = false;
        for (std::size_t k = first; k < count && k < first + 12; ++k) {
            if (token_role_[k] == Role::data) break;
            // Punctuation or a line break between the previous token and this one ends it.
            if (k > first) {
                bool stop = false;
                for (std::size_t p = n_.tokens[k - 1].piece + 1; p < n_.tokens[k].piece; ++p) {
                    const Piece& piece_k = piece(p);
                    if (piece_k.kind == PieceKind::newline) stop = true;
                    if (piece_k.kind == PieceKind::punct) {
                        const char c = piece_k.folded[0];
                        const bool inner_dot = c == '.' && !piece_k.space_before &&
                                               is_kind(p - 1, PieceKind::number) &&
                                               is_kind(p + 1, PieceKind::number) &&
                                               !piece(p + 1).space_before;
                        if (std::string_view(",.?!;()").find(c) != std::string_view::npos &&
                            !inner_dot)
                            stop = true;
                    }
                }
                if (stop) break;
                if (kPurposeStops.has(tok(k))) break;
            } else {
                // ":" right after the marker is fine ("Keperluan: ..."), other punctuation is not.
                bool stop = false;
                for (std::size_t p = n_.tokens[t].piece + 1; p < n_.tokens[k].piece; ++p) {
                    if (piece(p).kind == PieceKind::newline ||
                        (piece(p).kind == PieceKind::punct &&
                         std::string_view(",.?!;()").find(piece(p).folded[0]) !=
                             std::string_view::npos)) {
                        stop = true;
                    }
                }
                if (stop) break;
            }
            last = k;
            any = true;
        }
        if (!any) continue;
        // Trailing address words and particles: "buat sekolah anak ya pak".
        while (last >= first && kPurposeTrailing.has(tok(last))) {
            if (last == first) {
                any = false;
                break;
            }
            --last;
        }
        if (!any) continue;
        if ((tok(last) == "rt" || tok(last) == "lurah") && last > first &&
            (tok(last - 1) == "pak" || tok(last - 1) == "bu")) {
            if (last - 1 == first) continue;
            last -= 2;
        }
        // Reject what only names the letter, the request itself, or the beneficiary.
        bool all_letter = true, has_letter = false, all_beneficiary = true;
        for (std::size_t k = first; k <= last; ++k) {
            const bool letter =
                alias_cover_[k] || kGenericLetterWords.has(tok(k)) ||
                std::any_of(letters_.begin(), letters_.end(), [&](const LetterMatch& m) {
                    return !m.alias && m.strength > 0 && k >= m.first && k <= m.last;
                });
            all_letter = all_letter && letter;
            has_letter = has_letter || token_role_[k] == Role::letter;
            all_beneficiary = all_beneficiary && kBeneficiaries.has(tok(k));
        }
        const auto head = tok(first);
        if (all_letter || all_beneficiary) continue;
        // "untuk bikin skck", "utk urus ktp baru": the request itself, not what it is for.
        // Unless the letter is also named outside ("surat kematian utk urus akta kematian di
        // dukcapil").
        if (has_letter &&
            (head == "buat" || head == "urus" || head == "minta" || head == "ajukan")) {
            bool rest_letter = true;
            for (std::size_t k = first + 1; k <= last; ++k) {
                rest_letter = rest_letter && (alias_cover_[k] || kGenericLetterWords.has(tok(k)));
            }
            const bool named_outside =
                std::any_of(letters_.begin(), letters_.end(), [&](const LetterMatch& m) {
                    return m.alias && (m.last < first || m.first > last);
                });
            if (rest_letter || !named_outside) continue;
        }
        out_.purpose = std::string(n_.slice(n_.tokens[first].piece, n_.tokens[last].piece));
        for (std::size_t k = first; k <= last; ++k) in_purpose_[k] = true;
        in_purpose_[t] = true;
        break;
    }
}

void ParseRun::choose_letter() {
    const LetterMatch* best = nullptr;
    // A civil-registry document named beside a letter is what the letter needs, not the letter:
    // "perlu akta kelahiran untuk surat belum menikah?", "cuma ada kk, bisa ajukan sku?".
    const auto is_document = [&](const LetterMatch& m) {
        const std::string_view head = tok(m.first);
        return head == "akta" || head == "akte" ||
               (m.first == m.last && (head == "kk" || head == "ktp" || head == "ektp"));
    };
    const bool letter_by_name = std::any_of(letters_.begin(), letters_.end(), [&](const LetterMatch& m) {
        return m.alias && !m.negated && !is_document(m);
    });
    const auto in_purpose = [&](const LetterMatch& m) {
        for (std::size_t k = m.first; k <= m.last; ++k) {
            if (!in_purpose_[k]) return false;
        }
        return true;
    };
    for (const auto& m : letters_) {
        if (m.negated) continue;
        if (best == nullptr) {
            best = &m;
            continue;
        }
        const auto key = [&](const LetterMatch& x) {
            return std::make_tuple(letter_by_name && is_document(x) ? 1 : 0, -x.strength, in_purpose(x) ? 1 : 0,
                                   x.first);
        };
        if (key(m) < key(*best)) best = &m;
    }
    if (best == nullptr) return;
    out_.letter_type = best->code;
    // "sktm sama domisili sekalian", "a domicile letter and an SKTM": two letters joined by a
    // conjunction; the first named is handled first, the second offered after it.
    static const WordList kJoins("sama dan and plus sekalian juga serta ama lan");
    for (const auto& a : letters_) {
        for (const auto& b : letters_) {
            if (a.negated || b.negated || !a.alias || !b.alias || a.code == b.code || b.first <= a.last ||
                b.first - a.last > 4 || in_purpose(a) || in_purpose(b)) {
                continue;
            }
            bool joined = false;
            for (std::size_t k = a.last + 1; k < b.first; ++k) joined = joined || kJoins.has(tok(k));
            if (!joined) continue;
            out_.letter_type = a.code;
            out_.other_letter_type = b.code;
            return;
        }
    }
}

std::optional<std::string> ParseRun::text_after_piece(std::size_t piece_index,
                                                      bool skip_fillers) const {
    static const WordList kLeading("pak bu min kak admin ya bapak ibu");
    std::size_t k = piece_index + 1;
    while (k < piece_count()) {
        if (piece(k).kind == PieceKind::punct || piece(k).kind == PieceKind::newline) {
            ++k;
        } else if (skip_fillers && piece(k).kind == PieceKind::word && kLeading.has(canon(k)) &&
                   k + 1 < piece_count() &&
                   (is_punct_of(k + 1, ",.:!") || piece(k + 1).kind == PieceKind::word)) {
            ++k;
        } else {
            break;
        }
    }
    if (k >= piece_count()) return std::nullopt;
    std::string_view rest = std::string_view(n_.data).substr(piece(k).begin);
    while (!rest.empty() && (rest.back() == ' ' || rest.back() == '\n')) rest.remove_suffix(1);
    if (rest.empty()) return std::nullopt;
    return std::string(rest);
}

// -------------------------------------------------------------------------------------------------
// Intent

namespace {

/// The content words of a message (slots, letter names and the purpose removed).
struct Content {
    std::vector<std::string_view> words;
    std::vector<std::size_t> tokens;  // token index of each word

    bool has(std::string_view w) const {
        return std::find(words.begin(), words.end(), w) != words.end();
    }
    bool any(const WordList& list) const {
        return std::any_of(words.begin(), words.end(),
                           [&](std::string_view w) { return list.has(w); });
    }
    bool seq(std::string_view a, std::string_view b) const {
        for (std::size_t i = 0; i + 1 < words.size(); ++i) {
            if (words[i] == a && words[i + 1] == b) return true;
        }
        return false;
    }
    bool seq(std::string_view a, std::string_view b, std::string_view d) const {
        for (std::size_t i = 0; i + 2 < words.size(); ++i) {
            if (words[i] == a && words[i + 1] == b && words[i + 2] == d) return true;
        }
        return false;
    }
    std::size_t pos(std::string_view w) const {
        auto it = std::find(words.begin(), words.end(), w);
        return it == words.end() ? words.size() : static_cast<std::size_t>(it - words.begin());
    }
    bool only(const WordList& a, const WordList& b, const WordList& c) const {
        return std::all_of(words.begin(), words.end(),
                           [&](std::string_view w) { return a.has(w) || b.has(w) || c.has(w); });
    }
};

// Waiting for one's own request, however impatiently: "kok lama bgt", "sudah seminggu belum
// jadi", "belum ada kabar". Status, not a complaint (see the label rules).
bool waits_for_request(const Content& c) {
    const bool elapsed = c.has("sudah") && c.has("belum") &&
                         (c.has("seminggu") || c.has("sebulan") || c.has("minggu") ||
                          c.has("bulan") || (c.has("hari") && !c.seq("hari", "ini")));
    const bool why_not_yet =
        (c.has("kok") || c.has("kenapa")) &&
        (c.has("belum") || c.seq("tidak", "selesai") || c.has("lama") || c.seq("tidak", "ada") ||
         c.seq("tidak", "jadi"));
    return c.seq("kok", "lama") || c.any(kWaitingWords) || why_not_yet || elapsed ||
           c.seq("belum", "ada") || c.seq("tidak", "ada", "kabar") || c.has("kabar") || c.has("update");
}

// Unfair treatment: "petugas judes", "dipersulit", "tidak ramah".
bool complains_about_service(const Content& c) {
    return c.any(kServiceComplaints) || c.seq("tidak", "adil") || c.seq("tidak", "ramah") ||
           c.seq("tidak", "sopan") || c.seq("bolak", "balik") || (c.has("petugas") && c.seq("tidak", "ada")) ||
           c.seq("minta", "uang") || c.seq("dimintai", "uang") || c.seq("salah", "cetak") ||
           c.seq("salah", "ketik") || c.seq("pilih", "kasih");
}

// Something public is broken: "lampu jalan mati", "got mampet", "pungutan liar".
bool complains_about_public_matter(const Content& c) {
    return (c.any(kPublicNouns) && c.any(kPublicProblems)) || c.any(kStrongPublicProblems) ||
           c.seq("pungutan", "liar");
}

// A person wanted instead of the bot: "bicara dengan petugas", "admin", "CS dong".
bool asks_for_staff(const Content& c) {
    static const WordList kPerson("petugas admin operator operatornya cs staf staff manusia orang person human agent");
    static const WordList kTalk(
        "bicara ngomong chat hubungi dihubungi hubungkan sambungkan telepon telpon ketemu talk speak bapandir "
        "online nomor");
    static const WordList kAlone("pak bu dong tolong mohon minta ya mau saya min kak mana");
    if (!c.any(kPerson)) return false;
    if (c.any(kTalk)) return true;
    // "admin", "operator", "CS dong", "operatornya mana ya": the person alone.
    return std::all_of(c.words.begin(), c.words.end(),
                       [](std::string_view w) { return kPerson.has(w) || kAlone.has(w) || kFillers.has(w); }) &&
           !c.has("orang");
}

// Help phrased like something else: "surat apa saja yang bisa", "cara pakai bot".
bool asks_for_menu(const Content& c, bool letter_named) {
    const bool list_question =
        c.seq("apa", "saja") && !letter_named && !c.has("syarat") &&
        (((c.has("surat") || c.has("layanan")) &&
          (c.has("bisa") || c.has("ada") || c.has("urus"))) ||
         (c.has("bisa") && (c.has("urus") || c.has("ajukan") || c.has("buat"))));
    return c.has("menu") || c.has("help") || c.seq("cara", "pakai") || c.has("panduan") ||
           c.has("fitur") || list_question ||
           (c.has("layanan") && (c.has("apa") || c.has("info") || c.has("daftar"))) ||
           (c.seq("bisa", "bantu") && c.has("apa"));
}

// Unmistakable status questions: "status", "sampai mana", "cek pengajuan", "ada kabar soal skck".
bool asks_status_plainly(const Content& c, bool question, bool letter_named) {
    const bool own_letter = letter_named || (c.has("surat") && (c.has("saya") || c.has("ku")));
    const bool own_request =
        own_letter || c.has("pengajuan") || c.has("permohonan") || c.has("berkas");
    return c.has("status") || c.seq("sampai", "mana") || c.has("progres") || c.has("progress") ||
           c.has("lacak") || c.has("urutan") ||
           (c.has("tertahan") && (own_request || c.has("rt") || c.has("kelurahan"))) ||
           (c.has("tahap") && (own_request || question)) || (c.has("antrian") && c.has("saya")) ||
           (question && c.seq("masih", "di") &&
            (c.has("rt") || c.has("kelurahan") || c.has("lurah"))) ||
           (c.has("posisi") && (c.has("berkas") || c.has("surat") || c.has("pengajuan"))) ||
           (c.has("cek") &&
            (c.has("pengajuan") || c.has("permohonan") || c.has("surat") || c.has("berkas"))) ||
           ((c.has("info") || c.has("kabar") || c.has("update") || c.has("perkembangan")) &&
            (c.has("pengajuan") || c.has("permohonan") || (question && own_letter)));
}

// How a request goes in general: "alur pengajuan", "tahapan", "mekanisme", "prosedurnya".
const WordList kProcedureWords("alur alurnya tahapan tahapannya mekanisme prosedur prosedurnya langkah urutannya");

// "sudah jadi?", "sdh di acc blm", "kapan surat saya jadi", "belum ada kabar".
bool asks_status(const Content& c, bool question, bool own) {
    return (c.any(kDoneWords) && (c.has("sudah") || c.has("belum") || (c.has("kapan") && own)) &&
            !c.seq("berapa", "lama")) ||
           ((c.seq("sudah", "ada") || c.seq("ada", "sudah") || c.seq("belum", "ada")) && own) ||
           (c.has("lengkap") && c.has("belum") && (c.has("berkas") || c.has("data") || own)) ||
           (c.has("tunggu") && c.has("sudah") && question &&
            (c.has("kirim") || c.has("berkas") || own)) ||
           (c.has("bagaimana") &&
            (c.has("pengajuan") || c.has("permohonan") || (c.has("surat") && c.has("saya"))) &&
            !c.has("cara") && !c.any(kProcedureWords));
}

// A question, with or without its mark: "…?", "… kah", "apakah …", "bisa … ga".
bool is_asked(const Content& c, bool question) {
    return question || c.has("kah") || c.has("apakah") ||
           (!c.words.empty() && c.words.back() == "tidak");
}

// Requirements and procedure: "syarat", "caranya", "bawa apa", "perlu surat apa", "harus ke
// kantor?", "skd itu apa".
bool asks_requirements(const Content& c, bool question, bool letter_named, bool generic_letter) {
    const bool bring =
        (c.has("bawa") || c.has("dibawa") || c.has("disiapkan") || c.has("siapkan")) && !c.has("uang") &&
        (c.has("apa") || c.has("perlu") || c.has("harus") || question);
    const bool need = c.has("perlu") || c.has("butuh") || c.has("harus");
    const bool permit_word = c.has("surat") || c.has("izin") || c.has("pengantar") || letter_named;
    const bool which_letter = need && permit_word && (c.has("apa") || (question && c.has("tidak")));
    const bool documents = ((c.has("dokumen") || c.has("berkas")) && c.has("apa")) ||
                           ((c.has("fotokopi") || c.has("foto") || c.has("salinan")) && c.has("berapa") &&
                            c.has("lembar")) ||
                           ((c.has("dibutuhkan") || c.has("diperlukan")) && c.has("apa"));
    const bool how = c.has("bagaimana") &&
                     (c.has("proses") || c.has("buat") || c.has("urus") || c.has("daftar") ||
                      c.has("ajukan") || c.has("cara") || letter_named || generic_letter);
    const bool what_is =
        letter_named && (c.seq("itu", "apa") || c.seq("apa", "itu") || c.seq("apa", "arti"));
    const bool asks_verb = c.has("minta") || c.has("buat") || c.has("urus") || c.has("ajukan");
    const bool rule_question =
        question && !c.has("berapa") && !c.has("biaya") &&
        (c.has("harus") || c.has("wajib") || (need && (c.has("apakah") || c.has("tidak"))) ||
         (need && !asks_verb && permit_word));
    // Whether a letter can be had in the writer's situation: "bisa dapat sku kalau jualan
    // online?", "tidak ada slip gaji, bisa surat penghasilan?", "mau tanya, sku perlu NIB kah".
    const bool asked = is_asked(c, question);
    const bool can = c.has("bisa") || c.has("boleh") || c.has("dapat");
    const bool situation = (c.has("kalau") && !c.seq("kalau", "bisa")) || c.has("tanpa") ||
                           c.seq("tidak", "ada") || c.seq("belum", "punya") || c.seq("belum", "ada") ||
                           c.seq("tidak", "punya") || c.has("pakai") ||
                           c.has("masih") || c.has("cuma") || c.has("hanya");
    const bool about_letter = letter_named || generic_letter;
    const bool feasibility = asked && can && situation && about_letter;
    const bool announced = c.has("tanya") && need && about_letter && asked;
    return what_is || rule_question || feasibility || announced || c.has("syarat") ||
           c.has("persyaratan") || c.has("prosedur") || c.has("alur") || c.has("kelengkapan") ||
           c.has("cara") || bring || which_letter || documents || how;
}

// Office information; when several topics fire, the one named first wins.
// `alamat_is_label`: "Alamat:" introduces the writer's own address, not a question.
std::optional<std::string_view> office_topic(const Content& c, bool question, bool letter_named,
                                             bool generic_letter, bool alamat_is_label) {
    std::optional<std::string_view> topic;
    std::size_t best = c.words.size();
    const auto consider = [&](bool fired, std::string_view name,
                              std::initializer_list<std::string_view> anchors) {
        if (!fired) return;
        std::size_t at = c.words.size();
        for (auto anchor : anchors) at = std::min(at, c.pos(anchor));
        if (!topic || at < best) {
            topic = name;
            best = at;
        }
    };
    // Another place's hours, whereabouts, fees or waiting times ("puskesmas buka jam berapa",
    // "kantor pos buka sabtu?") are not the office's, unless the office is named too.
    static const WordList kOtherPlaces(
        "puskesmas posyandu indomaret alfamart alfamidi minimarket mal mall pasar bank atm toko "
        "warung "
        "sekolah sd smp sma smk kampus masjid gereja pelabuhan bandara terminal kecamatan spbu pom "
        "restoran apotek klinik lapangan");
    const bool office =
        (c.has("kantor") && !c.seq("kantor", "pos")) || c.has("kelurahan") || c.has("lurah");
    const bool elsewhere =
        !office && (c.any(kOtherPlaces) || c.seq("kantor", "pos") || c.seq("rumah", "sakit"));

    const bool day_question =
        question &&
        (c.has("sabtu") || c.seq("hari", "minggu") || c.has("libur") || c.has("lebaran")) &&
        (c.has("bisa") || c.has("urus") || c.has("datang") || c.has("buka") || c.has("layan") ||
         c.has("pelayanan") || c.has("kantor"));
    const bool hours =
        (c.has("jam") &&
         (c.has("buka") || c.has("tutup") || c.has("kerja") || c.has("pelayanan") ||
          c.has("operasional") || c.has("layanan") || c.has("kantor") || c.has("istirahat"))) ||
        (c.has("buka") && (c.has("jam") || c.has("hari") || c.has("sabtu") || c.has("minggu") ||
                           c.has("senin") || c.has("jumat") || c.has("kah") || c.has("tidak") ||
                           c.has("libur") || office || c.has("sekarang") || c.has("besok"))) ||
        (c.has("libur") && (office || c.has("hari") || c.has("kah") || question)) ||
        (c.has("tutup") && !c.has("jalan") &&
         (c.has("sabtu") || c.has("minggu") || c.has("jumat") || c.has("hari") || c.has("kah") ||
          office || c.has("jam"))) ||
        (c.seq("jam", "berapa") && (office || c.has("datang") || c.has("ambil"))) || day_question;
    consider(hours && !elsewhere, "hours", {"jam", "buka", "libur", "tutup", "sabtu", "minggu"});

    const bool fee = (c.has("biaya") && !c.seq("keringanan", "biaya")) || c.has("bayar") ||
                     c.has("gratis") || c.has("tarif") || c.has("ongkos") ||
                     (c.has("pungutan") && !c.has("liar")) ||
                     (c.has("harga") && (letter_named || generic_letter));
    consider(fee && !elsewhere, "fee",
             {"biaya", "bayar", "gratis", "tarif", "ongkos", "harga", "pungutan"});

    bool same_day = false;  // "kawa diulah hari ini kah", "bisa jadi hari ini?"
    for (std::size_t i = 0; i + 1 < c.words.size(); ++i) {
        if (c.words[i] != "hari" || c.words[i + 1] != "ini") continue;
        for (std::size_t k = (i >= 2 ? i - 2 : 0); k < i; ++k) {
            if (c.words[k] == "jadi" || c.words[k] == "selesai" || c.words[k] == "buat") {
                same_day = true;
            }
        }
    }
    const bool own =
        c.has("saya") || c.has("ku") || c.has("kami") || c.has("surat") || letter_named;
    // How long a letter stays valid ("berlaku berapa lama") is not how long it takes.
    const bool duration =
        !c.has("berlaku") && !c.has("valid") &&
        (c.seq("berapa", "lama") || c.seq("berapa", "hari") || c.seq("berapa", "jam") ||
         c.seq("langsung", "jadi") || same_day ||
         (c.has("lama") && (c.has("kah") || c.has("tidak") || c.has("proses") || c.has("tunggu") ||
                            c.has("jadi") || c.has("selesai") || c.has("berapa"))) ||
         ((c.has("sehari") || c.seq("satu", "hari") || c.seq("1", "hari")) &&
          (c.has("jadi") || c.has("selesai") || c.has("beres"))) ||
         c.seq("berapa", "minggu") || c.has("kilat") ||
         (c.has("estimasi") && (letter_named || generic_letter || c.has("selesai") ||
                                c.has("jadi") || c.has("proses") || c.has("pekerjaan"))) ||
         (c.has("kapan") && (c.has("jadi") || c.has("selesai")) && !own));
    consider(duration && !elsewhere, "duration", {"lama", "hari", "langsung", "sehari", "kapan"});

    const std::size_t alamat = c.pos("alamat");
    const bool alamat_office =
        alamat + 1 < c.words.size() && !alamat_is_label &&
        (c.words[alamat + 1] == "kantor" || c.words[alamat + 1] == "kelurahan");
    const bool location =
        alamat_office || ((c.has("lokasi") || c.has("letak")) && (office || c.words.size() <= 3)) ||
        (c.has("dimana") && office) || c.seq("share", "lokasi") ||
        (c.has("kantor") && c.seq("jalan", "apa")) ||
        (office && c.has("mana") && question && !c.seq("sampai", "mana"));
    consider(location && !elsewhere, "location",
             {"alamat", "lokasi", "letak", "dimana", "share", "jalan", "mana"});

    const bool lurah = (c.has("lurah") && (c.has("siapa") || c.has("nama"))) ||
                       (c.seq("kepala", "kelurahan") && c.has("siapa"));
    consider(lurah, "lurah", {"lurah", "kepala"});

    // PDF or collected at the office, sent or picked up, by someone else.
    const bool collection =
        c.has("pdf") || c.has("email") || c.has("diantar") || c.has("diwakilkan") || c.has("diambilkan") ||
        c.has("diwakili") ||
        c.has("digital") || (c.has("asli") && (c.has("ambil") || c.has("diambil") || c.has("kantor"))) ||
        ((c.has("diambil") || c.seq("ambil", "sendiri")) && (c.has("surat") || letter_named || question)) ||
        (c.has("dikirim") && (c.has("mana") || c.has("wa") || c.has("whatsapp") || c.has("rumah")));
    consider(collection, "collection", {"pdf", "email", "diantar", "diwakilkan", "diambilkan", "diwakili", "digital", "asli",
                                        "diambil", "ambil", "dikirim"});
    return topic;
}

}  // namespace

bool ParseRun::classify_special() {
    if (n_.tokens.empty()) {
        // An emoji-only reply: thumbs up / OK hand / check mark agree, folded hands thank.
        if (raw_.find("\xF0\x9F\x91\x8D") != std::string_view::npos ||  // U+1F44D
            raw_.find("\xF0\x9F\x91\x8C") != std::string_view::npos ||  // U+1F44C
            raw_.find("\xE2\x9C\x85") != std::string_view::npos) {      // U+2705
            set(Intent::confirm, 0.7);
        } else if (raw_.find("\xF0\x9F\x99\x8F") != std::string_view::npos) {  // U+1F64F
            set(Intent::thanks, 0.7);
        } else {
            set(Intent::unknown, 0);
        }
        return true;
    }
    // A bare "P" (or "P P P") is the WhatsApp ping.
    if (std::all_of(n_.pieces.begin(), n_.pieces.end(), [](const Piece& p) {
            return p.folded == "p" || p.kind == PieceKind::newline || p.kind == PieceKind::punct;
        })) {
        set(Intent::greeting, 0.9);
        return true;
    }
    if (n_.tokens.size() == 1 && (n_.pieces[0].folded == "no" || n_.pieces[0].folded == "nope")) {
        set(Intent::deny, 0.9);
        return true;
    }
    return false;
}

namespace {

const WordList kApproveWords("setuju disetujui menyetujui acc approve approved diapprove setujuu setujuuu stj");
const WordList kRejectWords("tolak ditolak reject rejected tolakan");
const WordList kReviseWords(
    "perbaiki diperbaiki revisi direvisi kembalikan dikembalikan balikin perbaikin benahi dibenahi betulkan "
    "dibetulkan");
// With a request code these also approve: "ok lanjut 2611-0019".
const WordList kGoAheadWords("lanjut lanjutkan ok proses");
// Words around an RT head's decision that carry nothing of it.
const WordList kDecisionFillers(R"(
  ok ya iya pak bu bapak ibu min kak saya sudah aja saja dulu deh dong ini yg yang itu sip baik
  silakan silahkan diproses proses lanjut lanjutkan tolong mohon maaf alasan alasannya untuk
  permohonan pengajuan surat nya bos bosku rt ketua selaku siap terima kasih makasih assalamualaikum
  bujur ulun admin menyetujui)");
// Words that open a reason without being part of it.
const WordList kReasonLead("pak bu ya min kak bapak ibu alasan alasannya bos bosku ok aja saja dulu deh dong");

}  // namespace

/// The decision of an RT head in a piece, or nullopt. "tidak setuju" and "gak bisa saya
/// setujui" reject; a lone "ok" decides nothing.
std::optional<Intent> ParseRun::decision_at(std::size_t i) const {
    if (!is_kind(i, PieceKind::word) || !piece_free(i)) return std::nullopt;
    const std::string_view word = canon(i);
    if (kApproveWords.has(word) || kApproveWords.has(piece(i).folded)) {
        for (std::size_t k = i, steps = 0; k > 0 && steps < 3; ++steps) {
            --k;
            if (!is_kind(k, PieceKind::word)) break;
            if (canon(k) == "tidak" || canon(k) == "belum") return Intent::rt_reject;
        }
        return Intent::rt_approve;
    }
    if (kRejectWords.has(word) || kRejectWords.has(piece(i).folded)) return Intent::rt_reject;
    if (kReviseWords.has(word) || kReviseWords.has(piece(i).folded)) return Intent::rt_revise;
    return std::nullopt;
}

bool ParseRun::is_decision_filler(std::size_t i) const {
    if (piece(i).kind == PieceKind::punct || piece(i).kind == PieceKind::newline) return true;
    if (piece(i).kind != PieceKind::word) return false;
    const std::string_view word = canon(i);
    if (kDecisionFillers.has(word) || word == "tidak" || word == "bisa" || decision_at(i)) return true;
    // Emoji and other symbols.
    return std::none_of(piece(i).folded.begin(), piece(i).folded.end(),
                        [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); });
}

/// The reason an RT head gave: the words after the code (or after the decision), else the
/// clause before the decision ("sudah saya cek, setuju").
std::optional<std::string> ParseRun::decision_reason(std::size_t decision, std::size_t anchor) const {
    static const WordList kTrailing("pak bu ya min kak dong deh aja saja bos bosku");
    const auto symbol_or_trailing = [&](std::size_t k) {
        return piece(k).kind == PieceKind::punct || piece(k).kind == PieceKind::newline ||
               (is_decision_filler(k) && (kTrailing.has(canon(k)) || !is_kind(k, PieceKind::word) ||
                                          std::none_of(piece(k).folded.begin(), piece(k).folded.end(),
                                                       [](char c) { return c >= 'a' && c <= 'z'; })));
    };
    const auto lead = [&](std::size_t k) {
        return piece(k).kind == PieceKind::punct || piece(k).kind == PieceKind::newline ||
               decision_at(k).has_value() || kReasonLead.has(canon(k)) ||
               (is_kind(k, PieceKind::word) &&
                std::none_of(piece(k).folded.begin(), piece(k).folded.end(),
                             [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }));
    };
    const auto slice = [&](std::size_t first, std::size_t last) -> std::optional<std::string> {
        while (first <= last && lead(first)) ++first;
        while (last > first && symbol_or_trailing(last)) --last;
        if (first > last) return std::nullopt;
        int content = 0;
        for (std::size_t k = first; k <= last; ++k) content += is_decision_filler(k) ? 0 : 1;
        if (content == 0) return std::nullopt;
        return std::string(n_.slice(first, last));
    };
    if (anchor + 1 < piece_count()) {
        if (auto after = slice(anchor + 1, piece_count() - 1)) return after;
    }
    // "kembalikan ke warga, fotonya gelap blb-2612-0045": between the decision and the code.
    if (code_pieces_ && code_pieces_->first > decision + 1) {
        if (auto between = slice(decision + 1, code_pieces_->first - 1)) {
            // The clause right after the decision is its object ("ke warga"); the reason follows.
            std::size_t k = decision + 1;
            while (k < code_pieces_->first && !is_punct_of(k, ",.:;")) ++k;
            if (k + 1 < code_pieces_->first) {
                if (auto reason = slice(k + 1, code_pieces_->first - 1)) return reason;
            }
            return between;
        }
    }
    const std::size_t first_decision = std::min(decision, code_pieces_ ? code_pieces_->first : decision);
    if (first_decision == 0) return std::nullopt;
    int content = 0;
    for (std::size_t k = 0; k < first_decision; ++k) content += is_decision_filler(k) ? 0 : 1;
    if (content < 2) return std::nullopt;
    return slice(0, first_decision - 1);
}

namespace {

struct Redirect {
    std::string_view where;
    bool strong;  ///< counts inside the purpose too: "bikin paspor buat umroh"
    WordList words;   ///< any one of these, outside the purpose
    PhraseList pairs;  ///< two words next to each other
};

// Other institutions' services, spam and social messages: not ours to start a request for.
const std::array<Redirect, 11> kRedirects = {{
    {"spam", false, WordList("klik link http https bit gacor maxwin judi pinjol investasi sebarkan forward "
                      "bagikan memenangkan undian saldo togel"),
     PhraseList("pinjaman dana|dana gratis|untung besar|arisan online|tanpa agunan|dapatkan hadiah|anda menang")},
    {"social", false, WordList("berduka innalillahi inalillahi barakallah ultah wkwk wkwkwk jokes khotimah congrats "
                        "congratulations birthday"),
     PhraseList("selamat atas|selamat ulang|selamat hari|selamat menempuh|selamat idul|selamat natal|"
              "selamat menunaikan|selamat tahun|lahir batin|turut berduka|selamat ya")},
    {"polisi", true, WordList("polres polsek polri kepolisian pnbp dicuri kemalingan"),
     PhraseList("sidik jari|lapor polisi|skck berlaku|skck online|online skck|perpanjang skck|skck expired")},
    {"bpn", true, WordList("bpn ptsl diserobot"),
     PhraseList("sertifikat tanah|pecah sertifikat|balik nama sertifikat|sertifikat rumah|ukur tanah|pengukuran ulang")},
    {"imigrasi", true, WordList("paspor passport imigrasi"), PhraseList("")},
    {"bpjs", false, WordList("bpjs jht faskes jkn"), PhraseList("")},
    {"dukcapil", true, WordList("dukcapil disdukcapil capil kia"), PhraseList("cetak ktp|cetak kk|blanko ktp")},
    {"pengadilan", true, WordList("pengadilan cerai gugatan dispensasi"), PhraseList("hak asuh")},
    {"kua", true, WordList("kua penghulu"), PhraseList("bimbingan perkawinan")},
    {"samsat", true, WordList("samsat stnk bpkb"),
     PhraseList("plat nomor|pajak motor|pajak kendaraan|pajak mobil|balik nama mobil|balik nama motor")},
    {"pajak", false, WordList("pbb npwp spt bphtb pajak"), PhraseList("")},
}};

}  // namespace

namespace {

/// Another institution's own service, named by a word no request of ours uses ("paspor", "polres").
bool strong_redirect(std::string_view where) {
    return std::any_of(kRedirects.begin(), kRedirects.end(),
                       [&](const Redirect& r) { return r.where == where && r.strong; });
}

}  // namespace

/// Where a message belongs when it is another institution's business, spam or a social message.
std::optional<ParseRun::RedirectMatch> ParseRun::redirect() const {
    for (const auto& r : kRedirects) {
        for (std::size_t t = 0; t < n_.tokens.size(); ++t) {
            if (in_purpose_[t] && !r.strong) continue;
            const std::string_view w = tok(t);
            const std::string_view f = n_.pieces[n_.tokens[t].piece].folded;
            if (r.words.has(w) || r.words.has(f)) return RedirectMatch{r.where, t, false};
            if (t + 1 < n_.tokens.size() && (r.strong || !in_purpose_[t + 1]) && r.pairs.has(w, tok(t + 1))) {
                return RedirectMatch{r.where, t, true};
            }
        }
    }
    return std::nullopt;
}

bool ParseRun::classify_rt_command() {
    // The first decision word; with a request code anywhere it decides, without one it must open
    // a clause ("tolak yg ini pak, ...", "sudah saya cek, setuju").
    std::optional<std::size_t> at;
    std::optional<Intent> command;
    for (std::size_t i = 0; i < piece_count() && !at; ++i) {
        if (auto d = decision_at(i)) {
            at = i;
            command = d;
        }
    }
    for (std::size_t i = 0; i < piece_count() && !at && code_pieces_; ++i) {
        if (is_kind(i, PieceKind::word) && piece_free(i) && kGoAheadWords.has(canon(i))) {
            at = i;
            command = Intent::rt_approve;
        }
    }
    if (!at) return false;
    // Citizens asking about a decision ("sudah disetujui belum?") or complaining about one.
    // With a code only the words before it count: the reason after it may say anything.
    const std::size_t guarded = code_pieces_ ? std::min(code_pieces_->first, *at) : piece_count();
    for (std::size_t i = 0; i < guarded; ++i) {
        if (!is_kind(i, PieceKind::word)) continue;
        const std::string_view word = canon(i);
        if ((word == "belum" && i > *at) || kComplaintKeywords.has(word) || kPublicNouns.has(word) ||
            word == "kenapa" || word == "kok") {
            return false;
        }
    }
    if (!code_pieces_) {
        // The clause holding the decision has nothing but fillers before it.
        std::size_t k = *at;
        while (k > 0 && !is_punct_of(k - 1, ",.:;!") && piece(k - 1).kind != PieceKind::newline) {
            --k;
            if (!is_decision_filler(k)) return false;
        }
        // "ok lanjut" and "tidak" alone are answers, not decisions; a request ("perbaiki data saya")
        // has other content words in the clause.
        std::size_t end = *at + 1;
        int content = 0;
        while (end < piece_count() && !is_punct_of(end, ",.:;!") && piece(end).kind != PieceKind::newline) {
            if (!is_decision_filler(end)) ++content;
            ++end;
        }
        if (content > 2) return false;
    }
    const std::size_t anchor = code_pieces_ ? std::max(code_pieces_->second, *at) : *at;
    const auto code = out_.request_code;
    auto reason = decision_reason(*at, anchor);
    // The reason may mention a NIK, an RT or a letter; it is not the message's own data.
    out_ = ParsedMessage{};
    out_.request_code = code;
    out_.free_text = std::move(reason);
    set(*command, code ? 0.98 : 0.8);
    if (!code) out_.alternative = *command == Intent::rt_approve ? Intent::confirm : Intent::deny;
    return true;
}

void ParseRun::classify() {
    if (auto choice = typed_choice()) {
        out_ = ParsedMessage{};
        out_.choice = choice;
        return set(Intent::provide_data, 0.95);
    }
    if (classify_special() || classify_rt_command()) return;

    Content c;
    for (std::size_t t = 0; t < n_.tokens.size(); ++t) {
        if (token_role_[t] == Role::free && !in_purpose_[t]) {
            c.words.push_back(tok(t));
            c.tokens.push_back(t);
        }
    }
    const bool question = std::any_of(n_.pieces.begin(), n_.pieces.end(), [](const Piece& p) {
        return p.kind == PieceKind::punct && p.folded == "?";
    });
    const bool letter_named = out_.letter_type.has_value();
    const bool generic_letter = c.any(kGenericLetterWords);
    const bool strong_data = out_.nik || out_.kk || out_.date || (out_.name && !name_from_line_) ||
                             out_.purpose || id_number_seen_;
    const bool any_data = strong_data || out_.rt || out_.rw || out_.name || phone_seen_;
    const bool own =
        c.has("saya") || c.has("ku") || c.has("kami") || c.has("surat") || letter_named;
    {
        // The office topic the message names, whatever the rules decide: the model may read it
        // as ask_info where the rules did not.
        const std::size_t at = c.pos("alamat");
        const bool label = at < c.words.size() && is_punct(n_.tokens[c.tokens[at]].piece + 1, ':');
        if (auto topic = office_topic(c, question, letter_named, generic_letter, label)) topic_ = std::string(*topic);
    }

    // A complaint keyword opening the message ("aduan ...", "lapor, ...", "saya mau mengadu").
    std::optional<std::size_t> keyword;
    for (std::size_t i = 0; i < c.words.size() && !keyword; ++i) {
        if (!kComplaintKeywords.has(c.words[i])) continue;
        const bool after_want = i > 0 && (c.words[i - 1] == "mau" || c.words[i - 1] == "ingin");
        const bool leading = std::all_of(
            c.words.begin(), c.words.begin() + static_cast<std::ptrdiff_t>(i),
            [](std::string_view w) {
                return kFillers.has(w) || kGreetings.has(w) || w == "mau" || w == "ingin";
            });
        if (leading || after_want) keyword = i;
    }
    const auto keyword_complaint = [&] {
        out_.free_text = text_after_piece(n_.tokens[c.tokens[*keyword]].piece, true);
        set(Intent::complaint, 0.9);
    };
    const auto whole_complaint = [&](double confidence) {
        out_.free_text = std::string(n_.data);
        set(Intent::complaint, confidence);
    };
    // "lapor kelahiran/kematian ..." reports an event for a letter, not a complaint.
    const bool lapor_letter = keyword && c.words[*keyword] == "lapor" && letter_named;
    const bool withdrawn = (c.has("hapus") || c.has("cabut") || c.has("tarik")) &&
                           (c.has("pengajuan") || c.has("permohonan") || c.has("surat"));
    const bool stop =
        c.seq("tidak", "usah") && (c.has("proses") || c.has("diproses") || c.has("lanjut") ||
                                   c.has("dilanjutkan") || c.has("dilanjut"));
    const bool cancel = c.has("batal") || c.seq("tidak", "jadi") || withdrawn || stop;
    const bool service = complains_about_service(c);
    const bool waiting = waits_for_request(c);

    if (out_.request_code) {
        if (cancel) {
            set(Intent::cancel, 0.95);
        } else if (keyword) {
            keyword_complaint();
        } else if (service) {
            whole_complaint(0.8);
        } else {
            set(Intent::check_status, 0.95);
        }
        return;
    }
    if (auto where = redirect()) {
        const bool our_letter =
            std::any_of(letters_.begin(), letters_.end(),
                        [](const LetterMatch& m) { return m.alias && !m.negated; });
        const bool asked = is_asked(c, question);
        // "npwp diperlukan?", "bisa pakai suket dukcapil?", "PBB belum lunas, masih bisa urus
        // sku?": the other institution's paper as part of our letter, unless its own service is
        // what is made ("bikin paspor", "perpanjang skck").
        static const WordList kUsedAsDocument(
            "pakai dipakai lampirkan dilampirkan lampiran wajib perlu diperlukan butuh dibutuhkan "
            "cukup boleh");
        static const WordList kMade("bikin buat urus ajukan perpanjang daftar cetak ganti proses");
        const bool made_there = where->token > 0 && kMade.has(tok(where->token - 1));
        const bool document_question =
            asked && !where->by_phrase && !made_there && c.any(kUsedAsDocument);
        const bool ours = (c.any(kRequestVerbs) && !question && !c.has("syarat") && our_letter) ||
                          document_question;
        if (!ours) {
            const auto date = out_.date;
            out_ = ParsedMessage{};
            out_.date = date;
            out_.redirect = std::string(where->where);
            return set(Intent::unknown, 0.95);
        }
    }
    if (keyword && !lapor_letter) return keyword_complaint();
    if (cancel) return set(Intent::cancel, 0.9);
    if (service) return whole_complaint(0.8);
    // "belum ada akta, masih bisa urus surat lahir?": whether it can be done, not waiting.
    const bool can_it_be = is_asked(c, question) && (c.has("bisa") || c.has("boleh") || c.has("sah")) &&
                           !c.any(kDoneWords);
    if (waiting && !can_it_be && !c.seq("berapa", "lama") && !(c.any(kRequestVerbs) && !c.has("belum"))) {
        return set(Intent::check_status, 0.75);
    }
    if (complains_about_public_matter(c) && !letter_named) return whole_complaint(0.75);
    if (asks_for_staff(c)) {
        out_.info_topic = "staff";
        return set(Intent::help, 0.9);
    }
    if (asks_for_menu(c, letter_named)) return set(Intent::help, 0.9);
    if (asks_status_plainly(c, question, letter_named)) return set(Intent::check_status, 0.9);

    const bool status = asks_status(c, question, own) && !can_it_be;
    if (!status && asks_requirements(c, question, letter_named, generic_letter)) {
        return set(Intent::ask_requirements, 0.85);
    }
    const std::size_t alamat = c.pos("alamat");
    const bool alamat_is_label =
        alamat < c.words.size() && is_punct(n_.tokens[c.tokens[alamat]].piece + 1, ':');
    if (auto topic = office_topic(c, question, letter_named, generic_letter, alamat_is_label)) {
        out_.info_topic = std::string(*topic);
        return set(Intent::ask_info, 0.85);
    }
    if (status) return set(Intent::check_status, 0.75);

    // A letter request.
    const bool verb = c.any(kRequestVerbs);
    // A past letter told about ("dulu saya pernah bikin sktm di sini, cepat") is no request.
    const bool wants = c.has("mau") || c.has("minta") || c.has("tolong") || c.has("mohon") ||
                       c.has("perlu") || c.has("butuh") || c.has("ajukan") || c.has("urus");
    const bool told_past = (c.has("pernah") && !c.seq("tidak", "pernah")) ||
                           c.seq("dulu", "saya") || c.seq("dulu", "waktu") ||
                           (!c.words.empty() && c.words.front() == "dulu");
    if (letter_named && told_past && !wants && !strong_data && !question) {
        return set(Intent::unknown, 0.6);
    }
    if (letter_named) {
        const bool named_by_alias =
            std::any_of(letters_.begin(), letters_.end(), [&](const LetterMatch& m) {
                return m.alias && !m.negated && m.code == *out_.letter_type;
            });
        const bool with_data = out_.nik || out_.kk || out_.rt || out_.purpose || out_.name;
        return set(Intent::request_letter, verb             ? 0.95
                                           : named_by_alias ? (with_data ? 0.9 : 0.8)
                                                            : 0.65);
    }
    if (generic_letter && verb) return set(Intent::request_letter, 0.7);

    static const WordList kHelpExtras("minta tolong dong mohon info bantuan menu butuh perlu saya");
    if ((c.has("bantuan") || c.has("info")) && c.only(kHelpExtras, kFillers, kGreetings)) {
        return set(Intent::help, 0.7);
    }
    if (strong_data) return set(Intent::provide_data, 0.9);
    if (c.seq("terima", "kasih") || c.has("alhamdulillah")) return set(Intent::thanks, 0.9);
    if (c.seq("apa", "kabar") && c.words.size() <= 4) return set(Intent::greeting, 0.85);
    if (kGreetings.has(c.words.empty() ? "" : c.words.front()) ||
        (c.words.size() > 1 && kFillers.has(c.words.front()) && kGreetings.has(c.words[1])) ||
        (c.any(kGreetings) && c.only(kGreetings, kGreetingExtras, kFillers))) {
        return set(Intent::greeting, 0.9);
    }
    const bool address = c.has("jalan") || c.has("jl") || c.has("gang") || c.has("gg") ||
                         c.has("perum") || c.has("perumahan") || c.has("blok") ||
                         c.has("komplek") || c.has("kompleks") || c.has("alamat");
    const bool documents_sent =
        (c.has("foto") || c.has("fotokopi") || c.has("scan") || c.has("berkas") ||
         c.has("dokumen") || c.has("lampiran")) &&
        (c.has("kirim") || c.has("antar") || c.has("bawa") || c.has("susul") ||
         c.has("lampirkan") || c.has("upload") || c.has("ini"));
    if (any_data || address || documents_sent)
        return set(Intent::provide_data, any_data ? 0.8 : 0.6);
    if (!c.words.empty() && c.words.size() <= 8) {
        const double sure = c.words.size() == 1 ? 0.95 : 0.85;
        if (c.any(kConfirmWords) && c.only(kConfirmWords, kConfirmExtras, kFillers) &&
            !c.has("tidak")) {
            return set(Intent::confirm, sure);
        }
        if (c.any(kDenyWords) && c.only(kDenyWords, kDenyExtras, kFillers))
            return set(Intent::deny, sure);
    }
    if (c.has("tanya") && c.only(kGreetingExtras, kFillers, kRequestVerbs)) {
        return set(Intent::greeting, 0.6);  // "min mau tanya": an opener
    }
    if (c.has("urus") || c.has("ajukan")) return set(Intent::request_letter, 0.5);
    static const WordList kHelpAsk("bisa tolong minta mohon bantu saya dong");
    if ((c.has("tolong") || c.has("bantu")) && c.only(kHelpAsk, kFillers, kGreetings)) {
        return set(Intent::help, 0.6);
    }
    set(Intent::unknown, 0);
}

// -------------------------------------------------------------------------------------------------
// Typed choices, relative dates, "saya Budi"

namespace {

const WordList kChoiceFillers(R"(
  pak bu ya aja saja min kak dong deh please yang itu saya pilih pilihan opsi option nomor no nomer
  nmr number the one ke i choose mau ambil ji mi ki ka pian haja mawon wae sing nu nang go with i'll ill
  lainnya kaping bapak ibu maaf mohon memilih saja nak bang opsinya)");
// Events a letter records: a past date next to them is the event's date ("meninggal kemarin").
const WordList kEventWords(R"(
  meninggal wafat lahir lahiran melahirkan sedo seda tilar passed away born acara nikah nikahan hajatan
  meninggalnya wafatnya died baranak pupus ngalahirkeun lair)");

std::optional<int> ordinal_word(std::string_view w) {
    // Indonesian, English, Javanese (kapisan, kapindho, kaping telu), Sundanese (kahiji, kadua,
    // katilu) and Banjar (partama) ordinals.
    static const std::array<std::pair<std::string_view, int>, 32> kOrdinals = {{
        {"pertama", 1},  {"kesatu", 1},   {"kedua", 2},   {"ketiga", 3},  {"keempat", 4},  {"kelima", 5},
        {"keenam", 6},   {"ketujuh", 7},  {"kedelapan", 8}, {"satu", 1},  {"two", 2},      {"three", 3},
        {"four", 4},     {"five", 5},     {"first", 1},   {"second", 2},  {"third", 3},    {"fourth", 4},
        {"siji", 1},     {"loro", 2},     {"telu", 3},    {"papat", 4},   {"sitok", 1},    {"setunggal", 1},
        {"kapisan", 1},  {"kapindho", 2}, {"kapindo", 2}, {"kahiji", 1},  {"kadua", 2},    {"katilu", 3},
        {"kaopat", 4},   {"partama", 1},
    }};
    for (const auto& [word, number] : kOrdinals) {
        if (word == w) return number;
    }
    return std::nullopt;
}

}  // namespace

/// "2", "2.", "no 3", "yang kedua", "pilih satu", "option 2": the whole message picks a row.
std::optional<int> ParseRun::typed_choice() const {
    std::optional<int> choice;
    for (std::size_t i = 0; i < piece_count(); ++i) {
        const Piece& p = piece(i);
        if (p.kind == PieceKind::punct || p.kind == PieceKind::newline) continue;
        std::optional<int> here;
        if (p.kind == PieceKind::number) {
            if (p.folded.size() <= 2) here = to_int(p.folded);
        } else if (auto n = number_word(canon(i))) {
            here = n;
        } else if (auto o = ordinal_word(p.folded)) {
            here = o;
        } else if (p.folded.size() > 2 && p.folded.starts_with("ke") && number_word(p.folded.substr(2))) {
            here = number_word(p.folded.substr(2));
        } else if (kChoiceFillers.has(canon(i)) || kChoiceFillers.has(p.folded)) {
            continue;
        } else if (std::none_of(p.folded.begin(), p.folded.end(), [](char c) { return c >= 'a' && c <= 'z'; })) {
            continue;  // emoji
        } else {
            return std::nullopt;
        }
        if (!here || *here < 1 || *here > 20 || choice) return std::nullopt;
        choice = here;
    }
    return choice;
}

/// hari ini, besok, lusa, kemarin, minggu depan, senin depan, malam minggu, tanggal 20, 3 hari
/// lalu, 12 Desember: against `today`. A past day counts only next to an event ("meninggal
/// kemarin"): "surat yang saya ajukan kemarin" names no date of the letter.
void ParseRun::scan_relative_dates() {
    if (!today_ || out_.date) return;
    const domain::CivilDate today = *today_;
    static const std::array<std::string_view, 7> kDays = {"senin", "selasa", "rabu", "kamis",
                                                          "jumat", "sabtu", "minggu"};
    const bool event = std::any_of(n_.tokens.begin(), n_.tokens.end(), [](const Token& t) {
        return kEventWords.has(t.text);
    });
    static const std::array<std::string_view, 7> kEnglishDays = {"monday", "tuesday", "wednesday", "thursday",
                                                                 "friday",  "saturday", "sunday"};
    const auto next_weekday = [&](int iso) {
        int ahead = iso - domain::iso_weekday(today);
        if (ahead <= 0) ahead += 7;
        return domain::add_days(today, ahead);
    };
    // "sabtu ini", "this saturday": the coming one, today included.
    const auto this_weekday = [&](int iso) {
        int ahead = iso - domain::iso_weekday(today);
        if (ahead < 0) ahead += 7;
        return domain::add_days(today, ahead);
    };
    for (std::size_t i = 0; i < piece_count() && !out_.date; ++i) {
        if (!piece_free(i)) continue;
        const std::string_view w = canon(i);
        const std::string_view f = piece(i).folded;
        const std::string_view next = i + 1 < piece_count() ? canon(i + 1) : std::string_view{};
        const std::string_view after = i + 2 < piece_count() ? canon(i + 2) : std::string_view{};
        std::optional<domain::CivilDate> date;
        bool past = false;
        if (is_kind(i, PieceKind::number) && piece(i).folded.size() <= 2 && (next == "hari" || f == "") &&
            (after == "lalu" || after == "yang")) {
            date = domain::add_days(today, -to_int(piece(i).folded));
            past = true;
        } else if (!is_kind(i, PieceKind::word)) {
            continue;
        } else if ((w == "hari" && (next == "ini" || next == "ni")) || w == "today" ||
                   (f == "this" && (next == "morning" || next == "afternoon")) ||
                   (w == "tadi" && (next == "pagi" || next == "subuh" || next == "siang" || next == "sore")) ||
                   ((next == "ini") && (w == "pagi" || w == "subuh" || w == "siang" || w == "sore"))) {
            date = today;
            past = w == "tadi" || f == "this" || w == "pagi" || w == "subuh";
        } else if (w == "besok" || w == "besuk" || w == "tomorrow" || f == "sesuk" || f == "isuk") {
            date = domain::add_days(today, 1);
        } else if (w == "lusa") {
            date = domain::add_days(today, 2);
        } else if ((w == "kemarin" || w == "kemaren") && next == "lusa") {
            date = domain::add_days(today, -2);
            past = true;
        } else if ((f == "wingi" || f == "kamari") && i > 0 &&
                   (canon(i - 1) == "wulan" || canon(i - 1) == "taun" || canon(i - 1) == "minggu")) {
            continue;  // "wulan wingi": last month, no day
        } else if (f == "dino" && next == "iki") {
            date = today;
        } else if (w == "kemarin" || w == "kemaren" || w == "yesterday" || f == "kmrn" || f == "wingi" || f == "kamari" ||
                   f == "samalam" || f == "semalam" || (w == "tadi" && next == "malam")) {
            date = domain::add_days(today, -1);
            past = true;
        } else if ((w == "minggu" || w == "pekan") && next == "depan") {
            date = domain::add_days(today, 7);
        } else if (w == "next" && next == "week") {
            date = domain::add_days(today, 7);
        } else if (w == "malam" && next == "minggu" && !(i > 0 && (canon(i - 1) == "setiap" || canon(i - 1) == "tiap"))) {
            date = next_weekday(6);
        } else if (next == "depan") {
            for (int d = 0; d < 7; ++d) {
                if (kDays[static_cast<std::size_t>(d)] == w) date = next_weekday(d + 1);
            }
        } else if (next == "ini" || f == "this") {
            // "minggu ini" alone is this week, "hari minggu ini" is Sunday.
            const bool sunday_named = w != "minggu" || (i > 0 && canon(i - 1) == "hari");
            for (int d = 0; d < 7; ++d) {
                const auto day = static_cast<std::size_t>(d);
                if ((next == "ini" && kDays[day] == w && sunday_named) || (f == "this" && kEnglishDays[day] == next)) {
                    date = this_weekday(d + 1);
                }
            }
        } else if (((w == "tanggal" || w == "tgl") && is_kind(i + 1, PieceKind::number) && piece_free(i + 1) &&
                    piece(i + 1).folded.size() <= 2 && !is_punct_of(i + 2, "-/.")) ||
                   (w == "on" && is_kind(i + 1, PieceKind::number) && piece_free(i + 1) &&
                    piece(i + 1).folded.size() <= 2 && is_kind(i + 2, PieceKind::word) &&
                    month_number(piece(i + 2).folded))) {
            const unsigned day = static_cast<unsigned>(to_int(piece(i + 1).folded));
            int year = today.year;
            unsigned month = today.month;
            if (is_kind(i + 2, PieceKind::word) && month_number(piece(i + 2).folded)) {
                // "tanggal 12 Desember", "on 19 dec": this year, or the next when that is long past.
                month = *month_number(piece(i + 2).folded);
                if (domain::is_valid_date(year, month, day) &&
                    domain::add_days(domain::CivilDate{year, month, day}, 120) < today) {
                    ++year;
                }
            } else if (day < today.day) {
                month = month == 12 ? 1 : month + 1;
                if (month == 1) ++year;
            }
            if (domain::is_valid_date(year, month, day)) date = domain::CivilDate{year, month, day};
        }
        if (date && (!past || event)) out_.date = domain::to_iso(*date);
    }
}

/// "saya Budi", "aku Bayu", "my name is Jonathan", "I am Lisa Permata": a capitalised name
/// right after the speaker.
void ParseRun::scan_self_name() {
    if (out_.name) return;
    const auto capitalised = [&](std::size_t k) {
        if (!is_kind(k, PieceKind::word) || !piece_free(k)) return false;
        const char first = n_.data[piece(k).begin];
        return first >= 'A' && first <= 'Z' && !kNameStops.has(canon(k)) && !kFillers.has(canon(k)) &&
               !parser_.normalizer_.is_letter_word(canon(k));
    };
    for (std::size_t i = 0; i < piece_count(); ++i) {
        if (!is_kind(i, PieceKind::word)) continue;
        std::size_t start = 0;
        const std::string_view f = piece(i).folded;
        if ((f == "saya" || f == "sy" || f == "aku" || f == "ulun" || f == "kulo") && (i == 0 || is_punct_of(i - 1, ",.!"))) {
            start = i + 1;
        } else if (f == "am" && i > 0 && piece(i - 1).folded == "i") {
            start = i + 1;
        } else if (f == "is" && i > 1 && piece(i - 1).folded == "name" && piece(i - 2).folded == "my") {
            start = i + 1;
        } else {
            continue;
        }
        std::size_t end = start;
        while (end < piece_count() && end - start < 4 && capitalised(end)) ++end;
        if (end == start) continue;
        // The name ends the clause: "saya Budi, mau urus sktm" but not "saya Mau ...".
        if (end < piece_count() && !is_punct_of(end, ",.!?") && piece(end).kind != PieceKind::newline) continue;
        out_.name = std::string(n_.slice(start, end - 1));
        mark(start, end - 1, Role::data);
        return;
    }
}

ParsedMessage ParseRun::run() {
    scan_code();
    scan_ids();
    scan_phones();
    scan_dates();
    scan_rt_rw();
    scan_names();
    scan_self_name();
    scan_relative_dates();
    find_letters();
    scan_purpose();
    choose_letter();
    classify();
    switch (out_.intent) {
        case Intent::request_letter:
        case Intent::ask_requirements:
        case Intent::provide_data:
            break;
        default:
            out_.purpose.reset();
    }
    return out_;
}

ParsedMessage MessageParser::parse_by_rules(std::string_view text, std::optional<domain::CivilDate> today,
                                            bool& known_words, std::string* cleaned,
                                            std::optional<std::string>* topic) const {
    ParseRun run(*this, text, today);
    ParsedMessage parsed = run.run();
    known_words = run.has_known_word();
    if (cleaned) *cleaned = run.cleaned_text();
    if (topic) *topic = run.topic();
    return parsed;
}

namespace {

// How much the rules' confidence counts against the classifier's probability, and how sure the
// classifier must be to name a letter the rules did not find. Chosen by 5-fold cross-validation
// on the training split (ekel-nlu-train --cross-validate 5 --predictions), never on the test split.
constexpr double kRuleWeight = 0.6;
constexpr float kModelLetterType = 0.4F;
// The model overrules the rules only when it is at least this sure on its own.
constexpr float kModelFloor = 0.35F;
// Below this share of the combined score the runner-up is not worth offering.
constexpr double kAlternativeShare = 0.2;


// Intents whose messages may name a letter.
bool names_letters(Intent intent) {
    switch (intent) {
        case Intent::request_letter:
        case Intent::ask_requirements:
        case Intent::ask_info:
        case Intent::check_status:
        case Intent::cancel:
        case Intent::complaint:
        case Intent::provide_data:
            return true;
        default:
            return false;
    }
}

/// The slots a message of `intent` carries, when the model chose it over the rules' reading.
void fit_slots(ParsedMessage& m, Intent intent, std::string_view text) {
    if (is_rt_decision(intent)) {
        ParsedMessage decision;
        decision.request_code = m.request_code;
        decision.free_text = m.free_text;
        m = decision;
    }
    if (intent == Intent::unknown) {
        // The data a message carries stays, whatever it is about; its letter and wording go.
        ParsedMessage other;
        other.nik = m.nik;
        other.kk = m.kk;
        other.rt = m.rt;
        other.rw = m.rw;
        other.request_code = m.request_code;
        other.date = m.date;
        other.redirect = m.redirect;
        m = other;
    }
    if (intent == Intent::complaint) {
        if (!m.free_text) m.free_text = std::string(text);
    } else if (!is_rt_decision(intent)) {
        m.free_text.reset();
    }
    if (intent != Intent::request_letter && intent != Intent::ask_requirements && intent != Intent::provide_data) {
        m.purpose.reset();
    }
    if (intent != Intent::request_letter && intent != Intent::provide_data) m.name.reset();
    if (!names_letters(intent)) {
        m.letter_type.reset();
        m.other_letter_type.reset();
    }
    if (intent != Intent::ask_info && intent != Intent::help) m.info_topic.reset();
    if (intent != Intent::provide_data) m.choice.reset();
    if (intent != Intent::unknown) m.redirect.reset();
    m.intent = intent;
}

}  // namespace

ParsedMessage MessageParser::parse(std::string_view text, std::optional<domain::CivilDate> today) const {
    bool known_words = false;
    std::string cleaned;
    std::optional<std::string> topic;
    ParsedMessage m = parse_by_rules(text, today, known_words, &cleaned, &topic);
    // Exact readings stand: a typed choice, an RT decision with its code, another institution's
    // business, a message without words (emoji) or of one unknown word (gibberish).
    const bool words = std::any_of(cleaned.begin(), cleaned.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    });
    const bool gibberish = !known_words && m.intent == Intent::unknown &&
                           cleaned.find_first_of(" \n") == std::string::npos;
    const bool exact = m.choice || (m.redirect && strong_redirect(*m.redirect)) ||
                       (m.request_code && is_rt_decision(m.intent));
    if (!words || gibberish || exact) return m;

    // The model reads the cleaned text too, so that cleaning a message never changes its reading
    // (a message stored cleaned and read again is understood the same).
    const Prediction model = classifier_.classify(cleaned);
    std::array<double, kIntentCount> score{};
    for (std::size_t i = 0; i < kIntentCount; ++i) score[i] = model.intent_probabilities[i];
    score[static_cast<std::size_t>(m.intent)] += kRuleWeight * m.confidence;
    std::size_t best = 0, second = 1;
    if (score[second] > score[best]) std::swap(best, second);
    for (std::size_t i = 2; i < kIntentCount; ++i) {
        if (score[i] > score[best]) {
            second = best;
            best = i;
        } else if (score[i] > score[second]) {
            second = i;
        }
    }
    const double total = 1.0 + kRuleWeight * m.confidence;
    if (best != static_cast<std::size_t>(m.intent) && model.intent_probabilities[best] < kModelFloor) {
        second = best;
        best = static_cast<std::size_t>(m.intent);
    }
    const auto chosen = static_cast<Intent>(best);
    if (chosen != m.intent) {
        fit_slots(m, chosen, cleaned);
        m.alternative.reset();  // the rules' runner-up belonged to their reading
    }
    if (chosen == Intent::ask_info && !m.info_topic) m.info_topic = topic;
    if (!m.letter_type && names_letters(chosen) && model.letter_type != "none" &&
        model.letter_type_probability >= kModelLetterType) {
        m.letter_type = std::string(model.letter_type);
    }
    m.confidence = score[best] / total;
    // A decision without a code may be a citizen's yes or no (RT heads' desks decide which).
    if (is_rt_decision(chosen) && !m.request_code) {
        m.alternative = chosen == Intent::rt_approve ? Intent::confirm : Intent::deny;
    }
    if (!m.alternative && score[second] / total >= kAlternativeShare) m.alternative = static_cast<Intent>(second);
    return m;
}

// -------------------------------------------------------------------------------------------------

std::string to_json(const ParsedMessage& m) {
    nlohmann::ordered_json j;
    const auto put = [&](const char* key, const std::optional<std::string>& value) {
        if (value) {
            j[key] = *value;
        } else {
            j[key] = nullptr;
        }
    };
    const auto put_int = [&](const char* key, const std::optional<int>& value) {
        if (value) {
            j[key] = *value;
        } else {
            j[key] = nullptr;
        }
    };
    j["intent"] = std::string(to_string(m.intent));
    put("letter_type", m.letter_type);
    put("nik", m.nik);
    put("kk", m.kk);
    put_int("rt", m.rt);
    put_int("rw", m.rw);
    put("request_code", m.request_code);
    put("date", m.date);
    put("name", m.name);
    put("purpose", m.purpose);
    put("info_topic", m.info_topic);
    put("free_text", m.free_text);
    put_int("choice", m.choice);
    put("redirect", m.redirect);
    put("other_letter_type", m.other_letter_type);
    j["confidence"] = std::round(m.confidence * 100.0) / 100.0;
    if (m.alternative) {
        j["alternative"] = std::string(to_string(*m.alternative));
    } else {
        j["alternative"] = nullptr;
    }
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace ekel::bot::nlu
