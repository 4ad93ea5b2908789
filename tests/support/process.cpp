#include "tests/support/process.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <httplib.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <thread>

#include "tests/support/temp_dir.h"

extern char** environ;

namespace ekel::test {

ChildProcess::ChildProcess(const std::string& program, const std::vector<std::string>& args,
                           const std::map<std::string, std::string>& extra_env, const std::string& work_dir,
                           const std::string& output_prefix, const std::string& stdin_text)
    : stdout_path_(output_prefix + ".out"), stderr_path_(output_prefix + ".err") {
    std::string stdin_path = output_prefix + ".in";
    {
        FILE* f = std::fopen(stdin_path.c_str(), "wb");
        std::fwrite(stdin_text.data(), 1, stdin_text.size(), f);
        std::fclose(f);
    }
    std::vector<std::string> env_strings;
    for (char** e = environ; *e; ++e) {
        std::string entry(*e);
        std::string name = entry.substr(0, entry.find('='));
        if (!extra_env.count(name)) env_strings.push_back(entry);
    }
    for (const auto& [name, value] : extra_env) env_strings.push_back(name + "=" + value);

    pid_ = fork();
    if (pid_ == 0) {
        // The child starts with the parent's signal mask; our programs expect a clean one.
        sigset_t all;
        sigemptyset(&all);
        sigprocmask(SIG_SETMASK, &all, nullptr);
        int in = open(stdin_path.c_str(), O_RDONLY);
        int out = open(stdout_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        int err = open(stderr_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        dup2(in, 0);
        dup2(out, 1);
        dup2(err, 2);
        if (chdir(work_dir.c_str()) != 0) _exit(126);
        std::vector<char*> argv;
        argv.push_back(const_cast<char*>(program.c_str()));
        for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        std::vector<char*> envp;
        for (auto& e : env_strings) envp.push_back(e.data());
        envp.push_back(nullptr);
        execve(program.c_str(), argv.data(), envp.data());
        _exit(127);
    }
}

ChildProcess::~ChildProcess() {
    if (pid_ > 0 && !exit_code_) {
        kill(pid_, SIGKILL);
        int status = 0;
        waitpid(pid_, &status, 0);
    }
}

void ChildProcess::signal(int signo) {
    if (pid_ > 0 && !exit_code_) kill(pid_, signo);
}

std::optional<int> ChildProcess::wait(std::chrono::milliseconds timeout) {
    if (exit_code_) return exit_code_;
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (true) {
        int status = 0;
        pid_t done = waitpid(pid_, &status, WNOHANG);
        if (done == pid_) {
            exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
            return exit_code_;
        }
        if (std::chrono::steady_clock::now() > deadline) return std::nullopt;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
}

std::string ChildProcess::output() const { return read_text_file(stdout_path_); }
std::string ChildProcess::errors() const { return read_text_file(stderr_path_); }

RunResult run_process(const std::string& program, const std::vector<std::string>& args,
                      const std::map<std::string, std::string>& extra_env, const std::string& work_dir,
                      const std::string& output_prefix, const std::string& stdin_text) {
    ChildProcess child(program, args, extra_env, work_dir, output_prefix, stdin_text);
    auto code = child.wait(std::chrono::seconds(120));
    return {code.value_or(-999), child.output(), child.errors()};
}

std::optional<std::string> poll_get(int port, const std::string& path, std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        httplib::Client client("127.0.0.1", port);
        client.set_connection_timeout(std::chrono::milliseconds(200));
        if (auto res = client.Get(path.c_str()); res && res->status == 200) return res->body;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return std::nullopt;
}

int free_port() {
    // A plain socket: httplib::Server keeps its bound socket open after destruction in 0.11.4.
    int sock = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    socklen_t length = sizeof(address);
    int port = -1;
    if (bind(sock, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0 &&
        getsockname(sock, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
        port = ntohs(address.sin_port);
    }
    close(sock);
    return port;
}

}  // namespace ekel::test
