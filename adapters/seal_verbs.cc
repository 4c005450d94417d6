// Seals and inclusion proofs: `seal`, `seals`, `prove SEQ`, `verify-proof [FILE|-]`.
#include <CLI/CLI.hpp>

#include <istream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <ostream>

#include "adapters/cli.h"
#include "adapters/files.h"
#include "adapters/proof_json.h"
#include "adapters/table_format.h"
#include "engine/hash_chain.h"
#include "engine/seals.h"

namespace coopledger::adapters {
namespace {

using nlohmann::json;

// A proof of a month of ten million events has a path of 24 hashes: a few kilobytes, but the
// event's bytes may be a large payslip.
constexpr size_t kProofBytesMax = 16 * 1024 * 1024;

struct SealArguments {
  std::string month;
  std::string actor_id = "cli";
  std::string role = "admin";
  std::string format = "table";
  events::Seq seq = 0;
  std::string out;
  std::string file = "-";
  std::string seal_hash;
};

std::string Hex(const events::Bytes& bytes) {
  return engine::ToHex(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

Result<Date> ParseMonth(const std::string& text) {
  Result<Date> month = Date::Parse(text + "-01");
  if (!month || text.size() != 7) {
    return Error(ErrorCode::kInvalidArgument, "--month: \"" + text + "\" is not YYYY-MM");
  }
  return month;
}

void RunSeal(CliContext& context, const SealArguments& arguments) {
  Result<Date> month = ParseMonth(arguments.month);
  if (!month) return Fail(context, month.error());
  Result<events::ActorRole> role = ParseRole(arguments.role);
  if (!role) return Fail(context, role.error());
  Result<Books> books = OpenBooks(context);
  if (!books) return Fail(context, books.error());
  Result<events::Seq> seq = engine::SealMonth(*books->store, *books->service, *context.clock,
                                              *month, events::CommandId{"seal-" + arguments.month},
                                              events::Actor{arguments.actor_id, *role});
  if (!seq) return Fail(context, seq.error());
  const events::StoredEvent sealed = books->store->ReadLog(*seq, 1).value().front();
  const auto& seal = std::get<events::SealRecorded>(sealed.body);
  *context.out << "sealed " << arguments.month << " at seq " << *seq << ": events "
               << seal.first_seq << ".." << seal.last_seq << ", head hash " << Hex(seal.head_hash)
               << ", Merkle root " << Hex(seal.merkle_root) << "\n";
}

void RunSeals(CliContext& context, const SealArguments& arguments) {
  Result<std::unique_ptr<engine::EventStore>> store = OpenForReading(context);
  if (!store) return Fail(context, store.error());
  Result<std::vector<events::StoredEvent>> seals = engine::ReadSeals(**store);
  if (!seals) return Fail(context, seals.error());
  const Row header = {"month", "seq", "recorded_at", "first_seq", "last_seq", "head_hash",
                      "merkle_root"};
  std::vector<Row> rows;
  json out = json::array();
  for (const events::StoredEvent& event : *seals) {
    const auto& seal = std::get<events::SealRecorded>(event.body);
    const std::string month = seal.month.ToString().substr(0, 7);
    rows.push_back({month, std::to_string(event.seq), event.recorded_at.ToString(),
                    std::to_string(seal.first_seq), std::to_string(seal.last_seq),
                    Hex(seal.head_hash), Hex(seal.merkle_root)});
    out.push_back(SealJson(event));
  }
  if (arguments.format == "json") *context.out << out.dump(2) << "\n";
  else *context.out << RenderTable(header, rows);
}

void RunProve(CliContext& context, const SealArguments& arguments) {
  Result<std::unique_ptr<engine::EventStore>> store = OpenForReading(context);
  if (!store) return Fail(context, store.error());
  Result<engine::InclusionProof> proof = engine::ProveInclusion(**store, arguments.seq);
  if (!proof) return Fail(context, proof.error());
  Result<std::string> text = RenderProof(*proof);
  if (!text) return Fail(context, text.error());
  if (arguments.out.empty()) {
    *context.out << *text;
    return;
  }
  if (Status written = WriteFileAtomically(arguments.out, *text); !written) {
    return Fail(context, written.error());
  }
  *context.out << arguments.out << "\n";
}

void RunVerifyProof(CliContext& context, const SealArguments& arguments) {
  std::string text;
  if (arguments.file == "-") {
    text.assign(std::istreambuf_iterator<char>(*context.in), std::istreambuf_iterator<char>());
  } else {
    Result<std::string> read = ReadFileUpTo(arguments.file, kProofBytesMax, ErrorCode::kNotFound);
    if (!read) return Fail(context, read.error());
    text = std::move(*read);
  }
  if (text.size() > kProofBytesMax) {
    return Fail(context, Error(ErrorCode::kCorruption, "proof does not verify: file too large"));
  }
  Result<engine::VerifiedInclusion> verified = VerifyProofText(text);
  if (!verified) {
    *context.out << "FAILED: " << verified.error().message() << "\n";
    context.exit_code = kExitVerifyFailed;
    return;
  }
  const std::string chain_hash = engine::ToHex(verified->seal_chain_hash);
  if (!arguments.seal_hash.empty() && arguments.seal_hash != chain_hash) {
    *context.out << "FAILED: the seal's chain hash is " << chain_hash << ", not "
                 << arguments.seal_hash << "\n";
    context.exit_code = kExitVerifyFailed;
    return;
  }
  const events::SealRecorded& seal = verified->seal;
  *context.out << "ok: event " << verified->event.seq << " ("
               << events::KindName(verified->event.body) << ", " << verified->event.stream
               << ") is in the seal of " << seal.month.ToString().substr(0, 7) << " (seal seq "
               << verified->seal_event.seq << ", events " << seal.first_seq << ".."
               << seal.last_seq << ", Merkle root " << Hex(seal.merkle_root)
               << ", chain hash " << chain_hash << ")\n";
}

}  // namespace

void AddSealVerbs(CLI::App& app, CliContext& context) {
  auto arguments = std::make_shared<SealArguments>();
  CLI::App* seal = app.add_subcommand(
      "seal", "Seal a month that is over: its events' Merkle root and the chain's head hash");
  seal->add_option("--data", context.data_dir, "The store's directory")->capture_default_str();
  seal->add_option("--rules", context.rules_dir, "Directory of the dated rules")->capture_default_str();
  seal->add_option("--month", arguments->month, "The month, YYYY-MM (by recorded time, UTC)")
      ->required();
  seal->add_option("--actor", arguments->actor_id, "Who records")->capture_default_str();
  seal->add_option("--role", arguments->role, "The actor's role")->capture_default_str();
  seal->callback([&context, arguments] { RunSeal(context, *arguments); });

  CLI::App* seals = app.add_subcommand("seals", "The monthly seals recorded so far");
  seals->add_option("--data", context.data_dir, "The store's directory")->capture_default_str();
  seals->add_option("--format", arguments->format, "table or json")
      ->check(CLI::IsMember({"table", "json"}))
      ->capture_default_str();
  seals->callback([&context, arguments] { RunSeals(context, *arguments); });

  CLI::App* prove = app.add_subcommand(
      "prove", "Print the proof (JSON) that event SEQ is in its month's seal");
  prove->add_option("SEQ", arguments->seq, "The event's seq")->required();
  prove->add_option("--data", context.data_dir, "The store's directory")->capture_default_str();
  prove->add_option("--out", arguments->out, "Write the proof to FILE instead of stdout");
  prove->callback([&context, arguments] { RunProve(context, *arguments); });

  CLI::App* verify = app.add_subcommand(
      "verify-proof", "Check a proof from `prove` with nothing but the proof (exit 3 if it fails)");
  verify->add_option("FILE", arguments->file, "The proof file, - for stdin")->capture_default_str();
  verify->add_option("--seal-hash", arguments->seal_hash,
                     "The seal's chain hash as printed: the proof must be of that very seal");
  verify->callback([&context, arguments] { RunVerifyProof(context, *arguments); });
}

}  // namespace coopledger::adapters
