// The baseline for the webhook benchmark: cpp-httplib answering 200 to every POST, configured
// like our servers (TCP_NODELAY, same thread count), with no work at all.
#include <httplib.h>

#include <csignal>
#include <cstdlib>
#include <iostream>

int main(int argc, char** argv) {
    int port = argc > 1 ? std::atoi(argv[1]) : 18090;
    int threads = argc > 2 ? std::atoi(argv[2]) : 8;
    httplib::Server server;
    server.set_tcp_nodelay(true);
    server.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<std::size_t>(threads)); };
    server.Post("/webhooks/whatsapp", [](const httplib::Request&, httplib::Response& res) {
        res.set_content(R"({"status":"received"})", "application/json");
    });
    std::cout << "bare server on 127.0.0.1:" << port << std::endl;
    return server.listen("127.0.0.1", port) ? 0 : 1;
}
