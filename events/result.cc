#include "events/result.h"

namespace coopledger {

std::string_view ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument: return "invalid_argument";
    case ErrorCode::kPostingsMustBalance: return "postings_must_balance";
    case ErrorCode::kPeriodClosed: return "period_closed";
    case ErrorCode::kVersionConflict: return "version_conflict";
    case ErrorCode::kStorageIo: return "storage_io";
    case ErrorCode::kCorruption: return "corruption";
    case ErrorCode::kAmountOverflow: return "amount_overflow";
    case ErrorCode::kInvalidDate: return "invalid_date";
    case ErrorCode::kNotFound: return "not_found";
    case ErrorCode::kDuplicateCommand: return "duplicate_command";
    case ErrorCode::kStoreLocked: return "store_locked";
    case ErrorCode::kPersonalDataErased: return "personal_data_erased";
    case ErrorCode::kUnsupported: return "unsupported";
    case ErrorCode::kAlreadyExists: return "already_exists";
    case ErrorCode::kOutsideContract: return "outside_contract";
    case ErrorCode::kWorkingTimeLimit: return "working_time_limit";
    case ErrorCode::kOverlappingHours: return "overlapping_hours";
    case ErrorCode::kExceedsOpenAmount: return "exceeds_open_amount";
    case ErrorCode::kDocumentValidated: return "document_validated";
    case ErrorCode::kNotReversible: return "not_reversible";
  }
  return "unknown";
}

std::string Error::ToString() const {
  std::string text(ErrorCodeName(code_));
  text += ": ";
  text += message_;
  return text;
}

Error Error::WithContext(std::string_view context) const {
  std::string message(context);
  message += message_;
  return Error(code_, std::move(message));
}

}  // namespace coopledger
