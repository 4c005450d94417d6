// The demo's adults: a KPA-Cite group of 8 under CAPE over 2025, and 3 CESA entrepreneurs from
// January 2025 to June 2026. Each sells a few jobs a month to businesses and associations.
#include <cstdio>
#include <map>

#include "engine/demo_plan.h"

namespace coopledger::engine::demo {
namespace {

struct Sale {
  std::string job_id;
  std::string client_id;
  Date day;
  std::string description;
  int64_t quantity_milli = 0;
  int64_t unit_price_cents = 0;
  int32_t pay_after_days = 20;
  std::vector<std::string> members;  // Who worked, when hours are logged.
  int32_t minutes = 0;
};

// What KPA-Cite groups and entrepreneurs share: clients, monthly sales, expenses.
class AdultProgramme : public Programme {
 protected:
  // `programme` prefixes every id, so that programmes never collide.
  AdultProgramme(uint64_t seed, std::string programme, std::string suffix)
      : dice_(seed), programme_(std::move(programme)), suffix_(std::move(suffix)) {}

  std::string Id(const char* prefix, size_t number) const {
    char text[32];
    std::snprintf(text, sizeof text, "%s-%04zu", prefix, number);
    return programme_ + text + suffix_;
  }

  void AddClient(std::string name, events::ClientKind kind, uint64_t siren_number) {
    events::ClientRegistered client;
    client.client_id.value = Id(kind == events::ClientKind::kCompany ? "CO" : "AS", clients_.size() + 1);
    client.kind = kind;
    client.name = std::move(name);
    if (kind == events::ClientKind::kCompany) client.siret = MakeSiret(MakeSiren(siren_number), 1);
    client.payment_terms_days = 30;
    clients_.push_back(std::move(client));
  }

  void Sell(const std::string& activity, std::vector<Scheduled>& out, Date day) {
    const auto [first, last] = sales_by_day_.equal_range(day.days_since_epoch());
    for (auto it = first; it != last; ++it) SaleCommand(activity, sales_[it->second.first], it->second.second, day, out);
  }

  // Two to four sales a month from `from` to `until`, each paid 10 to 45 days after invoicing.
  void PlanSales(Date from, Date until, const std::vector<std::string>& members,
                 const std::vector<std::pair<const char*, int64_t>>& offers) {
    for (Date day = from; day < until; day = day.AddDays(1)) {
      if (!IsWeekday(day) || IsPublicHoliday(day) || !dice_.OneIn(8)) continue;
      Sale sale;
      sale.job_id = Id("JOB", sales_.size() + 1);
      sale.client_id = dice_.Pick(clients_).client_id.value;
      sale.day = day;
      const auto& offer = dice_.Pick(offers);
      sale.description = offer.first;
      sale.unit_price_cents = offer.second;
      sale.quantity_milli = dice_.Between(2, 12) * 1'000;
      sale.pay_after_days = static_cast<int32_t>(dice_.Between(10, 45));
      if (!members.empty()) {
        sale.members = {dice_.Pick(members)};
        sale.minutes = static_cast<int32_t>(dice_.Between(2, 6) * 60);
      }
      const size_t index = sales_.size();
      sales_.push_back(std::move(sale));
      const Sale& planned = sales_.back();
      sales_by_day_.emplace(planned.day.AddDays(-3).days_since_epoch(), std::make_pair(index, 0));
      sales_by_day_.emplace(planned.day.days_since_epoch(), std::make_pair(index, 1));
      sales_by_day_.emplace(planned.day.AddDays(1).days_since_epoch(), std::make_pair(index, 2));
      sales_by_day_.emplace(planned.day.AddDays(1 + planned.pay_after_days).days_since_epoch(),
                            std::make_pair(index, 3));
    }
  }

  void SaleCommand(const std::string& activity, const Sale& sale, int step, Date day,
                   std::vector<Scheduled>& out) {
    const std::string draft_id = "D-" + sale.job_id;
    if (step == 0) {
      events::JobAgreed agreed;
      agreed.job_id.value = sale.job_id;
      agreed.client_id.value = sale.client_id;
      agreed.activity_id.value = activity;
      agreed.service = "service";
      agreed.description = sale.description;
      agreed.scheduled_on = sale.day;
      agreed.agreed_price = Money::FromCents(sale.quantity_milli * sale.unit_price_cents / 1'000);
      out.push_back({10 * 60, Support(), std::move(agreed), {}});
    } else if (step == 1) {
      for (const std::string& member : sale.members) {
        events::HoursLogged hours;
        hours.member_id.value = member;
        hours.job_id.value = sale.job_id;
        hours.internal_task = events::InternalTask::kNone;
        hours.day = sale.day;
        hours.start_minute = 9 * 60;
        hours.minutes = sale.minutes;
        out.push_back({18 * 60, Facilitator(activity), std::move(hours), {}});
      }
      events::JobCompleted done;
      done.job_id.value = sale.job_id;
      done.completed_on = sale.day;
      out.push_back({18 * 60 + 15, Facilitator(activity), std::move(done), {}});
    } else if (step == 2) {
      events::InvoiceDrafted draft;
      draft.draft_id = draft_id;
      draft.client_id.value = sale.client_id;
      draft.activity_id.value = activity;
      draft.job_ids.push_back(events::JobId{sale.job_id});
      draft.lines.push_back(Line(sale.description, sale.quantity_milli, sale.unit_price_cents));
      out.push_back({10 * 60 + 30, Facilitator(activity), std::move(draft), {}});
      events::InvoiceValidated invoice;
      invoice.draft_id = draft_id;
      invoice.issued_on = day;
      out.push_back({11 * 60, Support(), std::move(invoice), {}});
    } else {
      events::PaymentReceived payment;
      payment.payment_id.value = "P-" + sale.job_id;
      payment.client_id.value = sale.client_id;
      payment.received_on = day;
      payment.method = events::PaymentMethod::kBankTransfer;
      payment.allocations.push_back(events::Allocation{events::DocumentNumber{"draft:" + draft_id}, Money()});
      out.push_back({16 * 60, Support(), std::move(payment), {}});
    }
  }

  void MonthlyExpense(const std::string& activity, Date day, const char* description,
                      int64_t cents, std::vector<Scheduled>& out) {
    if (day.day() != 12) return;
    out.push_back({12 * 60, Support(),
                   CardExpense(Id("EXP", static_cast<size_t>(day.year() * 100 + day.month())) + "-" +
                                   activity,
                               activity, day, "supplies", "606400", description, cents),
                   {}});
  }

  Dice dice_;
  std::string programme_;
  std::string suffix_;
  std::vector<events::ClientRegistered> clients_;
  std::vector<Sale> sales_;
  std::multimap<int32_t, std::pair<size_t, int>> sales_by_day_;
};

class KpaCiteGroup final : public AdultProgramme {
 public:
  KpaCiteGroup(int32_t copy, uint64_t seed)
      : AdultProgramme(seed, "K", copy == 0 ? "" : "-" + std::to_string(copy + 1)) {
    activity_ = "KPA-VERGNES-2025" + suffix_;
    const uint64_t base = 40'000'000 + static_cast<uint64_t>(copy) * 100;
    AddClient("Centre social des Vergnes", events::ClientKind::kAssociation, 0);
    AddClient("Restaurant Le Bougnat", events::ClientKind::kCompany, base + 1);
    AddClient("Atelier v\u00e9lo solidaire", events::ClientKind::kAssociation, 0);
    for (size_t i = 0; i < 8; ++i) members_.push_back(Id("M", i + 1));
    PlanSales(Day(2025, 1, 20), Day(2025, 12, 20), members_,
              {{"Traiteur pour un buffet (par convive)", 1'200},
               {"Retouches et couture (par pi\u00e8ce)", 1'500},
               {"Entretien d'espaces verts (par heure)", 2'500}});
  }

  void CommandsOn(Date day, std::vector<Scheduled>& out) override {
    if (day == Day(2025, 1, 6)) {
      events::ActivityOpened opened;
      opened.activity_id.value = activity_;
      opened.kind = events::ActivityKind::kKpaCiteGroup;
      opened.name = "KPA-Cit\u00e9 Les Vergnes" + suffix_;
      opened.analytic_code = "KPA25" + suffix_;
      opened.opened_on = day;
      out.push_back({9 * 60, Support(), std::move(opened), {}});
      for (events::ClientRegistered client : clients_) {
        out.push_back({10 * 60, Support(), std::move(client), {}});
      }
      for (const std::string& member : members_) Join(member, day, out);
    }
    Sell(activity_, out, day);
    MonthlyExpense(activity_, day, "Mati\u00e8res premi\u00e8res et petit mat\u00e9riel", 9'500, out);
  }

 private:
  void Join(const std::string& member, Date day, std::vector<Scheduled>& out) {
    events::MemberJoined joined;
    joined.member_id.value = member;
    joined.activity_id.value = activity_;
    joined.regime = events::Regime::kCape;
    joined.contract = events::ContractKind::kCape;
    joined.contract_start = day;
    joined.contract_end = Day(2025, 12, 31);  // A CAPE lasts 12 months at most (C. com. L127-2).
    events::PersonalData personal;
    personal.given_name = GivenName(dice_);
    personal.family_name = FamilyName(dice_);
    personal.birth_date = Day(static_cast<int>(dice_.Between(1970, 2000)), static_cast<int>(dice_.Between(1, 12)),
                              static_cast<int>(dice_.Between(1, 28)));
    personal.address = Street(dice_);
    personal.iban = MakeIban(member);
    joined.birth_year = personal.birth_date->year();
    joined.personal.person_id.value = member;
    out.push_back({11 * 60, Support(), std::move(joined), personal});
  }

  std::string activity_;
  std::vector<std::string> members_;
};

class Entrepreneurs final : public AdultProgramme {
 public:
  Entrepreneurs(int32_t copy, uint64_t seed)
      : AdultProgramme(seed, "E", copy == 0 ? "" : "-" + std::to_string(copy + 1)) {
    const uint64_t base = 50'000'000 + static_cast<uint64_t>(copy) * 100;
    AddClient("Librairie Les Volcans", events::ClientKind::kCompany, base + 1);
    AddClient("Th\u00e9\u00e2tre du Petit V\u00e9lo", events::ClientKind::kAssociation, 0);
    AddClient("Agence Puy-de-D\u00f4me Tourisme", events::ClientKind::kCompany, base + 2);
    AddClient("Boutique Cr\u00e9ateurs d'Auvergne", events::ClientKind::kCompany, base + 3);
    const char* kTrades[] = {"Couture et retouches", "Graphisme et illustration", "Menuiserie"};
    for (size_t i = 0; i < 3; ++i) {
      activities_.push_back(Id("ACT", i + 1));
      members_.push_back(Id("M", i + 1));
      trades_.push_back(kTrades[i]);
    }
    PlanSales(Day(2025, 1, 13), Day(2026, 6, 20), {},
              {{"Prestation de cr\u00e9ation (par jour)", 35'000},
               {"Atelier ou formation (par heure)", 6'000},
               {"Fabrication sur mesure (forfait)", 48'000}});
  }

  void CommandsOn(Date day, std::vector<Scheduled>& out) override {
    for (size_t i = 0; i < activities_.size(); ++i) {
      if (day == Day(2025, 1, 2)) Open(i, day, out);
      if (day == Day(2026, 6, 30)) Leave(i, day, out);
      MonthlyExpense(activities_[i], day, "Fournitures et abonnements", 6'000 + 2'500 * static_cast<int64_t>(i), out);
    }
    // Sales rotate over the three activities by their number.
    const auto [first, last] = sales_by_day_.equal_range(day.days_since_epoch());
    for (auto it = first; it != last; ++it) {
      const size_t owner = it->second.first % activities_.size();
      SaleCommand(activities_[owner], sales_[it->second.first], it->second.second, day, out);
    }
  }

 private:
  void Open(size_t i, Date day, std::vector<Scheduled>& out) {
    events::ActivityOpened opened;
    opened.activity_id.value = activities_[i];
    opened.kind = events::ActivityKind::kEntrepreneur;
    opened.name = trades_[i] + suffix_;
    opened.analytic_code = "ENT" + std::to_string(i + 1) + suffix_;
    opened.opened_on = day;
    out.push_back({9 * 60, Support(), std::move(opened), {}});
    if (i == 0) {
      for (events::ClientRegistered client : clients_) out.push_back({10 * 60, Support(), std::move(client), {}});
    }
    events::MemberJoined joined;
    joined.member_id.value = members_[i];
    joined.activity_id.value = activities_[i];
    joined.regime = events::Regime::kCesa;
    joined.contract = events::ContractKind::kPermanent;
    joined.contract_start = day;
    joined.hourly_rate = Money::FromCents(1'188);
    joined.weekly_minutes = 35 * 60;
    events::PersonalData personal;
    personal.given_name = GivenName(dice_);
    personal.family_name = FamilyName(dice_);
    personal.birth_date = Day(static_cast<int>(dice_.Between(1975, 1998)), 5, 17);
    personal.address = Street(dice_);
    personal.iban = MakeIban(members_[i]);
    joined.birth_year = personal.birth_date->year();
    joined.personal.person_id.value = members_[i];
    out.push_back({11 * 60, Support(), std::move(joined), personal});
  }

  void Leave(size_t i, Date day, std::vector<Scheduled>& out) {
    events::MemberLeft left;
    left.member_id.value = members_[i];
    left.left_on = day;
    left.reason = "D\u00e9part de la CAE \u00e0 la fin de l'accompagnement";
    out.push_back({17 * 60, Support(), std::move(left), {}});
  }

  std::vector<std::string> activities_;
  std::vector<std::string> members_;
  std::vector<std::string> trades_;
};

}  // namespace

std::unique_ptr<Programme> MakeKpaCiteGroup(int32_t copy, uint64_t seed) {
  return std::make_unique<KpaCiteGroup>(copy, seed);
}

std::unique_ptr<Programme> MakeEntrepreneurs(int32_t copy, uint64_t seed) {
  return std::make_unique<Entrepreneurs>(copy, seed);
}

}  // namespace coopledger::engine::demo
