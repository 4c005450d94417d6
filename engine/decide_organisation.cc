// Deciders for the CAE, its activities, members and clients.
#include "engine/deciders.h"

#include <algorithm>
#include <set>

#include "events/social_body_ids.h"

namespace coopledger::engine::decide {
namespace {

bool AllDigits(const std::string& text, size_t count) {
  if (text.size() != count) return false;
  for (const char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// SIREN and SIRET numbers carry a Luhn check digit (INSEE).
using events::LuhnValid;

// The bodies the DSN names (events/social_body_ids.h): each optional, each checked when given.
Status CheckSocialBodies(const events::CaeConfigured& cae) {
  if (!cae.urssaf_siret.empty()) {
    if (auto problem = events::SiretProblem(cae.urssaf_siret)) {
      return Invalid("urssaf_siret", "'" + cae.urssaf_siret + "' " + *problem +
                                         " (the SIRET of the CAE's URSSAF, DSN S21.G00.20.001)");
    }
  }
  if (!cae.pension_institution_id.empty()) {
    if (auto problem = events::OpsIdentifierProblem(cae.pension_institution_id)) {
      return Invalid("pension_institution_id",
                     "'" + cae.pension_institution_id + "' " + *problem +
                         " (the Agirc-Arrco caisse as the DSN names it, S21.G00.20.001)");
    }
  }
  const bool described = !cae.provident_contract_reference.empty() ||
                         !cae.provident_population.empty() || !cae.provident_regimes.empty();
  if (cae.provident_organism_code.empty()) {
    if (described) {
      return Invalid("provident_organism_code",
                     "required with a prevoyance contract (its reference, population or regimes)");
    }
    return OkStatus();
  }
  if (auto problem = events::OrganismCodeProblem(cae.provident_organism_code)) {
    return Invalid("provident_organism_code", "'" + cae.provident_organism_code + "' " + *problem +
                                                  " (DSN S21.G00.15.002)");
  }
  auto printable = [](const std::string& text) {
    return std::all_of(text.begin(), text.end(), [](char c) { return c >= ' ' && c <= '~' && c != '\''; });
  };
  if (cae.provident_contract_reference.empty() || cae.provident_contract_reference.size() > 30 ||
      !printable(cae.provident_contract_reference)) {
    return Invalid("provident_contract_reference",
                   "required with a prevoyance contract: 1 to 30 printable ASCII characters, no "
                   "quote (DSN S21.G00.15.001)");
  }
  if (cae.provident_population.size() > 30 || !printable(cae.provident_population)) {
    return Invalid("provident_population",
                   "at most 30 printable ASCII characters, no quote (DSN S21.G00.70.005)");
  }
  if (cae.provident_regimes.empty()) {
    return Invalid("provident_regimes", "name the regimes the contract covers: cjsYouth, cape, cesa");
  }
  std::set<std::string> seen;
  for (size_t i = 0; i < cae.provident_regimes.size(); ++i) {
    const std::string& regime = cae.provident_regimes[i];
    const std::string field = "provident_regimes[" + std::to_string(i) + "]";
    if (regime != "cjsYouth" && regime != "cape" && regime != "cesa") {
      return Invalid(field, "'" + regime + "' is not cjsYouth, cape or cesa");
    }
    if (!seen.insert(regime).second) return Invalid(field, "'" + regime + "' is named twice");
  }
  return OkStatus();
}

Status CheckRate(const std::string& field, int64_t rate_ppm) {
  if (rate_ppm < 0 || rate_ppm > 1'000'000) return Invalid(field, "must be between 0 and 1000000 (100 %)");
  return OkStatus();
}

Result<const projections::MemberState*> KnownMember(const WorkState& state,
                                                    const events::MemberId& id) {
  const projections::MemberState* member = state.FindMember(id);
  if (member == nullptr) return Unknown("member_id", "member", id.value);
  return member;
}

}  // namespace

Decision CaeConfigured(const WorkState&, const DecisionContext& context, events::CaeConfigured cae) {
  COOPLEDGER_RETURN_IF_ERROR(RequireText("name", cae.name));
  if (!AllDigits(cae.siren, 9) || !LuhnValid(cae.siren)) {
    return Invalid("siren", "'" + cae.siren + "' is not a valid SIREN (9 digits, Luhn check)");
  }
  if (!AllDigits(cae.nic, 5) || !LuhnValid(cae.siren + cae.nic)) {
    return Invalid("nic", "'" + cae.nic + "' does not make a valid SIRET with the SIREN");
  }
  if (cae.fiscal_year_end_month < 1 || cae.fiscal_year_end_month > 12) {
    return Invalid("fiscal_year_end_month", "must be 1 to 12");
  }
  if (cae.vat_regime == events::VatRegime::kUnset) {
    return Invalid("vat_regime", "required: normal, simplified or franchise");
  }
  COOPLEDGER_RETURN_IF_ERROR(CheckRate("contribution_rate_ppm", cae.contribution_rate_ppm));
  COOPLEDGER_RETURN_IF_ERROR(CheckRate("atmp_rate_ppm", cae.atmp_rate_ppm));
  if (cae.headcount < 0) return Invalid("headcount", "must not be negative");
  COOPLEDGER_RETURN_IF_ERROR(CheckSocialBodies(cae));
  return One(Make("cae", context.today, std::move(cae)));
}

Decision ActivityOpened(const WorkState& state, const DecisionContext&, events::ActivityOpened opened) {
  COOPLEDGER_RETURN_IF_ERROR(RequireText("activity_id", opened.activity_id.value));
  if (state.FindActivity(opened.activity_id) != nullptr) {
    return Taken("activity_id", opened.activity_id.value);
  }
  if (opened.kind == events::ActivityKind::kUnset) {
    return Invalid("kind", "required: cjsSeason, kpaCiteGroup or entrepreneur");
  }
  COOPLEDGER_RETURN_IF_ERROR(RequireText("name", opened.name));
  COOPLEDGER_RETURN_IF_ERROR(RequireText("analytic_code", opened.analytic_code));
  COOPLEDGER_RETURN_IF_ERROR(RequireDate("opened_on", opened.opened_on));
  if (opened.has_contribution_rate) {
    COOPLEDGER_RETURN_IF_ERROR(CheckRate("contribution_rate_ppm", opened.contribution_rate_ppm));
  } else if (opened.contribution_rate_ppm != 0) {
    return Invalid("contribution_rate_ppm", "set has_contribution_rate to override the CAE's rate");
  }
  const std::string stream = "activity/" + opened.activity_id.value;
  const Date effective = opened.opened_on;
  return One(Make(stream, effective, std::move(opened), kNoStream));
}

Decision ActivityClosed(const WorkState& state, const DecisionContext&, events::ActivityClosed closed) {
  const projections::ActivityState* activity = state.FindActivity(closed.activity_id);
  if (activity == nullptr) return Unknown("activity_id", "activity", closed.activity_id.value);
  if (activity->closed_on) {
    return Invalid("activity_id", closed.activity_id.value + " was closed on " +
                                      activity->closed_on->ToString());
  }
  COOPLEDGER_RETURN_IF_ERROR(RequireDate("closed_on", closed.closed_on));
  if (closed.closed_on < activity->opened.opened_on) {
    return Invalid("closed_on", "before the activity opened (" +
                                    activity->opened.opened_on.ToString() + ")");
  }
  const std::string stream = "activity/" + closed.activity_id.value;
  const Date effective = closed.closed_on;
  return One(Make(stream, effective, std::move(closed)));
}

namespace {

Status CheckContractShape(const events::MemberJoined& joined) {
  using events::ContractKind;
  using events::Regime;
  switch (joined.regime) {
    case Regime::kUnset:
      return Invalid("regime", "required: cjsYouth, cape or cesa");
    case Regime::kCjsYouth:
      if (joined.contract != ContractKind::kFixedTerm || !joined.contract_end) {
        return Invalid("contract", "a CJS youth works on a fixed-term contract with an end date");
      }
      if (joined.hourly_rate.cents() <= 0) return Invalid("hourly_rate_cents", "must be positive");
      break;
    case Regime::kCape:
      if (joined.contract != ContractKind::kCape || !joined.contract_end) {
        return Invalid("contract", "a CAPE is a 'cape' contract with an end date (12 months at most)");
      }
      // A CAPE lasts 12 months at most (Code de commerce L127-2); renewals are new contracts.
      if (*joined.contract_end >= Date::FromYmd(joined.contract_start.year() + 1,
                                                joined.contract_start.month(), 1)
                                      .value()
                                      .AddDays(joined.contract_start.day() - 1)) {
        return Invalid("contract_end", "a CAPE lasts 12 months at most (Code de commerce L127-2)");
      }
      break;
    case Regime::kCesa:
      if (joined.contract != ContractKind::kPermanent && joined.contract != ContractKind::kFixedTerm) {
        return Invalid("contract", "a CESA is employed: fixedTerm or permanent");
      }
      break;
  }
  if (joined.contract_end && *joined.contract_end < joined.contract_start) {
    return Invalid("contract_end", "before contract_start");
  }
  if (joined.weekly_minutes < 0 || joined.weekly_minutes > 48 * 60) {
    return Invalid("weekly_minutes", "must be 0 to 2880 (48 hours)");
  }
  return OkStatus();
}

}  // namespace

Decision MemberJoined(const WorkState& state, const DecisionContext& context, events::MemberJoined joined) {
  COOPLEDGER_RETURN_IF_ERROR(RequireText("member_id", joined.member_id.value));
  if (state.FindMember(joined.member_id) != nullptr) return Taken("member_id", joined.member_id.value);
  COOPLEDGER_RETURN_IF_ERROR(RequireDate("contract_start", joined.contract_start));
  COOPLEDGER_RETURN_IF_ERROR(
      OpenActivity("activity_id", joined.activity_id, joined.contract_start, state));
  COOPLEDGER_RETURN_IF_ERROR(CheckContractShape(joined));
  if (joined.birth_year != 0 &&
      (joined.birth_year < kYearMin || joined.birth_year > context.today.year())) {
    return Invalid("birth_year", std::to_string(joined.birth_year) + " is not plausible");
  }
  if (!joined.personal.empty() && joined.personal.person_id.value != joined.member_id.value) {
    return Invalid("personal.person_id", "must be the member's id");
  }
  const std::string stream = "member/" + joined.member_id.value;
  const Date effective = joined.contract_start;
  return One(Make(stream, effective, std::move(joined), kNoStream));
}

Decision ContractChanged(const WorkState& state, const DecisionContext&, events::ContractChanged changed) {
  COOPLEDGER_ASSIGN_OR_RETURN(const projections::MemberState* member,
                              KnownMember(state, changed.member_id));
  COOPLEDGER_RETURN_IF_ERROR(RequireDate("effective_from", changed.effective_from));
  if (member->left_on) return Invalid("member_id", changed.member_id.value + " has left");
  events::MemberJoined contract = member->joined;
  contract.regime = changed.regime == events::Regime::kUnset ? contract.regime : changed.regime;
  contract.contract_end = changed.contract_end;
  contract.hourly_rate = changed.hourly_rate;
  contract.weekly_minutes = changed.weekly_minutes;
  COOPLEDGER_RETURN_IF_ERROR(CheckContractShape(contract));
  changed.regime = contract.regime;
  COOPLEDGER_RETURN_IF_ERROR(RequireText("reason", changed.reason));
  const std::string stream = "member/" + changed.member_id.value;
  const Date effective = changed.effective_from;
  return One(Make(stream, effective, std::move(changed)));
}

Decision MemberLeft(const WorkState& state, const DecisionContext&, events::MemberLeft left) {
  COOPLEDGER_ASSIGN_OR_RETURN(const projections::MemberState* member,
                              KnownMember(state, left.member_id));
  if (member->left_on) {
    return Invalid("member_id", left.member_id.value + " left on " + member->left_on->ToString());
  }
  COOPLEDGER_RETURN_IF_ERROR(RequireDate("left_on", left.left_on));
  if (left.left_on < member->joined.contract_start) {
    return Invalid("left_on", "before the contract started (" +
                                  member->joined.contract_start.ToString() + ")");
  }
  COOPLEDGER_RETURN_IF_ERROR(RequireText("reason", left.reason));
  const std::string stream = "member/" + left.member_id.value;
  const Date effective = left.left_on;
  return One(Make(stream, effective, std::move(left)));
}

Decision PersonalDataErased(const WorkState& state, const DecisionContext& context,
                            events::PersonalDataErased erased) {
  COOPLEDGER_RETURN_IF_ERROR(RequireText("person_id", erased.person_id.value));
  COOPLEDGER_RETURN_IF_ERROR(RequireText("reason", erased.reason));
  const bool member = state.FindMember(events::MemberId{erased.person_id.value}) != nullptr;
  const bool client = state.FindClient(events::ClientId{erased.person_id.value}) != nullptr;
  if (!member && !client) return Unknown("person_id", "member or client", erased.person_id.value);
  const std::string stream = (member ? "member/" : "client/") + erased.person_id.value;
  return One(Make(stream, context.today, std::move(erased)));
}

Decision ClientRegistered(const WorkState& state, const DecisionContext& context,
                          events::ClientRegistered client) {
  using events::ClientKind;
  COOPLEDGER_RETURN_IF_ERROR(RequireText("client_id", client.client_id.value));
  if (state.FindClient(client.client_id) != nullptr) return Taken("client_id", client.client_id.value);
  if (client.kind == ClientKind::kUnset) {
    return Invalid("kind", "required: household, company, association or publicBody");
  }
  if (client.kind == ClientKind::kHousehold) {
    if (client.personal.empty()) {
      return Invalid("personal", "a household's name and address are personal data: give them here");
    }
    if (client.personal.person_id.value != client.client_id.value) {
      return Invalid("personal.person_id", "must be the client's id");
    }
  } else {
    COOPLEDGER_RETURN_IF_ERROR(RequireText("name", client.name));
  }
  if (!client.siret.empty() &&
      (!AllDigits(client.siret, 14) || !LuhnValid(client.siret))) {
    return Invalid("siret", "'" + client.siret + "' is not a valid SIRET (14 digits, Luhn check)");
  }
  if (client.kind == ClientKind::kPublicBody && client.siret.empty()) {
    return Invalid("siret", "required for a public body: Chorus Pro routes invoices by SIRET");
  }
  if (client.payment_terms_days < 0 || client.payment_terms_days > 60) {
    return Invalid("payment_terms_days", "must be 0 to 60 (Code de commerce L441-10)");
  }
  const std::string stream = "client/" + client.client_id.value;
  return One(Make(stream, context.today, std::move(client), kNoStream));
}

}  // namespace coopledger::engine::decide
