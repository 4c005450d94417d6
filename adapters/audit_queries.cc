#include "adapters/audit_queries.h"

#include <algorithm>
#include <set>

#include "adapters/books.h"
#include "engine/command_service.h"

namespace coopledger::adapters {
namespace {

using events::Seq;
using nlohmann::json;
using projections::FigureValue;

struct AuditReplay {
  std::shared_ptr<engine::EventStore> store;
  std::unique_ptr<projections::AuditFigures> figures;
  Seq applied = 0;
};

AuditReplay OpenAudit(std::shared_ptr<engine::EventStore> store, projections::Chart chart) {
  AuditReplay replay;
  replay.store = std::move(store);
  replay.figures =
      std::make_unique<projections::AuditFigures>(std::move(chart), StoreFetcher(replay.store));
  return replay;
}

// Applies the events after the last one applied, up to `last`, calling `each` after each one.
template <typename Each>
Status ReplayTo(AuditReplay& replay, Seq last, Each each) {
  constexpr int32_t kPage = 10'000;
  while (replay.applied < last) {
    COOPLEDGER_ASSIGN_OR_RETURN(const std::vector<events::StoredEvent> page,
                                replay.store->ReadLog(replay.applied + 1, kPage));
    if (page.empty()) return OkStatus();
    for (const events::StoredEvent& event : page) {
      if (event.seq > last) return OkStatus();
      replay.figures->Apply(event);
      replay.applied = event.seq;
      each(event);
    }
  }
  return OkStatus();
}

std::string RoleName(events::ActorRole role) {
  return std::string(events::EnumNames<events::ActorRole>::kNames[static_cast<size_t>(role)]);
}

}  // namespace

std::string NetPayFigure(const std::string& member_id, const std::string& month) {
  return "net-pay/" + member_id + "/" + month;
}
std::string BalanceFigure(const std::string& member_id) { return "balance/" + member_id; }
std::string InvoiceFigure(const std::string& number) { return "invoice/" + number; }
std::string AccountFigure(int32_t year, const std::string& account) {
  return "account/" + std::to_string(year) + "/" + account;
}

InputFilter NetPayInputs(const std::string& member_id, const std::string& month) {
  auto inputs = std::make_shared<std::set<Seq>>();
  return [member_id, month, inputs](const events::StoredEvent& event,
                                    const projections::WorkState& state) {
    bool input = false;
    auto in_month = [&month](Date day) { return day.ToString().compare(0, 7, month) == 0; };
    if (const auto* hours = std::get_if<events::HoursLogged>(&event.body)) {
      input = hours->member_id.value == member_id &&
              (in_month(hours->day) || (hours->booked_on && in_month(*hours->booked_on)));
    } else if (const auto* joined = std::get_if<events::MemberJoined>(&event.body)) {
      input = joined->member_id.value == member_id;
    } else if (const auto* changed = std::get_if<events::ContractChanged>(&event.body)) {
      input = changed->member_id.value == member_id;
    } else if (const auto* left = std::get_if<events::MemberLeft>(&event.body)) {
      input = left->member_id.value == member_id;
    } else if (const auto* shares = std::get_if<events::DistributionDecided>(&event.body)) {
      const projections::MemberState* member = state.FindMember(events::MemberId{member_id});
      input = member != nullptr && in_month(shares->month) &&
              shares->activity_id == member->joined.activity_id;
    } else if (const auto* reversal = std::get_if<events::Reversed>(&event.body)) {
      input = inputs->count(reversal->reversed_seq) > 0;
    }
    if (input) inputs->insert(event.seq);
    return input;
  };
}

Result<Explanation> ExplainFigure(std::shared_ptr<engine::EventStore> store,
                                  projections::Chart chart, const std::string& key,
                                  const InputFilter& inputs, Seq last) {
  AuditReplay replay = OpenAudit(std::move(store), std::move(chart));
  Explanation explanation;
  explanation.key = key;
  std::map<std::string, events::StoredEvent> adopted;  // Parameter version -> its adoption.
  std::set<std::string> versions_used;
  COOPLEDGER_RETURN_IF_ERROR(ReplayTo(replay, last, [&](const events::StoredEvent& event) {
    if (const auto* parameters = std::get_if<events::ParametersAdopted>(&event.body)) {
      adopted.emplace(parameters->version, event);
    }
    const std::vector<std::string>& changed = replay.figures->changed();
    if (std::binary_search(changed.begin(), changed.end(), key)) {
      explanation.changed_by.push_back({event, replay.figures->Value(key)});
      if (const auto* payslip = std::get_if<events::PayslipIssued>(&event.body)) {
        versions_used.insert(payslip->parameters_version);
      }
    } else if (inputs && inputs(event, replay.figures->state())) {
      explanation.inputs.push_back(event);
    }
  }));
  explanation.known_at_seq = replay.applied;
  std::optional<FigureValue> value = replay.figures->Value(key);
  if (!value) {
    return Error(ErrorCode::kNotFound, key + ": no such figure in the books as known at seq " +
                                           std::to_string(replay.applied));
  }
  explanation.value = std::move(*value);
  for (const std::string& version : versions_used) {
    auto found = adopted.find(version);
    explanation.parameters[version] =
        found == adopted.end() ? std::nullopt : std::optional<events::StoredEvent>(found->second);
  }
  return explanation;
}

Result<FigureDiff> DiffFigures(std::shared_ptr<engine::EventStore> store, projections::Chart chart,
                               Seq from, Seq to, const std::string& family) {
  if (to < from) return Error(ErrorCode::kInvalidArgument, "to: comes before from");
  AuditReplay replay = OpenAudit(std::move(store), std::move(chart));
  COOPLEDGER_RETURN_IF_ERROR(ReplayTo(replay, from, [](const events::StoredEvent&) {}));
  const std::map<std::string, FigureValue> before = replay.figures->Values();
  std::map<std::string, std::vector<Seq>> changed_by;
  COOPLEDGER_RETURN_IF_ERROR(ReplayTo(replay, to, [&](const events::StoredEvent& event) {
    for (const std::string& key : replay.figures->changed()) changed_by[key].push_back(event.seq);
  }));
  const std::map<std::string, FigureValue> after = replay.figures->Values();
  std::set<std::string> keys;
  for (const auto& [key, value] : before) keys.insert(key);
  for (const auto& [key, value] : after) keys.insert(key);
  FigureDiff diff;
  diff.from_seq = from;
  diff.to_seq = to;
  const auto value_of = [](const std::map<std::string, FigureValue>& values,
                           const std::string& key) -> std::optional<FigureValue> {
    auto found = values.find(key);
    return found == values.end() ? std::nullopt : std::optional<FigureValue>(found->second);
  };
  for (const std::string& key : keys) {
    if (!family.empty() && key.compare(0, family.size() + 1, family + "/") != 0) continue;
    FigureDifference difference{key, value_of(before, key), value_of(after, key), {}};
    if (difference.before == difference.after) continue;
    difference.seqs = changed_by[key];
    diff.figures.push_back(std::move(difference));
  }
  return diff;
}

Result<std::vector<projections::Payout>> ReadPayouts(engine::EventStore& store, Seq last) {
  projections::PayoutAudit audit;
  COOPLEDGER_RETURN_IF_ERROR(engine::ReplayLog(
      store, last, [&audit](const events::StoredEvent& event) { audit.Apply(event); }));
  return audit.payouts();
}

json AuditEventJson(const events::StoredEvent& event) {
  return {{"seq", event.seq},
          {"kind", std::string(events::KindName(event.body))},
          {"stream", event.stream},
          {"effective", event.effective.ToString()},
          {"recorded_at", event.recorded_at.ToString()},
          {"actor", {{"id", event.actor.id}, {"role", RoleName(event.actor.role)}}},
          {"command_id", event.command_id.value}};
}

json FigureValueJson(const std::optional<FigureValue>& value) {
  if (!value) return nullptr;
  json out = json::object();
  for (const auto& [name, amount] : *value) out[name] = amount;
  return out;
}

json ExplanationJson(const Explanation& explanation) {
  json out = {{"figure", explanation.key},
              {"known_at_seq", explanation.known_at_seq},
              {"value", FigureValueJson(explanation.value)},
              {"changed_by", json::array()},
              {"inputs", json::array()},
              {"parameters", json::array()}};
  for (const FigureChange& change : explanation.changed_by) {
    json entry = AuditEventJson(change.event);
    entry["value_after"] = FigureValueJson(change.value_after);
    out["changed_by"].push_back(std::move(entry));
  }
  for (const events::StoredEvent& event : explanation.inputs) {
    out["inputs"].push_back(AuditEventJson(event));
  }
  for (const auto& [version, adoption] : explanation.parameters) {
    json entry = {{"version", version}};
    if (adoption) entry["adopted"] = AuditEventJson(*adoption);
    out["parameters"].push_back(std::move(entry));
  }
  return out;
}

json FigureDiffJson(const FigureDiff& diff) {
  json figures = json::array();
  for (const FigureDifference& figure : diff.figures) {
    figures.push_back({{"figure", figure.key},
                       {"before", FigureValueJson(figure.before)},
                       {"after", FigureValueJson(figure.after)},
                       {"seqs", figure.seqs}});
  }
  return {{"from_seq", diff.from_seq}, {"to_seq", diff.to_seq}, {"figures", figures}};
}

json PayoutJson(const projections::Payout& payout) {
  json invoices = json::array();
  for (const projections::TracedInvoice& invoice : payout.invoices) {
    invoices.push_back({{"seq", invoice.seq},
                        {"invoice_number", invoice.invoice_number},
                        {"total_incl_vat_cents", invoice.total_incl_vat.cents()}});
  }
  json payments = json::array();
  for (const projections::TracedPayment& payment : payout.payments) {
    payments.push_back({{"seq", payment.seq},
                        {"invoice_number", payment.invoice_number},
                        {"amount_cents", payment.amount.cents()}});
  }
  const std::string regime(
      events::EnumNames<events::Regime>::kNames[static_cast<size_t>(payout.regime)]);
  return {{"seq", payout.seq},
          {"paid_on", payout.paid_on.ToString()},
          {"member_id", payout.member_id},
          {"activity_id", payout.activity_id},
          {"regime", regime},
          {"amount_cents", payout.amount.cents()},
          {"payslip_id", payout.payslip_id},
          {"payslip_seq", payout.payslip_seq},
          {"month", payout.month},
          {"gross_cents", payout.gross.cents()},
          {"hours_seqs", payout.hours_seqs},
          {"hours_minutes", payout.hours_minutes},
          {"job_ids", payout.job_ids},
          {"invoices", std::move(invoices)},
          {"payments", std::move(payments)},
          {"activity_collected_cents", payout.activity_collected.cents()},
          {"activity_wages_cents", payout.activity_wages.cents()},
          {"uncovered", payout.uncovered},
          {"no_hours", payout.no_hours}};
}

}  // namespace coopledger::adapters
