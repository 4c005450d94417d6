// `coopledger serve` (the HTTP+JSON API and the web page) and `coopledger token create|revoke|list`.
#include <CLI/CLI.hpp>
#include <spdlog/sinks/stdout_color_sinks.h>

#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <optional>
#include <ostream>
#include <thread>

#include "adapters/access_tokens.h"
#include "adapters/cli.h"
#include "adapters/dsn_store.h"
#include "adapters/http_api.h"
#include "adapters/payroll_parameters_json.h"
#include "adapters/http_server.h"
#include "adapters/rules_loader.h"
#include "engine/snapshot_keeper.h"
#include "engine/snapshots.h"

namespace coopledger::adapters {
namespace {

struct ServeArguments {
  std::string bind = "127.0.0.1";
  uint16_t port = 8080;
  int32_t threads = 32;
  double rate_limit = 1000;
  uint64_t body_bytes_max = 1 << 20;
  std::string web_dir;
  uint64_t snapshot_every = engine::kSnapshotEveryDefault;
};

// Writes the projections' snapshots while the server appends (engine/snapshot_keeper.h): a thread
// that catches up with the log every second, so that as-of queries start near the point asked
// for without a `rebuild`. A failure is logged and retried; it never stops the server.
class SnapshotThread {
 public:
  SnapshotThread(engine::EventStore* store, projections::Chart chart, engine::Seq every,
                 std::shared_ptr<spdlog::logger> log)
      : thread_([this, store, chart = std::move(chart), every, log] {
          Run(store, chart, every, *log);
        }) {}
  ~SnapshotThread() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
  }

 private:
  void Run(engine::EventStore* store, const projections::Chart& chart, engine::Seq every,
           spdlog::logger& log) {
    std::unique_ptr<engine::SnapshotKeeper> keeper;
    std::unique_lock lock(mutex_);
    while (!stopping_) {
      lock.unlock();
      if (!keeper) {
        Result<std::unique_ptr<engine::SnapshotKeeper>> opened =
            engine::SnapshotKeeper::Open(store, chart, every);
        if (opened) keeper = std::move(*opened);
        else log.error("snapshots: {}", opened.error().ToString());
      }
      if (keeper && store->head().seq > keeper->last_seq()) {
        Result<size_t> written = keeper->CatchUp();
        if (!written) {
          log.error("snapshots: {}", written.error().ToString());
          keeper.reset();  // Start again from the stored snapshots.
        } else if (*written > 0) {
          log.info("snapshots: {} written, up to seq {}", *written, keeper->last_seq());
        }
      }
      lock.lock();
      wake_.wait_for(lock, std::chrono::seconds(1), [this] { return stopping_; });
    }
  }

  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;  // Last: starts once the members above exist.
};

// The page's files: $COOPLEDGER_WEB if set, else the source tree's adapters/web known at build.
std::string DefaultWebDirectory() {
  if (const char* web = std::getenv("COOPLEDGER_WEB"); web != nullptr && *web != '\0') return web;
  return COOPLEDGER_WEB_DIR;
}

void RunServe(CliContext& context, ServeArguments arguments) {
  // The server writes its snapshots itself, as --snapshot-every says.
  context.keep_snapshots = false;

  const std::string url = "http://" + arguments.bind + ":" + std::to_string(arguments.port);
  // Named in the writer lock: a writing verb run meanwhile says the server holds the store.
  context.command_line = "coopledger serve at " + url;
  Result<projections::Chart> chart = LoadChart(context.rules_dir);
  if (!chart) return Fail(context, chart.error());
  Result<Books> books = OpenBooks(context);
  if (!books) return Fail(context, books.error());
  auto log = std::make_shared<spdlog::logger>(
      "serve", std::make_shared<spdlog::sinks::stderr_color_sink_mt>());
  log->set_level(spdlog::level::info);
  TokenRegistry tokens(AccessTokensPath(context.data_dir));
  RateLimiter limiter(arguments.rate_limit);
  ApiContext api;
  api.store = books->store.get();
  api.service = books->service.get();
  api.clock = context.clock;
  api.tokens = &tokens;
  api.limiter = &limiter;
  api.chart = std::move(*chart);
  api.web_dir = arguments.web_dir.empty() ? DefaultWebDirectory() : arguments.web_dir;
  api.log = log;
  if (Result<DsnRules> dsn_rules = LoadDsnRules(context.rules_dir)) {
    api.dsn_rules = std::make_shared<const DsnRules>(std::move(*dsn_rules));
  } else {
    api.dsn_rules_error = dsn_rules.error().ToString();
    log->warn("the DSN routes are off: {}", api.dsn_rules_error);
  }
  if (Result<std::vector<PayrollParameterFile>> files = LoadPayrollParameterFiles(context.rules_dir)) {
    api.payroll_files = std::make_shared<const std::vector<PayrollParameterFile>>(std::move(*files));
  } else {
    api.payroll_files_error = files.error().ToString();
    log->warn("the payroll simulation route is off: {}", api.payroll_files_error);
  }
  HttpServerOptions options;
  options.bind = arguments.bind;
  options.port = arguments.port;
  options.threads = std::max<int32_t>(1, arguments.threads);
  options.body_bytes_max = arguments.body_bytes_max;
  Result<std::unique_ptr<HttpServer>> server = HttpServer::Start(
      options, [&api](const HttpRequest& request) { return HandleApiRequest(api, request); }, log);
  if (!server) return Fail(context, server.error());
  std::optional<SnapshotThread> snapshots;
  if (arguments.snapshot_every > 0) {
    snapshots.emplace(books->store.get(), api.chart, arguments.snapshot_every, log);
  }
  *context.out << "coopledger: serving " << context.data_dir << " (head seq "
               << books->store->head().seq << ") at http://" << arguments.bind << ":"
               << (*server)->port() << "/ ; stop with Ctrl-C" << std::endl;
  (*server)->Run();
  snapshots.reset();
  *context.out << "coopledger: stopped; every acknowledged command is in the log" << std::endl;
}

void RunTokenCreate(CliContext& context, const TokenRequest& request, const std::string& role) {
  Result<events::ActorRole> parsed = ParseRole(role);
  if (!parsed) return Fail(context, parsed.error());
  TokenRequest checked = request;
  checked.role = *parsed;
  if (Status scope = CheckTokenScope(checked); !scope) return Fail(context, scope.error());
  // The scope must name what the store holds: a typo would make a token that sees nothing.
  Result<std::unique_ptr<engine::EventStore>> store = OpenForReading(context);
  if (!store) return Fail(context, store.error());
  projections::WorkState state;
  if (Status replayed = engine::ReplayLog(**store, [&state](const events::StoredEvent& event) {
        state.Apply(event);
      });
      !replayed) {
    return Fail(context, replayed.error());
  }
  if (!checked.activity.empty() && state.FindActivity(events::ActivityId{checked.activity}) == nullptr) {
    return Fail(context, Error(ErrorCode::kNotFound, "--scope: no activity " + checked.activity));
  }
  if (!checked.member.empty() && state.FindMember(events::MemberId{checked.member}) == nullptr) {
    return Fail(context, Error(ErrorCode::kNotFound, "--member: no member " + checked.member));
  }
  Result<std::pair<AccessToken, std::string>> created =
      CreateAccessToken(context.data_dir, checked, context.clock->Now());
  if (!created) return Fail(context, created.error());
  *context.out << created->first.id << " " << created->second << std::endl;
}

void RunTokenList(CliContext& context) {
  Result<std::vector<AccessToken>> tokens = ReadAccessTokens(AccessTokensPath(context.data_dir));
  if (!tokens) return Fail(context, tokens.error());
  for (const AccessToken& token : *tokens) {
    *context.out << token.id << "\t"
                 << events::EnumNames<events::ActorRole>::kNames[static_cast<size_t>(token.role)]
                 << "\t" << (token.activity.empty() ? "-" : token.activity) << "\t"
                 << (token.member.empty() ? "-" : token.member) << "\t"
                 << (token.revoked ? "revoked" : "active") << "\t" << token.created_at << "\n";
  }
}

}  // namespace

void AddServeVerbs(CLI::App& app, CliContext& context) {
  auto arguments = std::make_shared<ServeArguments>();
  CLI::App* serve = app.add_subcommand(
      "serve", "Serve the HTTP+JSON API and the web page; holds the store for writing");
  serve->add_option("--data", context.data_dir, "The store's directory")->capture_default_str();
  serve->add_option("--rules", context.rules_dir, "Directory of the dated rules")->capture_default_str();
  serve->add_option("--port", arguments->port, "TCP port (0: any free port)")->capture_default_str();
  serve->add_option("--bind", arguments->bind, "Address to listen on")->capture_default_str();
  serve->add_option("--threads", arguments->threads, "Request threads")->capture_default_str();
  serve->add_option("--rate-limit", arguments->rate_limit,
                    "Requests per second per token (0: no limit)")
      ->capture_default_str();
  serve->add_option("--body-limit", arguments->body_bytes_max, "Largest request body, in bytes")
      ->capture_default_str();
  serve->add_option("--web", arguments->web_dir, "Directory of the web page's files");
  serve->add_option("--snapshot-every", arguments->snapshot_every,
                    "Write the projections' snapshots every N events while serving (0: never)")
      ->capture_default_str();
  serve->callback([&context, arguments] { RunServe(context, *arguments); });

  CLI::App* token = app.add_subcommand("token", "Bearer tokens of the HTTP API");
  token->require_subcommand(1);
  auto request = std::make_shared<TokenRequest>();
  auto role = std::make_shared<std::string>();
  CLI::App* create = token->add_subcommand("create", "Create a token; prints TOKEN_ID TOKEN once");
  create->add_option("--data", context.data_dir, "The store's directory")->capture_default_str();
  create->add_option("--role", *role,
                     "admin, support, facilitator, committee, accountant or member")
      ->required();
  create->add_option("--scope", request->activity, "The activity (facilitator, committee)");
  create->add_option("--member", request->member, "The member (member)");
  create->callback([&context, request, role] { RunTokenCreate(context, *request, *role); });

  auto token_id = std::make_shared<std::string>();
  CLI::App* revoke = token->add_subcommand("revoke", "Revoke a token: refused from the next request");
  revoke->add_option("--data", context.data_dir, "The store's directory")->capture_default_str();
  revoke->add_option("TOKEN_ID", *token_id, "The token's id (tok-...)")->required();
  revoke->callback([&context, token_id] {
    if (Status revoked = RevokeAccessToken(context.data_dir, *token_id); !revoked) {
      return Fail(context, revoked.error());
    }
    *context.out << "revoked " << *token_id << std::endl;
  });

  CLI::App* list = token->add_subcommand("list", "The tokens: id, role, scope, status (never the secret)");
  list->add_option("--data", context.data_dir, "The store's directory")->capture_default_str();
  list->callback([&context] { RunTokenList(context); });
}

}  // namespace coopledger::adapters
