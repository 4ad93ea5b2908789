#include <doctest/doctest.h>

#include <set>

#include "shared/domain/request_status.h"

TEST_SUITE_BEGIN("domain");

using namespace ekel::domain;
using S = RequestStatus;

TEST_CASE("the request state machine allows exactly the documented transitions") {
    std::set<std::pair<S, S>> allowed = {
        {S::submitted, S::rt_approved},   {S::submitted, S::rt_rejected},    {S::submitted, S::needs_revision},
        {S::submitted, S::cancelled},     {S::submitted, S::rejected},       {S::needs_revision, S::submitted},
        {S::needs_revision, S::cancelled}, {S::needs_revision, S::rejected}, {S::rt_approved, S::issued},
        {S::rt_approved, S::needs_revision}, {S::rt_approved, S::rejected},  {S::rt_approved, S::cancelled},
        {S::issued, S::collected},
    };
    for (S from : all_request_statuses()) {
        for (S to : all_request_statuses()) {
            CAPTURE(to_string(from));
            CAPTURE(to_string(to));
            CHECK(can_transition(from, to) == (allowed.count({from, to}) == 1));
        }
    }
}

TEST_CASE("final states accept no transition") {
    for (S status : {S::rt_rejected, S::rejected, S::collected, S::cancelled}) {
        CAPTURE(to_string(status));
        CHECK(is_final(status));
    }
    CHECK_FALSE(is_final(S::submitted));
    CHECK_FALSE(is_final(S::issued));
}

TEST_CASE("status names round-trip through their stored text") {
    for (S status : all_request_statuses()) {
        CHECK(parse_request_status(to_string(status)) == status);
        CHECK_FALSE(describe_for_citizen(status).empty());
    }
    CHECK_FALSE(parse_request_status("approved"));
}

TEST_CASE("an illegal transition names both states") {
    InvalidTransition error(S::collected, S::submitted);
    CHECK(std::string(error.what()) == "illegal request status transition collected -> submitted");
}

TEST_CASE("every history entry staff see is named in Indonesian, never by its code") {
    std::vector<std::string> actions;
    for (const auto status : all_request_statuses()) actions.emplace_back(to_string(status));
    for (const char* other : {"rt_action_refused", "escalated", "rt_reminded", "collection_booked", "collection_moved",
                              "requirement_ticked", "requirement_unticked", "requirements_overridden"}) {
        actions.emplace_back(other);
    }
    for (const auto& action : actions) {
        CAPTURE(action);
        const std::string_view words = describe_event(action);
        CHECK(words != action);
        CHECK(words.find('_') == std::string_view::npos);
    }
    CHECK(describe_event("rt_approved") == "Disetujui RT");
    CHECK(describe_event("something_new") == "something_new");
}

TEST_SUITE_END();
