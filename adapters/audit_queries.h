// The audit trail's queries, shared by `explain`, `diff`, `report payouts` and the server's
// /api/explanations, /api/diff and /api/payouts: the figures of projections/audit_figures.h
// replayed from a store, and their JSON.
#ifndef COOPLEDGER_ADAPTERS_AUDIT_QUERIES_H_
#define COOPLEDGER_ADAPTERS_AUDIT_QUERIES_H_

#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "engine/event_store.h"
#include "projections/audit_figures.h"
#include "projections/payout_audit.h"

namespace coopledger::adapters {

// The keys of the figures `explain` names.
std::string NetPayFigure(const std::string& member_id, const std::string& month);  // YYYY-MM.
std::string BalanceFigure(const std::string& member_id);
std::string InvoiceFigure(const std::string& number);
std::string AccountFigure(int32_t year, const std::string& account);

// What else a figure rests on, beyond the events that changed it.
using InputFilter = std::function<bool(const events::StoredEvent&, const projections::WorkState&)>;
// For a payslip's net pay: the member's hours of the month, their contract, the committee's
// distribution of their activity for the month (and reversals of those).
InputFilter NetPayInputs(const std::string& member_id, const std::string& month);

struct FigureChange {
  events::StoredEvent event;
  std::optional<projections::FigureValue> value_after;
};

struct Explanation {
  std::string key;
  events::Seq known_at_seq = 0;
  projections::FigureValue value;
  std::vector<FigureChange> changed_by;
  std::vector<events::StoredEvent> inputs;
  // The parameter versions the payslips among `changed_by` used, with the event that adopted
  // each (none if it was not adopted in the log).
  std::map<std::string, std::optional<events::StoredEvent>> parameters;
};

// The figure `key` of the books of `store` as known after event `last`, and the events behind
// it. kNotFound when there is no such figure then.
Result<Explanation> ExplainFigure(std::shared_ptr<engine::EventStore> store,
                                  projections::Chart chart, const std::string& key,
                                  const InputFilter& inputs, events::Seq last);

struct FigureDifference {
  std::string key;
  std::optional<projections::FigureValue> before;
  std::optional<projections::FigureValue> after;
  std::vector<events::Seq> seqs;  // The events between that changed it.
};

struct FigureDiff {
  events::Seq from_seq = 0;
  events::Seq to_seq = 0;
  std::vector<FigureDifference> figures;  // In key order.
};

// Every figure that differs between the books as known after `from` and after `to`; `family`
// ("balance", "invoice", "net-pay", "account"; empty: all) keeps those of one family.
// kInvalidArgument when `to` < `from`.
Result<FigureDiff> DiffFigures(std::shared_ptr<engine::EventStore> store, projections::Chart chart,
                               events::Seq from, events::Seq to, const std::string& family);

// The payouts of `store` as known after event `last`.
Result<std::vector<projections::Payout>> ReadPayouts(engine::EventStore& store, events::Seq last);

// {"seq", "kind", "stream", "effective", "recorded_at", "actor": {id, role}, "command_id"}.
nlohmann::json AuditEventJson(const events::StoredEvent& event);
// {name: amount...}, or null for no figure.
nlohmann::json FigureValueJson(const std::optional<projections::FigureValue>& value);
// `explain --format json`.
nlohmann::json ExplanationJson(const Explanation& explanation);
// `diff --format json`.
nlohmann::json FigureDiffJson(const FigureDiff& diff);
// One payout of `report payouts --format json`.
nlohmann::json PayoutJson(const projections::Payout& payout);

}  // namespace coopledger::adapters

#endif  // COOPLEDGER_ADAPTERS_AUDIT_QUERIES_H_
