// Commands of quotes, jobs, hours and volunteering; period closes and reversals.
#include <gtest/gtest.h>

#include <limits>

#include "tests/engine/command_fixture.h"

namespace coopledger::test {
namespace {

using enum ErrorCode;
using events::InternalTask;
using events::Seq;

events::QuoteIssued Quote() {
  events::QuoteIssued quote;
  quote.quote_id.value = "Q-0001";
  quote.client_id.value = "C-0001";
  quote.activity_id.value = "A-ENT";
  quote.valid_until = Day("2025-10-31");
  quote.lines = {Line("Painting, 2.5 hours", 2'500, 35'33, 100'000)};
  return quote;
}

events::HoursLogged TaskHours(const std::string& member, Date day, int32_t start_minute,
                              int32_t minutes) {
  events::HoursLogged hours = JobHours(member, "", day, start_minute, minutes);
  hours.internal_task = InternalTask::kOfficeDuty;
  return hours;
}

// ---------------------------------------------------------------- QuoteIssued

TEST_F(CommandHandlerTest, QuoteIssuedIsDatedTodayWithItsLineAmounts) {
  ASSERT_NO_FATAL_FAILURE(SetUpWorld());
  const events::StoredEvent event = AcceptOne(Quote());
  EXPECT_EQ(Envelope(event), "quote/Q-0001 v1 2025-09-30");
  events::QuoteIssued expected = Quote();
  expected.issued_on = Day("2025-09-30");
  expected.lines[0].amount_excl_vat = Money::FromCents(88'33);  // 2.5 x 35.33 = 88.325, half-up.
  EXPECT_EQ(std::get<events::QuoteIssued>(event.body), expected);
  ExpectRefused(Quote(), kAlreadyExists, "quote_id: Q-0001 already exists");
}

TEST_F(CommandHandlerTest, RefusesAnInvalidQuote) {
  ASSERT_NO_FATAL_FAILURE(SetUpWorld());
  ExpectRefusals<events::QuoteIssued>(
      Quote(),
      {
          {[](auto& c) { c.quote_id.value.clear(); }, kInvalidArgument, "quote_id: required"},
          {[](auto& c) { c.client_id.value = "C-0404"; }, kNotFound, "client_id: no client C-0404"},
          {[](auto& c) { c.activity_id.value = "A-NONE"; }, kNotFound,
           "activity_id: no activity A-NONE"},
          {[](auto& c) { c.issued_on = Day("2024-12-31"); }, kPeriodClosed,
           "activity_id: activity A-ENT is not open on 2024-12-31"},
          {[](auto& c) { c.valid_until = Date(); }, kInvalidArgument,
           "valid_until: required, a YYYY-MM-DD date"},
          {[](auto& c) { c.valid_until = Day("2025-09-29"); }, kInvalidArgument,
           "valid_until: before issued_on"},
          {[](auto& c) { c.lines.clear(); }, kInvalidArgument,
           "lines: a document needs at least one line"},
          {[](auto& c) { c.lines[0].vat_rate_ppm = 196'000; }, kInvalidArgument,
           "lines[0].vat_rate_ppm: 196000 is not a VAT rate in force on 2025-09-30"},
      });
}

// ---------------------------------------------------------------- JobAgreed

TEST_F(CommandHandlerTest, JobAgreedIsScheduledTodayUnlessGiven) {
  ASSERT_NO_FATAL_FAILURE(SetUpWorld());
  Accept(Quote());
  events::JobAgreed job = Job("J-0002", "C-0001", "A-ENT", Date());
  job.quote_id.value = "Q-0001";
  const events::StoredEvent event = AcceptOne(job);
  EXPECT_EQ(Envelope(event), "job/J-0002 v1 2025-09-30");
  job.scheduled_on = Day("2025-09-30");
  EXPECT_EQ(std::get<events::JobAgreed>(event.body), job);
  EXPECT_EQ(Envelope(AcceptOne(Job("J-0003", "C-0001", "A-ENT", Day("2025-10-15")))),
            "job/J-0003 v1 2025-10-15");
}

TEST_F(CommandHandlerTest, RefusesAnInvalidJob) {
  ASSERT_NO_FATAL_FAILURE(SetUpWorld());
  ExpectRefusals<events::JobAgreed>(
      Job("J-0002", "C-0001", "A-CJS", Day("2025-07-20")),
      {
          {[](auto& c) { c.job_id.value.clear(); }, kInvalidArgument, "job_id: required"},
          {[](auto& c) { c.job_id.value = "J-0001"; }, kAlreadyExists,
           "job_id: J-0001 already exists"},
          {[](auto& c) { c.client_id.value = "C-0404"; }, kNotFound, "client_id: no client C-0404"},
          {[](auto& c) { c.activity_id.value = "A-NONE"; }, kNotFound,
           "activity_id: no activity A-NONE"},
          {[](auto& c) { c.scheduled_on = Day("2025-05-31"); }, kPeriodClosed,
           "activity_id: activity A-CJS is not open on 2025-05-31"},
          {[](auto& c) { c.quote_id.value = "Q-0404"; }, kNotFound, "quote_id: no quote Q-0404"},
          {[](auto& c) { c.service.clear(); }, kInvalidArgument, "service: required"},
          {[](auto& c) { c.agreed_price = Money::FromCents(-1); }, kInvalidArgument,
           "agreed_price_cents: must not be negative"},
      });
}

// ---------------------------------------------------------------- JobCompleted, JobCancelled

TEST_F(CommandHandlerTest, JobCompletedIsDatedTodayAndHappensOnce) {
  ASSERT_NO_FATAL_FAILURE(SetUpWorld());
  const events::JobCompleted done{events::JobId{"J-0001"}, Date(), "done"};
  const events::StoredEvent event = AcceptOne(done);
  EXPECT_EQ(Envelope(event), "job/J-0001 v2 2025-09-30");
  EXPECT_EQ(std::get<events::JobCompleted>(event.body).completed_on, Day("2025-09-30"));
  ExpectRefused(done, kInvalidArgument, "job_id: J-0001 is already completed");
  ExpectRefused(events::JobCancelled{events::JobId{"J-0001"}, Date(), "client moved"},
                kInvalidArgument, "job_id: J-0001 can no longer be cancelled");
}

TEST_F(CommandHandlerTest, RefusesAnInvalidJobCompletion) {
  ASSERT_NO_FATAL_FAILURE(SetUpWorld());
  ExpectRefusals<events::JobCompleted>(
      events::JobCompleted{events::JobId{"J-0001"}, Day("2025-07-10"), ""},
      {
          {[](auto& c) { c.job_id.value = "J-0404"; }, kNotFound, "job_id: no job J-0404"},
          {[](auto& c) { c.completed_on = Day("2025-10-01"); }, kInvalidArgument,
           "completed_on: 2025-10-01 is after today (2025-09-30)"},
      });
}

TEST_F(CommandHandlerTest, JobCancelledStopsHoursOnTheJob) {
  ASSERT_NO_FATAL_FAILURE(SetUpWorld());
  const events::JobCancelled cancelled{events::JobId{"J-0001"}, Day("2025-07-05"), "client moved"};
  const events::StoredEvent event = AcceptOne(cancelled);
  EXPECT_EQ(Envelope(event), "job/J-0001 v2 2025-07-05");
  EXPECT_EQ(std::get<events::JobCancelled>(event.body), cancelled);
  ExpectRefused(cancelled, kInvalidArgument, "job_id: J-0001 can no longer be cancelled");
  ExpectRefused(events::JobCompleted{events::JobId{"J-0001"}, Date(), ""}, kInvalidArgument,
                "job_id: J-0001 is already cancelled");
  ExpectRefused(JobHours("M-0001", "J-0001", Day("2025-07-15"), 540, 60), kInvalidArgument,
                "job_id: J-0001 was cancelled");
  Accept(Job("J-0002", "C-0001", "A-CJS", Day("2025-07-20")));
  EXPECT_EQ(Envelope(AcceptOne(events::JobCancelled{events::JobId{"J-0002"}, Date(), "rain"})),
            "job/J-0002 v2 2025-09-30");
}

TEST_F(CommandHandlerTest, RefusesAnInvalidJobCancellation) {
  ASSERT_NO_FATAL_FAILURE(SetUpWorld());
  ExpectRefusals<events::JobCancelled>(
      events::JobCancelled{events::JobId{"J-0001"}, Day("2025-07-05"), "client moved"},
      {
          {[](auto& c) { c.job_id.value = "J-0404"; }, kNotFound, "job_id: no job J-0404"},
          {[](auto& c) { c.reason.clear(); }, kInvalidArgument, "reason: required"},
      });
}

// ---------------------------------------------------------------- HoursLogged

TEST_F(CommandHandlerTest, HoursLoggedGoToTheMemberStreamOnTheDayWorked) {
  ASSERT_NO_FATAL_FAILURE(SetUpWorld());
  const events::HoursLogged hours = JobHours("M-0001", "J-0001", Day("2025-07-15"), 540, 180);
  const events::StoredEvent event = AcceptOne(hours);
  EXPECT_EQ(Envelope(event), "member/M-0001 v2 2025-07-15");
  EXPECT_EQ(std::get<events::HoursLogged>(event.body), hours);  // booked_on: none.
  // An internal task needs no job; a booked_on sent by the caller is not trusted.
  events::HoursLogged office = TaskHours("M-0001", Day("2025-07-15"), 720, 60);
  office.booked_on = Day("2025-12-01");
  EXPECT_FALSE(AcceptBody<events::HoursLogged>(office).booked_on.has_value());
}

TEST_F(CommandHandlerTest, RefusesInvalidHours) {
  ASSERT_NO_FATAL_FAILURE(SetUpWorld());
  Accept(Job("J-ENT", "C-0001", "A-ENT", Day("2025-07-10")));
  ExpectRefusals<events::HoursLogged>(
      JobHours("M-0001", "J-0001", Day("2025-07-15"), 540, 180),
      {
          {[](auto& c) { c.member_id.value = "M-0404"; }, kNotFound, "member_id: no member M-0404"},
          {[](auto& c) { c.day = Date(); }, kInvalidArgument, "day: required, a YYYY-MM-DD date"},
          {[](auto& c) { c.day = Day("2025-10-01"); }, kInvalidArgument,
           "day: 2025-10-01 is after today (2025-09-30)"},
          {[](auto& c) { c.job_id.value.clear(); }, kInvalidArgument,
           "internal_task: give a job_id or an internal task (officeDuty, prospecting, training, "
           "meeting)"},
          {[](auto& c) {
             c.job_id.value.clear();
             c.internal_task = InternalTask::kNone;
           },
           kInvalidArgument,
           "internal_task: give a job_id or an internal task (officeDuty, prospecting, training, "
           "meeting)"},
          {[](auto& c) { c.internal_task = InternalTask::kMeeting; }, kInvalidArgument,
           "internal_task: a job's hours are not an internal task"},
          {[](auto& c) { c.job_id.value = "J-0404"; }, kNotFound, "job_id: no job J-0404"},
          {[](auto& c) { c.job_id.value = "J-ENT"; }, kInvalidArgument,
           "job_id: J-ENT belongs to activity A-ENT, M-0001 works for A-CJS"},
          {[](auto& c) { c.minutes = 0; }, kInvalidArgument, "minutes: must be positive"},
          {[](auto& c) { c.minutes = -60; }, kInvalidArgument, "minutes: must be positive"},
          {[](auto& c) { c.start_minute = -1; }, kInvalidArgument,
           "start_minute: the work must start and end within the day (00:00 to 24:00)"},
          {[](auto& c) { c.start_minute = 23 * 60 + 1; }, kInvalidArgument,
           "start_minute: the work must start and end within the day (00:00 to 24:00)"},
          {[](auto& c) {
             c.start_minute = 1;
             c.minutes = std::numeric_limits<int32_t>::max();
           },
           kInvalidArgument,
           "start_minute: the work must start and end within the day (00:00 to 24:00)"},
      });
  // The last minute of the day may be worked.
  Accept(JobHours("M-0001", "J-0001", Day("2025-07-15"), 23 * 60, 60));
}

TEST_F(CommandHandlerTest, RefusesHoursOutsideTheContract) {
  ASSERT_NO_FATAL_FAILURE(SetUpWorld());
  events::MemberJoined permanent =
      CjsYouth("M-CESA", "A-ENT", Day("2025-02-01"), Day("2025-02-01"));
  permanent.regime = events::Regime::kCesa;
  permanent.contract = events::ContractKind::kPermanent;
  permanent.contract_end.reset();
  Accept(permanent);
  struct Row {
    const char* member;
    const char* day;
    std::string message;
  };
  const Row rows[] = {
      {"M-0001", "2025-06-30",
       "day: 2025-06-30 is outside M-0001's contract (2025-07-01 to 2025-08-31)"},
      {"M-0001", "2025-09-01",
       "day: 2025-09-01 is outside M-0001's contract (2025-07-01 to 2025-08-31)"},
      {"M-CESA", "2025-01-31",
       "day: 2025-01-31 is outside M-CESA's contract (2025-02-01 to open end)"},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.message);
    ExpectRefused(TaskHours(row.member, Day(row.day), 540, 60), kOutsideContract, row.message);
  }
  // First and last days of the contract are inside.
  Accept(TaskHours("M-0001", Day("2025-07-01"), 540, 60));
  Accept(TaskHours("M-0001", Day("2025-08-31"), 540, 60));
  Accept(TaskHours("M-CESA", Day("2025-09-30"), 540, 60));
}

TEST_F(CommandHandlerTest, RefusesHoursOverlappingEarlierHoursOfTheMember) {
  ASSERT_NO_FATAL_FAILURE(SetUpWorld());
  Accept(CjsYouth("M-0002", "A-CJS", Day("2025-07-01"), Day("2025-08-31")));
  ASSERT_EQ(AcceptOne(JobHours("M-0001", "J-0001", Day("2025-07-15"), 9 * 60, 180)).seq, 8u);
  struct Row {
    int32_t start_minute;
    int32_t minutes;
  };
  const Row overlapping[] = {
      {8 * 60, 61}, {11 * 60 + 59, 61}, {10 * 60, 60}, {8 * 60, 300}, {9 * 60, 180}};
  for (const Row& row : overlapping) {
    SCOPED_TRACE(std::to_string(row.start_minute) + "+" + std::to_string(row.minutes));
    ExpectRefused(TaskHours("M-0001", Day("2025-07-15"), row.start_minute, row.minutes),
                  kOverlappingHours,
                  "start_minute: M-0001 already worked 09:00-12:00 on 2025-07-15 (seq 8)");
  }
  // Touching stretches, another day, another member: no overlap.
  Accept(TaskHours("M-0001", Day("2025-07-15"), 8 * 60, 60));
  Accept(TaskHours("M-0001", Day("2025-07-15"), 12 * 60, 60));
  Accept(TaskHours("M-0001", Day("2025-07-16"), 9 * 60, 180));
  Accept(TaskHours("M-0002", Day("2025-07-15"), 9 * 60, 180));
  ExpectRefused(TaskHours("M-0001", Day("2025-07-15"), 7 * 60 + 30, 31), kOverlappingHours,
                "start_minute: M-0001 already worked 08:00-09:00 on 2025-07-15 (seq 9)");
}

// ---------------------------------------------------------------- minors' working time

TEST_F(CommandHandlerTest, RefusesMinorsMoreThanEightHoursADay) {
  ASSERT_NO_FATAL_FAILURE(SetUpWorld());
  JoinMinor("M-0003", "2009-03-14");
  Accept(TaskHours("M-0003", Day("2025-07-15"), 8 * 60, 300));
  Accept(TaskHours("M-0003", Day("2025-07-15"), 14 * 60, 180));
  ExpectRefused(TaskHours("M-0003", Day("2025-07-15"), 17 * 60, 1), kWorkingTimeLimit,
                "minutes: M-0003 is under 18 and would work 481 minutes on 2025-07-15, over the "
                "480 a day allowed (Code du travail L3162-1)");
  // An adult has no such limit here.
  Accept(TaskHours("M-0001", Day("2025-07-15"), 8 * 60, 600));
}

TEST_F(CommandHandlerTest, RefusesMinorsMoreThanThirtyFiveHoursAWeek) {
  ASSERT_NO_FATAL_FAILURE(SetUpWorld());
  JoinMinor("M-0003", "2009-03-14");
  for (const char* day : {"2025-07-14", "2025-07-15", "2025-07-16", "2025-07-17", "2025-07-18"}) {
    Accept(TaskHours("M-0003", Day(day), 9 * 60, 7 * 60));
  }
  ExpectRefused(TaskHours("M-0003", Day("2025-07-19"), 9 * 60, 60), kWorkingTimeLimit,
                "minutes: M-0003 is under 18 and would work 2160 minutes in the week of "
                "2025-07-14, over the 2100 a week allowed (Code du travail L3162-1)");
  ExpectRefused(TaskHours("M-0003", Day("2025-07-20"), 9 * 60, 1), kWorkingTimeLimit,
                "minutes: M-0003 is under 18 and would work 2101 minutes in the week of "
                "2025-07-14, over the 2100 a week allowed (Code du travail L3162-1)");
  Accept(TaskHours("M-0003", Day("2025-07-21"), 9 * 60, 7 * 60));  // The next week.
}

TEST_F(CommandHandlerTest, MinorsLimitsEndOnTheEighteenthBirthday) {
  ASSERT_NO_FATAL_FAILURE(SetUpWorld());
  JoinMinor("M-0003", "2007-07-20");
  ExpectRefused(TaskHours("M-0003", Day("2025-07-19"), 8 * 60, 540), kWorkingTimeLimit,
                "minutes: M-0003 is under 18 and would work 540 minutes on 2025-07-19, over the "
                "480 a day allowed (Code du travail L3162-1)");
  Accept(TaskHours("M-0003", Day("2025-07-20"), 8 * 60, 540));
}

// ---------------------------------------------------------------- VolunteerParticipation

TEST_F(CommandHandlerTest, VolunteerParticipationDefaultsToTheMembersActivity) {
  ASSERT_NO_FATAL_FAILURE(SetUpWorld());
  const events::VolunteerParticipation volunteer{events::MemberId{"M-0001"}, events::ActivityId{},
                                                 Day("2025-09-20"), 120, "car wash"};
  const events::StoredEvent event = AcceptOne(volunteer);
  EXPECT_EQ(Envelope(event), "member/M-0001 v2 2025-09-20");
  events::VolunteerParticipation expected = volunteer;
  expected.activity_id.value = "A-CJS";
  EXPECT_EQ(std::get<events::VolunteerParticipation>(event.body), expected);
}

TEST_F(CommandHandlerTest, RefusesAnInvalidVolunteerParticipation) {
  ASSERT_NO_FATAL_FAILURE(SetUpWorld());
  ExpectRefusals<events::VolunteerParticipation>(
      events::VolunteerParticipation{events::MemberId{"M-0001"}, events::ActivityId{"A-ENT"},
                                     Day("2025-09-20"), 120, "car wash"},
      {
          {[](auto& c) { c.member_id.value = "M-0404"; }, kNotFound, "member_id: no member M-0404"},
          {[](auto& c) { c.day = Date(); }, kInvalidArgument, "day: required, a YYYY-MM-DD date"},
          {[](auto& c) { c.day = Day("2025-10-01"); }, kInvalidArgument,
           "day: 2025-10-01 is after today (2025-09-30)"},
          {[](auto& c) { c.activity_id.value = "A-NONE"; }, kNotFound,
           "activity_id: no activity A-NONE"},
          {[](auto& c) { c.day = Day("2024-12-31"); }, kPeriodClosed,
           "activity_id: activity A-ENT is not open on 2024-12-31"},
          {[](auto& c) { c.minutes = 0; }, kInvalidArgument, "minutes: must be 1 to 1440"},
          {[](auto& c) { c.minutes = 24 * 60 + 1; }, kInvalidArgument,
           "minutes: must be 1 to 1440"},
          {[](auto& c) { c.description.clear(); }, kInvalidArgument, "description: required"},
      });
}

// ---------------------------------------------------------------- AccountingPeriodClosed

TEST_F(CommandHandlerTest, AccountingPeriodClosedIsEffectiveOnItsLastDay) {
  ASSERT_NO_FATAL_FAILURE(SetUpWorld());
  const events::StoredEvent event = AcceptOne(PeriodClose(Day("2025-07-01"), Day("2025-08-01")));
  EXPECT_EQ(Envelope(event), "books v1 2025-07-31");
  EXPECT_EQ(service_->state().ClosedBefore(), Day("2025-08-01"));
  ExpectRefused(PeriodClose(Day("2025-08-15"), Day("2025-09-01")), kInvalidArgument,
                "period_start: periods close in order: the next one starts on 2025-08-01");
  ExpectRefused(PeriodClose(Day("2025-07-01"), Day("2025-09-01")), kInvalidArgument,
                "period_start: periods close in order: the next one starts on 2025-08-01");
  // A period ending today (excluded) is over.
  EXPECT_EQ(Envelope(AcceptOne(PeriodClose(Day("2025-08-01"), Day("2025-09-30")))),
            "books v2 2025-09-29");
}

TEST_F(CommandHandlerTest, RefusesAnInvalidPeriodClose) {
  ASSERT_NO_FATAL_FAILURE(SetUpWorld());
  ExpectRefusals<events::AccountingPeriodClosed>(
      PeriodClose(Day("2025-07-01"), Day("2025-08-01")),
      {
          {[](auto& c) { c.period_start = Date(); }, kInvalidArgument,
           "period_start: required, a YYYY-MM-DD date"},
          {[](auto& c) { c.period_end = Date(); }, kInvalidArgument,
           "period_end: required, a YYYY-MM-DD date"},
          {[](auto& c) { c.period_end = c.period_start; }, kInvalidArgument,
           "period_end: must be after period_start"},
          {[](auto& c) { c.period_end = Day("2025-06-30"); }, kInvalidArgument,
           "period_end: must be after period_start"},
          {[](auto& c) { c.period_end = Day("2025-10-01"); }, kInvalidArgument,
           "period_end: a period closes once it is over (today is 2025-09-30)"},
      });
}

TEST_F(CommandHandlerTest, LateHoursKeepTheirDayAndAreBookedOnTheFirstOpenDay) {
  ASSERT_NO_FATAL_FAILURE(SetUpWorld());
  Accept(PeriodClose(Day("2025-07-01"), Day("2025-08-01")));
  const events::StoredEvent late = AcceptOne(TaskHours("M-0001", Day("2025-07-28"), 540, 60));
  EXPECT_EQ(Envelope(late), "member/M-0001 v2 2025-07-28");
  EXPECT_EQ(std::get<events::HoursLogged>(late.body).booked_on, Day("2025-08-01"));
  EXPECT_FALSE(AcceptBody<events::HoursLogged>(TaskHours("M-0001", Day("2025-08-01"), 540, 60))
                   .booked_on.has_value());
}

// ---------------------------------------------------------------- Reversed

TEST_F(CommandHandlerTest, ReversingHoursFreesTheirSlot) {
  ASSERT_NO_FATAL_FAILURE(SetUpWorld());
  const events::HoursLogged hours = JobHours("M-0001", "J-0001", Day("2025-07-15"), 540, 180);
  ASSERT_EQ(AcceptOne(hours).seq, 7u);
  ExpectRefused(hours, kOverlappingHours,
                "start_minute: M-0001 already worked 09:00-12:00 on 2025-07-15 (seq 7)");
  const events::StoredEvent reversal = AcceptOne(Reversal(7));
  EXPECT_EQ(Envelope(reversal), "member/M-0001 v3 2025-09-30");
  EXPECT_EQ(std::get<events::Reversed>(reversal.body), Reversal(7));
  EXPECT_EQ(AcceptOne(hours).seq, 9u);
  ExpectRefused(Reversal(7), kInvalidArgument, "reversed_seq: seq 7 is already reversed");
  ExpectRefused(Reversal(8), kNotReversible,
                "reversed_seq: seq 8 cannot be reversed: documents are credited, contracts "
                "changed or ended");
}

TEST_F(CommandHandlerTest, ReversingCompletionReopensTheJob) {
  ASSERT_NO_FATAL_FAILURE(SetUpWorld());
  ASSERT_EQ(AcceptOne(events::JobCompleted{events::JobId{"J-0001"}, Date(), ""}).seq, 7u);
  EXPECT_EQ(Envelope(AcceptOne(Reversal(7))), "job/J-0001 v3 2025-09-30");
  EXPECT_EQ(Envelope(AcceptOne(events::JobCancelled{events::JobId{"J-0001"}, Date(), "rain"})),
            "job/J-0001 v4 2025-09-30");
}

TEST_F(CommandHandlerTest, RefusesAnInvalidReversal) {
  ASSERT_NO_FATAL_FAILURE(SetUpWorld());
  Accept(JobHours("M-0001", "J-0001", Day("2025-07-15"), 540, 180));
  const std::string not_reversible =
      " cannot be reversed: documents are credited, contracts changed or ended";
  ExpectRefusals<events::Reversed>(
      Reversal(7),
      {
          {[](auto& c) { c.reversed_seq = 0; }, kInvalidArgument, "reversed_seq: required"},
          {[](auto& c) { c.reason.clear(); }, kInvalidArgument, "reason: required"},
          {[](auto& c) { c.reversed_seq = 99; }, kNotFound, "reversed_seq: no event 99"},
          {[](auto& c) { c.reversed_seq = 8; }, kNotFound, "reversed_seq: no event 8"},
          {[](auto& c) { c.reversed_seq = 1; }, kNotReversible,
           "reversed_seq: seq 1" + not_reversible},  // CaeConfigured.
          {[](auto& c) { c.reversed_seq = 4; }, kNotReversible,
           "reversed_seq: seq 4" + not_reversible},  // MemberJoined.
          {[](auto& c) { c.reversed_seq = 6; }, kNotReversible,
           "reversed_seq: seq 6" + not_reversible},  // JobAgreed.
      });
}

}  // namespace
}  // namespace coopledger::test
