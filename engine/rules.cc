#include "engine/rules.h"

namespace coopledger::engine {

bool Rules::VatRateValid(int64_t rate_ppm, Date day) const {
  for (const VatRate& rate : vat_rates) {
    if (rate.rate_ppm == rate_ppm && rate.from <= day && (!rate.until || day < *rate.until)) {
      return true;
    }
  }
  return false;
}

std::optional<int64_t> Rules::LatePaymentRatePpm(Date day) const {
  std::optional<int64_t> rate;
  for (const HalfYearRate& half_year : ecb_rates) {
    if (half_year.from <= day) rate = half_year.ecb_rate_ppm + late_margin_ppm;
  }
  return rate;
}

}  // namespace coopledger::engine
