#include "shared/services/demo_seed.h"
#include "shared/services/demo_words.h"

#include <fmt/format.h>

#include <array>
#include <random>

#include "shared/db/store.h"
#include "shared/db/write_transaction.h"
#include "shared/services/staff_service.h"
#include "shared/util/time.h"

namespace ekel::services {

namespace {

using namespace demo_words;
using Dice = DemoDice;

constexpr std::array kMaleNames = {
    "Ahmad", "Budi", "Andi", "Rahmat", "Muhammad", "Syahrul", "Hendra", "Agus", "Yusuf",
    "Irwan", "Fajar", "Rudi", "Darmawan", "Arif", "Ilham", "Rizky", "Taufik", "Hasanuddin",
    "La Ode", "Wayan", "Daeng", "Aji", "Samsul", "Bayu", "Eko", "Joko", "Slamet", "Ridwan"};
constexpr std::array kFemaleNames = {
    "Siti", "Nur", "Rahma", "Dewi", "Sri", "Fitri", "Aisyah", "Wulan", "Rina", "Ani",
    "Hasnah", "Ayu", "Putri", "Kartini", "Andi Nurul", "Nurhayati", "Yuliana", "Maria",
    "Dian", "Lestari", "Hajrah", "Murni", "Sulastri", "Ratna", "Indah", "Intan"};
constexpr std::array kSecondNames = {
    "Saputra", "Pratama", "Hidayat", "Santoso", "Wijaya", "Rahman", "Syamsuddin", "Nugroho",
    "Setiawan", "Kurniawan", "Mappaseng", "Tarigan", "Hakim", "Sulaiman", "Firmansyah",
    "Gunawan", "Halim", "Amiruddin", "Baso", "Effendi", "Kusuma", "Lubis", "Yasin", "Anwar"};

struct SerialCounter {
    int next = 1;
    std::string take() { return fmt::format("{:04d}", next++); }
};

std::string make_nik(const std::string& district, const domain::CivilDate& birth, bool female,
                     SerialCounter& serials) {
    return fmt::format("{}{:02d}{:02d}{:02d}{}", district, birth.day + (female ? 40u : 0u), birth.month,
                       birth.year % 100, serials.take());
}

domain::CivilDate random_date(Dice& dice, int from_year, int to_year) {
    // Day up to 28 keeps every month valid without a calendar lookup.
    return {dice.between(from_year, to_year), static_cast<unsigned>(dice.between(1, 12)),
            static_cast<unsigned>(dice.between(1, 28))};
}

}  // namespace

const std::vector<DemoAccount>& demo_accounts() {
    static const std::vector<DemoAccount> accounts = {
        {"admin", "admin", "demo-belimbing"},
        {"operator", "operator", "demo-belimbing"},
        {"lurah", "lurah", "demo-belimbing"},
        {"rt1", "rt", "demo-belimbing"},
    };
    return accounts;
}

std::string demo_family_phone(int variant, int family) { return fmt::format("628120{}0{:05d}", variant, family); }

DemoSeedReport seed_demo(db::Store& store, const Clock& clock, int variant) {
    DemoSeedReport report;
    db::WriteTransaction tx(store.db());
    if (store.rts.count() > 0 || store.residents.count() > 0) return report;

    const std::string now = format_utc(clock.now());
    Dice dice(20261127);
    SerialCounter nik_serials;
    SerialCounter kk_serials;

    std::vector<domain::Rt> rts;
    for (int rw_number = 1; rw_number <= 3; ++rw_number) {
        domain::Rw rw{.number = rw_number,
                      .head_name = "Ketua RW " + std::to_string(rw_number) + " (Demo)",
                      .head_phone = fmt::format("628110{}0{:02d}00", variant, rw_number),
                      .is_demo = true};
        std::int64_t rw_id = store.rts.upsert_rw(rw);
        ++report.rws;
        for (int i = 1; i <= 4; ++i) {
            int number = (rw_number - 1) * 4 + i;
            domain::Rt rt{.number = number,
                          .rw_id = rw_id,
                          .rw_number = rw_number,
                          .head_name = dice.pick(kMaleNames) + " " + dice.pick(kSecondNames) + " (Demo)",
                          .head_phone = fmt::format("628110{}0{:04d}", variant, number * 10 + 1),
                          .deputy_name = dice.pick(kFemaleNames) + " " + dice.pick(kSecondNames) + " (Demo)",
                          .deputy_phone = fmt::format("628110{}0{:04d}", variant, number * 10 + 2),
                          .is_demo = true};
            rt.id = store.rts.upsert_rt(rt, now);
            rts.push_back(rt);
            ++report.rts;
        }
    }

    // About 300 residents: families of 1 to 6 spread evenly over the 12 RTs.
    int family = 0;
    while (report.residents < 300) {
        const domain::Rt& rt = rts[static_cast<std::size_t>(family) % rts.size()];
        ++family;
        const std::string surname = dice.pick(kSecondNames);
        const domain::CivilDate registered = random_date(dice, 2005, 2024);
        const std::string kk = fmt::format("647403{:02d}{:02d}{:02d}{}", registered.day, registered.month,
                                           registered.year % 100, kk_serials.take());
        const std::string address = fmt::format("{} {} No. {}", dice.pick(kStreets), dice.pick(kAlleys),
                                                dice.between(1, 120));
        const int children = dice.between(0, 4);
        const bool single_adult = dice.between(0, 9) == 0;

        struct Member {
            bool female;
            std::string role;
            domain::CivilDate birth;
            std::string marital;
        };
        std::vector<Member> members;
        const domain::CivilDate head_birth = random_date(dice, 1955, 1998);
        members.push_back({false, "Kepala Keluarga", head_birth, single_adult ? "Belum Kawin" : "Kawin"});
        if (!single_adult) {
            members.push_back({true, "Istri", random_date(dice, head_birth.year, std::min(head_birth.year + 6, 2000)),
                               "Kawin"});
            for (int c = 0; c < children; ++c) {
                int from = std::max(head_birth.year + 20, 1980);
                members.push_back({dice.between(0, 1) == 1, "Anak", random_date(dice, from, std::min(from + 22, 2024)),
                                   "Belum Kawin"});
            }
        }
        for (std::size_t m = 0; m < members.size(); ++m) {
            const Member& member = members[m];
            domain::Resident resident;
            std::string district = m == 0 ? dice.pick(kDistricts) : std::string("647403");
            resident.nik = make_nik(district, member.birth, member.female, nik_serials);
            resident.kk = kk;
            resident.full_name = (member.female ? dice.pick(kFemaleNames) : dice.pick(kMaleNames)) + " " +
                                 (m == 0 || member.role == "Anak" ? surname : dice.pick(kSecondNames));
            resident.sex = member.female ? 'P' : 'L';
            resident.birth_place = district == "647403" ? std::string("Bontang") : dice.pick(kBirthPlaces);
            resident.birth_date = member.birth;
            resident.religion = kReligions[static_cast<std::size_t>(family) % kReligions.size()];
            resident.marital_status = member.marital;
            bool adult = member.birth.year <= 2007;
            resident.occupation = member.role == "Istri" && dice.between(0, 1) == 0 ? "Mengurus Rumah Tangga"
                                  : adult                                          ? dice.pick(kOccupations)
                                                                                   : "Pelajar/Mahasiswa";
            resident.family_role = member.role;
            resident.address = address;
            resident.rt_id = rt.id;
            resident.is_demo = true;
            store.residents.upsert(resident, now);
            ++report.residents;
            // Two in three heads of family registered their WhatsApp number at the office.
            if (m == 0 && family % 3 != 0) {
                store.residents.add_verified_phone(resident.id, demo_family_phone(variant, family),
                                                   domain::PhoneVerification::registry, now);
                ++report.verified_phones;
            }
        }
    }
    report.families = static_cast<std::size_t>(family);

    for (const DemoAccount& account : demo_accounts()) {
        NewStaffUser user;
        user.username = account.username;
        user.full_name = "Akun Demo " + account.username;
        user.role = account.role;
        if (account.role == "rt") user.rt_number = 1;
        user.password = account.password;
        user.is_demo = true;
        auto added = add_staff_user(store, clock, user);
        if (!added) throw Error("demo account " + account.username + ": " + added.error().message);
        report.accounts.push_back(account);
    }
    store.meta.set("demo_data", "true");
    store.meta.set("demo_seeded_at", now);
    tx.commit();
    report.seeded = true;
    return report;
}

}  // namespace ekel::services
