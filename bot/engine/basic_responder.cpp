#include "bot/engine/basic_responder.h"

#include "shared/db/store.h"
#include "shared/util/time.h"

namespace ekel::bot {

using messaging::InboundKind;

void BasicResponder::handle(const messaging::InboundMessage& message, db::Store& store, TimePoint now) {
    if (message.kind == InboundKind::reaction) return;  // a thumbs-up needs no answer
    messaging::OutboundMessage reply;
    reply.to = message.sender_wa_id;
    reply.to_user_id = message.sender_user_id;
    switch (message.kind) {
        case InboundKind::audio:
            reply.text = "Maaf, pesan suara belum dapat kami proses. Mohon tuliskan keperluan Anda dalam bentuk teks.";
            break;
        case InboundKind::sticker:
        case InboundKind::video:
        case InboundKind::unsupported:
        case InboundKind::contacts:
            reply.text = "Maaf, jenis pesan ini belum dapat kami proses. Mohon kirim pesan teks, "
                         "misalnya: \"mau urus surat domisili\".";
            break;
        default:
            reply.text = "Terima kasih, pesan Anda sudah kami terima. Ketik *menu* untuk melihat layanan surat.";
            break;
    }
    store.outbox.enqueue(reply, std::nullopt, format_utc(now));
}

}  // namespace ekel::bot
