// `coopledger record KIND`: one command, its fields as a JSON object on stdin.
#include <CLI/CLI.hpp>

#include <iterator>
#include <ostream>

#include "adapters/cli.h"
#include "adapters/event_json.h"
#include "adapters/rules_loader.h"
#include "engine/hash_chain.h"

namespace coopledger::adapters {
namespace {

using nlohmann::json;

struct CommandVerb {
  const char* name;
  const char* kind;
  const char* help;
};

constexpr CommandVerb kCommandVerbs[] = {
    {"configure-cae", "CaeConfigured", "The CAE's identity, VAT regime, defaults and the bodies its DSN names"},
    {"open-activity", "ActivityOpened", "Open a CJS season, a KPA-Cit\u00e9 group or an activity"},
    {"close-activity", "ActivityClosed", "Close an activity"},
    {"join", "MemberJoined", "A member joins, with their contract"},
    {"change-contract", "ContractChanged", "Change a member's contract"},
    {"leave", "MemberLeft", "A member leaves"},
    {"erase-personal-data", "PersonalDataErased", "Destroy a person's key after the retention period"},
    {"register-client", "ClientRegistered", "Register a household, company, association or public body"},
    {"quote", "QuoteIssued", "Issue a quote"},
    {"agree-job", "JobAgreed", "A job agreed with a client"},
    {"complete-job", "JobCompleted", "A job is done"},
    {"cancel-job", "JobCancelled", "A job is cancelled"},
    {"log-hours", "HoursLogged", "Hours a member worked on a job or an internal task"},
    {"volunteer", "VolunteerParticipation", "Volunteering at an event"},
    {"draft-invoice", "InvoiceDrafted", "Draft an invoice (no number yet)"},
    {"validate-invoice", "InvoiceValidated", "Validate a draft or an invoice: the number is given now"},
    {"credit-note", "CreditNoteValidated", "Credit an invoice, whole or in part"},
    {"receive-payment", "PaymentReceived", "A payment, allocated to invoices"},
    {"refund", "PaymentRefunded", "Refund a client's credit"},
    {"send-reminder", "ReminderSent", "Remind a client of a late invoice (penalties computed)"},
    {"record-expense", "ExpenseRecorded", "An expense of an activity"},
    {"self-financing", "SelfFinancingRecorded", "A self-financing action (car wash...)"},
    {"grant", "GrantReceived", "A grant received"},
    {"close-period", "AccountingPeriodClosed", "Close an accounting period"},
    {"reverse", "Reversed", "Reverse an earlier event, with a reason"},
    {"close-year", "FiscalYearClosed", "Close a fiscal year: closing entries, then the opening entries of the next"},
    {"journal-entry", "JournalEntryRecorded", "An accountant's manual entry (journal OD), balanced"},
};

struct RecordArguments {
  std::string command_id;
  std::string actor_id = "cli";
  std::string role = "admin";
};

void RunRecord(CliContext& context, const CommandVerb& verb, const RecordArguments& arguments) {
  Result<events::ActorRole> role = ParseRole(arguments.role);
  if (!role) return Fail(context, role.error());
  const std::string input((std::istreambuf_iterator<char>(*context.in)), std::istreambuf_iterator<char>());
  json body = json::parse(input, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded() || !body.is_object()) {
    return Fail(context, Error(ErrorCode::kInvalidArgument, "stdin: expected one JSON object"));
  }
  // Validate the shape before opening the store, so bad input touches nothing.
  Result<events::EventBody> checked = EventBodyFromJson(verb.kind, body, ShapeOnlySeal());
  if (!checked) return Fail(context, checked.error());

  Result<Books> books = OpenBooks(context);
  if (!books) return Fail(context, books.error());
  const SealFn seal = [&books](const events::PersonId& person, const events::PersonalData& data) {
    return books->store->Seal(person, data);
  };
  Result<events::EventBody> command = EventBodyFromJson(verb.kind, body, seal);
  if (!command) return Fail(context, command.error());
  events::CommandId command_id{arguments.command_id};
  if (command_id.empty()) {
    command_id.value = std::string(verb.name) + "-" +
                       engine::ToHex(engine::Sha256(std::string(verb.kind) + input)).substr(0, 24);
  }
  Result<engine::CommandResult> result = books->service->Execute(
      command_id, events::Actor{arguments.actor_id, *role}, std::move(*command));
  if (!result) return Fail(context, result.error());
  json out = {{"command_id", command_id.value}, {"seqs", result->seqs}, {"replayed", result->replayed}};
  json appended = json::array();
  Result<std::vector<events::StoredEvent>> events =
      books->store->ReadLog(result->seqs.front(), static_cast<int32_t>(result->seqs.size()));
  if (!events) return Fail(context, events.error());
  for (const events::StoredEvent& event : *events) appended.push_back(StoredEventToJson(event, nullptr));
  out["events"] = std::move(appended);
  *context.out << out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

}  // namespace

Result<Books> OpenBooks(const CliContext& context) {
  Books books;
  COOPLEDGER_ASSIGN_OR_RETURN(engine::Rules rules, LoadRules(context.rules_dir));
  COOPLEDGER_ASSIGN_OR_RETURN(books.store, OpenForWriting(context));
  // From the latest snapshot of the work state (`rebuild` writes them), then the events after it.
  COOPLEDGER_ASSIGN_OR_RETURN(books.service,
                              engine::CommandService::CreateFromSnapshot(
                                  books.store.get(), context.clock, std::move(rules)));
  return books;
}

void AddCommandVerbs(CLI::App& app, CliContext& context) {
  CLI::App* record = app.add_subcommand(
      "record", "Record one command; its fields as a JSON object on stdin (see README)");
  record->require_subcommand(1);
  for (const CommandVerb& verb : kCommandVerbs) {
    auto arguments = std::make_shared<RecordArguments>();
    CLI::App* sub = record->add_subcommand(verb.name, std::string(verb.help) + " (" + verb.kind + ")");
    sub->add_option("--data", context.data_dir, "The store's directory")->capture_default_str();
    sub->add_option("--rules", context.rules_dir, "Directory of the dated rules")->capture_default_str();
    sub->add_option("--command-id", arguments->command_id,
                    "Idempotency key (default: derived from the input)");
    sub->add_option("--actor", arguments->actor_id, "Who records")->capture_default_str();
    sub->add_option("--role", arguments->role, "The actor's role")->capture_default_str();
    const CommandVerb* chosen = &verb;
    sub->callback([&context, chosen, arguments] { RunRecord(context, *chosen, *arguments); });
  }
}

}  // namespace coopledger::adapters
