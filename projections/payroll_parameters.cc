#include "projections/payroll_parameters.h"

namespace coopledger::projections {

int64_t PayrollParameters::MinorAbatementPpm(int32_t age) const {
  for (const MinorAbatement& minor : minors) {
    if (age < minor.age_below) return minor.abatement_ppm;
  }
  return 0;
}

Money PayrollParameters::MinimumGross(int32_t age, int64_t minutes) const {
  const __int128 numerator = static_cast<__int128>(smic_hourly.cents()) *
                             (kRateOne - MinorAbatementPpm(age)) * minutes;
  const __int128 denominator = static_cast<__int128>(60) * kRateOne;
  return Money::FromCents(static_cast<int64_t>((numerator + denominator - 1) / denominator));
}

Money PayrollParameters::SmicFor(int64_t minutes) const {
  const Result<int64_t> cents = MulDivRoundHalfUp(smic_hourly.cents(), minutes, 60);
  return Money::FromCents(cents ? *cents : 0);
}

}  // namespace coopledger::projections
