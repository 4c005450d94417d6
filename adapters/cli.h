// The `coopledger` command line (CLI11). Every verb takes --data DIR (default ./data), prints one
// clear line on stderr and exits non-zero on failure.
#ifndef COOPLEDGER_ADAPTERS_CLI_H_
#define COOPLEDGER_ADAPTERS_CLI_H_

#include <spdlog/logger.h>

#include <iosfwd>
#include <memory>
#include <optional>
#include <string>

#include "engine/clock.h"
#include "engine/command_service.h"
#include "engine/event_store.h"

namespace CLI {
class App;
}

namespace coopledger::adapters {

// Exit codes, relied on by scripts.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;       // The command could not be carried out.
inline constexpr int kExitInvalidInput = 2;  // Bad arguments or input: change them.
inline constexpr int kExitVerifyFailed = 3;  // The chain or a file failed its checks.

// What every verb shares. Built by main(); outlives every verb.
struct CliContext {
  std::string data_dir = "./data";
  std::string rules_dir;  // Dated rules (VAT rates...); set by main() to the default.
  std::string command_line;  // Recorded in the writer lock.
  engine::Clock* clock = nullptr;
  std::shared_ptr<spdlog::logger> log;
  std::istream* in = nullptr;
  std::ostream* out = nullptr;
  std::ostream* err = nullptr;
  int exit_code = kExitOk;
  // The head when a verb first opened the store for writing (set by OpenForWriting): after the
  // verb, the snapshots its events made due are written (WriteDueSnapshots). `demo` turns it
  // off: a bulk load leaves them to `rebuild` or to the server.
  mutable std::optional<engine::Seq> written_from;
  bool keep_snapshots = true;
};

// Reports `error` on stderr as "coopledger: <code>: <message>" and sets the exit code for it.
void Fail(CliContext& context, const Error& error);

// The role named by --role ("admin", "facilitator"...); kInvalidArgument naming it otherwise.
Result<events::ActorRole> ParseRole(const std::string& role);

// Opens the store of --data for writing (taking the writer lock) or for reading.
Result<std::unique_ptr<engine::EventStore>> OpenForWriting(const CliContext& context);
Result<std::unique_ptr<engine::EventStore>> OpenForReading(const CliContext& context);

// A store opened for writing with its command service.
struct Books {
  std::unique_ptr<engine::EventStore> store;
  std::unique_ptr<engine::CommandService> service;  // Uses `store`: destroyed first.
  Books() = default;
  Books(Books&&) = default;
  Books& operator=(Books&&) = default;
  ~Books() { service.reset(); }
};
Result<Books> OpenBooks(const CliContext& context);

// Verb families, each in its own file.
void AddStoreVerbs(CLI::App& app, CliContext& context);  // init append log verify stats backup restore
void AddCommandVerbs(CLI::App& app, CliContext& context);  // record <command>
void AddViewVerbs(CLI::App& app, CliContext& context);     // balances receivables
void AddDemoVerbs(CLI::App& app, CliContext& context);     // demo
void AddDocumentVerbs(CLI::App& app, CliContext& context);  // invoice pdf
void AddImportVerbs(CLI::App& app, CliContext& context);    // import KIND FILE (CSV)
void AddBooksVerbs(CLI::App& app, CliContext& context);     // export fec|ledger, report trial-balance
void AddFecCheckVerbs(CLI::App& app, CliContext& context);  // check-fec FILE
void AddReportVerbs(CLI::App& app, CliContext& context);    // report general-ledger etc., export sage
void AddPayrollVerbs(CLI::App& app, CliContext& context);   // payroll run show close pay pdf simulate
void AddServeVerbs(CLI::App& app, CliContext& context);     // serve, token create|revoke|list
void AddDsnCheckVerbs(CLI::App& app, CliContext& context);  // check-dsn FILE
void AddDsnVerbs(CLI::App& app, CliContext& context);       // export dsn, declare dsn, report urssaf
void AddSealVerbs(CLI::App& app, CliContext& context);      // seal seals prove verify-proof
void AddAuditVerbs(CLI::App& app, CliContext& context);     // explain diff

// Parses argv and runs the chosen verb. Returns the process exit code.
int RunCli(int argc, char** argv, CliContext& context);

}  // namespace coopledger::adapters

#endif  // COOPLEDGER_ADAPTERS_CLI_H_
