// POST /api/commands/{command}: one command through the CommandService, answered once its events
// are durable.
#include <nlohmann/json.hpp>

#include <algorithm>

#include "adapters/event_json.h"
#include "adapters/http_api.h"
#include "adapters/http_handlers.h"
#include "engine/hash_chain.h"

namespace coopledger::adapters {
namespace {

using events::ActorRole;
using nlohmann::json;

// What a facilitator records for their activity (DESIGN section 9).
constexpr const char* kFacilitatorCommands[] = {"agree-job",   "complete-job", "cancel-job",
                                                "log-hours",   "volunteer",    "draft-invoice"};
// An accountant's manual entries and closes.
constexpr const char* kAccountantCommands[] = {"journal-entry", "close-period", "close-year"};
// Only the CAE's admin sets up the CAE and erases personal data.
constexpr const char* kAdminOnlyCommands[] = {"configure-cae", "erase-personal-data"};

template <size_t N>
bool In(const char* const (&names)[N], const std::string& name) {
  return std::find_if(std::begin(names), std::end(names),
                      [&name](const char* candidate) { return name == candidate; }) !=
         std::end(names);
}

const ApiCommand* FindCommand(const std::string& name) {
  for (const ApiCommand& command : ApiCommands()) {
    if (name == command.name) return &command;
  }
  return nullptr;
}

}  // namespace

Result<std::string> ActivityOf(const projections::WorkState& state, const events::EventBody& body) {
  const auto job_activity = [&state](const events::JobId& job) -> Result<std::string> {
    const projections::JobState* found = state.FindJob(job);
    if (found == nullptr) return Error(ErrorCode::kNotFound, "job_id: no job " + job.value);
    return found->agreed.activity_id.value;
  };
  if (const auto* agreed = std::get_if<events::JobAgreed>(&body)) return agreed->activity_id.value;
  if (const auto* done = std::get_if<events::JobCompleted>(&body)) return job_activity(done->job_id);
  if (const auto* cancelled = std::get_if<events::JobCancelled>(&body)) {
    return job_activity(cancelled->job_id);
  }
  if (const auto* hours = std::get_if<events::HoursLogged>(&body)) {
    const projections::MemberState* member = state.FindMember(hours->member_id);
    if (member == nullptr) {
      return Error(ErrorCode::kNotFound, "member_id: no member " + hours->member_id.value);
    }
    if (!hours->job_id.value.empty()) {
      COOPLEDGER_ASSIGN_OR_RETURN(const std::string job, job_activity(hours->job_id));
      if (job != member->joined.activity_id.value) return job + "+" + member->joined.activity_id.value;
    }
    return member->joined.activity_id.value;
  }
  if (const auto* volunteer = std::get_if<events::VolunteerParticipation>(&body)) {
    return volunteer->activity_id.value;
  }
  if (const auto* draft = std::get_if<events::InvoiceDrafted>(&body)) return draft->activity_id.value;
  if (const auto* key = std::get_if<events::DistributionDecided>(&body)) return key->activity_id.value;
  return std::string();
}

const std::vector<ApiCommand>& ApiCommands() {
  static const std::vector<ApiCommand> commands = {
      {"configure-cae", "CaeConfigured"},         {"open-activity", "ActivityOpened"},
      {"close-activity", "ActivityClosed"},       {"join", "MemberJoined"},
      {"change-contract", "ContractChanged"},     {"leave", "MemberLeft"},
      {"erase-personal-data", "PersonalDataErased"},
      {"register-client", "ClientRegistered"},    {"quote", "QuoteIssued"},
      {"agree-job", "JobAgreed"},                 {"complete-job", "JobCompleted"},
      {"cancel-job", "JobCancelled"},             {"log-hours", "HoursLogged"},
      {"volunteer", "VolunteerParticipation"},    {"draft-invoice", "InvoiceDrafted"},
      {"validate-invoice", "InvoiceValidated"},   {"credit-note", "CreditNoteValidated"},
      {"receive-payment", "PaymentReceived"},     {"refund", "PaymentRefunded"},
      {"send-reminder", "ReminderSent"},          {"record-expense", "ExpenseRecorded"},
      {"self-financing", "SelfFinancingRecorded"}, {"grant", "GrantReceived"},
      {"close-period", "AccountingPeriodClosed"}, {"reverse", "Reversed"},
      {"close-year", "FiscalYearClosed"},         {"journal-entry", "JournalEntryRecorded"},
      {"decide-distribution", "DistributionDecided"},
  };
  return commands;
}

bool CommandAllowed(ActorRole role, const std::string& command) {
  if (FindCommand(command) == nullptr) return role != ActorRole::kUnset;  // 404 comes later.
  switch (role) {
    case ActorRole::kAdmin:
      return true;
    case ActorRole::kSupport:
      return !In(kAdminOnlyCommands, command) && !In(kAccountantCommands, command);
    case ActorRole::kFacilitator:
      return In(kFacilitatorCommands, command);
    case ActorRole::kCommittee:
      return command == "decide-distribution";
    case ActorRole::kAccountant:
      return In(kAccountantCommands, command);
    default:
      return false;
  }
}

HttpResponse HandleCommand(ApiContext& context, const ApiCall& call) {
  const std::string name = call.params.at("command");
  const ApiCommand* command = FindCommand(name);
  if (command == nullptr) return ErrorAnswer(404, "route_not_found", "no command " + name);
  const json body = json::parse(call.request->body, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded() || !body.is_object()) {
    return ErrorAnswer(Error(ErrorCode::kInvalidArgument, "body: expected one JSON object"));
  }
  const SealFn seal = [&context](const events::PersonId& person, const events::PersonalData& data) {
    return context.store->Seal(person, data);
  };
  // Check the shape first, so that bad input creates no personal-data key.
  if (Result<events::EventBody> checked = EventBodyFromJson(command->kind, body, ShapeOnlySeal()); !checked) {
    return ErrorAnswer(checked.error());
  }
  Result<events::EventBody> decoded = EventBodyFromJson(command->kind, body, seal);
  if (!decoded) return ErrorAnswer(decoded.error());
  if (!call.activity.empty()) {
    Result<std::string> activity = context.service->ReadState(
        [&decoded](const projections::WorkState& state) { return ActivityOf(state, *decoded); });
    if (!activity) return ErrorAnswer(activity.error());
    if (*activity != call.activity) {
      const std::string reason = ScopeRefusal(call, "this " + name, *activity);
      context.log->warn("403 POST {}: {}", call.request->target, reason);
      return ErrorAnswer(403, "forbidden", reason);
    }
  }
  events::CommandId command_id{call.request->idempotency_key};
  if (command_id.empty()) {
    command_id.value = name + "-" +
                       engine::ToHex(engine::Sha256(std::string(command->kind) + call.request->body))
                           .substr(0, 24);
  }
  Result<engine::CommandResult> result = context.service->Execute(
      command_id, events::Actor{call.token->id, call.token->role}, std::move(*decoded));
  if (!result) return ErrorAnswer(result.error());
  const json answer = {
      {"command_id", command_id.value}, {"seqs", result->seqs}, {"replayed", result->replayed}};
  return HttpResponse{200, "application/json", answer.dump(), {}};
}

}  // namespace coopledger::adapters
