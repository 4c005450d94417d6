// A month's VAT return lines (CA3) from the ledger, shared by `report vat`, `declare vat` and the
// server's /api/vat-return and VAT filing.
#ifndef COOPLEDGER_ADAPTERS_VAT_RETURN_H_
#define COOPLEDGER_ADAPTERS_VAT_RETURN_H_

#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "engine/event_store.h"
#include "projections/chart.h"
#include "projections/reports.h"

namespace coopledger::adapters {

// The VAT return of the month that starts on `month`, from the ledger of `store` as known after
// event `last`.
Result<projections::VatReturnFigures> ComputeVatReturn(std::shared_ptr<engine::EventStore> store,
                                                       projections::Chart chart, Date month,
                                                       events::Seq last);

// The lines as filed by `declare vat` (their SHA-256 is the filing's): CSV rows
// section,rate_percent,base_excl_vat,vat for the collected then the deductible lines, then the
// totals, VAT due and VAT credit.
std::string VatReturnFiledText(const projections::VatReturnFigures& figures);

// `report vat --format json`: {"month", "collected": [{vat_rate_ppm, base_excl_vat_cents,
// vat_cents}], "deductible": [...], the totals in cents, and the unrated movements}.
nlohmann::json VatReturnJson(const projections::VatReturnFigures& figures,
                             const std::string& month);

}  // namespace coopledger::adapters

#endif  // COOPLEDGER_ADAPTERS_VAT_RETURN_H_
