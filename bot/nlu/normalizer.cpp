#include "bot/nlu/normalizer.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <utility>

#include "shared/util/text.h"

namespace ekel::bot::nlu {

namespace {

constexpr std::size_t kMaxInputBytes = 8192;
constexpr std::size_t kMaxElongationRuns = 5;
constexpr std::size_t kMinParticleStem = 3;
constexpr std::size_t kMinTypoLength = 5;
constexpr std::size_t kLongTypoLength = 8;

// ---------------------------------------------------------------------------------------------
// Lexicon. Everything is keyed by folded (lower-case, accent-free) whole tokens.

// Words the normaliser knows as they are. They stop elongation stripping, particle stripping,
// glued-word splitting and typo correction from touching a real word ("saat", "maaf", "kota").
constexpr std::string_view kVocabulary = R"(
saya aku kami kita anda kamu dia beliau mereka ia kalian
bapak ibu pak bu kakak kak adik adek anak istri suami ayah bunda mama papa abah umi nenek kakek
cucu keluarga saudara saudari sepupu mertua menantu orang tua warga tetangga teman pemohon pelapor
ketua admin petugas lurah camat pegawai staf bos mas mbak bang om tante daeng min almarhum
almarhumah bayi calon pasangan pewaris saksi pengantin
apa siapa kapan dimana mana bagaimana berapa kenapa mengapa apakah kah
mau minta mohon urus buat ajukan perlu butuh tolong bantu bisa boleh dapat harus kirim dikirim
kirimkan terima diterima ambil diambil mengambil datang pergi pulang tanya jawab balas dibalas
tunggu bayar dibayar isi mengisi daftar mendaftar lapor adu cek lihat tahu kasih beri memberi
pakai dipakai gunakan digunakan cari bawa dibawa membawa siapkan disiapkan lampirkan upload simpan
hapus ganti ubah tambah kurang pindah tinggal menetap lahir melahirkan meninggal mati wafat nikah
menikah kawin cerai kerja bekerja melamar lamar lamaran kuliah sekolah belajar berobat rawat
operasi sakit jual beli dagang berdagang jualan berjualan buka tutup libur istirahat proses
diproses selesai jadi terbit keluar setuju disetujui menyetujui tolak ditolak perbaiki diperbaiki
revisi batal lanjut periksa verifikasi tanda tangan ditandatangani acc tunda cetak foto scan
fotokopi baca tulis ketik pilih sampai masuk masukkan pisah pecah hilang rusak patah rekam
perpanjang adakan mengadakan ngadain dipanggil antri antre panggil keluarkan share pencairan
sudah belum tidak bukan jangan ya ok sip siap benar salah juga saja hanya cuma lagi masih baru
lama sekarang nanti besok kemarin tadi hari ini itu tersebut yang dan atau dengan untuk dari ke
di pada dalam luar atas bawah depan belakang samping dekat jauh sini situ sana sama seperti
karena kalau jika agar supaya tapi tetapi terus lalu kemudian sebelum sesudah setelah sejak
hingga akan sedang telah pernah sering selalu kadang segera secepatnya cepat lambat sebentar
banyak sedikit semua setiap masing sendiri lain kok dong deh sih nih lah pun toh kan yah wah oh
eh nya ada punya adalah yaitu bahwa mungkin sekali banget amat sangat paling lebih cukup bagi per
via lewat melalui secara online langsung maaf permisi begitu begini memang seminggu sebulan
sehari setahun ulang masih pernah hormat bermaksud dengan yth
surat keterangan pengantar permohonan pengajuan permintaan layanan pelayanan syarat persyaratan
dokumen berkas formulir blangko form data nomor nik kk ktp ektp kartu akta akte buku kua kantor
kelurahan kecamatan kota kabupaten provinsi desa rt rw rukun alamat jalan jl gang gg blok
perumahan perum komplek kompleks lokasi letak tempat tanggal bulan tahun jam menit detik minggu
senin selasa rabu kamis jumat sabtu pagi siang sore malam subuh biaya tarif ongkos uang harga
gratis rupiah rp materai meterai pas status kode nama lengkap umur usia agama pekerjaan jenis
kelamin laki perempuan pria wanita tujuan keperluan kepentingan alasan informasi info menu bantuan
help panduan cara prosedur alur langkah tahap kelengkapan usaha warung toko umkm bengkel kios
modal bank pinjaman kredit kur nib izin ijin acara pesta hajatan resepsi keramaian kematian
kelahiran domisili penghasilan gaji pendapatan waris warisan ahli polisi polres polsek skck
kepolisian kelakuan baik catatan beasiswa bpjs rumah rs rsud puskesmas dokter bidan klinik
kampus universitas sd smp sma smk tk perguruan perusahaan pt cv pabrik tambang lowongan cpns tni
polri pns honorer satpam rekening tabungan pensiun sertifikat tanah penerbitan pernyataan
aduan pengaduan keluhan komplain laporan lampu sampah parit got selokan drainase saluran banjir
pohon tumbang anjing liar air pdam listrik pln kabel jembatan berlubang lubang mampet tersumbat
bocor putus padam berisik bau asap bakar pungli kecewa lelet lemot judes galak kasar jutek ramah
sopan adil parah payah keberatan karaoke meluap gigit dipersulit respon
halo hai assalamualaikum waalaikumsalam salam selamat punten tabe tes test ping wr wb
warahmatullahi wabarakatuh sejahtera
satu dua tiga empat lima enam tujuh delapan sembilan sepuluh sebelas belas puluh ratus ribu juta
pertama kedua ketiga
bontang belimbing kaltim kalimantan timur barat utara selatan samarinda balikpapan sangatta
tenggarong kutai makassar jawa banjarmasin indonesia bone
kos kontrakan motor mobil hamil masjid mesjid gereja pasar sembako kue bakso kopi makan minum
indah jaya murah mahal bagus jelek susah mudah gampang penting darurat mendesak
bot chat wa whatsapp hp telepon telp email sehat demam cuaca pulsa loker cabe
sunat sunatan khitan khitanan protes bilang garis batas minat tidur manis bantal nanya kemana
suka
mi ji ki ka pang gin lok leh hak na ta kan sekeluarga kampung rangkap lembar
ada adakan antar antarkan anter ajak alami angkat angkut anggap atur bagi bahas balik bangun
berangkat berhenti berikan beritahu berubah bicara buang bunyi catat coba cocok cuci dengar diam
dukung duduk habis hadir harap hitung hubungi ikut ingat izinkan jaga jatuh jemput kabari kata
katakan kejar kembali kenal ketemu kira kumpul lakukan larang lari lihat lupa main mampir mandi
masak memakai membaca memberikan membuka memeriksa memilih meminta mempunyai menerima mengirim
mengirimkan menjadi menulis muncul mulai naik nonton numpang nyari olah paham parkir pasang pegang
pesan pikir pinjam rasa sedia sembuh senang serah singgah sampaikan takut tampil tanggung tangkap
tarik tawar temu tetap tiba titip tonton tunjuk turun ucap usah usul wajib dilayani melayani
ditanyakan dijawab membalas diisi didaftarkan pendaftaran membayar pembayaran pengambilan
menyerahkan
diserahkan melampirkan dilampirkan lampiran menyiapkan persiapan memohon dimohon permintaan
penerimaan pernikahan perkawinan perpindahan kepindahan kepala kependudukan penduduk pendidikan
kesehatan pengusaha berusaha kerusakan kebersihan keamanan ketertiban lingkungan penerangan
pembangunan pemukiman pengurus diterbitkan tandatangan disahkan legalisir dilegalisir stempel cap
salinan paspor sim stnk bpkb npwp kis kip pkh blt bansos raskin jkn pbi polsek koramil disdukcapil
dukcapil capil pengadilan bri bni mandiri bca btn kaltimtara pertamina pupuk pkt badak lng
abang akhir alat alam angka antrian antrean apotek arti asal badan bagian bahasa bahan baju balai
barang batu bea bekas bensin berita besi bidang binatang bintang biro bola bon botol buah bukti
bumi bunga buruh cabang cerita contoh daerah dana dapur darah dasar daun dewasa dinas diri dompet
duit dunia ekonomi fakta gambar gedung gelar gigi gudang guru halaman hal harapan hasil hidup hujan
hukum ijazah ikan ilmu industri instansi jadwal jaket jalur jamaah jantung jarak jasa jawaban
jumlah kabar kaki kali kamar kamus kapal karyawan kasus kebun kegiatan kelas kendaraan kertas
komputer kondisi kontrak koperasi kuasa kunci kursi langit lantai lapangan laut layar lembaga
lingkungan loket lomba madrasah makanan makam manusia masa masalah masyarakat meja menteri merek
mulut musim musholla nasi negara nilai obat olahraga organisasi pagar pajak panitia pantai pasien
pekarangan pelajar peluang pemerintah peraturan perjalanan permainan pesawat peta petani posyandu
program proyek putra putri rakyat rapat ruang saat sapi sawah sayur sebab sekretaris semen sepeda
siswa sopir suara suku sumur sungai tamu tangan tangga taman teh teknik tiket tikus tim tinggi
tipe titik tokoh transfer truk tugas tulisan udara ujian ukuran upah urusan waktu wajah wakil warna
wilayah posisi antrian nomer agak aman asli basah berat besar biasa bersih buruk cantik capek
dingin enak gembira hangat hebat hitam hijau jelas jujur kaya kecil keras kering kosong kotor kuat
kuning lapar lelah lemah luas lucu malas marah mirip miskin muda nyaman panas panjang pasti pendek
penuh pintar putih rajin ramai rendah resmi ribet rumit sabar sedih segar sempit sepi serius
singkat sulit tajam tenang tepat terang tunggal umum utama akhirnya antara apalagi bahkan beberapa
belakangan bersama biasanya bila dahulu demi entah guna justru kecuali kepada ketika kini maka
makin malah meski meskipun misalnya oleh padahal para pula sambil sebagai sebenarnya sedangkan
segala sehingga sekitar selain selama seluruh semakin sementara serta sewaktu suatu tanpa tentang
tentu terhadap terlalu termasuk tiap walau walaupun yakni dzuhur ashar maghrib isya lusa barusan
wkwk wkwkwk haha hehe hihi btw dll dsb dst gan sis bro bund
batakun takun urang acil paman julak ading bungas jua am nah kowe niki iki niku iku sing ingkang
kaliyan karo teng ning dateng ten saking seko menopo mawon tanglet syaratipun pale iye ko mo
nyawa indah hakun genangan keruh kabel penerangan pernikahan ulang tahun tadi pagi lalu minggu
keterangan pengantar kelakuan kepolisian keramaian kelengkapan kegiatan keperluan kepentingan
perusahaan perbaikan persyaratan penghasilan pendapatan kelahiran kematian meninggal bantuan
klaim asuransi pembagian pencairan pensiun tabungan melengkapi kelengkapan berkas antri
daftar ulang beasiswa ukt spp skripsi wisuda ijazah sertifikat rekening pinjaman kredit cicilan
bisnis dagangan warung kelontong sembako laundry salon bengkel catering katering jahit penjahit
ojek ojol kurir nelayan petani buruh pedagang wiraswasta karyawan swasta guru honorer
umroh haji paspor visa tki tkw luar negeri kapal pelaut
)";

// Chat slang, abbreviations and regional words -> canonical tokens (whole tokens only).
constexpr std::string_view kSlang = R"(
sy saya|sya saya|sayah saya|aku saya|aq saya|ak saya|gw saya|gue saya|gua saya|ane saya
ulun saya|unda saya|kulo saya|kula saya|inyong saya
pian anda|ikam anda|kamu anda|sampeyan anda|panjenengan anda|njenengan anda|antum anda
ente anda|lu anda|lo anda|elu anda|elo anda
mo mau|mw mau|mao mau|maw mau|pengen mau|pgn mau|pngn mau|pingin mau|pengin mau|kepengen mau
kepingin mau|ingin mau|ingn mau|igin mau|handak mau|hendak mau|hakun mau|arep mau|badhe mau
bade mau
bikin buat|bkin buat|bikinin buat|bkinin buat|bikinkan buat|buatkan buat|buatin buat|bwtin buat
dibuatkan buat|dibuatin buat|dibikinin buat|dibikinkan buat|dibikin buat|dibuat buat|membuat buat
pembuatan buat|gawe buat|nggawe buat|gawekke buat|gawekno buat|damel buat|ndamel buat
damelaken buat|ulah buat|maulah buat|mbikin buat
bkn bukan
ngurus urus|ngurusin urus|urusin urus|mengurus urus|diurus urus|diuruskan urus|pengurusan urus
uruskan urus|nguruske urus|ngurusi urus
gmn bagaimana|gmna bagaimana|gimana bagaimana|gmana bagaimana|gimna bagaimana|bgmn bagaimana
bgm bagaimana|gmnya bagaimana|piye bagaimana|pripun bagaimana|kepriye bagaimana
kayapa bagaimana|cemana bagaimana|camana bagaimana|kumaha bagaimana|gimane bagaimana
carane cara|caranye cara
brp berapa|brapa berapa|brpa berapa|berpa berapa|pira berapa|piro berapa|pinten berapa|sabaraha berapa
udh sudah|sdh sudah|udah sudah|dah sudah|sudh sudah|uda sudah|udeh sudah|sampun sudah
wis sudah|wes sudah|sdah sudah
blm belum|blum belum|belom belum|blom belum|balum belum|durung belum|dereng belum|blom belum
tdk tidak|gak tidak|ga tidak|gk tidak|g tidak|gag tidak|nggak tidak|ngga tidak|ngak tidak
enggak tidak|engga tidak|nggk tidak|kagak tidak|ndak tidak|nda tidak|kada tidak|ndik tidak
endik tidak|ora tidak|mboten tidak|tak tidak|gx tidak|tdak tidak
utk untuk|untk untuk|gasan untuk|kanggo untuk|kangge untuk
srt surat|srat surat|surt surat
suket surat keterangan|sket surat keterangan|sk surat keterangan|skt surat keterangan
ket keterangan|ktrngn keterangan|ketr keterangan
kel kelurahan|kelurhan kelurahan|klurahan kelurahan|kelurahn kelurahan|klrhn kelurahan
yg yang|nang yang|dgn dengan|dg dengan|dng dengan
tlg tolong|tlng tolong|tulung tolong|tolongin tolong
mksh terima kasih|makasih terima kasih|makasi terima kasih|maksih terima kasih
mkasih terima kasih|mksih terima kasih|mkch terima kasih|thx terima kasih|thanks terima kasih
thank terima kasih|thanx terima kasih|tq terima kasih|tks terima kasih|tengkyu terima kasih
trims terima kasih|trimakasih terima kasih|terimakasih terima kasih|trimaksih terima kasih
trmksh terima kasih|trmkasih terima kasih|makaseh terima kasih|suwun terima kasih
nuhun terima kasih|syukron terima kasih|makasiih terima kasih|trimakasi terima kasih
aja saja|ajah saja|haja saja|wae saja|aj saja|doang saja
skrg sekarang|skrng sekarang|saiki sekarang|skr sekarang
kpn kapan|knp kenapa|napa kenapa|dmn dimana|dmna dimana|dimn dimana
gt begitu|gitu begitu|gtu begitu|gini begini|gni begini
bs bisa|bsa bisa|kawa bisa|isa bisa|iso bisa|saged bisa
bole boleh|blh boleh|lg lagi|jg juga|sm sama|krn karena|karna karena|soale karena
tp tapi|tpi tapi|kalo kalau|klo kalau|kl kalau|klw kalau
org orang|ortu orang tua|bpk bapak|ibuk ibu|bapa bapak|sdr saudara
tgl tanggal|tggl tanggal|thn tahun|th tahun
nmr nomor|nomer nomor|nmor nomor|no nomor
jd jadi|jdi jadi|dadi jadi|dados jadi
pngantar pengantar|pengntar pengantar|pngntar pengantar|pngtr pengantar
mnt minta|mnta minta|mintak minta|njaluk minta|nyuwun minta
mengajukan ajukan|diajukan ajukan|ngajuin ajukan|ngajukan ajukan|ajuin ajukan
batalin batal|batalkan batal|dibatalkan batal|dibatalin batal|pembatalan batal|cancel batal
cancle batal|cansel batal|batalakan batal|urungkan batal|batalkn batal
gajadi tidak jadi|gjd tidak jadi|gajd tidak jadi|gajadi2 tidak jadi
komplen komplain|complain komplain|komplin komplain|complaint komplain
mengadu adu|ngadu adu|mengadukan adu|adukan adu
mengeluh keluhan|ngeluh keluhan|keluhkan keluhan
melapor lapor|melaporkan lapor|laporkan lapor|ngelapor lapor
aslm assalamualaikum|asslm assalamualaikum|aslmkm assalamualaikum|asw assalamualaikum
ass assalamualaikum|asalamualaikum assalamualaikum|assalamualaikom assalamualaikum
assalammualaikum assalamualaikum|samlekom assalamualaikum|assalamualaykum assalamualaikum
met selamat|slmt selamat|selamet selamat|sugeng selamat|enjing pagi|sonten sore|dalu malam
hallo halo|helo halo|hello halo|hellow halo|hola halo|hy hai|hi hai|hey hai|hei hai
oke ok|okey ok|okay ok|okeh ok|oce ok|oc ok|okelah ok
iya ya|iye ya|iyo ya|yoi ya|y ya|yup ya|yap ya|yes ya|nggih ya|inggih ya|injih ya|enggeh ya
heeh ya|hooh ya|iy ya
bener benar|bnr benar|betul benar|bujur benar|banar benar|beneh benar|leres benar
lanjutkan lanjut|lnjt lanjut|lanjutin lanjut
jgn jangan|jngn jangan|ojo jangan
syarate syarat|syarat2 syarat|persyaratane syarat|syaratnye syarat
ninggal meninggal|ilang hilang|ical hilang|kehilangan hilang|anyar baru|enggal baru
diacc acc|approve acc|approved acc|diapprove acc
sampe sampai|nyampe sampai|smpe sampai|sampek sampai
nanya tanya|bertanya tanya|menanyakan tanya|takon tanya
kntr kantor|buk bu|pk pak|pa pak|mimin min|kaka kak|mba mbak|abang bang
nunggu tunggu|nungguin tunggu|ditunggu tunggu|menunggu tunggu|ngambil ambil
fc fotokopi|fotocopy fotokopi|fotocopi fotokopi|poto foto|photo foto
rmh rumah|rmah rumah|skolah sekolah|sklh sekolah|sekola sekolah|kuliyah kuliah
gawian pekerjaan|kerjaan pekerjaan
almh almarhumah|alm almarhum|almrh almarhum
nikahin nikah|lairan lahiran|lair lahir|ngelahirin melahirkan
abah ayah|uma ibu|bini istri
tuh itu|ni ini|nie ini|bgt banget|bngt banget|emg memang|emang memang|kasi kasih
kyk seperti|kayak seperti|kek seperti|dr dari|dri dari|dlm dalam|trus terus|trs terus
bsk besok|besuk besok|mpai besok|kmrn kemarin|kmarin kemarin|kemaren kemarin|kemai kemarin
td tadi|tdi tadi|ntar nanti|ntr nanti|nnti nanti|kaina nanti|hadang tunggu
bubuhan orang|buhan orang|sidin beliau|etam kita
sbtu sabtu|mgg minggu|mggu minggu|jmt jumat
informasi info|membantu bantu|dibantu bantu|bantuin bantu
sharelok share lokasi|shareloc share lokasi|maps lokasi
mantul mantap|stju setuju|stuju setuju|setujui setuju|koreksi revisi|perbaikan perbaiki
ktpel ektp
maturnuwun terima kasih|matursuwun terima kasih|maturswun terima kasih|diulah buat|diulahkan buat
batakun tanya|mi sudah|ajeng mau|nggo untuk|kagem untuk|mengecewakan mengecewakan|membatalkan batal
dibatalin batal|batalkan batal|tny tanya|tnya tanya|syrt syarat|srt surat|hr hari|ank anak|bwt buat
bwat buat|sanget sangat|masukin masukkan|masukan masukkan|dimasukkan masukkan|dimasukin masukkan
ttd tanda tangan|ditandatangan ditandatangani|diteken ditandatangani
lawas lama|suwe lama|suwi lama|mun kalau
disiapin disiapkan|siapin siapkan|dsiapkn disiapkan|disiapkn disiapkan|musti harus|mesti harus|hrs harus
dibutuhin dibutuhkan|dibutuhkn dibutuhkan|butuhin butuh|diperluin diperlukan
)";

// Typo-correction targets: the closed domain vocabulary, most important first (ties go to
// the earlier word).
constexpr std::string_view kDomainWords = R"(
keterangan domisili pengantar kelurahan surat tidak mampu usaha kematian kelahiran persyaratan
syarat status batal permohonan pengajuan menikah belum keramaian penghasilan kepolisian kelakuan
pindah waris meninggal hilang kartu keluarga bantuan terima assalamualaikum selamat biaya berapa
bagaimana kantor lurah alamat lokasi keperluan sekolah kuliah pengaduan keluhan laporan komplain
selesai proses diproses sudah tolong minta lamaran pekerjaan melamar beasiswa acara hajatan
kecamatan tanggal nomor ahli warisan lajang pendatang penerbitan prosedur informasi pelayanan
layanan sampai bagaimana kelurahan disetujui perbaiki
)";

// Canonical words that name or head a letter; "buat" before one of them means "make".
constexpr std::string_view kLetterWords = R"(
surat keterangan pengantar izin ijin akta akte ktp ektp kk kia skck sktm sku skd skdu skbm skaw
domisili kematian kelahiran keramaian penghasilan pindah waris suket n1 na blangko formulir
)";

// Words skipped when looking for the word before an ambiguous "buat".
constexpr std::string_view kBuatSkip = R"(
pak bu min kak mas mbak ya dong deh sih nih kah lah nya pian daeng bang mi ji ki ka rt
)";

// Before "buat" these make it the verb ("mau buat sktm"); otherwise it is "for".
constexpr std::string_view kMakeBefore = R"(
mau bisa boleh tolong mohon minta cara bagaimana akan perlu butuh harus sudah belum lagi sedang
baru untuk supaya agar dapat segera coba ayo urus yang gimana bantu
)";

constexpr std::string_view kPronouns = "saya kami anda kita dia";

// Token phrases rewritten after word mapping (canonical forms on both sides).
struct Phrase {
    std::string_view from;
    std::string_view to;
};
constexpr std::array<Phrase, 26> kPhrases = {{
    {"matur nuwun", "terima kasih"},
    {"matur terima kasih", "terima kasih"},
    {"hatur terima kasih", "terima kasih"},
    {"terima kasih you", "terima kasih"},
    {"kados pundi", "bagaimana"},
    {"kek mana", "bagaimana"},
    {"seperti mana", "bagaimana"},
    {"macam mana", "bagaimana"},
    {"assalamu alaikum", "assalamualaikum"},
    {"asalamu alaikum", "assalamualaikum"},
    {"assalamu alaikom", "assalamualaikum"},
    {"assalam alaikum", "assalamualaikum"},
    {"di mana", "dimana"},
    {"e ktp", "ektp"},
    {"ktp el", "ektp"},
    {"kartu keluarga", "kk"},
    {"kartu tanda penduduk", "ktp"},
    {"nomor induk kependudukan", "nik"},
    {"rukun tetangga", "rt"},
    {"rukun warga", "rw"},
    {"tidak jadi jadi", "tidak selesai"},
    {"share loc", "share lokasi"},
    {"how long", "berapa lama"},
    {"how many days", "berapa hari"},
    {"how many hours", "berapa jam"},
    {"how many weeks", "berapa minggu"},
}};

// Glued-word parts shorter than 3 letters that are still allowed.
constexpr std::array<std::string_view, 5> kShortParts = {"kk", "rt", "rw", "sk", "yg"};

constexpr std::array<std::string_view, 14> kParticles = {
    "pang", "nya", "kah", "lah", "pun", "nye", "mi", "ji", "ki", "ka", "ku", "mu", "na", "ta"};

std::vector<std::string_view> words_of(std::string_view text) {
    std::vector<std::string_view> words;
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && (text[i] == ' ' || text[i] == '\n')) ++i;
        std::size_t start = i;
        while (i < text.size() && text[i] != ' ' && text[i] != '\n') ++i;
        if (i > start) words.push_back(text.substr(start, i - start));
    }
    return words;
}

// ---------------------------------------------------------------------------------------------
// Characters (decoded with shared/util/text)

// What one code point becomes in the data view.
enum class Action { keep, space, newline, drop, replace };

struct Mapped {
    Action action;
    std::string_view replacement{};  // for Action::replace
    char32_t ascii = 0;              // for Action::replace with a computed ASCII character
};

Mapped map_code_point(char32_t cp) {
    if (cp == '\n') return {Action::newline};
    if (cp == '\r') return {Action::newline};
    if (cp < 0x20 || cp == 0x7F) return {Action::space};
    if (cp < 0x80) return {Action::keep};
    if (cp < 0xA0) return {Action::space};  // C1 controls
    if (cp == 0xAD) return {Action::drop};  // soft hyphen
    if (cp == 0xB4) return {Action::replace, "'"};
    if (cp < 0xC0) return {Action::space};  // Latin-1 symbols
    if (cp == 0xD7 || cp == 0xF7) return {Action::space};
    if (cp >= 0x300 && cp <= 0x36F) return {Action::drop};  // combining accents
    if (cp == 0x2BC || cp == 0x2B9) return {Action::replace, "'"};
    if (cp < 0x2000) return {Action::keep};  // letters of Latin, Greek, Cyrillic, Arabic ...
    if (cp <= 0x200A || cp == 0x202F || cp == 0x205F) return {Action::space};
    if (cp >= 0x200B && cp <= 0x200F) return {Action::drop};
    if (cp >= 0x2010 && cp <= 0x2015) return {Action::replace, "-"};
    if (cp == 0x2018 || cp == 0x2019 || cp == 0x201B || cp == 0x2032) return {Action::replace, "'"};
    if (cp == 0x201C || cp == 0x201D || cp == 0x201E) return {Action::replace, "\""};
    if (cp == 0x2026) return {Action::replace, "..."};
    if (cp == 0x2028 || cp == 0x2029) return {Action::newline};
    if (cp == 0x2060 || cp == 0x2061 || cp == 0x2062 || cp == 0x2063) return {Action::drop};
    if (cp == 0x20E3) return {Action::drop};  // keycap combiner: "1️⃣" stays "1"
    if (cp == 0x2212) return {Action::replace, "-"};
    if (cp < 0x2C00) return {Action::space};  // punctuation, arrows, symbols, dingbats
    if (cp == 0x3000) return {Action::space};
    if (cp > 0x3000 && cp < 0x3040) return {Action::space};
    if (cp >= 0xE000 && cp <= 0xF8FF) return {Action::space};  // private use
    if (cp >= 0xFE00 && cp <= 0xFE0F) return {Action::drop};   // variation selectors
    if (cp == 0xFEFF) return {Action::drop};
    // Full width forms, and "fancy font" letters (mathematical alphanumerics) people paste from
    // font generators.
    if (const auto ascii = plain_ascii(cp)) return {Action::replace, {}, *ascii};
    if (cp >= 0xFFF0 && cp <= 0xFFFF) return {Action::space};
    if (cp < 0x10000) return {Action::keep};
    if (cp >= 0x1D400 && cp <= 0x1D7FF) return {Action::space};  // mathematical Greek, symbols
    if (cp >= 0x1F000 && cp <= 0x1FAFF) return {Action::space};  // emoji, flags, pictographs
    if (cp >= 0xE0000 && cp <= 0xE007F) return {Action::drop};   // emoji tag sequences
    if (cp >= 0xF0000) return {Action::space};                   // private use planes
    return {Action::keep};
}

// Latin-1 letters U+00C0..U+00FF folded to ASCII; "" for the two symbols (handled earlier).
constexpr std::array<std::string_view, 64> kLatin1Fold = {
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",
    "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "ss",
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",
    "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "y"};

// Latin Extended-A U+0100..U+017F by ranges of the same base letter.
struct FoldRange {
    char32_t first;
    char32_t last;
    std::string_view base;
};
constexpr std::array<FoldRange, 24> kLatinExtAFold = {{
    {0x100, 0x105, "a"}, {0x106, 0x10D, "c"},  {0x10E, 0x111, "d"}, {0x112, 0x11B, "e"},
    {0x11C, 0x123, "g"}, {0x124, 0x127, "h"},  {0x128, 0x131, "i"}, {0x132, 0x133, "ij"},
    {0x134, 0x135, "j"}, {0x136, 0x138, "k"},  {0x139, 0x142, "l"}, {0x143, 0x14B, "n"},
    {0x14C, 0x151, "o"}, {0x152, 0x153, "oe"}, {0x154, 0x159, "r"}, {0x15A, 0x161, "s"},
    {0x162, 0x167, "t"}, {0x168, 0x173, "u"},  {0x174, 0x175, "w"}, {0x176, 0x178, "y"},
    {0x179, 0x17E, "z"}, {0x17F, 0x17F, "s"},  {0x180, 0x180, "b"}, {0x1CD, 0x1CE, "a"},
}};

bool is_ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_word_byte(char c) {
    return is_ascii_letter(c) || is_digit(c) || static_cast<unsigned char>(c) >= 0x80;
}
bool is_all_letters(std::string_view w) {
    return !w.empty() &&
           std::all_of(w.begin(), w.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

// Splits "rt05", "rt05rw02", "nik6474..." into label and number pieces; other mixed words
// ("17an", "n1") stay whole.
bool split_label_digits(std::string_view folded,
                        std::vector<std::pair<std::size_t, std::size_t>>& parts) {
    static constexpr std::array<std::string_view, 7> kLabels = {"rt", "rw",  "nik", "kk",
                                                                "no", "nkk", "tgl"};
    parts.clear();
    std::size_t i = 0;
    bool any_letters = false, any_digits = false;
    while (i < folded.size()) {
        const bool digits = is_digit(folded[i]);
        std::size_t start = i;
        while (i < folded.size() && is_digit(folded[i]) == digits) ++i;
        if (digits) {
            any_digits = true;
        } else {
            any_letters = true;
            const auto segment = folded.substr(start, i - start);
            if (std::find(kLabels.begin(), kLabels.end(), segment) == kLabels.end()) return false;
        }
        parts.emplace_back(start, i);
    }
    return any_letters && any_digits;
}

}  // namespace

// -------------------------------------------------------------------------------------------------

std::string fold_word(std::string_view word) {
    std::string out;
    out.reserve(word.size());
    std::size_t i = 0;
    while (i < word.size()) {
        const char c = word[i];
        if (static_cast<unsigned char>(c) < 0x80) {
            if (c >= 'A' && c <= 'Z') {
                out.push_back(static_cast<char>(c - 'A' + 'a'));
            } else if (c != '\'') {
                out.push_back(c);
            }
            ++i;
            continue;
        }
        const Utf8Char d = decode_utf8(word, i);
        if (d.length == 0) {
            ++i;
            continue;
        }
        std::string_view folded;
        if (d.code_point >= 0xC0 && d.code_point <= 0xFF) {
            folded = kLatin1Fold[d.code_point - 0xC0];
        } else {
            for (const auto& range : kLatinExtAFold) {
                if (d.code_point >= range.first && d.code_point <= range.last) {
                    folded = range.base;
                    break;
                }
            }
        }
        if (!folded.empty()) {
            out += folded;
        } else {
            out.append(word.substr(i, d.length));
        }
        i += d.length;
    }
    return out;
}

std::string clean_text(std::string_view text) {
    if (text.size() > kMaxInputBytes) text = text.substr(0, kMaxInputBytes);
    std::string out;
    out.reserve(text.size());
    bool pending_space = false;
    bool pending_newline = false;
    const auto emit = [&](std::string_view s) {
        if (!out.empty()) {
            if (pending_newline) {
                out.push_back('\n');
            } else if (pending_space) {
                out.push_back(' ');
            }
        }
        pending_space = pending_newline = false;
        out += s;
    };
    std::size_t i = 0;
    while (i < text.size()) {
        // "\r\n" is one line break.
        if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
            ++i;
            continue;
        }
        const Utf8Char d = decode_utf8(text, i);
        if (d.length == 0) {
            ++i;
            continue;
        }
        const Mapped m = map_code_point(d.code_point);
        switch (m.action) {
            case Action::keep:
                if (d.code_point == ' ') {
                    pending_space = true;
                } else {
                    emit(text.substr(i, d.length));
                }
                break;
            case Action::space:
                pending_space = true;
                break;
            case Action::newline:
                pending_newline = true;
                break;
            case Action::drop:
                break;
            case Action::replace:
                if (m.ascii != 0) {
                    std::string one;
                    append_utf8(one, m.ascii);
                    emit(one);
                } else {
                    emit(m.replacement);
                }
                break;
        }
        i += d.length;
    }
    return out;
}

int edit_distance(std::string_view a, std::string_view b, int max_distance) {
    const int n = static_cast<int>(a.size());
    const int m = static_cast<int>(b.size());
    if (std::abs(n - m) > max_distance) return max_distance + 1;
    if (n == 0 || m == 0) return std::max(n, m);
    // Three rolling rows for the transposition rule; words here are short.
    std::vector<int> prev2(m + 1), prev(m + 1), cur(m + 1);
    for (int j = 0; j <= m; ++j) prev[j] = j;
    for (int i = 1; i <= n; ++i) {
        cur[0] = i;
        int row_min = cur[0];
        for (int j = 1; j <= m; ++j) {
            const int cost = a[i - 1] == b[j - 1] ? 0 : 1;
            int v = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
                v = std::min(v, prev2[j - 2] + 1);
            }
            cur[j] = v;
            row_min = std::min(row_min, v);
        }
        if (row_min > max_distance) return max_distance + 1;
        std::swap(prev2, prev);
        std::swap(prev, cur);
    }
    return std::min(prev[m], max_distance + 1);
}

std::string NormalizedText::text() const {
    std::string out;
    for (const auto& token : tokens) {
        if (!out.empty()) out.push_back(' ');
        out += token.text;
    }
    return out;
}

std::string_view NormalizedText::slice(std::size_t first_piece, std::size_t last_piece) const {
    if (first_piece >= pieces.size() || last_piece >= pieces.size() || last_piece < first_piece) {
        return {};
    }
    const std::size_t begin = pieces[first_piece].begin;
    return std::string_view(data).substr(begin, pieces[last_piece].end - begin);
}

// -------------------------------------------------------------------------------------------------

Normalizer::Normalizer() : Normalizer(std::vector<std::string>{}) {}

Normalizer::Normalizer(const std::vector<std::string>& domain_phrases) {
    for (auto word : words_of(kVocabulary)) add_word(word);
    std::size_t i = 0;
    while (i < kSlang.size()) {
        std::size_t end = kSlang.find_first_of("|\n", i);
        if (end == std::string_view::npos) end = kSlang.size();
        const auto entry = kSlang.substr(i, end - i);
        i = end + 1;
        const auto words = words_of(entry);
        if (words.size() < 2) continue;
        auto& target = slang_[std::string(words[0])];
        target.clear();
        for (std::size_t k = 1; k < words.size(); ++k) {
            target.emplace_back(words[k]);
            add_word(words[k]);
        }
    }
    for (const auto& phrase : kPhrases) {
        std::vector<std::string> from, to;
        for (auto word : words_of(phrase.from)) from.emplace_back(word);
        for (auto word : words_of(phrase.to)) to.emplace_back(word);
        phrases_.emplace_back(std::move(from), std::move(to));
    }
    for (auto word : words_of(kDomainWords)) add_domain_word(word);
    for (auto word : words_of(kLetterWords)) {
        letter_words_.emplace(word);
        add_word(word);
    }
    for (const auto& phrase : domain_phrases) {
        std::vector<std::string_view> parts;
        std::string folded;
        for (char c : phrase) folded.push_back(c == '-' || c == '.' ? ' ' : c);
        folded = fold_word(folded);
        const auto words = words_of(folded);
        for (auto word : words) {
            if (slang_.count(word) != 0) continue;  // "sk", "suket": handled by the slang map
            add_word(word);
            if (is_all_letters(word) && word.size() >= kMinTypoLength) add_domain_word(word);
        }
        // A one-word alias ("sktm", "domisili", "n1") names a letter by itself.
        if (words.size() == 1 && slang_.count(words[0]) == 0) letter_words_.emplace(words[0]);
    }
}

void Normalizer::add_word(std::string_view word) { vocabulary_.emplace(word); }

void Normalizer::add_domain_word(std::string_view word) {
    add_word(word);
    if (domain_set_.emplace(word).second) domain_.emplace_back(word);
}

bool Normalizer::is_known(std::string_view folded_word) const {
    return vocabulary_.count(folded_word) != 0 || slang_.count(folded_word) != 0;
}

bool Normalizer::is_letter_word(std::string_view canonical_word) const {
    return letter_words_.count(canonical_word) != 0;
}

bool Normalizer::lookup(std::string_view word, std::vector<std::string>& out) const {
    if (auto it = slang_.find(word); it != slang_.end()) {
        out.insert(out.end(), it->second.begin(), it->second.end());
        return true;
    }
    if (vocabulary_.count(word) != 0) {
        out.emplace_back(word);
        return true;
    }
    return false;
}

bool Normalizer::split_glued(std::string_view word, std::vector<std::string>& out) const {
    if (word.size() < 6 || !is_all_letters(word)) return false;
    const auto part_ok = [&](std::string_view part) {
        if (part.size() < 3 &&
            std::find(kShortParts.begin(), kShortParts.end(), part) == kShortParts.end()) {
            return false;
        }
        return is_known(part);
    };
    // Two parts, preferring the split whose shorter part is longest ("surat|keterangan").
    std::size_t best = 0, best_score = 0;
    for (std::size_t cut = 2; cut + 2 <= word.size(); ++cut) {
        if (part_ok(word.substr(0, cut)) && part_ok(word.substr(cut))) {
            const std::size_t score = std::min(cut, word.size() - cut);
            if (score > best_score) {
                best = cut;
                best_score = score;
            }
        }
    }
    if (best != 0) {
        lookup(word.substr(0, best), out);
        lookup(word.substr(best), out);
        return true;
    }
    // Three parts ("surattidakmampu").
    for (std::size_t a = 2; a + 4 <= word.size(); ++a) {
        if (!part_ok(word.substr(0, a))) continue;
        for (std::size_t b = a + 2; b + 2 <= word.size(); ++b) {
            if (part_ok(word.substr(a, b - a)) && part_ok(word.substr(b))) {
                lookup(word.substr(0, a), out);
                lookup(word.substr(a, b - a), out);
                lookup(word.substr(b), out);
                return true;
            }
        }
    }
    return false;
}

bool Normalizer::correct_typo(std::string_view word, std::vector<std::string>& out) const {
    if (word.size() < kMinTypoLength || !is_all_letters(word)) return false;
    const int max_distance = word.size() >= kLongTypoLength ? 2 : 1;
    const std::string* best = nullptr;
    int best_distance = max_distance + 1;
    for (const auto& target : domain_) {
        if (target.size() < kMinTypoLength) continue;
        const int d = edit_distance(word, target, max_distance);
        if (d > max_distance) continue;
        // Chat typos mostly drop letters, so on a tie the longer target wins ("kelurhan").
        const bool better =
            d < best_distance || (d == best_distance && best != nullptr &&
                                  best->size() <= word.size() && target.size() > word.size());
        if (better) {
            best = &target;
            best_distance = d;
        }
    }
    if (best == nullptr) return false;
    out.push_back(*best);
    return true;
}

bool Normalizer::canonicalize(std::string_view folded, std::vector<std::string>& out,
                              bool allow_fuzzy) const {
    if (folded.empty()) return false;
    if (lookup(folded, out)) return true;

    std::string word(folded);
    // "kira2", "surat2": the 2 marks reduplication.
    if (word.size() >= 4 && word.back() == '2' &&
        is_all_letters(std::string_view(word).substr(0, word.size() - 1))) {
        word.pop_back();
        if (lookup(word, out)) return true;
    }

    // Elongation: every run of a repeated letter may stand for one or two letters
    // ("pakkk" -> "pak", "maaaaf" -> "maaf", "tolongg" -> "tolong"); a known result wins.
    std::vector<std::pair<std::size_t, std::size_t>> runs;  // (start, length)
    for (std::size_t i = 0; i < word.size();) {
        std::size_t j = i;
        while (j < word.size() && word[j] == word[i]) ++j;
        if (j - i >= 2 && is_ascii_letter(word[i])) runs.emplace_back(i, j - i);
        i = j;
    }
    std::string collapsed = word;
    if (!runs.empty() && runs.size() <= kMaxElongationRuns) {
        const std::size_t combos = std::size_t{1} << runs.size();
        std::string best;
        for (std::size_t mask = 0; mask < combos; ++mask) {
            std::string candidate;
            std::size_t pos = 0;
            for (std::size_t r = 0; r < runs.size(); ++r) {
                candidate.append(word, pos, runs[r].first - pos);
                candidate.append((mask >> r) & 1 ? 1 : 2, word[runs[r].first]);
                pos = runs[r].first + runs[r].second;
            }
            candidate.append(word, pos, std::string::npos);
            if (candidate == word) continue;
            if (is_known(candidate) && candidate.size() > best.size()) best = candidate;
        }
        if (!best.empty() && lookup(best, out)) return true;
        // Unknown word: runs of three or more become one letter, a doubled last letter one.
        collapsed.clear();
        for (std::size_t i = 0; i < word.size();) {
            std::size_t j = i;
            while (j < word.size() && word[j] == word[i]) ++j;
            const bool last = j == word.size();
            const std::size_t keep =
                (j - i >= 3 || (last && j - i == 2)) && is_ascii_letter(word[i]) ? 1 : j - i;
            collapsed.append(keep, word[i]);
            i = j;
        }
    }

    std::array<std::string_view, 2> forms = {word, collapsed};
    const std::size_t form_count = collapsed == word ? 1 : 2;
    for (std::size_t f = 0; f < form_count; ++f) {
        if (f == 1 && lookup(forms[f], out)) return true;
    }
    // Particles and clitics on a known stem: "bisaji", "adami", "kirimki", "mauka", "syaratnya".
    for (std::size_t f = 0; f < form_count; ++f) {
        const auto form = forms[f];
        for (auto particle : kParticles) {
            if (form.size() < particle.size() + kMinParticleStem || !form.ends_with(particle))
                continue;
            const auto stem = form.substr(0, form.size() - particle.size());
            // "suratnyaa", "sudahmii": elongated stem plus particle
            const bool found = lookup(stem, out) || (stem.size() > kMinParticleStem &&
                                                     stem.back() == stem[stem.size() - 2] &&
                                                     lookup(stem.substr(0, stem.size() - 1), out));
            if (!found) continue;
            // Makassar "-mi" marks something done: "jadimi" = "sudah jadi", "adami" = "sudah ada".
            if (particle == "mi" && (out.empty() || out.back() != "sudah"))
                out.emplace_back("sudah");
            return true;
        }
    }
    if (allow_fuzzy) {
        for (std::size_t f = 0; f < form_count; ++f) {
            if (split_glued(forms[f], out)) return true;
        }
        for (std::size_t f = 0; f < form_count; ++f) {
            if (correct_typo(forms[f], out)) return true;
        }
    }
    out.emplace_back(collapsed);
    return false;
}

namespace {

// Indonesian letter names as voice typing writes them ("es ka te em" = SKTM), two spellings
// where dictation differs.
constexpr std::pair<std::string_view, char> kLetterNames[] = {
    {"a", 'a'},  {"be", 'b'}, {"ce", 'c'},  {"se", 'c'}, {"de", 'd'}, {"e", 'e'},
    {"ef", 'f'}, {"ep", 'f'}, {"ge", 'g'},  {"ha", 'h'}, {"i", 'i'},  {"je", 'j'},
    {"ka", 'k'}, {"el", 'l'}, {"em", 'm'},  {"en", 'n'}, {"o", 'o'},  {"pe", 'p'},
    {"ki", 'q'}, {"er", 'r'}, {"es", 's'},  {"te", 't'}, {"u", 'u'},  {"ve", 'v'},
    {"fe", 'v'}, {"we", 'w'}, {"eks", 'x'}, {"ye", 'y'}, {"zet", 'z'}};

std::optional<char> letter_named(std::string_view word) {
    for (const auto& [name, letter] : kLetterNames) {
        if (name == word) return letter;
    }
    return std::nullopt;
}

}  // namespace

std::size_t Normalizer::join_spelled(const std::vector<Piece>& pieces, std::size_t first,
                                     std::vector<std::string>& out) const {
    // The longest run first, so "es ka pe we en i" is not cut short at "skp".
    constexpr std::size_t kLongestRun = 8;
    const auto joinable = [&](std::size_t p) {
        const Piece& piece = pieces[p];
        return piece.kind == PieceKind::word && piece.folded.size() <= 3 &&
               is_all_letters(piece.folded) && (p == first || piece.space_before);
    };
    std::size_t run = 0;
    while (first + run < pieces.size() && run < kLongestRun && joinable(first + run)) ++run;
    for (; run >= 2; --run) {
        std::string letters, syllables;
        bool spelled = true;
        for (std::size_t p = first; p < first + run; ++p) {
            const auto letter = letter_named(pieces[p].folded);
            spelled = spelled && letter.has_value();
            if (letter) letters.push_back(*letter);
            syllables += pieces[p].folded;
        }
        // Letter by letter ("es ka u") or syllable by syllable ("do mi si li"), accepted only
        // when the joined word names a letter, so ordinary short words are never glued.
        for (const std::string& word : {spelled ? letters : std::string(), syllables}) {
            if (word.size() < 2 || (word == syllables && word.size() < 5)) continue;
            out.clear();
            if (!lookup(word, out)) continue;
            if (std::any_of(out.begin(), out.end(),
                            [&](const std::string& w) { return is_letter_word(w); })) {
                return run;
            }
        }
    }
    out.clear();
    return 0;
}

void Normalizer::apply_phrases(std::vector<Token>& tokens) const {
    for (const auto& [from, to] : phrases_) {
        for (std::size_t i = 0; i + from.size() <= tokens.size(); ++i) {
            bool match = true;
            for (std::size_t k = 0; k < from.size() && match; ++k) {
                match = tokens[i + k].text == from[k];
            }
            if (!match) continue;
            const std::size_t piece = tokens[i].piece;
            tokens.erase(tokens.begin() + static_cast<std::ptrdiff_t>(i),
                         tokens.begin() + static_cast<std::ptrdiff_t>(i + from.size()));
            std::vector<Token> replacement;
            for (const auto& word : to) replacement.push_back(Token{word, piece, false});
            tokens.insert(tokens.begin() + static_cast<std::ptrdiff_t>(i), replacement.begin(),
                          replacement.end());
            i += to.size() - 1;
        }
    }
}

void Normalizer::resolve_buat(NormalizedText& text) const {
    static const auto skip = words_of(kBuatSkip);
    static const auto make_before = words_of(kMakeBefore);
    static const auto pronouns = words_of(kPronouns);
    const auto in = [](const std::vector<std::string_view>& list, std::string_view w) {
        return std::find(list.begin(), list.end(), w) != list.end();
    };
    auto& tokens = text.tokens;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        if (tokens[i].text != "buat") continue;
        const auto& surface = text.pieces[tokens[i].piece].folded;
        if (surface != "buat" && surface != "bwt" && surface != "buad" && surface != "bwat")
            continue;

        // The previous meaningful word, unless a sentence break comes first.
        const Token* prev = nullptr;
        for (std::size_t k = i; k-- > 0;) {
            bool clause_break = false;
            for (std::size_t p = tokens[k].piece + 1; p < tokens[k + 1].piece; ++p) {
                const auto& piece = text.pieces[p];
                if (piece.kind == PieceKind::newline ||
                    (piece.kind == PieceKind::punct &&
                     piece.folded.find_first_of(".,?!;:") != std::string::npos)) {
                    clause_break = true;
                }
            }
            if (clause_break) break;
            if (in(skip, tokens[k].text)) continue;
            prev = &tokens[k];
            break;
        }
        const bool next_is_letter = i + 1 < tokens.size() && is_letter_word(tokens[i + 1].text);
        bool make = false;
        if (prev == nullptr) {
            make = next_is_letter;
        } else if (in(make_before, prev->text)) {
            make = true;
        } else if (in(pronouns, prev->text)) {
            make = next_is_letter;
        }
        if (!make) tokens[i].text = "untuk";
    }
}

NormalizedText Normalizer::normalize(std::string_view text) const {
    NormalizedText result;
    result.data = clean_text(text);
    const std::string& data = result.data;

    // Lexing: words (letters, digits, UTF-8 letters, inner apostrophes), numbers, punctuation
    // runs, line breaks.
    std::vector<std::pair<std::size_t, std::size_t>> parts;
    bool space = false;
    std::size_t i = 0;
    while (i < data.size()) {
        const char c = data[i];
        if (c == ' ') {
            space = true;
            ++i;
            continue;
        }
        if (c == '\n') {
            result.pieces.push_back(Piece{PieceKind::newline, i, i + 1, "\n", false});
            space = false;
            ++i;
            continue;
        }
        if (is_word_byte(c)) {
            std::size_t j = i;
            while (j < data.size()) {
                if (is_word_byte(data[j])) {
                    ++j;
                } else if (data[j] == '\'' && j + 1 < data.size() && is_word_byte(data[j + 1]) &&
                           j > i) {
                    ++j;
                } else {
                    break;
                }
            }
            const std::string folded = fold_word(std::string_view(data).substr(i, j - i));
            if (!folded.empty() && std::all_of(folded.begin(), folded.end(), is_digit) &&
                j - i == folded.size()) {
                result.pieces.push_back(Piece{PieceKind::number, i, j, folded, space});
            } else if (j - i == folded.size() && split_label_digits(folded, parts)) {
                bool first = true;
                for (auto [a, b] : parts) {
                    const std::string segment = folded.substr(a, b - a);
                    result.pieces.push_back(
                        Piece{is_digit(segment[0]) ? PieceKind::number : PieceKind::word, i + a,
                              i + b, segment, first && space});
                    first = false;
                }
            } else {
                result.pieces.push_back(Piece{PieceKind::word, i, j, folded, space});
            }
            space = false;
            i = j;
            continue;
        }
        // Punctuation: a run of the same character is one piece.
        std::size_t j = i + 1;
        while (j < data.size() && data[j] == c) ++j;
        result.pieces.push_back(Piece{PieceKind::punct, i, j, std::string(1, c), space});
        space = false;
        i = j;
    }

    std::vector<std::string> words;
    for (std::size_t p = 0; p < result.pieces.size(); ++p) {
        const Piece& piece = result.pieces[p];
        if (const std::size_t joined = join_spelled(result.pieces, p, words); joined > 0) {
            for (auto& word : words) result.tokens.push_back(Token{std::move(word), p, false});
            p += joined - 1;
            continue;
        }
        if (piece.kind == PieceKind::number) {
            result.tokens.push_back(Token{piece.folded, p, true});
        } else if (piece.kind == PieceKind::word) {
            words.clear();
            // A Title-case word inside a line is most likely a name ("Sutarti", "Dimas"): it is
            // never split or typo-corrected.
            const bool line_start = p == 0 || result.pieces[p - 1].kind == PieceKind::newline ||
                                    (p == 1 && result.pieces[0].kind == PieceKind::punct);
            const bool title_case = piece.end - piece.begin >= 2 && data[piece.begin] >= 'A' &&
                                    data[piece.begin] <= 'Z' && data[piece.begin + 1] >= 'a' &&
                                    data[piece.begin + 1] <= 'z';
            canonicalize(piece.folded, words, line_start || !title_case);
            for (auto& word : words) result.tokens.push_back(Token{std::move(word), p, false});
        }
    }
    apply_phrases(result.tokens);
    resolve_buat(result);
    return result;
}

std::string Normalizer::canonical(std::string_view text) const { return normalize(text).text(); }

}  // namespace ekel::bot::nlu
