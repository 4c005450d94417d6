// The declaration routes: file a month's DSN, its VAT return or a member's end-of-contract signal
// (DeclarationFiled through the CommandService, as `declare` does), the DSN file of a month as a
// download (recorded as an export), the URSSAF summary and the VAT return lines.
#include <nlohmann/json.hpp>

#include "adapters/books.h"
#include "adapters/declarations.h"
#include "adapters/http_api.h"
#include "adapters/http_handlers.h"
#include "adapters/vat_return.h"
#include "engine/hash_chain.h"
#include "projections/payroll_state.h"

namespace coopledger::adapters {
namespace {

using nlohmann::json;

Result<const DsnRules*> DsnRulesOf(const ApiContext& context) {
  if (!context.dsn_rules) {
    return Error(ErrorCode::kUnsupported,
                 "the DSN rules could not be read when the server "
                 "started: " +
                     context.dsn_rules_error);
  }
  return context.dsn_rules.get();
}

// Records `declaration` through the service, under the caller's Idempotency-Key or the command
// id `declare` gives the same file.
HttpResponse File(ApiContext& context, const ApiCall& call, const DeclarationToFile& declaration,
                  json extra) {
  const events::CommandId command_id = CommandIdOf(call, declaration.command_id.value);
  Result<engine::CommandResult> recorded =
      context.service->Execute(command_id, ActorOf(call), declaration.filed);
  if (!recorded) return ErrorAnswer(recorded.error());
  extra["filed_on"] = declaration.filed.filed_on.ToString();
  extra["reference"] = declaration.filed.reference;
  extra["sha256"] = engine::ToHex(engine::Sha256(declaration.bytes));
  return CommandAnswer(command_id, *recorded, extra);
}

// The VAT return of `month` from the ledger as known after event `last`.
Result<projections::VatReturnFigures> VatReturnOf(ApiContext& context, Date month,
                                                  events::Seq last) {
  return ComputeVatReturn(SharedStore(context), context.chart, month, last);
}

}  // namespace

HttpResponse HandleDeclareDsn(ApiContext& context, const ApiCall& call) {
  Result<Date> month = MonthOf(call);
  if (!month) return ErrorAnswer(month.error());
  Result<const DsnRules*> rules = DsnRulesOf(context);
  if (!rules) return ErrorAnswer(rules.error());
  Result<Date> today = context.clock->Now().Day();
  if (!today) return ErrorAnswer(today.error());
  // The file is computed from the log, then filed: no payroll step in between.
  std::lock_guard lock(context.desk_mutex);
  Result<DeclarationToFile> dsn = MonthlyDsnFiling(*context.store, **rules, *month, *today);
  if (!dsn) return ErrorAnswer(dsn.error());
  return File(context, call, *dsn, {{"month", projections::PayMonthKey(*month)}});
}

HttpResponse HandleDeclareVat(ApiContext& context, const ApiCall& call) {
  Result<Date> month = MonthOf(call);
  if (!month) return ErrorAnswer(month.error());
  Result<Date> today = context.clock->Now().Day();
  if (!today) return ErrorAnswer(today.error());
  std::lock_guard lock(context.desk_mutex);
  // The return as the books stand now, as `declare vat` files it.
  Result<projections::VatReturnFigures> figures =
      VatReturnOf(context, *month, context.store->head().seq);
  if (!figures) return ErrorAnswer(figures.error());
  const DeclarationToFile vat = VatReturnFiling(VatReturnFiledText(*figures), *month, *today);
  return File(context, call, vat,
              {{"month", projections::PayMonthKey(*month)}, {"lines", vat.bytes}});
}

HttpResponse HandleDeclareFctu(ApiContext& context, const ApiCall& call) {
  const std::string& member_id = call.params.at("member");
  Result<const DsnRules*> rules = DsnRulesOf(context);
  if (!rules) return ErrorAnswer(rules.error());
  Result<Date> today = context.clock->Now().Day();
  if (!today) return ErrorAnswer(today.error());
  std::lock_guard lock(context.desk_mutex);
  Result<DeclarationToFile> fctu = EndOfContractFiling(*context.store, **rules, member_id, *today);
  if (!fctu) return ErrorAnswer(fctu.error());
  const int32_t working_days = WorkingDaysAfter(fctu->contract_end, *today);
  return File(context, call, *fctu,
              {{"member", member_id},
               {"contract_end", fctu->contract_end.ToString()},
               {"working_days_after_end", working_days},
               {"late", working_days > kEndOfContractWorkingDaysMax}});
}

namespace {

// The query parameter `real`: true, false or absent (false); kInvalidArgument naming it.
Result<bool> RealOf(const ApiCall& call) {
  const std::string text = QueryValue(call, "real");
  if (!text.empty() && text != "true" && text != "false") {
    return Error(ErrorCode::kInvalidArgument, "real: expected true or false");
  }
  return text == "true";
}

// The checked DSN of `request` as a file named `file_name`, recorded as an export of `kind` with
// the command line's `parameters`.
HttpResponse DsnFileAnswer(ApiContext& context, const ApiCall& call, const DsnRequest& request,
                           const std::string& kind, const std::string& parameters,
                           const std::string& file_name) {
  Result<const DsnRules*> rules = DsnRulesOf(context);
  if (!rules) return ErrorAnswer(rules.error());
  Result<DsnMonth> dsn = CheckedDsn(*context.store, **rules, request);
  if (!dsn) return ErrorAnswer(dsn.error());
  // Handed out, so recorded, as `export dsn` and `export fctu` record their files.
  Result<engine::CommandResult> recorded =
      RecordHttpExport(context, call, kind, parameters, file_name, dsn->bytes);
  if (!recorded) return ErrorAnswer(recorded.error());
  return FileAnswer("text/plain; charset=ISO-8859-1", std::move(dsn->bytes), file_name);
}

}  // namespace

HttpResponse HandleDsnFile(ApiContext& context, const ApiCall& call) {
  Result<Date> month = MonthOf(call);
  if (!month) return ErrorAnswer(month.error());
  Result<bool> real = RealOf(call);
  if (!real) return ErrorAnswer(real.error());
  const std::string key = projections::PayMonthKey(*month);
  return DsnFileAnswer(context, call, DsnRequest::Monthly(*month, *real, std::nullopt), "dsn",
                       "--month " + key + (*real ? " --real" : ""),
                       "dsn-" + key + (*real ? "" : "-test") + ".txt");
}

HttpResponse HandleFctuFile(ApiContext& context, const ApiCall& call) {
  const std::string& member_id = call.params.at("member");
  Result<bool> real = RealOf(call);
  if (!real) return ErrorAnswer(real.error());
  return DsnFileAnswer(context, call, DsnRequest::EndOfContract(member_id, *real, std::nullopt),
                       "fctu", "--member " + member_id + (*real ? " --real" : ""),
                       "fctu-" + member_id + (*real ? "" : "-test") + ".txt");
}

HttpResponse HandleUrssaf(ApiContext& context, const ApiCall& call) {
  Result<Date> month = MonthOf(call);
  if (!month) return ErrorAnswer(month.error());
  Result<const DsnRules*> rules = DsnRulesOf(context);
  if (!rules) return ErrorAnswer(rules.error());
  Result<DsnMonth> dsn =
      BuildDsnFromStore(*context.store, **rules, DsnRequest::Monthly(*month, false, std::nullopt));
  if (!dsn) return ErrorAnswer(dsn.error());
  return JsonAnswer(UrssafSummaryJson(*dsn, (*rules)->table, projections::PayMonthKey(*month)));
}

HttpResponse HandleVatReturn(ApiContext& context, const ApiCall& call) {
  Result<Date> month = MonthOf(call);
  if (!month) return ErrorAnswer(month.error());
  Result<KnownSeq> known = ResolveKnownAt(*context.store, call);
  if (!known) return ErrorAnswer(known.error());
  Result<projections::VatReturnFigures> figures = VatReturnOf(context, *month, known->seq);
  if (!figures) return ErrorAnswer(figures.error());
  json out = VatReturnJson(*figures, projections::PayMonthKey(*month));
  out["known_at"] = KnownJson(*known);
  return JsonAnswer(out);
}

}  // namespace coopledger::adapters
