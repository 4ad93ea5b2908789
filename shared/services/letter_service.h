#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>

#include "shared/config/config.h"
#include "shared/config/letter_types.h"
#include "shared/domain/letter.h"
#include "shared/domain/request.h"
#include "shared/domain/resident.h"
#include "shared/domain/staff.h"
#include "shared/services/letter_signer.h"
#include "shared/util/clock.h"
#include "shared/util/result.h"

namespace ekel::db {
class Store;
}

namespace ekel::services {

/// "400.12.2.1/007/KEL-BLB/XI/2026" from a letter type's pattern; the date is the local issue date.
std::string format_letter_number(const std::string& pattern, const std::string& classification, int number,
                                 const std::string& unit_code, const domain::CivilDate& date);

/// "Telepon (0548) 21234, Pos-el kel@…, Laman …" for the letterhead; empty parts are left out,
/// and an empty string when all are.
std::string letterhead_contact(const config::KelurahanProfile& kelurahan);

/// Replaces {{name}} placeholders with values; an unknown placeholder is left visible as "[name]"
/// (the catalogue is validated at start, so this only shows a missing value, never hides it).
/// A value that starts with the word just before its placeholder leaves that word out once
/// ("berlokasi di {{x}}" with "di rumah": "berlokasi di rumah").
std::string fill_placeholders(const std::string& text, const std::map<std::string, std::string>& values);

/// The signer of a letter of `type` when staff chose `chosen` (empty: the type's default, else
/// the first signer); nullptr for an unknown key.
const config::Signer* letter_signer(const config::Config& config, const config::LetterType& type,
                                    const std::string& chosen);

/// What the lurah chooses when issuing.
struct IssueOptions {
    std::string signer;  ///< a [[signer]] key; empty: the letter type's default
    std::string requirements_override;  ///< why mandatory requirements left unticked do not hold it up
    /// BSrE: the passphrase the signer typed for this issuance (or batch); never stored or logged.
    std::string passphrase;
};

/// One letter of a batch signing (LetterService::issue_many).
struct BatchIssue {
    std::int64_t request_id = 0;
    std::optional<domain::Letter> letter;  ///< issued
    std::string problem;                   ///< why not, in words for the lurah
    bool attempted = false;                ///< false: not tried, the batch stopped before it
};

/// Issues letters: the number from a gapless per-(scope, year) sequence, the PDF with its QR
/// code, the SHA-256, the status change and the WhatsApp message with the document, all in one
/// transaction. Also revocation and public verification.
class LetterService {
public:
    using Renderer = std::function<std::string(const domain::LetterDocument&)>;

    LetterService(db::Store& store, const Clock& clock, const config::Config& config,
                  const config::LetterCatalog& catalog, Renderer render, const LetterSigners& signers,
                  std::string letters_dir);

    /// Issues the letter of an RT-approved request, signed electronically by the chosen signer
    /// (a failed signature leaves no letter and no number used). Opens its own write
    /// transaction, after rendering and signing. Every mandatory item of the request's checklist must be ticked, or
    /// `options.requirements_override` must say why the letter is issued without them (at least
    /// 5 characters; recorded as a request event naming the items and who issued it).
    Result<domain::Letter> issue(std::int64_t request_id, const domain::StaffUser& staff, const IssueOptions& options = {});
    /// Issues several letters with one signer and one passphrase, each in its own transaction,
    /// in the given order (at most kMaxBatch). A letter that cannot be issued (status, ticks) is
    /// reported and the batch goes on; a signing failure (wrong passphrase, BSrE unreachable,
    /// expired certificate) stops it, so a wrong passphrase is not tried again on every letter.
    std::vector<BatchIssue> issue_many(const std::vector<std::int64_t>& request_ids, const domain::StaffUser& staff,
                                       const IssueOptions& options);
    static constexpr std::size_t kMaxBatch = 50;
    /// The PDF issue() would make now, marked DRAF on every page, without number or QR code.
    /// `request` may carry staff's unsaved edits; nothing is stored.
    Result<std::string> preview(const domain::Request& request, const IssueOptions& options) const;
    /// Revokes with a reason (lurah or admin; the caller checks the role).
    Result<domain::Letter> revoke(const std::string& token, const domain::StaffUser& staff, const std::string& reason);

    /// The document for a request as it would be printed (used by issue and by tests).
    domain::LetterDocument compose(const domain::Request& request, const std::optional<domain::Resident>& resident,
                                   const config::LetterType& type, const config::Signer& signer,
                                   const std::string& number, TimePoint issued, const std::string& verification_url) const;
    /// The public verification link for a token.
    std::string verification_url(const std::string& token) const;

private:
    struct Issuable;
    Result<Issuable> check_issuable(std::int64_t request_id, const IssueOptions& options) const;
    void finish_issue_in_transaction(const Issuable& ready, const domain::Letter& letter,
                                     const domain::StaffUser& staff, const std::string& url, TimePoint now);
    std::string signing_time_text(TimePoint at) const;
    const LetterSigner* signer_for(const config::Signer& signer) const;

    db::Store& store_;
    const Clock& clock_;
    const config::Config& config_;
    const config::LetterCatalog& catalog_;
    Renderer render_;
    const LetterSigners& signers_;
    std::string letters_dir_;
};

}  // namespace ekel::services
