// Writes signed, unique, Meta-shaped webhook bodies for the load generators: one line per
// request, "<X-Hub-Signature-256 value>\t<body>". Messages come from `senders` phones (default:
// one for every 4 messages) and each phone's successive messages use different phrases, so the
// bot does real conversation work for every one instead of suppressing repeats or floods.
#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "webhooks/envelope_builder.h"
#include "webhooks/signature.h"

int main(int argc, char** argv) {
    if (argc < 5) {
        std::cerr << "usage: make_webhooks OUT.tsv COUNT APP_SECRET RUN_TAG [SENDERS]\n";
        return 2;
    }
    const std::string out_path = argv[1];
    const long count = std::atol(argv[2]);
    const std::string secret = argv[3];
    const std::string tag = argv[4];
    const long senders = argc > 5 ? std::atol(argv[5]) : std::max(1L, count / 4);
    const std::vector<std::string> phrases = {
        "pagi pak, mau urus surat domisili buat kerja", "sy mau bikin sktm utk sekolah anak",
        "status permohonan saya gimana", "apa saja syarat surat keterangan usaha?",
        "6474031208850001", "12-08-1985", "terima kasih pak", "jam buka kantor kelurahan?"};
    std::ofstream out(out_path);
    for (long i = 0; i < count; ++i) {
        auto message = ekel::whatsapp::text_message("6281" + std::to_string(200000000 + i % senders),
                                                    "wamid.BENCH" + tag + "." + std::to_string(i),
                                                    phrases[static_cast<std::size_t>(i / senders) % phrases.size()],
                                                    1764200000 + i);
        std::string body = ekel::whatsapp::build_envelope({message}, {}, "123456789012345");
        out << ekel::whatsapp::sign_body(body, secret) << '\t' << body << '\n';
    }
    return 0;
}
