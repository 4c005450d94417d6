#include "engine/documents.h"

#include <map>

namespace coopledger::engine::decide {

Result<DocumentTotals> ComputeTotals(std::vector<events::DocumentLine> lines, Date day,
                                     const WorkState& state, const DecisionContext& context) {
  if (lines.empty()) return Invalid("lines", "a document needs at least one line");
  const bool franchise =
      state.cae() && state.cae()->vat_regime == events::VatRegime::kFranchise;
  DocumentTotals totals;
  std::map<int64_t, int64_t> base_by_rate;
  int64_t total_excl_vat = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    events::DocumentLine& line = lines[i];
    const std::string field = "lines[" + std::to_string(i) + "]";
    COOPLEDGER_RETURN_IF_ERROR(RequireText(field + ".description", line.description));
    if (line.quantity_milli <= 0) return Invalid(field + ".quantity_milli", "must be positive");
    if (franchise && line.vat_rate_ppm != 0) {
      return Invalid(field + ".vat_rate_ppm", "the CAE is under the VAT franchise (CGI 293 B): 0 only");
    }
    if (context.rules != nullptr && !context.rules->VatRateValid(line.vat_rate_ppm, day)) {
      return Invalid(field + ".vat_rate_ppm", std::to_string(line.vat_rate_ppm) +
                                                  " is not a VAT rate in force on " + day.ToString());
    }
    COOPLEDGER_ASSIGN_OR_RETURN(
        const int64_t amount,
        MulDivRoundHalfUp(line.quantity_milli, line.unit_price.cents(), /*denominator=*/1'000));
    if (std::abs(amount) > kAmountCentsMax) return Invalid(field, "amount above one billion euros");
    if (line.amount_excl_vat.cents() != 0 && line.amount_excl_vat.cents() != amount) {
      return Invalid(field + ".amount_excl_vat_cents",
                     "gives " + line.amount_excl_vat.ToString() + " but quantity x unit price is " +
                         Money::FromCents(amount).ToString());
    }
    line.amount_excl_vat = Money::FromCents(amount);
    base_by_rate[line.vat_rate_ppm] += amount;
    total_excl_vat += amount;
  }
  if (total_excl_vat <= 0) return Invalid("lines", "the total excluding VAT must be positive");
  int64_t total_vat = 0;
  for (const auto& [rate, base] : base_by_rate) {
    COOPLEDGER_ASSIGN_OR_RETURN(const int64_t vat,
                                MulDivRoundHalfUp(base, rate, /*denominator=*/1'000'000));
    totals.vat_totals.push_back(events::VatTotal{rate, Money::FromCents(base), Money::FromCents(vat)});
    total_vat += vat;
  }
  totals.lines = std::move(lines);
  totals.total_excl_vat = Money::FromCents(total_excl_vat);
  totals.total_vat = Money::FromCents(total_vat);
  totals.total_incl_vat = Money::FromCents(total_excl_vat + total_vat);
  return totals;
}

}  // namespace coopledger::engine::decide
