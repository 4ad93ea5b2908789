#include "webhooks/envelope_parser.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <limits>
#include <optional>
#include <utility>

namespace ekel::whatsapp {

namespace {

using messaging::InboundKind;
using messaging::InboundMessage;
using nlohmann::json;

constexpr std::string_view kObject = "whatsapp_business_account";
// Meta's payloads nest about ten levels. The cap keeps the recursive copy and dump of a
// hostile body from exhausting the stack.
constexpr int kMaxDepth = 64;
// Meta's text is at most 4,096 characters and a full envelope of 1,000 messages holds about
// 25,000 values. Larger strings or more values cannot come from Meta; stopping at them keeps a
// hostile body from being built into a document many times its size.
constexpr std::size_t kMaxString = 64 * 1024;
constexpr std::size_t kMaxValues = 50'000;
// 2100-01-01T00:00:00Z: later timestamps are refused.
constexpr std::uint64_t kFirstSecondOf2100 = 4102444800;
// Names Meta sends (change fields, status words) are echoed into notes, but never at length.
constexpr std::size_t kMaxEchoedName = 40;
// The parser's own reason; some quote the offending token, which can be as long as the body.
constexpr std::size_t kMaxEchoedReason = 200;

std::string member_path(const std::string& parent, std::string_view key) {
    if (parent.empty()) return std::string(key);
    return parent + "." + std::string(key);
}

std::string item_path(const std::string& array, std::size_t index) {
    return array + "[" + std::to_string(index) + "]";
}

/// At most `limit` bytes of `text`, never splitting a UTF-8 sequence, with "…" when cut.
std::string shortened(std::string_view text, std::size_t limit) {
    if (text.size() <= limit) return std::string(text);
    std::size_t cut = limit;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    return std::string(text.substr(0, cut)) + "…";
}

std::string quoted_name(std::string_view name) { return fmt::format("\"{}\"", shortened(name, kMaxEchoedName)); }

bool is_digits(std::string_view text) {
    return !text.empty() &&
           std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

/// A value inside the parsed document with its path; empty when absent or after a problem.
struct Node {
    const json* value = nullptr;
    std::string path;

    explicit operator bool() const { return value != nullptr; }
    const json& operator*() const { return *value; }
    const json* operator->() const { return value; }
};

enum class Need { optional, required, non_empty };

/// Typed reads that remember the first problem. After a problem every read returns an empty
/// value, so callers check ok() only where they would act on what they read.
class Reader {
  public:
    bool ok() const { return !problem_.has_value(); }
    Problem take_problem() { return std::move(*problem_); }

    void fail(const std::string& path, std::string_view what) {
        if (!problem_) problem_ = Problem{path, path + " " + std::string(what)};
    }

    /// Absent and null are the same: fine when optional, a problem when required.
    Node member(const Node& parent, std::string_view key, Need need) {
        Node child{nullptr, member_path(parent.path, key)};
        if (!ok() || !parent || !parent->is_object()) return child;
        auto it = parent->find(key);
        if (it == parent->end() || it->is_null()) {
            if (need != Need::optional) fail(child.path, "is required");
            return child;
        }
        child.value = &*it;
        return child;
    }

    Node object(const Node& parent, std::string_view key, Need need) {
        Node child = member(parent, key, need);
        if (child && !child->is_object()) {
            fail(child.path, "must be an object");
            child.value = nullptr;
        }
        return child;
    }

    Node array(const Node& parent, std::string_view key, Need need) {
        Node child = member(parent, key, need);
        if (child && !child->is_array()) {
            fail(child.path, "must be an array");
            child.value = nullptr;
        }
        return child;
    }

    /// The items of an array, each of which must be an object.
    std::vector<Node> objects_in(const Node& array) {
        std::vector<Node> items;
        if (!ok() || !array) return items;
        for (std::size_t i = 0; i < array->size(); ++i) {
            Node item{&(*array)[i], item_path(array.path, i)};
            if (!item->is_object()) {
                fail(item.path, "must be an object");
                return {};
            }
            items.push_back(std::move(item));
        }
        return items;
    }

    std::string string(const Node& parent, std::string_view key, Need need) {
        Node child = member(parent, key, need);
        if (!child) return {};
        if (!child->is_string()) {
            fail(child.path, "must be a string");
            return {};
        }
        std::string text = child->get<std::string>();
        if (need == Need::non_empty && text.empty()) fail(child.path, "must not be empty");
        return text;
    }

    /// Meta writes phone numbers as digits; one of its tables shows a leading '+', so both are
    /// taken. An empty string counts as absent.
    std::string phone(const Node& parent, std::string_view key) {
        std::string text = string(parent, key, Need::optional);
        if (text.empty()) return text;
        std::string digits = text.front() == '+' ? text.substr(1) : text;
        if (!is_digits(digits)) {
            fail(member_path(parent.path, key), "must be a phone number written in digits");
            return {};
        }
        return digits;
    }

    bool boolean(const Node& parent, std::string_view key) {
        Node child = member(parent, key, Need::optional);
        if (!child) return false;
        if (!child->is_boolean()) {
            fail(child.path, "must be true or false");
            return false;
        }
        return child->get<bool>();
    }

    double number(const Node& parent, std::string_view key, Need need) {
        Node child = member(parent, key, need);
        if (!child) return 0;
        if (!child->is_number()) {
            fail(child.path, "must be a number");
            return 0;
        }
        return child->get<double>();
    }

    /// An error code: a whole number that fits an int.
    int code(const Node& parent, std::string_view key) {
        Node child = member(parent, key, Need::optional);
        if (!child) return 0;
        if (child->is_number_unsigned()) {
            const auto value = child->get<std::uint64_t>();
            if (value <= static_cast<std::uint64_t>(std::numeric_limits<int>::max()))
                return static_cast<int>(value);
        } else if (child->is_number_integer()) {
            const auto value = child->get<std::int64_t>();
            if (value >= std::numeric_limits<int>::min() &&
                value <= std::numeric_limits<int>::max()) {
                return static_cast<int>(value);
            }
        }
        fail(child.path, "must be a whole number");
        return 0;
    }

    /// Unix seconds. Meta sends a string of digits; a JSON whole number is taken too. Anything
    /// from the year 2100 on is refused: it cannot be a real message, and a time point that far
    /// out no longer fits the nanosecond clock it is stored through.
    std::int64_t unix_time(const Node& parent, std::string_view key, Need need) {
        Node child = member(parent, key, need);
        if (!child) return 0;
        std::optional<std::uint64_t> value;
        if (child->is_number_unsigned()) {
            value = child->get<std::uint64_t>();
        } else if (child->is_string()) {
            const auto& text = child->get_ref<const std::string&>();
            std::uint64_t parsed = 0;
            if (is_digits(text)) {
                const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), parsed);
                if (error == std::errc{} && end == text.data() + text.size()) value = parsed;
            }
        }
        if (!value) {
            fail(child.path, "must be Unix seconds (a string of digits or a whole number)");
            return 0;
        }
        if (*value >= kFirstSecondOf2100) {
            fail(child.path, "must be Unix seconds before the year 2100");
            return 0;
        }
        return static_cast<std::int64_t>(*value);
    }

  private:
    std::optional<Problem> problem_;
};

/// A fast look at a large body before it is parsed: a string, a nesting or a number of values
/// that cannot come from Meta is refused before a document is built for it. Counts are lower
/// bounds (a string's escapes count as one byte each; values are commas plus containers), so
/// everything it refuses the parser would refuse too, and the parser checks the rest exactly.
std::optional<Problem> prescan(std::string_view text, const std::string& name) {
    int depth = 0;
    std::size_t values = 0;
    bool in_string = false;
    std::size_t string_bytes = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (in_string) {
            if (c == '"') {
                in_string = false;
            } else {
                if (c == '\\') ++i;  // an escape is at least one byte of the string
                if (++string_bytes > kMaxString) {
                    return Problem{name, name + " holds a string longer than " + std::to_string(kMaxString) + " bytes"};
                }
            }
            continue;
        }
        switch (c) {
            case '"':
                in_string = true;
                string_bytes = 0;
                break;
            case '[':
            case '{':
                if (++depth > kMaxDepth) {
                    return Problem{name, name + " nests deeper than " + std::to_string(kMaxDepth) + " levels"};
                }
                [[fallthrough]];
            case ',':
                if (++values > kMaxValues) {
                    return Problem{name, name + " holds more than " + std::to_string(kMaxValues) + " values"};
                }
                break;
            case ']':
            case '}':
                --depth;
                break;
            default:
                break;
        }
    }
    return std::nullopt;
}

/// Thrown by the parser callback to stop reading a body that cannot be Meta's.
struct Oversized {
    std::string what;
};

std::optional<Problem> parse_json(std::string_view text, const std::string& name, json& out) {
    // Small bodies cannot hold what prescan() looks for; Meta's usual ones are a few KiB.
    if (text.size() > kMaxString) {
        if (auto problem = prescan(text, name)) return problem;
    }
    bool too_deep = false;
    std::size_t values = 0;
    const json::parser_callback_t limit_depth = [&too_deep, &values, &name](int depth, json::parse_event_t event,
                                                                            json& parsed) {
        if (depth >= kMaxDepth && (event == json::parse_event_t::object_start ||
                                   event == json::parse_event_t::array_start)) {
            too_deep = true;
            return false;  // discard: the subtree is never built
        }
        if (event == json::parse_event_t::value || event == json::parse_event_t::object_start ||
            event == json::parse_event_t::array_start) {
            if (++values > kMaxValues) {
                throw Oversized{name + " holds more than " + std::to_string(kMaxValues) + " values"};
            }
        }
        if (event == json::parse_event_t::value && parsed.is_string() &&
            parsed.get_ref<const std::string&>().size() > kMaxString) {
            throw Oversized{name + " holds a string longer than " + std::to_string(kMaxString) + " bytes"};
        }
        return true;
    };
    try {
        out = json::parse(text.begin(), text.end(), limit_depth);
    } catch (const Oversized& oversized) {
        out = nullptr;
        return Problem{name, oversized.what};
    } catch (const json::exception& e) {
        // Keep the position and reason; drop the library's tag and the echoed input, which may
        // quote a citizen's words.
        std::string what = e.what();
        if (auto tag_end = what.find("] ");
            what.starts_with("[json.exception.") && tag_end != std::string::npos) {
            what.erase(0, tag_end + 2);
        }
        if (auto echo = what.find("; last read"); echo != std::string::npos) what.erase(echo);
        // Some messages quote the offending token ("number overflow parsing '999…'"), which can
        // be as long as the body.
        what = shortened(what, kMaxEchoedReason);
        return Problem{name, "not valid JSON: " + what};
    }
    if (too_deep)
        return Problem{name, name + " nests deeper than " + std::to_string(kMaxDepth) + " levels"};
    if (!out.is_object()) return Problem{name, name + " must be a JSON object"};
    return std::nullopt;
}

/// One value.contacts[] item: who sent the messages of a change.
struct Contact {
    const json* raw = nullptr;
    std::string wa_id;
    std::string user_id;
    std::string name;
};

Contact read_contact(Reader& r, const Node& item) {
    Contact contact;
    contact.raw = item.value;
    contact.wa_id = r.phone(item, "wa_id");
    contact.user_id = r.string(item, "user_id", Need::optional);
    contact.name = r.string(r.object(item, "profile", Need::optional), "name", Need::optional);
    return contact;
}

const Contact* match_contact(const std::vector<Contact>& contacts, const std::string& wa_id,
                             const std::string& user_id) {
    if (!wa_id.empty()) {
        for (const auto& contact : contacts) {
            if (contact.wa_id == wa_id) return &contact;
        }
    }
    if (!user_id.empty()) {
        for (const auto& contact : contacts) {
            if (contact.user_id == user_id) return &contact;
        }
    }
    if (contacts.size() == 1) return &contacts.front();
    return nullptr;
}

std::optional<InboundKind> media_kind(std::string_view type) {
    if (type == "image") return InboundKind::image;
    if (type == "document") return InboundKind::document;
    if (type == "audio") return InboundKind::audio;
    if (type == "video") return InboundKind::video;
    if (type == "sticker") return InboundKind::sticker;
    return std::nullopt;
}

void read_interactive(Reader& r, const Node& item, InboundMessage& m) {
    const Node interactive = r.object(item, "interactive", Need::required);
    const std::string subtype = r.string(interactive, "type", Need::non_empty);
    if (!r.ok()) return;
    if (subtype == "button_reply" || subtype == "list_reply") {
        const Node reply = r.object(interactive, subtype, Need::required);
        m.kind = subtype == "button_reply" ? InboundKind::button_reply : InboundKind::list_reply;
        m.reply_id = r.string(reply, "id", Need::required);
        m.text = r.string(reply, "title", Need::required);
        if (m.kind == InboundKind::list_reply)
            m.reply_description = r.string(reply, "description", Need::optional);
        return;
    }
    // nfm_reply (flows) and whatever Meta adds next: answered politely, not dropped.
    m.kind = InboundKind::unsupported;
    m.unsupported_type = "interactive." + subtype;
}

void read_media(Reader& r, const Node& item, const std::string& type, InboundKind kind,
                InboundMessage& m) {
    const Node media = r.object(item, type, Need::required);
    messaging::MediaRef ref;
    ref.media_id = r.string(media, "id", Need::non_empty);
    ref.mime_type = r.string(media, "mime_type", Need::optional);
    ref.sha256 = r.string(media, "sha256", Need::optional);
    ref.caption = r.string(media, "caption", Need::optional);
    ref.filename = r.string(media, "filename", Need::optional);
    ref.url = r.string(media, "url", Need::optional);
    ref.voice = r.boolean(media, "voice");
    m.kind = kind;
    m.media = std::move(ref);
}

void read_location(Reader& r, const Node& item, InboundMessage& m) {
    const Node node = r.object(item, "location", Need::required);
    messaging::Location location;
    location.latitude = r.number(node, "latitude", Need::required);
    location.longitude = r.number(node, "longitude", Need::required);
    location.name = r.string(node, "name", Need::optional);
    location.address = r.string(node, "address", Need::optional);
    if (!r.ok()) return;
    if (location.latitude < -90 || location.latitude > 90) {
        r.fail(member_path(node.path, "latitude"), "must be between -90 and 90");
    } else if (location.longitude < -180 || location.longitude > 180) {
        r.fail(member_path(node.path, "longitude"), "must be between -180 and 180");
    }
    m.kind = InboundKind::location;
    m.location = std::move(location);
}

void read_shared_contacts(Reader& r, const Node& item, InboundMessage& m) {
    m.kind = InboundKind::contacts;
    for (const Node& card : r.objects_in(r.array(item, "contacts", Need::required))) {
        messaging::SharedContact contact;
        contact.name =
            r.string(r.object(card, "name", Need::optional), "formatted_name", Need::optional);
        for (const Node& phone : r.objects_in(r.array(card, "phones", Need::optional))) {
            std::string number = r.string(phone, "phone", Need::optional);
            if (number.empty()) number = r.string(phone, "wa_id", Need::optional);
            if (!number.empty()) contact.phones.push_back(std::move(number));
        }
        m.contacts.push_back(std::move(contact));
    }
}

void read_content(Reader& r, const Node& item, const std::string& type, InboundMessage& m) {
    if (type == "text") {
        m.kind = InboundKind::text;
        m.text = r.string(r.object(item, "text", Need::required), "body", Need::required);
    } else if (type == "interactive") {
        read_interactive(r, item, m);
    } else if (type == "button") {
        // A quick-reply button of a template, not of our interactive messages.
        const Node button = r.object(item, "button", Need::required);
        m.kind = InboundKind::template_button;
        m.text = r.string(button, "text", Need::required);
        m.reply_id = r.string(button, "payload", Need::required);
    } else if (auto kind = media_kind(type)) {
        read_media(r, item, type, *kind, m);
    } else if (type == "location") {
        read_location(r, item, m);
    } else if (type == "contacts") {
        read_shared_contacts(r, item, m);
    } else if (type == "reaction") {
        // An empty or missing emoji means the citizen removed a reaction; kept so the bot can tell.
        const Node reaction = r.object(item, "reaction", Need::required);
        m.kind = InboundKind::reaction;
        m.reply_id = r.string(reaction, "message_id", Need::non_empty);
        m.text = r.string(reaction, "emoji", Need::optional);
    } else if (type == "unsupported") {
        m.kind = InboundKind::unsupported;
        m.unsupported_type =
            r.string(r.object(item, "unsupported", Need::optional), "type", Need::optional);
        if (m.unsupported_type.empty()) m.unsupported_type = type;
    } else {
        // order, system, request_welcome, edit … : answered politely, not rejected.
        m.kind = InboundKind::unsupported;
        m.unsupported_type = type;
    }
}

struct MessageRead {
    InboundMessage message;
    const Contact* contact = nullptr;
};

MessageRead read_message(Reader& r, const Node& item, const std::vector<Contact>& contacts,
                         const std::string& phone_number_id) {
    if (!r.ok() || !item) return {};
    InboundMessage m;
    m.phone_number_id = phone_number_id;
    m.message_id = r.string(item, "id", Need::non_empty);
    const std::string type = r.string(item, "type", Need::non_empty);
    m.timestamp = r.unix_time(item, "timestamp", Need::required);
    const std::string from = r.phone(item, "from");
    const std::string from_user_id = r.string(item, "from_user_id", Need::optional);
    m.context_message_id =
        r.string(r.object(item, "context", Need::optional), "id", Need::optional);
    const auto errors = r.objects_in(r.array(item, "errors", Need::optional));
    if (!errors.empty()) m.error_code = r.code(errors.front(), "code");
    if (!r.ok()) return {};

    const Contact* contact = match_contact(contacts, from, from_user_id);
    m.sender_wa_id = from;
    m.sender_user_id = from_user_id;
    if (contact) {
        m.profile_name = contact->name;
        // Ids are taken from the contact only when it is surely the sender: it matched on an id,
        // or the message names nobody and this is the change's only contact.
        const bool names_sender = !from.empty() || !from_user_id.empty();
        const bool same_person = !names_sender || (!from.empty() && contact->wa_id == from) ||
                                 (!from_user_id.empty() && contact->user_id == from_user_id);
        if (same_person) {
            if (m.sender_wa_id.empty()) m.sender_wa_id = contact->wa_id;
            if (m.sender_user_id.empty()) m.sender_user_id = contact->user_id;
        }
    }
    if (m.sender_wa_id.empty() && m.sender_user_id.empty()) {
        r.fail(item.path, "has neither from nor from_user_id, and no contact names the sender");
        return {};
    }
    read_content(r, item, type, m);
    return {std::move(m), contact};
}

std::string stored_form(const std::string& phone_number_id, const Contact* contact,
                        const json& message) {
    json stored = json::object();
    stored["phone_number_id"] = phone_number_id;
    stored["contact"] = contact ? *contact->raw : json(nullptr);
    stored["message"] = message;
    return stored.dump();
}

void read_status(Reader& r, const Node& item, const std::string& phone_number_id, ParsedEnvelope& out) {
    messaging::StatusUpdate update;
    update.phone_number_id = phone_number_id;
    update.message_id = r.string(item, "id", Need::non_empty);
    const std::string status = r.string(item, "status", Need::non_empty);
    update.timestamp = r.unix_time(item, "timestamp", Need::optional);
    update.recipient_id = r.string(item, "recipient_id", Need::optional);
    update.recipient_user_id = r.string(item, "recipient_user_id", Need::optional);
    update.callback_data = r.string(item, "biz_opaque_callback_data", Need::optional);
    const auto errors = r.objects_in(r.array(item, "errors", Need::optional));
    if (!errors.empty()) {
        update.error_code = r.code(errors.front(), "code");
        update.error_title = r.string(errors.front(), "title", Need::optional);
        update.error_details = r.string(r.object(errors.front(), "error_data", Need::optional),
                                        "details", Need::optional);
    }
    if (!r.ok()) return;
    const auto parsed = messaging::parse_delivery_status(status);
    if (!parsed) {
        // A status word Meta adds later must not make it redeliver the whole batch for a week.
        out.skipped.push_back(item.path + ": unknown status " + quoted_name(status) + " ignored");
        return;
    }
    update.status = *parsed;
    out.statuses.push_back(std::move(update));
}

std::string errors_note(const Node& errors) {
    // Only the codes: details may quote the message or the number it was meant for.
    std::string codes;
    for (const auto& error : *errors) {
        if (!codes.empty()) codes += ", ";
        const auto code = error.is_object() ? error.find("code") : error.end();
        codes += code != error.end() && code->is_number_integer()
                     ? std::to_string(code->get<std::int64_t>())
                     : "?";
    }
    return errors.path + " ignored: Meta reported error codes " + codes;
}

void read_change(Reader& r, const Node& change, ParsedEnvelope& out) {
    const std::string field = r.string(change, "field", Need::required);
    const Node value = r.object(change, "value", Need::required);
    if (!r.ok()) return;
    if (field != "messages") {
        out.skipped.push_back(change.path + ": field " + quoted_name(field) + " ignored");
        return;
    }
    const std::string product = r.string(value, "messaging_product", Need::required);
    if (r.ok() && product != "whatsapp")
        r.fail(member_path(value.path, "messaging_product"), "must be \"whatsapp\"");
    const Node messages = r.array(value, "messages", Need::optional);
    const Node statuses = r.array(value, "statuses", Need::optional);
    const Node errors = r.array(value, "errors", Need::optional);
    const bool has_messages = messages && !messages->empty();
    const Node metadata =
        r.object(value, "metadata", has_messages ? Need::required : Need::optional);
    const std::string phone_number_id =
        r.string(metadata, "phone_number_id", has_messages ? Need::non_empty : Need::optional);

    if (has_messages) {
        std::vector<Contact> contacts;
        for (const Node& item : r.objects_in(r.array(value, "contacts", Need::optional))) {
            contacts.push_back(read_contact(r, item));
        }
        for (const Node& item : r.objects_in(messages)) {
            MessageRead read = read_message(r, item, contacts, phone_number_id);
            if (!r.ok()) return;
            out.messages.push_back(
                {std::move(read.message), stored_form(phone_number_id, read.contact, *item)});
        }
    }
    for (const Node& item : r.objects_in(statuses)) {
        read_status(r, item, phone_number_id, out);
        if (!r.ok()) return;
    }
    if (r.ok() && errors && !errors->empty()) out.skipped.push_back(errors_note(errors));
}

}  // namespace

Result<ParsedEnvelope> parse_envelope(std::string_view body) {
    json doc;
    if (auto problem = parse_json(body, "body", doc)) return std::move(*problem);
    Reader r;
    const Node root{&doc, ""};
    const std::string object = r.string(root, "object", Need::required);
    if (r.ok() && object != kObject) r.fail("object", "must be \"whatsapp_business_account\"");
    ParsedEnvelope out;
    for (const Node& entry : r.objects_in(r.array(root, "entry", Need::required))) {
        for (const Node& change : r.objects_in(r.array(entry, "changes", Need::required))) {
            read_change(r, change, out);
            if (!r.ok()) break;
        }
        if (!r.ok()) break;
    }
    if (!r.ok()) return r.take_problem();
    return out;
}

Result<InboundMessage> parse_stored_inbound(std::string_view stored_json) {
    json doc;
    if (auto problem = parse_json(stored_json, "stored_json", doc)) return std::move(*problem);
    Reader r;
    const Node root{&doc, ""};
    const std::string phone_number_id = r.string(root, "phone_number_id", Need::non_empty);
    std::vector<Contact> contacts;
    if (const Node contact = r.object(root, "contact", Need::optional))
        contacts.push_back(read_contact(r, contact));
    MessageRead read =
        read_message(r, r.object(root, "message", Need::required), contacts, phone_number_id);
    if (!r.ok()) return r.take_problem();
    return std::move(read.message);
}

}  // namespace ekel::whatsapp
