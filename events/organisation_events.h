// Events that set up the CAE and its activities (DESIGN section 5, "Organisation").
#ifndef COOPLEDGER_EVENTS_ORGANISATION_EVENTS_H_
#define COOPLEDGER_EVENTS_ORGANISATION_EVENTS_H_

#include "events/values.h"

namespace coopledger::events {

// The legal entity that keeps this store: one store is one CAE, one FEC.
struct CaeConfigured {
  std::string name;
  std::string siren;     // 9 digits.
  std::string nic;       // 5 digits; SIRET = SIREN + NIC.
  std::string ape_code;  // "7022Z".
  std::string vat_number;
  std::string address;
  int32_t fiscal_year_end_month = 12;  // The fiscal year ends on the last day of this month.
  int64_t contribution_rate_ppm = 0;   // Default CAE contribution on revenue excluding VAT.
  VatRegime vat_regime = VatRegime::kUnset;
  int32_t headcount = 0;
  int64_t atmp_rate_ppm = 0;           // Work-accident rate notified by the CARSAT.
  std::string collective_agreement;    // IDCC code.
  std::string pension_institution;
  std::string bank_iban;
  std::string bank_bic;
  // The bodies the monthly DSN pays and declares to (DOMAIN section 4), each as the DSN names it
  // (events/social_body_ids.h); empty until configured, and the DSN export refuses without them.
  std::string urssaf_siret;            // The SIRET of the CAE's URSSAF: S21.G00.20/.22.001.
  std::string pension_institution_id;  // Its Agirc-Arrco caisse's identifier: S21.G00.20.001.
  // The collective prevoyance / health contract, if any (S21.G00.15, S21.G00.70): the organism's
  // code, the contract's reference, the population code the organism gave (may be empty) and the
  // regimes it covers ("cjsYouth", "cape", "cesa"). No organism code: no contract.
  std::string provident_organism_code;
  std::string provident_contract_reference;
  std::string provident_population;
  std::vector<std::string> provident_regimes;
  COOPLEDGER_FIELDS(CaeConfigured, name, siren, nic, ape_code, vat_number, address,
                    fiscal_year_end_month, contribution_rate_ppm, vat_regime, headcount,
                    atmp_rate_ppm, collective_agreement, pension_institution, bank_iban,
                    bank_bic, urssaf_siret, pension_institution_id, provident_organism_code,
                    provident_contract_reference, provident_population, provident_regimes);
};

// An enseigne: a CJS season, a KPA-Cite group or one entrepreneur's activity.
struct ActivityOpened {
  ActivityId activity_id;
  ActivityKind kind = ActivityKind::kUnset;
  std::string name;
  std::string analytic_code;
  Date opened_on;
  bool has_contribution_rate = false;  // Else the CAE's default applies.
  int64_t contribution_rate_ppm = 0;
  COOPLEDGER_FIELDS(ActivityOpened, activity_id, kind, name, analytic_code, opened_on,
                    has_contribution_rate, contribution_rate_ppm);
};

struct ActivityClosed {
  ActivityId activity_id;
  Date closed_on;
  std::string reason;
  COOPLEDGER_FIELDS(ActivityClosed, activity_id, closed_on, reason);
};

// A whole rate table (SMIC, ceilings, contribution rates...) as adopted, so that replay uses the
// rules of its time without reading files.
struct ParametersAdopted {
  std::string version;  // "2025-07".
  Date effective_from;
  std::optional<Date> effective_until;  // Excluded; none while in force.
  std::string table;                    // The data file's text, verbatim.
  Bytes table_sha256;
  std::string source;
  COOPLEDGER_FIELDS(ParametersAdopted, version, effective_from, effective_until, table,
                    table_sha256, source);
};

}  // namespace coopledger::events

#endif  // COOPLEDGER_EVENTS_ORGANISATION_EVENTS_H_
