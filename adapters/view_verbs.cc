// Views: `balances` and `receivables`, as table, JSON or CSV.
#include <CLI/CLI.hpp>

#include <nlohmann/json.hpp>
#include <ostream>

#include "adapters/books.h"
#include "adapters/figures_json.h"
#include "adapters/cli.h"
#include "adapters/table_format.h"
#include "engine/figures_as_of.h"
#include "engine/snapshots.h"
#include "projections/member_balances.h"
#include "projections/receivables.h"

namespace coopledger::adapters {
namespace {

using nlohmann::json;

const char* RegimeName(events::Regime regime) {
  return std::string_view(events::EnumNames<events::Regime>::kNames[static_cast<size_t>(regime)]).data();
}

bool HasActivityAccount(events::Regime regime) {
  return regime == events::Regime::kCape || regime == events::Regime::kCesa;
}

void PrintRows(CliContext& context, const std::string& format, const Row& header,
               const std::vector<Row>& rows, const json& as_json) {
  if (format == "json") *context.out << as_json.dump(2) << "\n";
  else if (format == "csv") *context.out << RenderCsv(header, rows);
  else *context.out << RenderTable(header, rows);
}

// The time axes of a view: --known-at (recorded time) and --on (business date).
struct AsOf {
  std::string known_at;
  std::string on;
};

void RunBalances(CliContext& context, const std::string& format, const AsOf& as_of) {
  Result<std::optional<Date>> on = ParseOn(as_of.on);
  if (!on) return Fail(context, on.error());
  Result<StoreKnownAt> opened = OpenKnownAt(context, as_of.known_at);
  if (!opened) return Fail(context, opened.error());
  projections::MemberBalances balances;
  if (*on) {
    const Status replayed =
        ReplayAsOf(*opened->store, opened->last, *on,
                   [&balances](const events::StoredEvent& event) { balances.Apply(event); });
    if (!replayed) return Fail(context, replayed.error());
  } else {
    // From the nearest snapshot at or before --known-at, then the movements or events after it.
    Result<engine::Figures> known = engine::FiguresAsOf(
        *opened->store, opened->last, engine::kBalancesProjection, projections::Chart{});
    if (!known) return Fail(context, known.error());
    balances = std::move(known->balances);
  }

  const Row header = {"member", "activity", "regime", "paid_hours", "internal_hours",
                      "volunteer_hours", "invoiced", "collected", "contribution", "expenses",
                      "result"};
  std::vector<Row> rows;
  json out = json::array();
  for (const projections::MemberBalance* member : balances.Members()) {
    const projections::MonthHours total = member->Total();
    Row row = {member->member_id, member->activity_id, RegimeName(member->regime),
               DecimalHours(total.paid_minutes), DecimalHours(total.internal_minutes),
               DecimalHours(total.volunteer_minutes)};
    json entry = {{"member_id", member->member_id}, {"activity_id", member->activity_id},
                  {"regime", RegimeName(member->regime)},
                  {"paid_minutes", total.paid_minutes}, {"internal_minutes", total.internal_minutes},
                  {"volunteer_minutes", total.volunteer_minutes}, {"months", json::object()}};
    for (const auto& [month, hours] : member->months) {
      entry["months"][month] = {{"paid_minutes", hours.paid_minutes},
                                {"internal_minutes", hours.internal_minutes},
                                {"volunteer_minutes", hours.volunteer_minutes}};
    }
    const projections::ActivityAccount* account = balances.FindActivityAccount(member->activity_id);
    if (HasActivityAccount(member->regime) && account != nullptr) {
      for (Money amount : {account->invoiced, account->collected, account->contribution,
                           account->expenses, account->Result()}) {
        row.push_back(amount.ToString());
      }
      entry["activity_account"] = {{"invoiced_cents", account->invoiced.cents()},
                                   {"collected_cents", account->collected.cents()},
                                   {"contribution_cents", account->contribution.cents()},
                                   {"expenses_cents", account->expenses.cents()},
                                   {"result_cents", account->Result().cents()}};
    } else {
      row.insert(row.end(), 5, "");
    }
    rows.push_back(std::move(row));
    out.push_back(std::move(entry));
  }
  PrintRows(context, format, header, rows, out);
}

void RunReceivables(CliContext& context, const std::string& format, const std::string& on,
                    const std::string& known_at) {
  Date as_of = Date::FromDaysSinceEpoch(context.clock->Now().micros() / 86'400'000'000).value();
  if (!on.empty()) {
    Result<Date> parsed = Date::Parse(on);
    if (!parsed) return Fail(context, parsed.error().WithContext("--on: "));
    as_of = *parsed;
  }
  // From the nearest snapshot of the work state, then the events after it.
  Result<ProjectionsAsOf> books = LoadProjectionsAsOf(context, engine::kWorkStateProjection, known_at);
  if (!books) return Fail(context, books.error());
  const projections::Receivables receivables =
      projections::ComputeReceivables(books->set->work_state(), as_of);

  const Row header = {"invoice", "client", "activity", "issued_on", "due_on", "total", "open",
                      "age_days", "ageing", "reminders", "reminder_due"};
  std::vector<Row> rows;
  json out = {{"as_of", as_of.ToString()}, {"invoices", json::array()},
              {"total_open_cents", receivables.total_open.cents()}, {"ageing", json::object()}};
  for (const projections::OpenInvoice& invoice : receivables.invoices) {
    rows.push_back({invoice.invoice_number, invoice.client_id, invoice.activity_id,
                    invoice.issued_on.ToString(), invoice.due_on.ToString(),
                    invoice.total_incl_vat.ToString(), invoice.open.ToString(),
                    std::to_string(invoice.age_days), projections::kAgeingBuckets[invoice.bucket],
                    std::to_string(invoice.reminder_level), invoice.reminder_due ? "yes" : "no"});
    out["invoices"].push_back(OpenInvoiceJson(invoice));
  }
  for (size_t i = 0; i < projections::kAgeingBuckets.size(); ++i) {
    out["ageing"][projections::kAgeingBuckets[i]] = receivables.bucket_totals[i].cents();
  }
  PrintRows(context, format, header, rows, out);
  if (format == "table") {
    *context.out << "\nopen on " << as_of.ToString() << ": " << receivables.total_open.ToString();
    for (size_t i = 0; i < projections::kAgeingBuckets.size(); ++i) {
      *context.out << "  " << projections::kAgeingBuckets[i] << " days: "
                   << receivables.bucket_totals[i].ToString();
    }
    *context.out << "\n";
  }
}

CLI::Option* AddFormat(CLI::App* verb, std::string* format) {
  return verb->add_option("--format", *format, "table, json or csv")
      ->check(CLI::IsMember({"table", "json", "csv"}))
      ->capture_default_str();
}

CLI::Option* AddKnownAt(CLI::App* verb, std::string* known_at) {
  return verb
      ->add_option("--known-at", *known_at,
                   "As known then: the events up to seq SEQ, or recorded at or before a UTC time")
      ->type_name("SEQ|TIME");
}

}  // namespace

void AddViewVerbs(CLI::App& app, CliContext& context) {
  auto balances_format = std::make_shared<std::string>("table");
  auto balances_as_of = std::make_shared<AsOf>();
  CLI::App* balances = app.add_subcommand(
      "balances", "Hours per member (paid, internal, volunteer) and CAPE/CESA activity accounts");
  balances->add_option("--data", context.data_dir, "The store's directory")->capture_default_str();
  AddFormat(balances, balances_format.get());
  AddKnownAt(balances, &balances_as_of->known_at);
  balances->add_option("--on", balances_as_of->on,
                       "Only the facts dated on or before this business day, YYYY-MM-DD");
  balances->callback([&context, balances_format, balances_as_of] {
    RunBalances(context, *balances_format, *balances_as_of);
  });

  auto receivables_format = std::make_shared<std::string>("table");
  auto on = std::make_shared<std::string>();
  auto receivables_known_at = std::make_shared<std::string>();
  CLI::App* receivables = app.add_subcommand(
      "receivables", "Open invoices with their ageing and the reminders due");
  receivables->add_option("--data", context.data_dir, "The store's directory")->capture_default_str();
  receivables->add_option("--on", *on, "Business date of the ageing (default: today)");
  AddFormat(receivables, receivables_format.get());
  AddKnownAt(receivables, receivables_known_at.get());
  receivables->callback([&context, receivables_format, on, receivables_known_at] {
    RunReceivables(context, *receivables_format, *on, *receivables_known_at);
  });
}

}  // namespace coopledger::adapters
