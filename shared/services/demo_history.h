#pragma once

#include <string>

#include "shared/config/config.h"
#include "shared/config/letter_types.h"
#include "shared/services/letter_service.h"
#include "shared/util/clock.h"

namespace ekel::db {
class Store;
}

namespace ekel::services {

struct DemoHistoryReport {
    int requests = 0;
    int letters = 0;
    int collected = 0;
    int surveys = 0;
    int complaints = 0;
};

/// Six weeks of synthetic service history for the demo registry, so that a fresh `make run`
/// shows a working office: requests filed on WhatsApp and at the desk, decided by RTs (a few
/// refused, some still waiting), letters issued through the real LetterService (numbers, PDFs),
/// originals collected, answered satisfaction surveys and complaints. Every step goes through the
/// services at its own past moment, so the audit trail and the reports are what they would be.
/// Deterministic. Call only right after seed_demo created the registry.
DemoHistoryReport seed_demo_history(db::Store& store, const config::Config& config, const config::LetterCatalog& catalog,
                                    LetterService::Renderer render, const LetterSigners& signers,
                                    const std::string& letters_dir, TimePoint now, int variant = 0);

}  // namespace ekel::services
