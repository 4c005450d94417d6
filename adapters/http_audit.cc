// The audit routes: seal a month (through the CommandService, as `seal` does), the seals, the
// inclusion proof of an event, `explain` of a figure, `diff` between two points of recorded time
// and the payout audit.
#include <charconv>
#include <nlohmann/json.hpp>
#include <optional>

#include "adapters/audit_queries.h"
#include "adapters/http_api.h"
#include "adapters/http_handlers.h"
#include "adapters/proof_json.h"
#include "engine/seals.h"
#include "projections/payroll_state.h"

namespace coopledger::adapters {
namespace {

using nlohmann::json;

Result<int64_t> WholeNumber(const std::string& name, const std::string& text) {
  int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size() || value < 1) {
    return Error(ErrorCode::kInvalidArgument, name + ": expected a whole number >= 1");
  }
  return value;
}

// A scoped token (a committee's) explains only the figures of its activity's members: a 403
// naming the token otherwise.
std::optional<HttpResponse> RefuseOutOfScope(ApiContext& context, const ApiCall& call,
                                             const std::string& member_id) {
  if (call.activity.empty()) return std::nullopt;
  const std::string activity = context.service->ReadState([&member_id](const auto& state) {
    const projections::MemberState* member = state.FindMember(events::MemberId{member_id});
    return member == nullptr ? std::string() : member->joined.activity_id.value;
  });
  if (activity == call.activity) return std::nullopt;
  const std::string reason = "token " + call.token->id + " reads activity " + call.activity +
                             "'s members only, not " + member_id;
  context.log->warn("403 GET {}: {}", call.request->target, reason);
  return ErrorAnswer(403, "forbidden", reason);
}

HttpResponse Explain(ApiContext& context, const ApiCall& call, const std::string& key,
                     const InputFilter& inputs) {
  Result<KnownSeq> known = ResolveKnownAt(*context.store, call);
  if (!known) return ErrorAnswer(known.error());
  Result<Explanation> explanation =
      ExplainFigure(SharedStore(context), context.chart, key, inputs, known->seq);
  if (!explanation) return ErrorAnswer(explanation.error());
  json out = ExplanationJson(*explanation);
  out["known_at"] = KnownJson(*known);
  return JsonAnswer(out);
}

}  // namespace

HttpResponse HandleSeal(ApiContext& context, const ApiCall& call) {
  Result<Date> month = MonthOf(call);
  if (!month) return ErrorAnswer(month.error());
  const std::string key = projections::PayMonthKey(*month);
  const events::CommandId command_id = CommandIdOf(call, "seal-" + key);
  std::lock_guard lock(context.desk_mutex);
  Result<events::Seq> seq = engine::SealMonth(*context.store, *context.service, *context.clock,
                                              *month, command_id, ActorOf(call));
  if (!seq) return ErrorAnswer(seq.error());
  Result<std::vector<events::StoredEvent>> sealed = context.store->ReadLog(*seq, 1);
  if (!sealed) return ErrorAnswer(sealed.error());
  if (sealed->empty() || !std::holds_alternative<events::SealRecorded>(sealed->front().body)) {
    return ErrorAnswer(Error(ErrorCode::kCorruption,
                             "seq " + std::to_string(*seq) + " is not the seal just recorded"));
  }
  return JsonAnswer({{"command_id", command_id.value},
                     {"seqs", json::array({*seq})},
                     {"seal", SealJson(sealed->front())}});
}

HttpResponse HandleSeals(ApiContext& context, const ApiCall&) {
  Result<std::vector<events::StoredEvent>> seals = engine::ReadSeals(*context.store);
  if (!seals) return ErrorAnswer(seals.error());
  json out = json::array();
  for (const events::StoredEvent& event : *seals) out.push_back(SealJson(event));
  return JsonAnswer({{"seals", out}});
}

HttpResponse HandleProof(ApiContext& context, const ApiCall& call) {
  Result<int64_t> seq = WholeNumber("seq", call.params.at("seq"));
  if (!seq) return ErrorAnswer(seq.error());
  Result<engine::InclusionProof> proof =
      engine::ProveInclusion(*context.store, static_cast<events::Seq>(*seq));
  if (!proof) return ErrorAnswer(proof.error());
  // The proof file as `prove` writes it, byte for byte: `verify-proof` checks it as it is.
  Result<std::string> text = RenderProof(*proof);
  if (!text) return ErrorAnswer(text.error());
  return HttpResponse{200, "application/json", std::move(*text), {}};
}

HttpResponse HandleExplainNetPay(ApiContext& context, const ApiCall& call) {
  const std::string& member_id = call.params.at("member");
  Result<Date> month = MonthOf(call);
  if (!month) return ErrorAnswer(month.error());
  if (std::optional<HttpResponse> refused = RefuseOutOfScope(context, call, member_id)) {
    return *refused;
  }
  const std::string key = projections::PayMonthKey(*month);
  return Explain(context, call, NetPayFigure(member_id, key), NetPayInputs(member_id, key));
}

HttpResponse HandleExplainBalance(ApiContext& context, const ApiCall& call) {
  const std::string& member_id = call.params.at("member");
  if (std::optional<HttpResponse> refused = RefuseOutOfScope(context, call, member_id)) {
    return *refused;
  }
  return Explain(context, call, BalanceFigure(member_id), nullptr);
}

HttpResponse HandleExplainInvoice(ApiContext& context, const ApiCall& call) {
  return Explain(context, call, InvoiceFigure(call.params.at("number")), nullptr);
}

HttpResponse HandleExplainAccount(ApiContext& context, const ApiCall& call) {
  Result<int64_t> year = WholeNumber("year", call.params.at("year"));
  if (!year) return ErrorAnswer(year.error());
  if (*year < 1900 || *year > 2099) {
    return ErrorAnswer(
        Error(ErrorCode::kInvalidArgument, "year: not a fiscal year (1900 to 2099)"));
  }
  return Explain(context, call,
                 AccountFigure(static_cast<int32_t>(*year), call.params.at("account")), nullptr);
}

HttpResponse HandleDiff(ApiContext& context, const ApiCall& call) {
  if (QueryValue(call, "from").empty()) {
    return ErrorAnswer(Error(ErrorCode::kInvalidArgument, "from: required, a seq or a time"));
  }
  const std::string family = QueryValue(call, "family");
  if (!family.empty() && family != "balance" && family != "invoice" && family != "net-pay" &&
      family != "account") {
    return ErrorAnswer(
        Error(ErrorCode::kInvalidArgument,
              "family: \"" + family + "\" is not balance, invoice, net-pay or account"));
  }
  Result<KnownSeq> from = ResolveKnownAt(*context.store, call, "from");
  if (!from) return ErrorAnswer(from.error());
  Result<KnownSeq> to = ResolveKnownAt(*context.store, call, "to");
  if (!to) return ErrorAnswer(to.error());
  Result<FigureDiff> diff =
      DiffFigures(SharedStore(context), context.chart, from->seq, to->seq, family);
  if (!diff) return ErrorAnswer(diff.error());
  json out = FigureDiffJson(*diff);
  out["from"] = KnownJson(*from);
  out["to"] = KnownJson(*to);
  return JsonAnswer(out);
}

HttpResponse HandlePayouts(ApiContext& context, const ApiCall& call) {
  const std::string flagged = QueryValue(call, "flagged");
  if (!flagged.empty() && flagged != "true" && flagged != "false") {
    return ErrorAnswer(Error(ErrorCode::kInvalidArgument, "flagged: expected true or false"));
  }
  Result<KnownSeq> known = ResolveKnownAt(*context.store, call);
  if (!known) return ErrorAnswer(known.error());
  Result<std::vector<projections::Payout>> payouts = ReadPayouts(*context.store, known->seq);
  if (!payouts) return ErrorAnswer(payouts.error());
  json out = json::array();
  size_t uncovered = 0;
  size_t no_hours = 0;
  for (const projections::Payout& payout : *payouts) {
    uncovered += payout.uncovered ? 1 : 0;
    no_hours += payout.no_hours ? 1 : 0;
    if (flagged == "true" && !payout.uncovered && !payout.no_hours) continue;
    out.push_back(PayoutJson(payout));
  }
  return JsonAnswer({{"known_at", KnownJson(*known)},
                     {"payout_count", payouts->size()},
                     {"uncovered_count", uncovered},
                     {"no_hours_count", no_hours},
                     {"payouts", out}});
}

}  // namespace coopledger::adapters
