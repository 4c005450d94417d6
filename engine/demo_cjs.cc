// The demo's CJS: a summer youth cooperative in Clermont-Ferrand, July and August 2025.
#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

#include "engine/demo_plan.h"

namespace coopledger::engine::demo {
namespace {

constexpr int kYouths = 15;
constexpr int64_t kHourPriceCents = 1'650;  // Excl. VAT, per hour of work.

struct Youth {
  std::string member_id;
  events::PersonalData personal;
  int age = 16;
  int64_t job_minutes = 0;
};

struct Client {
  std::string client_id;
  events::ClientKind kind = events::ClientKind::kUnset;
  std::string name;
  std::optional<events::PersonalData> personal;
  std::string siret;
  int32_t terms_days = 30;
};

enum class Payer { kOnSite, kOnTime, kLate, kNever };

enum class Action { kAgree, kWork, kLateHours, kInvoice, kPay, kRemind };

struct Job {
  std::string job_id;
  size_t client = 0;
  std::string service;
  std::string description;
  Date day;
  int32_t start_minute = 0;
  int32_t minutes = 0;
  std::vector<size_t> crew;
  Payer payer = Payer::kOnTime;
  bool first_hours_late = false;  // The first youth's hours are recorded after the month closed.
};

struct ServiceKind {
  const char* service;
  const char* description;
};

const std::vector<ServiceKind>& Services() {
  static const std::vector<ServiceKind> kServices = {
      {"cleaning", "M\u00e9nage"},       {"gardening", "Jardinage et d\u00e9sherbage"},
      {"moving", "Aide au d\u00e9m\u00e9nagement"}, {"painting", "Peinture"},
      {"cleaning", "Nettoyage de vitres"}, {"gardening", "Tonte de pelouse"}};
  return kServices;
}

class CjsSeason final : public Programme {
 public:
  CjsSeason(int32_t copy, uint64_t seed) : dice_(seed), suffix_(copy == 0 ? "" : "-" + std::to_string(copy + 1)) {
    activity_ = "CJS-CLERMONT-2025" + suffix_;
    MakeYouths();
    MakeClients(copy);
    PlanJobs();
    PlanActions();
  }

  void CommandsOn(Date day, std::vector<Scheduled>& out) override {
    if (day == Day(2025, 6, 16)) OpenSeason(out);
    if (day == Day(2025, 6, 20)) RegisterClients(out);
    if (day == Day(2025, 7, 1)) JoinYouths(out);
    InternalHours(day, out);
    const auto [first, last] = actions_.equal_range(day.days_since_epoch());
    for (auto it = first; it != last; ++it) JobCommand(jobs_[it->second.first], it->second.second, day, out);
    OtherMoney(day, out);
  }

 private:
  std::string Id(const char* prefix, size_t number) const {
    char text[32];
    std::snprintf(text, sizeof text, "%s-%04zu", prefix, number);
    return text + suffix_;
  }

  void MakeYouths() {
    for (int i = 0; i < kYouths; ++i) {
      Youth youth;
      youth.member_id = Id("Y", static_cast<size_t>(i + 1));
      youth.personal.given_name = GivenName(dice_);
      youth.personal.family_name = FamilyName(dice_);
      youth.age = 16 + i % 3;
      // Born so as to be `age` on 1 July 2025.
      youth.personal.birth_date = Day(2025 - youth.age - 1, 7 + static_cast<int>(dice_.Between(0, 5)),
                                      static_cast<int>(dice_.Between(1, 28)));
      youth.personal.address = Street(dice_);
      youth.personal.iban = MakeIban(youth.member_id);
      youths_.push_back(std::move(youth));
    }
  }

  void MakeClients(int32_t copy) {
    const uint64_t base = 30'000'000 + static_cast<uint64_t>(copy) * 100;
    for (size_t i = 0; i < 30; ++i) {
      Client client;
      client.client_id = Id("CL", i + 1);
      if (i < 16) {
        client.kind = events::ClientKind::kHousehold;
        events::PersonalData personal;
        personal.given_name = GivenName(dice_);
        personal.family_name = FamilyName(dice_);
        personal.address = Street(dice_);
        client.personal = personal;
        client.terms_days = 15;
      } else if (i < 23) {
        client.kind = events::ClientKind::kCompany;
        static const char* kCompanies[] = {"Boulangerie des Salins", "Garage Michelin Auto",
                                           "Pharmacie de Jaude", "Imprimerie Arverne",
                                           "Caf\u00e9 du Port", "Menuiserie Chabrol",
                                           "Cabinet Delorme"};
        client.name = kCompanies[i - 16];
        client.siret = MakeSiret(MakeSiren(base + i), 1);
      } else if (i < 27) {
        client.kind = events::ClientKind::kAssociation;
        static const char* kAssociations[] = {"Amicale la\u00efque de Montferrand",
                                              "Club de football des Vergnes",
                                              "Association Croix-de-Neyrat Solidaire",
                                              "Les Jardins partag\u00e9s de Saint-Jacques"};
        client.name = kAssociations[i - 23];
      } else {
        client.kind = events::ClientKind::kPublicBody;
        static const char* kPublicBodies[] = {"Ville de Clermont-Ferrand",
                                              "Clermont Auvergne M\u00e9tropole",
                                              "Coll\u00e8ge Albert Camus"};
        client.name = kPublicBodies[i - 27];
        client.siret = MakeSiret(MakeSiren(base + 50 + i), 1);
      }
      clients_.push_back(std::move(client));
    }
  }

  // Two or three jobs a working day of the season, each for two or three youths.
  void PlanJobs() {
    size_t number = 1;
    for (Date day = Day(2025, 7, 3); day <= Day(2025, 8, 28); day = day.AddDays(1)) {
      if (!IsWeekday(day) || IsPublicHoliday(day)) continue;
      const int64_t count = dice_.Between(2, 3);
      for (int64_t j = 0; j < count; ++j) {
        Job job;
        job.job_id = Id("J", number++);
        job.day = day;
        job.start_minute = j == 1 ? 14 * 60 : 9 * 60;
        job.client = static_cast<size_t>(dice_.Between(0, static_cast<int64_t>(clients_.size()) - 1));
        const ServiceKind& kind = dice_.Pick(Services());
        job.service = kind.service;
        job.description = kind.description;
        job.minutes = static_cast<int32_t>(dice_.Between(3, 6) * 30);
        const size_t crew = job.service == std::string("moving") ? 3 : 2;
        job.crew = ChooseCrew(crew, day);
        for (size_t member : job.crew) youths_[member].job_minutes += job.minutes;
        job.first_hours_late = day == Day(2025, 7, 29) && j == 0;
        const events::ClientKind client_kind = clients_[job.client].kind;
        job.payer = client_kind == events::ClientKind::kHousehold ? Payer::kOnSite : Payer::kOnTime;
        if (client_kind != events::ClientKind::kHousehold && dice_.OneIn(6)) job.payer = Payer::kLate;
        if (day > Day(2025, 8, 20) && dice_.OneIn(4)) job.payer = Payer::kNever;
        jobs_.push_back(std::move(job));
      }
    }
  }

  // The youths with the fewest job minutes so far who have no other job on `day`: one job a day
  // keeps every minor well under 8 hours a day and 35 a week.
  std::vector<size_t> ChooseCrew(size_t size, Date day) {
    std::vector<size_t> order(youths_.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [this](size_t a, size_t b) {
      return youths_[a].job_minutes < youths_[b].job_minutes;
    });
    std::vector<size_t> crew;
    std::set<size_t>& taken = taken_[day.days_since_epoch()];
    for (size_t index : order) {
      if (!taken.insert(index).second) continue;
      crew.push_back(index);
      if (crew.size() == size) break;
    }
    return crew;
  }

  void OpenSeason(std::vector<Scheduled>& out) {
    events::ActivityOpened opened;
    opened.activity_id.value = activity_;
    opened.kind = events::ActivityKind::kCjsSeason;
    opened.name = "CJS Clermont-Ferrand \u00e9t\u00e9 2025" + suffix_;
    opened.analytic_code = "CJS25" + suffix_;
    opened.opened_on = Day(2025, 6, 16);
    opened.has_contribution_rate = true;
    opened.contribution_rate_ppm = 0;  // The CAE takes no contribution on a CJS.
    out.push_back(Scheduled{9 * 60, Support(), std::move(opened), std::nullopt});
  }

  void RegisterClients(std::vector<Scheduled>& out) {
    for (const Client& client : clients_) {
      events::ClientRegistered registered;
      registered.client_id.value = client.client_id;
      registered.kind = client.kind;
      registered.name = client.name;
      registered.siret = client.siret;
      registered.payment_terms_days = client.terms_days;
      if (client.kind == events::ClientKind::kPublicBody) {
        registered.chorus_service_code = "SERV-JEUNESSE";
        registered.chorus_commitment_number = "EJ-2025-" + client.client_id;
      }
      if (client.personal) registered.personal.person_id.value = client.client_id;
      out.push_back(Scheduled{10 * 60, Facilitator(activity_), std::move(registered), client.personal});
    }
  }

  void JoinYouths(std::vector<Scheduled>& out) {
    for (const Youth& youth : youths_) {
      events::MemberJoined joined;
      joined.member_id.value = youth.member_id;
      joined.activity_id.value = activity_;
      joined.regime = events::Regime::kCjsYouth;
      joined.contract = events::ContractKind::kFixedTerm;
      joined.contract_start = Day(2025, 7, 1);
      joined.contract_end = Day(2025, 8, 29);
      // SMIC 2025 (11.88 EUR) less the minors' abatement, rounded up to the cent (Code du travail
      // D3231-3): -20 % before 17, -10 % from 17 to 18. Payroll checks the minimum again.
      // The age that counts is the highest of the season: a birthday in July or August raises the
      // minimum from that day on.
      const int oldest = youth.personal.birth_date->AgeOn(Day(2025, 8, 29));
      joined.hourly_rate = Money::FromCents(oldest <= 16 ? 951 : oldest == 17 ? 1'070 : 1'188);
      joined.weekly_minutes = 20 * 60;
      joined.birth_year = youth.personal.birth_date->year();
      joined.personal.person_id.value = youth.member_id;
      out.push_back(Scheduled{8 * 60, Support(), std::move(joined), youth.personal});
    }
  }

  events::HoursLogged Hours(size_t youth, std::string job_id, events::InternalTask task, Date day,
                            int32_t start, int32_t minutes) const {
    events::HoursLogged hours;
    hours.member_id.value = youths_[youth].member_id;
    hours.job_id.value = std::move(job_id);
    hours.internal_task = task;
    hours.day = day;
    hours.start_minute = start;
    hours.minutes = minutes;
    return hours;
  }

  // Training on the first two days; a team meeting each Monday; one youth on office duty a day.
  void InternalHours(Date day, std::vector<Scheduled>& out) {
    if (day < Day(2025, 7, 1) || Day(2025, 8, 29) < day || !IsWeekday(day) || IsPublicHoliday(day)) return;
    const events::Actor actor = Facilitator(activity_);
    for (size_t youth = 0; youth < youths_.size(); ++youth) {
      if (day <= Day(2025, 7, 2)) {
        out.push_back({18 * 60, actor, Hours(youth, "", events::InternalTask::kTraining, day, 9 * 60, 180), {}});
      } else if (day.weekday() == 0) {
        out.push_back({18 * 60, actor, Hours(youth, "", events::InternalTask::kMeeting, day, 18 * 60, 60), {}});
      }
    }
    const size_t on_duty = static_cast<size_t>(day.days_since_epoch()) % youths_.size();
    out.push_back({18 * 60, actor, Hours(on_duty, "", events::InternalTask::kOfficeDuty, day, 13 * 60, 60), {}});
  }

  void PlanActions();
  void JobCommand(const Job& job, Action action, Date day, std::vector<Scheduled>& out);
  void OtherMoney(Date day, std::vector<Scheduled>& out);

  Dice dice_;
  std::string suffix_;
  std::string activity_;
  std::vector<Youth> youths_;
  std::vector<Client> clients_;
  std::vector<Job> jobs_;
  std::map<int32_t, std::set<size_t>> taken_;  // Youths with a job, by day.
  std::multimap<int32_t, std::pair<size_t, Action>> actions_;  // Job actions by day.
};

// The next working day after `day`.
Date NextWorkingDay(Date day) {
  Date next = day.AddDays(1);
  while (!IsWeekday(next) || IsPublicHoliday(next)) next = next.AddDays(1);
  return next;
}

void CjsSeason::PlanActions() {
  for (size_t i = 0; i < jobs_.size(); ++i) {
    const Job& job = jobs_[i];
    auto at = [this, i](Date day, Action action) {
      actions_.emplace(day.days_since_epoch(), std::make_pair(i, action));
    };
    at(std::max(Day(2025, 7, 1), job.day.AddDays(-4)), Action::kAgree);
    at(job.day, Action::kWork);
    if (job.first_hours_late) at(Day(2025, 8, 6), Action::kLateHours);
    const Date invoiced = NextWorkingDay(job.day);
    at(invoiced, Action::kInvoice);
    const Date due = invoiced.AddDays(clients_[job.client].terms_days);
    switch (job.payer) {
      case Payer::kOnSite: at(invoiced.AddDays(static_cast<int32_t>(dice_.Between(0, 3))), Action::kPay); break;
      case Payer::kOnTime: at(due.AddDays(-static_cast<int32_t>(dice_.Between(0, 10))), Action::kPay); break;
      case Payer::kLate:
        at(due.AddDays(10), Action::kRemind);
        at(due.AddDays(25), Action::kRemind);
        at(due.AddDays(static_cast<int32_t>(dice_.Between(40, 60))), Action::kPay);
        break;
      case Payer::kNever: at(due.AddDays(10), Action::kRemind); break;
    }
  }
}

void CjsSeason::JobCommand(const Job& job, Action action, Date day, std::vector<Scheduled>& out) {
  const Client& client = clients_[job.client];
  const std::string draft_id = "D-" + job.job_id;
  const int64_t crew_minutes = static_cast<int64_t>(job.minutes) * static_cast<int64_t>(job.crew.size());
  switch (action) {
    case Action::kAgree: {
      events::JobAgreed agreed;
      agreed.job_id.value = job.job_id;
      agreed.client_id.value = client.client_id;
      agreed.activity_id.value = activity_;
      agreed.service = job.service;
      agreed.description = job.description;
      agreed.scheduled_on = job.day;
      agreed.agreed_price = Money::FromCents(crew_minutes * kHourPriceCents / 60);
      out.push_back({10 * 60, Facilitator(activity_), std::move(agreed), {}});
      break;
    }
    case Action::kWork:
    case Action::kLateHours:
      for (size_t k = 0; k < job.crew.size(); ++k) {
        const bool late_one = job.first_hours_late && k == 0;
        if (late_one != (action == Action::kLateHours)) continue;
        out.push_back({action == Action::kWork ? 18 * 60 + 30 : 9 * 60, Facilitator(activity_),
                       Hours(job.crew[k], job.job_id, events::InternalTask::kNone, job.day,
                             job.start_minute, job.minutes), {}});
      }
      if (action == Action::kWork) {
        events::JobCompleted done;
        done.job_id.value = job.job_id;
        done.completed_on = job.day;
        out.push_back({18 * 60 + 45, Facilitator(activity_), std::move(done), {}});
      }
      break;
    case Action::kInvoice: {
      events::InvoiceDrafted draft;
      draft.draft_id = draft_id;
      draft.client_id.value = client.client_id;
      draft.activity_id.value = activity_;
      draft.job_ids.push_back(events::JobId{job.job_id});
      char description[160];
      std::snprintf(description, sizeof description, "%s le %s (%zu jeunes x %d h %02d)",
                    job.description.c_str(), job.day.ToString().c_str(), job.crew.size(),
                    job.minutes / 60, job.minutes % 60);
      draft.lines.push_back(Line(description, crew_minutes * 1'000 / 60, kHourPriceCents));
      if (job.service == "painting") draft.lines.push_back(Line("Fournitures de peinture", 1'000, 3'500));
      out.push_back({9 * 60, Facilitator(activity_), std::move(draft), {}});
      events::InvoiceValidated validated;
      validated.draft_id = draft_id;
      out.push_back({11 * 60, Support(), std::move(validated), {}});
      break;
    }
    case Action::kPay: {
      events::PaymentReceived payment;
      payment.payment_id.value = "P-" + job.job_id;
      payment.client_id.value = client.client_id;
      payment.received_on = day;
      payment.method = client.kind == events::ClientKind::kHousehold
                           ? (job.job_id.back() % 2 == 0 ? events::PaymentMethod::kCash
                                                         : events::PaymentMethod::kCheque)
                           : events::PaymentMethod::kBankTransfer;
      // Amount 0 on a "draft:" allocation: the runner puts the invoice's open amount.
      payment.allocations.push_back(events::Allocation{events::DocumentNumber{"draft:" + draft_id}, Money()});
      out.push_back({17 * 60, Support(), std::move(payment), {}});
      break;
    }
    case Action::kRemind: {
      events::ReminderSent reminder;
      reminder.invoice_number.value = "draft:" + draft_id;
      reminder.sent_on = day;
      out.push_back({15 * 60, Support(), std::move(reminder), {}});
      break;
    }
  }
}

void CjsSeason::OtherMoney(Date day, std::vector<Scheduled>& out) {
  struct Purchase {
    Date day;
    const char* category;
    const char* description;
    int64_t cents;
  };
  static const Purchase kPurchases[] = {
      {Day(2025, 7, 1), "consumables", "Produits d'entretien", 8'540},
      {Day(2025, 7, 3), "consumables", "Gants et sacs de jardinage", 4'200},
      {Day(2025, 7, 15), "consumables", "Peinture et rouleaux", 12'650},
      {Day(2025, 8, 4), "fuel", "Carburant du v\u00e9hicule de l'association", 3'800},
      {Day(2025, 8, 18), "consumables", "Sacs de d\u00e9chets verts", 2'490}};
  int index = 0;
  for (const Purchase& purchase : kPurchases) {
    ++index;
    if (purchase.day != day) continue;
    out.push_back({12 * 60, Facilitator(activity_),
                   CardExpense(Id("EXP", static_cast<size_t>(index)), activity_, day,
                               purchase.category, "606300", purchase.description, purchase.cents),
                   {}});
  }
  if (day == Day(2025, 7, 10)) {
    events::GrantReceived grant;
    grant.grant_id = Id("GRANT", 1);
    grant.activity_id.value = activity_;
    grant.funder = "Clermont Auvergne M\u00e9tropole";
    grant.received_on = day;
    grant.amount = Money::FromCents(150'000);
    grant.purpose = "Soutien \u00e0 la coop\u00e9rative jeunesse de services 2025";
    out.push_back({11 * 60 + 30, Support(), std::move(grant), {}});
  }
  if (day == Day(2025, 7, 12)) {
    for (size_t youth = 0; youth < 8; ++youth) {
      events::VolunteerParticipation volunteer;
      volunteer.member_id.value = youths_[youth].member_id;
      volunteer.activity_id.value = activity_;
      volunteer.day = day;
      volunteer.minutes = 180;
      volunteer.description = "Stand \u00e0 la f\u00eate de quartier des Vergnes";
      out.push_back({19 * 60, Facilitator(activity_), std::move(volunteer), {}});
    }
  }
  if (day == Day(2025, 7, 19)) {
    events::SelfFinancingRecorded wash;
    wash.action_id = Id("AUTOFIN", 1);
    wash.activity_id.value = activity_;
    wash.held_on = day;
    wash.description = "Lavage de voitures sur le parking du centre Jean Richepin";
    wash.amount = Money::FromCents(34'600);
    wash.method = events::PaymentMethod::kCash;
    out.push_back({19 * 60, Facilitator(activity_), std::move(wash), {}});
  }
}

}  // namespace

std::unique_ptr<Programme> MakeCjsSeason(int32_t copy, uint64_t seed) {
  return std::make_unique<CjsSeason>(copy, seed);
}

}  // namespace coopledger::engine::demo
