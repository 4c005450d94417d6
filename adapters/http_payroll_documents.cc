// The payroll's files over HTTP: the month's wage transfer file (as `payroll transfer` writes it),
// the pre-hiring declarations of a month (as `export dpae`) and a member's end-of-contract
// documents (as `payroll end-of-contract`). Each file handed out is recorded as an export.
#include <optional>

#include "adapters/http_api.h"
#include "adapters/http_handlers.h"
#include "adapters/payroll_documents.h"
#include "projections/payroll_state.h"

namespace coopledger::adapters {
namespace {

// The query parameter `name`, a day YYYY-MM-DD, unset when absent; kInvalidArgument naming it.
Result<std::optional<Date>> OptionalDayOf(const ApiCall& call, const std::string& name) {
  const std::string text = QueryValue(call, name);
  if (text.empty()) return std::optional<Date>();
  Result<Date> day = Date::Parse(text);
  if (!day) return day.error().WithContext(name + ": ");
  return std::optional<Date>(*day);
}

}  // namespace

HttpResponse HandleWageTransfer(ApiContext& context, const ApiCall& call) {
  Result<Date> month = MonthOf(call);
  if (!month) return ErrorAnswer(month.error());
  Result<std::optional<Date>> on = OptionalDayOf(call, "on");
  if (!on) return ErrorAnswer(on.error());
  Result<BooksAsOf> books = LoadBooks(context, call, engine::kPayrollProjection);
  if (!books) return ErrorAnswer(books.error());
  Result<WageTransferFile> file =
      ComposeWageTransfer(books->set->payroll(), *context.store, *month, *on,
                          context.clock->Now(), books->known.seq);
  if (!file) {
    return ErrorAnswer(file.error().code() == ErrorCode::kNotFound
                           ? file.error().WithContext("month: ")
                           : file.error());
  }
  const std::string key = projections::PayMonthKey(*month);
  const std::string name = "virements-salaires-" + key + ".xml";
  // Handed out, so recorded, as `payroll transfer` records its file.
  Result<engine::CommandResult> recorded = RecordHttpExport(
      context, call, "sepa-wages",
      "--month " + key + " --on " + file->batch.requested_execution_date.ToString(), name,
      file->xml);
  if (!recorded) return ErrorAnswer(recorded.error());
  return FileAnswer("application/xml", std::move(file->xml), name);
}

HttpResponse HandleDpaeFile(ApiContext& context, const ApiCall& call) {
  Result<Date> month = MonthOf(call);
  if (!month) return ErrorAnswer(month.error());
  Result<BooksAsOf> books = LoadBooks(context, call, engine::kPayrollProjection);
  if (!books) return ErrorAnswer(books.error());
  Result<DpaeListing> listing = ComposeDpae(books->set->payroll(), *context.store, *month);
  if (!listing) return ErrorAnswer(listing.error());
  const std::string key = projections::PayMonthKey(*month);
  const std::string name = "dpae-" + key + ".csv";
  // Handed out, so recorded, as `export dpae` records its file.
  Result<engine::CommandResult> recorded =
      RecordHttpExport(context, call, "dpae", "--month " + key, name, listing->csv);
  if (!recorded) return ErrorAnswer(recorded.error());
  return FileAnswer("text/csv; charset=utf-8", std::move(listing->csv), name);
}

HttpResponse HandleEndOfContractDocument(ApiContext& context, const ApiCall& call) {
  const std::string& member_id = call.params.at("member");
  const std::string& document = call.params.at("document");
  if (Status checked = CheckEndOfContractDocument(document); !checked) {
    return ErrorAnswer(checked.error());
  }
  Result<std::optional<Date>> on = OptionalDayOf(call, "on");
  if (!on) return ErrorAnswer(on.error());
  Result<BooksAsOf> books = LoadBooks(context, call, engine::kPayrollProjection);
  if (!books) return ErrorAnswer(books.error());
  const projections::PayrollState& payroll = books->set->payroll();
  const projections::PayrollMember* member = payroll.FindMember(member_id);
  // A committee asking for another activity's member learns nothing more than "not found".
  if (member == nullptr ||
      (!call.activity.empty() && member->joined.activity_id.value != call.activity)) {
    return ErrorAnswer(Error(ErrorCode::kNotFound, "member: no member " + member_id));
  }
  Result<EndOfContractSource> source = ComposeEndOfContract(payroll, *context.store, *member, *on);
  if (!source) return ErrorAnswer(source.error().WithContext("member: "));
  Result<std::string> bytes = EndOfContractPdf(document, *source);
  if (!bytes) return ErrorAnswer(bytes.error());
  const std::string name = EndOfContractFileName(document, member_id);
  // Handed out, so recorded, as `payroll end-of-contract` records each document.
  Result<engine::CommandResult> recorded = RecordHttpExport(
      context, call, document,
      "--member " + member_id + " --on " + source->delivered_on.ToString(), name, *bytes);
  if (!recorded) return ErrorAnswer(recorded.error());
  return FileAnswer("application/pdf", std::move(*bytes), name);
}

}  // namespace coopledger::adapters
