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

}  // namespace ekel::bot::nlu
