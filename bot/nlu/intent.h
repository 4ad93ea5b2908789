#pragma once

#include <optional>
#include <string_view>

namespace ekel::bot::nlu {

/// What a WhatsApp message wants. The text form (to_string) is the enumerator name.
enum class Intent {
    greeting,
    request_letter,
    ask_requirements,
    ask_info,
    check_status,
    cancel,
    complaint,
    thanks,
    confirm,
    deny,
    help,
    provide_data,
    rt_approve,
    rt_reject,
    rt_revise,
    unknown
};
std::string_view to_string(Intent intent);
std::optional<Intent> parse_intent(std::string_view text);

/// An RT head's decision on a request (approve, reject, send back).
inline bool is_rt_decision(Intent intent) {
    return intent == Intent::rt_approve || intent == Intent::rt_reject || intent == Intent::rt_revise;
}

}  // namespace ekel::bot::nlu
