// Deciders for quotes, jobs, hours and volunteering.
#include <cstdio>

#include "engine/deciders.h"
#include "engine/documents.h"

namespace coopledger::engine::decide {
namespace {

std::string Hhmm(int32_t minute) {
  char text[32];
  std::snprintf(text, sizeof text, "%02d:%02d", minute / 60, minute % 60);
  return text;
}

Status CheckWorkingTime(const WorkState& state, const DecisionContext& context,
                        const events::HoursLogged& hours) {
  if (!context.birth_date) return OkStatus();
  const std::optional<Date> birth = context.birth_date(hours.member_id);
  if (!birth || birth->AgeOn(hours.day) >= 18) return OkStatus();
  const int32_t day_total = state.MinutesOn(hours.member_id, hours.day) + hours.minutes;
  if (day_total > kMinorDailyMinutesMax) {
    return Error(ErrorCode::kWorkingTimeLimit,
                 "minutes: " + hours.member_id.value + " is under 18 and would work " +
                     std::to_string(day_total) + " minutes on " + hours.day.ToString() +
                     ", over the 480 a day allowed (Code du travail L3162-1)");
  }
  const int32_t week_total = state.MinutesInWeekOf(hours.member_id, hours.day) + hours.minutes;
  if (week_total > kMinorWeeklyMinutesMax) {
    return Error(ErrorCode::kWorkingTimeLimit,
                 "minutes: " + hours.member_id.value + " is under 18 and would work " +
                     std::to_string(week_total) + " minutes in the week of " +
                     hours.day.AddDays(-hours.day.weekday()).ToString() +
                     ", over the 2100 a week allowed (Code du travail L3162-1)");
  }
  return OkStatus();
}

Status CheckStretch(const WorkState& state, const events::HoursLogged& hours) {
  if (hours.minutes <= 0) return Invalid("minutes", "must be positive");
  // Not start_minute + minutes > 1440: a huge `minutes` would overflow the sum and pass.
  if (hours.start_minute < 0 || hours.start_minute > 24 * 60 - hours.minutes) {
    return Invalid("start_minute", "the work must start and end within the day (00:00 to 24:00)");
  }
  const int32_t end = hours.start_minute + hours.minutes;
  for (const projections::WorkStretch& other : state.StretchesOn(hours.member_id, hours.day)) {
    if (hours.start_minute < other.end_minute && other.start_minute < end) {
      return Error(ErrorCode::kOverlappingHours,
                   "start_minute: " + hours.member_id.value + " already worked " +
                       Hhmm(other.start_minute) + "-" + Hhmm(other.end_minute) + " on " +
                       hours.day.ToString() + " (seq " + std::to_string(other.seq) + ")");
    }
  }
  return OkStatus();
}

Status CheckTask(const WorkState& state, const projections::MemberState& member,
                 const events::HoursLogged& hours) {
  if (hours.job_id.empty()) {
    if (hours.internal_task == events::InternalTask::kUnset ||
        hours.internal_task == events::InternalTask::kNone) {
      return Invalid("internal_task", "give a job_id or an internal task (officeDuty, prospecting, "
                                      "training, meeting)");
    }
    return OkStatus();
  }
  if (hours.internal_task != events::InternalTask::kUnset &&
      hours.internal_task != events::InternalTask::kNone) {
    return Invalid("internal_task", "a job's hours are not an internal task");
  }
  const projections::JobState* job = state.FindJob(hours.job_id);
  if (job == nullptr) return Unknown("job_id", "job", hours.job_id.value);
  if (job->status == projections::JobStatus::kCancelled) {
    return Invalid("job_id", hours.job_id.value + " was cancelled");
  }
  if (job->agreed.activity_id != member.joined.activity_id) {
    return Invalid("job_id", hours.job_id.value + " belongs to activity " +
                                 job->agreed.activity_id.value + ", " + hours.member_id.value +
                                 " works for " + member.joined.activity_id.value);
  }
  return OkStatus();
}

}  // namespace

Decision QuoteIssued(const WorkState& state, const DecisionContext& context, events::QuoteIssued quote) {
  COOPLEDGER_RETURN_IF_ERROR(RequireText("quote_id", quote.quote_id.value));
  const std::string stream = "quote/" + quote.quote_id.value;
  if (state.StreamExists(stream)) return Taken("quote_id", quote.quote_id.value);
  if (state.FindClient(quote.client_id) == nullptr) {
    return Unknown("client_id", "client", quote.client_id.value);
  }
  if (IsUnset(quote.issued_on)) quote.issued_on = context.today;
  COOPLEDGER_RETURN_IF_ERROR(OpenActivity("activity_id", quote.activity_id, quote.issued_on, state));
  COOPLEDGER_RETURN_IF_ERROR(RequireDate("valid_until", quote.valid_until));
  if (quote.valid_until < quote.issued_on) return Invalid("valid_until", "before issued_on");
  COOPLEDGER_ASSIGN_OR_RETURN(DocumentTotals totals,
                              ComputeTotals(quote.lines, quote.issued_on, state, context));
  quote.lines = std::move(totals.lines);
  const Date effective = quote.issued_on;
  return One(Make(stream, effective, std::move(quote), kNoStream));
}

Decision JobAgreed(const WorkState& state, const DecisionContext& context, events::JobAgreed job) {
  COOPLEDGER_RETURN_IF_ERROR(RequireText("job_id", job.job_id.value));
  if (state.FindJob(job.job_id) != nullptr) return Taken("job_id", job.job_id.value);
  if (state.FindClient(job.client_id) == nullptr) {
    return Unknown("client_id", "client", job.client_id.value);
  }
  if (IsUnset(job.scheduled_on)) job.scheduled_on = context.today;
  COOPLEDGER_RETURN_IF_ERROR(OpenActivity("activity_id", job.activity_id, job.scheduled_on, state));
  if (!job.quote_id.empty() && !state.StreamExists("quote/" + job.quote_id.value)) {
    return Unknown("quote_id", "quote", job.quote_id.value);
  }
  COOPLEDGER_RETURN_IF_ERROR(RequireText("service", job.service));
  if (job.agreed_price.cents() < 0) return Invalid("agreed_price_cents", "must not be negative");
  const std::string stream = "job/" + job.job_id.value;
  const Date effective = job.scheduled_on;
  return One(Make(stream, effective, std::move(job), kNoStream));
}

Decision JobCompleted(const WorkState& state, const DecisionContext& context, events::JobCompleted done) {
  const projections::JobState* job = state.FindJob(done.job_id);
  if (job == nullptr) return Unknown("job_id", "job", done.job_id.value);
  if (job->status != projections::JobStatus::kAgreed) {
    return Invalid("job_id", done.job_id.value + " is already " +
                                 (job->status == projections::JobStatus::kCompleted ? "completed"
                                                                                    : "cancelled"));
  }
  if (IsUnset(done.completed_on)) done.completed_on = context.today;
  COOPLEDGER_RETURN_IF_ERROR(NotInFuture("completed_on", done.completed_on, context));
  const std::string stream = "job/" + done.job_id.value;
  const Date effective = done.completed_on;
  return One(Make(stream, effective, std::move(done)));
}

Decision JobCancelled(const WorkState& state, const DecisionContext& context, events::JobCancelled cancelled) {
  const projections::JobState* job = state.FindJob(cancelled.job_id);
  if (job == nullptr) return Unknown("job_id", "job", cancelled.job_id.value);
  if (job->status != projections::JobStatus::kAgreed) {
    return Invalid("job_id", cancelled.job_id.value + " can no longer be cancelled");
  }
  if (IsUnset(cancelled.cancelled_on)) cancelled.cancelled_on = context.today;
  COOPLEDGER_RETURN_IF_ERROR(RequireText("reason", cancelled.reason));
  const std::string stream = "job/" + cancelled.job_id.value;
  const Date effective = cancelled.cancelled_on;
  return One(Make(stream, effective, std::move(cancelled)));
}

Decision HoursLogged(const WorkState& state, const DecisionContext& context, events::HoursLogged hours) {
  const projections::MemberState* member = state.FindMember(hours.member_id);
  if (member == nullptr) return Unknown("member_id", "member", hours.member_id.value);
  COOPLEDGER_RETURN_IF_ERROR(RequireDate("day", hours.day));
  COOPLEDGER_RETURN_IF_ERROR(NotInFuture("day", hours.day, context));
  const std::optional<Date> last_day = member->LastDay();
  if (hours.day < member->joined.contract_start || (last_day && *last_day < hours.day)) {
    return Error(ErrorCode::kOutsideContract,
                 "day: " + hours.day.ToString() + " is outside " + hours.member_id.value +
                     "'s contract (" + member->joined.contract_start.ToString() + " to " +
                     (last_day ? last_day->ToString() : std::string("open end")) + ")");
  }
  COOPLEDGER_RETURN_IF_ERROR(CheckTask(state, *member, hours));
  COOPLEDGER_RETURN_IF_ERROR(CheckStretch(state, hours));
  COOPLEDGER_RETURN_IF_ERROR(CheckWorkingTime(state, context, hours));
  // A late fact keeps its true day and is booked on the first open day (DESIGN section 4).
  hours.booked_on.reset();
  if (state.ClosedBefore() && hours.day < *state.ClosedBefore()) hours.booked_on = *state.ClosedBefore();
  const std::string stream = "member/" + hours.member_id.value;
  const Date effective = hours.day;
  return One(Make(stream, effective, std::move(hours)));
}

Decision VolunteerParticipation(const WorkState& state, const DecisionContext& context,
                                events::VolunteerParticipation volunteer) {
  const projections::MemberState* member = state.FindMember(volunteer.member_id);
  if (member == nullptr) return Unknown("member_id", "member", volunteer.member_id.value);
  if (volunteer.activity_id.empty()) volunteer.activity_id = member->joined.activity_id;
  COOPLEDGER_RETURN_IF_ERROR(RequireDate("day", volunteer.day));
  COOPLEDGER_RETURN_IF_ERROR(NotInFuture("day", volunteer.day, context));
  COOPLEDGER_RETURN_IF_ERROR(OpenActivity("activity_id", volunteer.activity_id, volunteer.day, state));
  if (volunteer.minutes <= 0 || volunteer.minutes > 24 * 60) {
    return Invalid("minutes", "must be 1 to 1440");
  }
  COOPLEDGER_RETURN_IF_ERROR(RequireText("description", volunteer.description));
  const std::string stream = "member/" + volunteer.member_id.value;
  const Date effective = volunteer.day;
  return One(Make(stream, effective, std::move(volunteer)));
}

}  // namespace coopledger::engine::decide
