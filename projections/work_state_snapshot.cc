// Grammar (projections/snapshot_codec.h for the elements; maps in key order):
//   "WST " version=2 last_seq cae activities members clients jobs invoices drafts
//          drafts_validated credit_notes payments work sequences client_credit closed_before
//          fiscal_closed_before reversible reversed parameter_versions payslips member_payslips
//          payslips_by_month pay_months_closed wages_paid streams last_sealed_month
//          last_sealed_seq seal_count
//   cae          := 0 | 1 body
//   activities   := count { id body(ActivityOpened) optional(date) }
//   members      := count { id body(MemberJoined) optional(date) }
//   clients      := count { id body(ClientRegistered) }
//   jobs         := count { id body(JobAgreed) status }
//   invoices     := count { number 0 | 1 body(InvoiceValidated) credited paid level last_reminder
//                           indemnity }
//   drafts       := count { id body(InvoiceDrafted) }
//   work         := count { member day_count { day stretch_count { start end seq } } }
//   reversible   := count { event }
//   payslips     := count { id member period_start net_paid }  (version 1: the whole body)
//   the other maps and sets hold texts, integers, money and booleans.
#include "projections/work_state_snapshot.h"

#include "projections/snapshot_codec.h"

namespace coopledger::projections {

class WorkStateSnapshotCodec {
 public:
  static std::string Write(const WorkState& state);
  static Result<WorkState> Read(std::string_view bytes);

 private:
  static bool ReadDocuments(SnapshotReader& in, WorkState& state);
  static bool ReadWork(SnapshotReader& in, WorkState& state);
  static bool ReadPayroll(SnapshotReader& in, WorkState& state);
};

namespace {

constexpr std::string_view kMagic = "WST ";
constexpr uint64_t kVersion = 2;

template <typename Map, typename Write>
void Entries(SnapshotWriter& out, const Map& map, Write write) {
  out.Count(map.size());
  if constexpr (requires { map.bucket_count(); }) {
    for (const auto* entry : InKeyOrder(map)) write(*entry);
  } else {
    for (const auto& entry : map) write(entry);
  }
}

void Texts(SnapshotWriter& out, const auto& texts) {
  Entries(out, texts, [&out](const std::string& text) { out.Text(text); });
}

template <typename Set>
bool ReadTexts(SnapshotReader& in, Set& texts) {
  return Repeat(in, [&] {
    std::string text;
    if (!in.Text(&text)) return false;
    texts.insert(std::move(text));
    return true;
  });
}

template <typename Map>
bool ReadFlags(SnapshotReader& in, Map& flags) {
  return Repeat(in, [&] {
    std::string id;
    bool flag = false;
    if (!in.Text(&id) || !in.Bool(&flag)) return false;
    flags.emplace(std::move(id), flag);
    return true;
  });
}

template <typename Map>
bool ReadAmounts(SnapshotReader& in, Map& amounts) {
  return Repeat(in, [&] {
    std::string id;
    Money amount;
    if (!in.Text(&id) || !in.Amount(&amount)) return false;
    amounts.emplace(std::move(id), amount);
    return true;
  });
}

// id -> a value of one event kind.
template <typename Kind, typename Map>
bool ReadBodies(SnapshotReader& in, Map& bodies) {
  return Repeat(in, [&] {
    std::string id;
    Kind body;
    if (!in.Text(&id) || !in.Body(&body)) return false;
    bodies.emplace(std::move(id), std::move(body));
    return true;
  });
}

}  // namespace

std::string WorkStateSnapshotCodec::Write(const WorkState& state) {
  SnapshotWriter out(kMagic, kVersion);
  out.Varint(state.last_seq_);
  out.Bool(state.cae_.has_value());
  if (state.cae_) out.Body(*state.cae_);
  Entries(out, state.activities_, [&out](const auto& entry) {
    out.Text(entry.first);
    out.Body(entry.second.opened);
    out.OptionalDay(entry.second.closed_on);
  });
  Entries(out, state.members_, [&out](const auto& entry) {
    out.Text(entry.first);
    out.Body(entry.second.joined);
    out.OptionalDay(entry.second.left_on);
  });
  Entries(out, state.clients_, [&out](const auto& entry) {
    out.Text(entry.first);
    out.Body(entry.second);
  });
  Entries(out, state.jobs_, [&out](const auto& entry) {
    out.Text(entry.first);
    out.Body(entry.second.agreed);
    out.Varint(static_cast<uint64_t>(entry.second.status));
  });
  Entries(out, state.invoices_, [&out](const auto& entry) {
    const InvoiceState& invoice = entry.second;
    out.Text(entry.first);
    // An entry may exist before its invoice is validated (a payment read first): no body then.
    const bool validated = invoice.invoice != events::InvoiceValidated{};
    out.Bool(validated);
    if (validated) out.Body(invoice.invoice);
    out.Amount(invoice.credited);
    out.Amount(invoice.paid);
    out.Integer(invoice.reminder_level);
    out.Day(invoice.last_reminder_on);
    out.Bool(invoice.recovery_indemnity_claimed);
  });
  Entries(out, state.drafts_, [&out](const auto& entry) {
    out.Text(entry.first);
    out.Body(entry.second);
  });
  Entries(out, state.drafts_validated_, [&out](const auto& entry) {
    out.Text(entry.first);
    out.Text(entry.second.value);
  });
  for (const auto* flags : {&state.credit_notes_, &state.payments_}) {
    Entries(out, *flags, [&out](const auto& entry) {
      out.Text(entry.first);
      out.Bool(entry.second);
    });
  }
  Entries(out, state.work_, [&out](const auto& member) {
    out.Text(member.first);
    out.Count(member.second.size());
    for (const auto& [day, stretches] : member.second) {
      out.Integer(day);
      out.Count(stretches.size());
      for (const WorkStretch& stretch : stretches) {
        out.Integer(stretch.start_minute);
        out.Integer(stretch.end_minute);
        out.Varint(stretch.seq);
      }
    }
  });
  Entries(out, state.sequences_, [&out](const auto& entry) {
    out.Integer(entry.first);
    out.Integer(entry.second.last_number);
    out.Day(entry.second.last_issued_on);
  });
  Entries(out, state.client_credit_, [&out](const auto& entry) {
    out.Text(entry.first);
    out.Amount(entry.second);
  });
  out.OptionalDay(state.closed_before_);
  out.OptionalDay(state.fiscal_closed_before_);
  Entries(out, state.reversible_, [&out](const auto& entry) { out.Event(entry.second); });
  Entries(out, state.reversed_, [&out](const auto& entry) {
    out.Varint(entry.first);
    out.Bool(entry.second);
  });
  Texts(out, state.parameter_versions_);
  Entries(out, state.payslips_, [&out](const auto& entry) {
    out.Text(entry.first);
    out.Text(entry.second.member_id.value);
    out.Day(entry.second.period_start);
    out.Amount(entry.second.net_paid);
  });
  Texts(out, state.member_payslips_);
  Entries(out, state.payslips_by_month_, [&out](const auto& entry) {
    out.Text(entry.first);
    out.Integer(entry.second);
  });
  Texts(out, state.pay_months_closed_);
  Entries(out, state.wages_paid_, [&out](const auto& entry) {
    out.Text(entry.first);
    out.Amount(entry.second);
  });
  Texts(out, state.streams_);
  out.OptionalDay(state.last_sealed_month_);
  out.Varint(state.last_sealed_seq_);
  out.Varint(state.seal_count_);
  return out.Take();
}

bool WorkStateSnapshotCodec::ReadDocuments(SnapshotReader& in, WorkState& state) {
  const bool jobs = Repeat(in, [&] {
    std::string id;
    JobState job;
    uint64_t status = 0;
    if (!in.Text(&id) || !in.Body(&job.agreed) || !in.Varint(&status) ||
        status > static_cast<uint64_t>(JobStatus::kCancelled)) {
      return false;
    }
    job.status = static_cast<JobStatus>(status);
    state.jobs_.emplace(std::move(id), std::move(job));
    return true;
  });
  const bool invoices = jobs && Repeat(in, [&] {
    std::string number;
    InvoiceState invoice;
    bool validated = false;
    if (!in.Text(&number) || !in.Bool(&validated)) return false;
    if (validated && !in.Body(&invoice.invoice)) return false;
    if (!in.Amount(&invoice.credited) || !in.Amount(&invoice.paid) ||
        !in.Int32(&invoice.reminder_level) || !in.Day(&invoice.last_reminder_on) ||
        !in.Bool(&invoice.recovery_indemnity_claimed)) {
      return false;
    }
    state.invoices_.emplace(std::move(number), std::move(invoice));
    return true;
  });
  return invoices && ReadBodies<events::InvoiceDrafted>(in, state.drafts_) &&
         Repeat(in, [&] {
           std::string draft;
           std::string number;
           if (!in.Text(&draft) || !in.Text(&number)) return false;
           state.drafts_validated_.emplace(std::move(draft), events::DocumentNumber{std::move(number)});
           return true;
         }) &&
         ReadFlags(in, state.credit_notes_) && ReadFlags(in, state.payments_);
}

bool WorkStateSnapshotCodec::ReadWork(SnapshotReader& in, WorkState& state) {
  return Repeat(in, [&] {
    std::string member;
    if (!in.Text(&member)) return false;
    std::map<int32_t, std::vector<WorkStretch>>& days = state.work_[member];
    return Repeat(in, [&] {
      int32_t day = 0;
      size_t count = 0;
      if (!in.Int32(&day) || !in.Count(&count)) return false;
      std::vector<WorkStretch>& stretches = days[day];
      stretches.resize(count);
      for (WorkStretch& stretch : stretches) {
        if (!in.Int32(&stretch.start_minute) || !in.Int32(&stretch.end_minute) ||
            !in.Varint(&stretch.seq)) {
          return false;
        }
      }
      return true;
    });
  });
}

bool WorkStateSnapshotCodec::ReadPayroll(SnapshotReader& in, WorkState& state) {
  return ReadTexts(in, state.parameter_versions_) &&
         Repeat(in, [&] {
           std::string id;
           PayslipFacts facts;
           if (!in.Text(&id) || !in.Text(&facts.member_id.value) || !in.Day(&facts.period_start) ||
               !in.Amount(&facts.net_paid)) {
             return false;
           }
           state.payslips_.emplace(std::move(id), std::move(facts));
           return true;
         }) &&
         ReadTexts(in, state.member_payslips_) && Repeat(in, [&] {
           std::string month;
           int32_t count = 0;
           if (!in.Text(&month) || !in.Int32(&count)) return false;
           state.payslips_by_month_.emplace(std::move(month), count);
           return true;
         }) &&
         ReadTexts(in, state.pay_months_closed_) && ReadAmounts(in, state.wages_paid_);
}

Result<WorkState> WorkStateSnapshotCodec::Read(std::string_view bytes) {
  SnapshotReader in(bytes, kMagic, kVersion);
  WorkState state;
  bool has_cae = false;
  bool ok = in.Varint(&state.last_seq_) && in.Bool(&has_cae);
  if (ok && has_cae) {
    events::CaeConfigured cae;
    ok = in.Body(&cae);
    state.cae_ = std::move(cae);
  }
  ok = ok && Repeat(in, [&] {
    std::string id;
    ActivityState activity;
    if (!in.Text(&id) || !in.Body(&activity.opened) || !in.OptionalDay(&activity.closed_on)) {
      return false;
    }
    state.activities_.emplace(std::move(id), std::move(activity));
    return true;
  });
  ok = ok && Repeat(in, [&] {
    std::string id;
    MemberState member;
    if (!in.Text(&id) || !in.Body(&member.joined) || !in.OptionalDay(&member.left_on)) return false;
    state.members_.emplace(std::move(id), std::move(member));
    return true;
  });
  ok = ok && ReadBodies<events::ClientRegistered>(in, state.clients_) && ReadDocuments(in, state) &&
       ReadWork(in, state) && Repeat(in, [&] {
         int32_t year = 0;
         DocumentSequence sequence;
         if (!in.Int32(&year) || !in.Int32(&sequence.last_number) ||
             !in.Day(&sequence.last_issued_on)) {
           return false;
         }
         state.sequences_.emplace(year, sequence);
         return true;
       });
  ok = ok && ReadAmounts(in, state.client_credit_) && in.OptionalDay(&state.closed_before_) &&
       in.OptionalDay(&state.fiscal_closed_before_) && Repeat(in, [&] {
         events::StoredEvent event;
         if (!in.Event(&event)) return false;
         const Seq seq = event.seq;
         state.reversible_.emplace(seq, std::move(event));
         return true;
       });
  ok = ok && Repeat(in, [&] {
    uint64_t seq = 0;
    bool reversed = false;
    if (!in.Varint(&seq) || !in.Bool(&reversed)) return false;
    state.reversed_.emplace(seq, reversed);
    return true;
  });
  ok = ok && ReadPayroll(in, state) && ReadTexts(in, state.streams_) &&
       in.OptionalDay(&state.last_sealed_month_) && in.Varint(&state.last_sealed_seq_) &&
       in.Varint(&state.seal_count_);
  if (!ok || !in.Done()) {
    return Error(ErrorCode::kCorruption, "work state snapshot: malformed or truncated");
  }
  return state;
}

std::string WorkStateSnapshot(const WorkState& state) { return WorkStateSnapshotCodec::Write(state); }

Result<WorkState> WorkStateFromSnapshot(std::string_view bytes) {
  return WorkStateSnapshotCodec::Read(bytes);
}

}  // namespace coopledger::projections
