#include "adapters/vat_return.h"

#include "adapters/books.h"
#include "adapters/ledger_export.h"
#include "adapters/table_format.h"

namespace coopledger::adapters {
namespace {

using nlohmann::json;

json VatLinesJson(const std::vector<projections::VatReturnLine>& lines) {
  json out = json::array();
  for (const projections::VatReturnLine& line : lines) {
    out.push_back({{"vat_rate_ppm", line.vat_rate_ppm},
                   {"base_excl_vat_cents", line.base_excl_vat.cents()},
                   {"vat_cents", line.vat.cents()}});
  }
  return out;
}

}  // namespace

Result<projections::VatReturnFigures> ComputeVatReturn(std::shared_ptr<engine::EventStore> store,
                                                       projections::Chart chart, Date month,
                                                       events::Seq last) {
  projections::VatReturn report(month, month.FirstOfNextMonth(), chart.posting.vat_collected,
                                chart.posting.vat_deductible);
  COOPLEDGER_ASSIGN_OR_RETURN(
      const std::unique_ptr<projections::Ledger> ledger,
      ReplayStoreLedger(std::move(store), std::move(chart), &report, last, {}));
  return report.Figures();
}

std::string VatReturnFiledText(const projections::VatReturnFigures& figures) {
  std::vector<Row> rows;
  for (const auto& [section, lines] :
       {std::pair{"collected", &figures.collected}, std::pair{"deductible", &figures.deductible}}) {
    for (const projections::VatReturnLine& line : *lines) {
      rows.push_back({section, projections::RatePercent(line.vat_rate_ppm),
                      DotAmount(line.base_excl_vat.cents()), DotAmount(line.vat.cents())});
    }
  }
  rows.push_back({"collected_total", "", "", DotAmount(figures.collected_total.cents())});
  rows.push_back({"deductible_total", "", "", DotAmount(figures.deductible_total.cents())});
  rows.push_back({"vat_due", "", "", DotAmount(figures.vat_due.cents())});
  rows.push_back({"vat_credit", "", "", DotAmount(figures.vat_credit.cents())});
  return RenderCsv({"section", "rate_percent", "base_excl_vat", "vat"}, rows);
}

json VatReturnJson(const projections::VatReturnFigures& figures, const std::string& month) {
  return {{"month", month},
          {"collected", VatLinesJson(figures.collected)},
          {"deductible", VatLinesJson(figures.deductible)},
          {"collected_total_cents", figures.collected_total.cents()},
          {"deductible_total_cents", figures.deductible_total.cents()},
          {"vat_due_cents", figures.vat_due.cents()},
          {"vat_credit_cents", figures.vat_credit.cents()},
          {"collected_unrated_cents", figures.collected_unrated.cents()},
          {"deductible_unrated_cents", figures.deductible_unrated.cents()}};
}

}  // namespace coopledger::adapters
