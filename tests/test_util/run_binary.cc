#include "tests/test_util/run_binary.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace coopledger::test {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream content;
  content << in.rdbuf();
  return content.str();
}

}  // namespace

RunOutput RunCoopledger(const std::vector<std::string>& arguments, const std::string& input) {
  const char* binary = std::getenv("COOPLEDGER_BINARY");
  RunOutput output;
  if (binary == nullptr) {
    output.err = "COOPLEDGER_BINARY is not set";
    return output;
  }
  // Files rather than pipes: no deadlock on large outputs, and nothing to poll.
  char directory_pattern[] = "/tmp/coopledger-run-XXXXXX";
  const std::string directory = mkdtemp(directory_pattern);
  const std::string in_path = directory + "/in";
  const std::string out_path = directory + "/out";
  const std::string err_path = directory + "/err";
  std::ofstream(in_path, std::ios::binary) << input;

  const pid_t pid = fork();
  if (pid == 0) {
    const int in_fd = open(in_path.c_str(), O_RDONLY);
    const int out_fd = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    const int err_fd = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(in_fd, STDIN_FILENO);
    dup2(out_fd, STDOUT_FILENO);
    dup2(err_fd, STDERR_FILENO);
    std::vector<char*> argv;
    argv.push_back(const_cast<char*>(binary));
    for (const std::string& argument : arguments) argv.push_back(const_cast<char*>(argument.c_str()));
    argv.push_back(nullptr);
    execv(binary, argv.data());
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  output.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  output.out = ReadFile(out_path);
  output.err = ReadFile(err_path);
  std::remove(in_path.c_str());
  std::remove(out_path.c_str());
  std::remove(err_path.c_str());
  rmdir(directory.c_str());
  return output;
}

}  // namespace coopledger::test
