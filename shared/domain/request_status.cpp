#include "shared/domain/request_status.h"

#include <array>
#include <utility>

namespace ekel::domain {

namespace {

struct StatusInfo {
    RequestStatus status;
    std::string_view name;
    std::string_view citizen_words;
    std::string_view event_words;  ///< a history entry that moved a request into this status
};

constexpr std::array<StatusInfo, 8> kStatuses = {{
    {RequestStatus::submitted, "submitted", "menunggu persetujuan Ketua RT", "Diajukan"},
    {RequestStatus::needs_revision, "needs_revision", "perlu diperbaiki oleh pemohon", "Dikembalikan untuk diperbaiki"},
    {RequestStatus::rt_approved, "rt_approved", "disetujui Ketua RT, sedang diproses kelurahan", "Disetujui RT"},
    {RequestStatus::rt_rejected, "rt_rejected", "ditolak oleh Ketua RT", "Ditolak RT"},
    {RequestStatus::rejected, "rejected", "ditolak oleh kelurahan", "Ditolak kelurahan"},
    {RequestStatus::issued, "issued", "surat sudah terbit", "Surat diterbitkan"},
    {RequestStatus::collected, "collected", "surat sudah diambil", "Surat diambil"},
    {RequestStatus::cancelled, "cancelled", "dibatalkan", "Dibatalkan pemohon"},
}};

// History entries that change no status.
constexpr std::array<std::pair<std::string_view, std::string_view>, 9> kOtherEvents = {{
    {"rt_action_refused", "Perintah RT tidak diterima"},
    {"escalated", "Diteruskan ke petugas kelurahan"},
    {"rt_reminded", "Ketua RT diingatkan"},
    {"collection_booked", "Jadwal pengambilan dipesan"},
    {"collection_moved", "Jadwal pengambilan dipindah"},
    {"content_edited", "Isi surat diubah"},
    {"requirement_ticked", "Persyaratan diperiksa"},
    {"requirement_unticked", "Centang persyaratan dibatalkan"},
    {"requirements_overridden", "Diterbitkan tanpa kelengkapan persyaratan"},
}};

using S = RequestStatus;
constexpr std::array<std::pair<S, S>, 13> kTransitions = {{
    {S::submitted, S::rt_approved},
    {S::submitted, S::rt_rejected},
    {S::submitted, S::needs_revision},
    {S::submitted, S::cancelled},
    {S::needs_revision, S::submitted},
    {S::needs_revision, S::cancelled},
    {S::rt_approved, S::issued},
    {S::rt_approved, S::needs_revision},
    {S::rt_approved, S::rejected},
    {S::rt_approved, S::cancelled},
    {S::issued, S::collected},
    // Staff may refuse an obviously invalid request (spam, duplicate) before the RT acts.
    {S::submitted, S::rejected},
    {S::needs_revision, S::rejected},
}};

const StatusInfo& info(RequestStatus status) {
    for (const auto& entry : kStatuses) {
        if (entry.status == status) return entry;
    }
    throw Error("unknown request status");
}

}  // namespace

std::string_view to_string(RequestStatus status) { return info(status).name; }

std::optional<RequestStatus> parse_request_status(std::string_view text) {
    for (const auto& entry : kStatuses) {
        if (entry.name == text) return entry.status;
    }
    return std::nullopt;
}

const std::vector<RequestStatus>& all_request_statuses() {
    static const std::vector<RequestStatus> all = [] {
        std::vector<RequestStatus> v;
        for (const auto& entry : kStatuses) v.push_back(entry.status);
        return v;
    }();
    return all;
}

bool can_transition(RequestStatus from, RequestStatus to) {
    for (const auto& [a, b] : kTransitions) {
        if (a == from && b == to) return true;
    }
    return false;
}

bool is_final(RequestStatus status) {
    for (const auto& [a, b] : kTransitions) {
        if (a == status) return false;
    }
    return true;
}

std::string_view describe_for_citizen(RequestStatus status) { return info(status).citizen_words; }

std::string_view describe_event(std::string_view action) {
    if (auto status = parse_request_status(action)) return info(*status).event_words;
    for (const auto& [name, words] : kOtherEvents) {
        if (name == action) return words;
    }
    return action;
}

InvalidTransition::InvalidTransition(RequestStatus from, RequestStatus to)
    : Error("illegal request status transition " + std::string(to_string(from)) + " -> " +
            std::string(to_string(to))) {}

}  // namespace ekel::domain
