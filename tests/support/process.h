#pragma once

#include <sys/types.h>

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ekel::test {

/// A child process (one of our executables) with stdout and stderr captured to files.
/// Killed with SIGKILL on destruction if still running.
class ChildProcess {
public:
    ChildProcess(const std::string& program, const std::vector<std::string>& args,
                 const std::map<std::string, std::string>& extra_env, const std::string& work_dir,
                 const std::string& output_prefix, const std::string& stdin_text = "");
    ~ChildProcess();
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;

    void signal(int signo);
    /// Waits for the exit code; nullopt on timeout. -signo when killed by a signal.
    std::optional<int> wait(std::chrono::milliseconds timeout);
    std::string output() const;  ///< stdout so far
    std::string errors() const;  ///< stderr so far
    pid_t pid() const { return pid_; }

private:
    pid_t pid_ = -1;
    std::optional<int> exit_code_;
    std::string stdout_path_;
    std::string stderr_path_;
};

/// Runs to completion and returns {exit code, stdout, stderr}.
struct RunResult {
    int exit_code;
    std::string out;
    std::string err;
};
RunResult run_process(const std::string& program, const std::vector<std::string>& args,
                      const std::map<std::string, std::string>& extra_env, const std::string& work_dir,
                      const std::string& output_prefix, const std::string& stdin_text = "");

/// GET http://127.0.0.1:port/path until it answers or the deadline passes; returns the body of a
/// 200 answer.
std::optional<std::string> poll_get(int port, const std::string& path, std::chrono::milliseconds timeout);

/// A free loopback port at the time of asking.
int free_port();

}  // namespace ekel::test
