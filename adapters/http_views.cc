// The API's queries: each replays the log up to `known_at` into the projections it reads, and
// narrows the answer to the caller's scope (ApiCall::activity, ApiCall::member).
#include <nlohmann/json.hpp>

#include <charconv>
#include <cstdlib>

#include "adapters/books.h"
#include "adapters/figures_json.h"
#include "adapters/event_json.h"
#include "adapters/files.h"
#include "adapters/http_api.h"
#include "adapters/http_handlers.h"
#include "adapters/payroll_documents.h"
#include "adapters/payslip_pdf.h"
#include "engine/figures_as_of.h"
#include "engine/hash_chain.h"
#include "engine/snapshots.h"
#include "projections/member_balances.h"
#include "projections/payroll_state.h"
#include "projections/receivables.h"
#include "projections/trial_balance.h"

namespace coopledger::adapters {
namespace {

using nlohmann::json;

constexpr int32_t kEventsPageDefault = 100;
constexpr int32_t kEventsPageMax = 1'000;

template <typename Enum>
std::string EnumName(Enum value) {
  return std::string(events::EnumNames<Enum>::kNames[static_cast<size_t>(value)]);
}

Result<Date> DateOrToday(const ApiCall& call, const std::string& name) {
  const std::string text = QueryValue(call, name);
  if (text.empty()) {
    const auto now = std::chrono::system_clock::now().time_since_epoch();
    return Date::FromDaysSinceEpoch(
        static_cast<int32_t>(std::chrono::duration_cast<std::chrono::hours>(now).count() / 24));
  }
  Result<Date> parsed = Date::Parse(text);
  if (!parsed) return parsed.error().WithContext(name + ": ");
  return parsed;
}

std::string PersonName(engine::EventStore& store, const events::SealedData& sealed) {
  if (sealed.empty()) return "";
  Result<events::PersonalData> person = store.Unseal(sealed);
  if (!person) return "";
  return person->given_name + (person->family_name.empty() ? "" : " " + person->family_name);
}

json MonthHoursJson(const projections::MonthHours& hours) {
  return {{"paid_minutes", hours.paid_minutes},
          {"internal_minutes", hours.internal_minutes},
          {"volunteer_minutes", hours.volunteer_minutes}};
}

json AccountJson(const projections::ActivityAccount& account) {
  return {{"invoiced_cents", account.invoiced.cents()},
          {"collected_cents", account.collected.cents()},
          {"contribution_cents", account.contribution.cents()},
          {"expenses_cents", account.expenses.cents()},
          {"other_income_cents", account.other_income.cents()},
          {"result_cents", account.Result().cents()}};
}

// Members' hours (and names, opened at the edge) of the call's scope.
json MembersJson(ApiContext& context, const ApiCall& call,
                 const projections::MemberBalances& balances, const projections::WorkState& state) {
  json out = json::array();
  for (const projections::MemberBalance* member : balances.Members()) {
    if (!call.activity.empty() && member->activity_id != call.activity) continue;
    if (!call.member.empty() && member->member_id != call.member) continue;
    json entry = MonthHoursJson(member->Total());
    entry["member_id"] = member->member_id;
    entry["activity_id"] = member->activity_id;
    entry["regime"] = EnumName(member->regime);
    const projections::MemberState* joined = state.FindMember(events::MemberId{member->member_id});
    entry["name"] = joined ? PersonName(*context.store, joined->joined.personal) : "";
    entry["months"] = json::object();
    for (const auto& [month, hours] : member->months) entry["months"][month] = MonthHoursJson(hours);
    const projections::ActivityAccount* account = balances.FindActivityAccount(member->activity_id);
    if (account != nullptr && member->regime != events::Regime::kCjsYouth) {
      entry["activity_account"] = AccountJson(*account);
    }
    out.push_back(std::move(entry));
  }
  return out;
}

json ReceivablesJson(const projections::WorkState& state, Date on, const std::string& activity) {
  const projections::Receivables receivables = projections::ComputeReceivables(state, on);
  json out = {{"as_of", on.ToString()}, {"invoices", json::array()}};
  std::array<int64_t, projections::kAgeingBuckets.size()> buckets{};
  int64_t total = 0;
  for (const projections::OpenInvoice& invoice : receivables.invoices) {
    if (!activity.empty() && invoice.activity_id != activity) continue;
    buckets[invoice.bucket] += invoice.open.cents();
    total += invoice.open.cents();
    out["invoices"].push_back(OpenInvoiceJson(invoice));
  }
  out["total_open_cents"] = total;
  out["ageing"] = json::object();
  for (size_t i = 0; i < buckets.size(); ++i) out["ageing"][projections::kAgeingBuckets[i]] = buckets[i];
  return out;
}

// An issued payslip as `payroll show --format json` prints it, and what has been paid of it.
json PayslipJson(const events::PayslipIssued& payslip, Money wages_paid) {
  json out = PayslipSummaryJson(payslip);
  out["wages_paid_cents"] = wages_paid.cents();
  return out;
}

// Payroll totals per month for the activity: what the committee reads.
json PayrollSummaryJson(const projections::PayrollState& payroll, const std::string& activity) {
  std::map<std::string, std::array<int64_t, 4>> months;  // count, gross, net paid, cost.
  for (const auto& [id, member] : payroll.members()) {
    for (const auto& [month, issued] : member.payslips) {
      if (!activity.empty() && issued.payslip.activity_id.value != activity) continue;
      std::array<int64_t, 4>& totals = months[month];
      totals[0] += 1;
      totals[1] += issued.payslip.gross.cents();
      totals[2] += issued.payslip.net_paid.cents();
      totals[3] += issued.payslip.employer_cost.cents();
    }
  }
  json out = json::array();
  for (const auto& [month, totals] : months) {
    out.push_back({{"month", month}, {"payslips", totals[0]}, {"gross_cents", totals[1]},
                   {"net_paid_cents", totals[2]}, {"employer_cost_cents", totals[3]}});
  }
  return out;
}

json RevenueByMonthJson(const projections::WorkState& state, const std::string& activity) {
  std::map<std::string, int64_t> months;
  state.ForEachInvoice([&](const projections::InvoiceState& invoice) {
    if (invoice.invoice.activity_id.value != activity) return;
    months[projections::PayMonthKey(invoice.invoice.issued_on)] +=
        invoice.invoice.total_excl_vat.cents();
  });
  json out = json::array();
  for (const auto& [month, cents] : months) out.push_back({{"month", month}, {"invoiced_excl_vat_cents", cents}});
  return out;
}

}  // namespace

HttpResponse HandleMe(ApiContext& context, const ApiCall& call) {
  const AccessToken& token = *call.token;
  json out = {{"token_id", token.id}, {"role", EnumName(token.role)},
              {"activity", token.activity}, {"member", token.member}};
  const engine::Head head = context.store->head();
  out["head_seq"] = head.seq;
  out["first_recorded_at"] = "";
  out["last_recorded_at"] = head.seq == 0 ? "" : head.recorded_at.ToString();
  if (head.seq > 0) {
    Result<std::vector<events::StoredEvent>> first = context.store->ReadLog(1, 1);
    if (!first) return ErrorAnswer(first.error());
    if (!first->empty()) out["first_recorded_at"] = first->front().recorded_at.ToString();
  }
  // A member whose contract has ended can download its documents (payroll_documents.h).
  if (!token.member.empty()) {
    Result<BooksAsOf> books = LoadBooks(context, call, engine::kPayrollProjection);
    if (!books) return ErrorAnswer(books.error());
    const projections::PayrollState& payroll = books->set->payroll();
    const projections::PayrollMember* member = payroll.FindMember(token.member);
    out["end_of_contract_documents"] =
        member != nullptr &&
        static_cast<bool>(ComposeEndOfContract(payroll, *context.store, *member, std::nullopt));
  }
  // The activities to choose from, for the tokens that see every one, by id: from the command
  // service's live state, not a replay of the log.
  out["activities"] = json::array();
  if (token.activity.empty() && token.member.empty()) {
    std::vector<events::ActivityOpened> activities =
        context.service->ReadState([](const projections::WorkState& state) {
          std::vector<events::ActivityOpened> opened;
          state.ForEachActivity([&opened](const projections::ActivityState& activity) {
            opened.push_back(activity.opened);
          });
          return opened;
        });
    std::sort(activities.begin(), activities.end(), [](const auto& a, const auto& b) {
      return a.activity_id.value < b.activity_id.value;
    });
    for (const events::ActivityOpened& opened : activities) {
      out["activities"].push_back({{"activity_id", opened.activity_id.value}, {"name", opened.name},
                                   {"kind", EnumName(opened.kind)}});
    }
  }
  return JsonAnswer(out);
}

HttpResponse HandleBalances(ApiContext& context, const ApiCall& call) {
  Result<KnownSeq> known = ResolveKnownAt(*context.store, call);
  if (!known) return ErrorAnswer(known.error());
  // The figures as `balances --known-at` reads them: the nearest snapshot and the figure movements
  // after it, not the work state as of then (its snapshots are at year closes only). The names
  // come from the service's live state: a member known then is known now, under the name they
  // have now, and an erasure since applies to every view.
  Result<engine::Figures> figures =
      engine::FiguresAsOf(*context.store, known->seq, engine::kBalancesProjection, context.chart);
  if (!figures) return ErrorAnswer(figures.error());
  json members = context.service->ReadState([&](const projections::WorkState& state) {
    return MembersJson(context, call, figures->balances, state);
  });
  return JsonAnswer({{"known_at", KnownJson(*known)}, {"members", std::move(members)}});
}

HttpResponse HandleReceivables(ApiContext& context, const ApiCall& call) {
  Result<Date> on = DateOrToday(call, "on");
  if (!on) return ErrorAnswer(on.error());
  Result<BooksAsOf> books = LoadBooks(context, call, engine::kWorkStateProjection);
  if (!books) return ErrorAnswer(books.error());
  json out = ReceivablesJson(books->set->work_state(), *on, call.activity);
  out["known_at"] = KnownJson(books->known);
  return JsonAnswer(out);
}

HttpResponse HandleDashboard(ApiContext& context, const ApiCall& call) {
  Result<Date> on = DateOrToday(call, "on");
  if (!on) return ErrorAnswer(on.error());
  Result<BooksAsOf> books = LoadBooks(context, call,
                                     engine::kWorkStateProjection | engine::kBalancesProjection |
                                         engine::kPayrollProjection);
  if (!books) return ErrorAnswer(books.error());
  const projections::WorkState& state = books->set->work_state();
  const projections::MemberBalances& balances = books->set->balances();
  const projections::PayrollState& payroll = books->set->payroll();
  const std::string& activity_id = call.activity;
  json out = {{"known_at", KnownJson(books->known)}};
  const projections::ActivityState* activity = state.FindActivity(events::ActivityId{activity_id});
  out["activity"] = {{"activity_id", activity_id},
                     {"name", activity ? activity->opened.name : ""},
                     {"kind", activity ? EnumName(activity->opened.kind) : "unset"},
                     {"known", activity != nullptr}};
  out["revenue_by_month"] = RevenueByMonthJson(state, activity_id);
  out["members"] = MembersJson(context, call, balances, state);
  const projections::ActivityAccount* account = balances.FindActivityAccount(activity_id);
  out["activity_account"] = account ? AccountJson(*account) : AccountJson({});
  out["receivables"] = ReceivablesJson(state, *on, activity_id);
  out["payroll"] = PayrollSummaryJson(payroll, activity_id);
  return JsonAnswer(out);
}

HttpResponse HandleTrialBalance(ApiContext& context, const ApiCall& call) {
  int32_t year = 0;
  const std::string text = QueryValue(call, "year");
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), year);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) {
    return ErrorAnswer(Error(ErrorCode::kInvalidArgument, "year: expected a year, YYYY"));
  }
  if (Status checked = CheckYear(year); !checked) return ErrorAnswer(checked.error());
  Result<KnownSeq> known = ResolveKnownAt(*context.store, call);
  if (!known) return ErrorAnswer(known.error());
  Result<engine::Figures> figures =
      engine::FiguresAsOf(*context.store, known->seq, engine::kLedgerProjection, context.chart);
  if (!figures) return ErrorAnswer(figures.error());
  json rows = json::array();
  for (const projections::TrialBalanceRow& row : figures->trial_balances.Rows(context.chart, year)) {
    rows.push_back({{"account", row.account}, {"label", row.label},
                    {"debit_cents", row.debit.cents()}, {"credit_cents", row.credit.cents()}});
  }
  return JsonAnswer({{"known_at", KnownJson(*known)}, {"year", year}, {"accounts", rows}});
}

HttpResponse HandlePayslips(ApiContext& context, const ApiCall& call) {
  Result<BooksAsOf> books = LoadBooks(context, call, engine::kPayrollProjection);
  if (!books) return ErrorAnswer(books.error());
  const Result<KnownSeq> known = books->known;
  const projections::PayrollState& payroll = books->set->payroll();
  const std::string month = QueryValue(call, "month");
  json out = json::array();
  for (const auto& [id, member] : payroll.members()) {
    if (!call.member.empty() && id != call.member) continue;
    for (const auto& [key, issued] : member.payslips) {
      if (!month.empty() && key != month) continue;
      if (!call.activity.empty() && issued.payslip.activity_id.value != call.activity) continue;
      out.push_back(PayslipJson(issued.payslip, issued.wages_paid));
    }
  }
  return JsonAnswer({{"known_at", KnownJson(*known)}, {"payslips", out}});
}

HttpResponse HandlePayslipPdf(ApiContext& context, const ApiCall& call) {
  const std::string& month = call.params.at("month");
  const std::string& member_id = call.params.at("member");
  Result<BooksAsOf> books = LoadBooks(context, call, engine::kPayrollProjection);
  if (!books) return ErrorAnswer(books.error());
  const projections::PayrollState& payroll = books->set->payroll();
  const projections::PayrollMember* member = payroll.FindMember(member_id);
  const projections::IssuedPayslip* issued = nullptr;
  if (member != nullptr) {
    if (auto found = member->payslips.find(month); found != member->payslips.end()) {
      issued = &found->second;
    }
  }
  // A committee asking for another activity's payslip learns nothing more than "not found".
  if (issued == nullptr ||
      (!call.activity.empty() && issued->payslip.activity_id.value != call.activity)) {
    return ErrorAnswer(Error(ErrorCode::kNotFound, member_id + " has no payslip for " + month));
  }
  const PayslipSource source = PayslipSourceOf(payroll, *context.store, *member, *issued);
  Result<std::string> bytes = BytesWrittenBy(
      "coopledger-payslip", [&](const std::string& path) { return WritePayslipPdf(source, path); });
  if (!bytes) return ErrorAnswer(bytes.error());
  const std::string file_name = "bulletin-" + month + "-" + member_id + ".pdf";
  // A payslip handed out is an export, recorded as `payroll pdf` records it.
  Result<engine::CommandResult> recorded = RecordHttpExport(
      context, call, "payslip-pdf", "--month " + month + " --member " + member_id, file_name,
      *bytes);
  if (!recorded) return ErrorAnswer(recorded.error());
  return FileAnswer("application/pdf", std::move(*bytes), file_name);
}

HttpResponse HandleEvents(ApiContext& context, const ApiCall& call) {
  const auto number = [&call](const std::string& name, int64_t fallback) -> Result<int64_t> {
    const std::string text = QueryValue(call, name);
    if (text.empty()) return fallback;
    int64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || value < 1) {
      return Error(ErrorCode::kInvalidArgument, name + ": expected a whole number >= 1");
    }
    return value;
  };
  Result<int64_t> from = number("from_seq", 1);
  Result<int64_t> limit = number("limit", kEventsPageDefault);
  if (!from) return ErrorAnswer(from.error());
  if (!limit) return ErrorAnswer(limit.error());
  const int32_t count = static_cast<int32_t>(std::min<int64_t>(*limit, kEventsPageMax));
  const std::string stream = QueryValue(call, "stream");
  Result<std::vector<events::StoredEvent>> read =
      stream.empty() ? context.store->ReadLog(static_cast<events::Seq>(*from), count)
                     : context.store->ReadStream(stream, static_cast<uint64_t>(*from), count);
  if (!read) return ErrorAnswer(read.error());
  json out = json::array();
  for (const events::StoredEvent& event : *read) out.push_back(StoredEventToJson(event, nullptr));
  return JsonAnswer({{"events", out}, {"head_seq", context.store->head().seq}});
}

HttpResponse HandleVerify(ApiContext& context, const ApiCall&) {
  Result<engine::VerifyReport> report = context.store->Verify({});
  if (!report) return ErrorAnswer(report.error());
  json out = {{"ok", report->ok()},
              {"events_checked", report->events_checked},
              {"head_seq", report->head.seq},
              {"head_hash", engine::ToHex(report->head.hash)}};
  if (!report->ok()) {
    out["first_bad_seq"] = *report->first_bad_seq;
    out["reason"] = report->reason;
  }
  return JsonAnswer(out);
}

}  // namespace coopledger::adapters
