#include "error_status.hpp"

namespace xueji::server::http {

int http_status(ErrorCode code) {
  // No default: a new ErrorCode fails the build (-Wswitch) until it gets a status here.
  switch (code) {
    case ErrorCode::InvalidInput:
    case ErrorCode::MalformedRequest:
    case ErrorCode::UnsupportedVersion:
      return 400;  // the request itself is unusable
    case ErrorCode::NameRequired:
    case ErrorCode::NameInvalid:
    case ErrorCode::IdFormat:
    case ErrorCode::IdDivision:
    case ErrorCode::IdBirthDate:
    case ErrorCode::IdChecksum:
    case ErrorCode::DateInvalid:
    case ErrorCode::AgeUnder6:
    case ErrorCode::RegistryNumberFormat:
    case ErrorCode::DocumentNumberFormat:
    case ErrorCode::DocumentTypeUnknown:
    case ErrorCode::EthnicityUnknown:
    case ErrorCode::DivisionInvalid:
    case ErrorCode::BirthDateRequired:
    case ErrorCode::GenderRequired:
    case ErrorCode::GradeInvalid:
    case ErrorCode::CalendarOutOfRange:
    case ErrorCode::WorkflowKindUnknown:
    case ErrorCode::ProofRequired:
    case ErrorCode::DetailRequired:
    case ErrorCode::TransferReasonInvalid:
    case ErrorCode::TransferGradeMismatch:
    case ErrorCode::TransferOutsideWindow:
    case ErrorCode::TransferSameSchool:
    case ErrorCode::SuspensionReasonInvalid:
    case ErrorCode::SuspensionPeriodInvalid:
    case ErrorCode::PlacementGradeInvalid:
    case ErrorCode::GradeSkipCrossStage:
    case ErrorCode::GradeSkipNotForward:
    case ErrorCode::DropoutTownshipReportRequired:
    case ErrorCode::SpecialPlacementMismatch:
    case ErrorCode::LikelyDuplicate:
    case ErrorCode::RegistrationLate:
    case ErrorCode::SchoolSuccessorInvalid:
    case ErrorCode::SchoolGradeNotOffered:
    case ErrorCode::ArchiveKindInvalid:
    case ErrorCode::ArchiveTextInvalid:
    case ErrorCode::AttachmentHashInvalid:
    case ErrorCode::AttachmentTypeNotAllowed:
    case ErrorCode::AttachmentTooLarge:
    case ErrorCode::PaperArchiveItemInvalid:
    case ErrorCode::AgeDelayUnapproved:
    case ErrorCode::AgeExceptionApplied:
    case ErrorCode::SchoolYearInvalid:
    case ErrorCode::TermInvalid:
    case ErrorCode::QuotaNotSet:
    case ErrorCode::QuotaExceeded:
    case ErrorCode::DuplicateInFile:
    case ErrorCode::StageInvalid:
    case ErrorCode::FileUnreadable:
    case ErrorCode::ColumnMissing:
    case ErrorCode::NameMismatch:
    case ErrorCode::RegisteredElsewhere:
      return 422;  // well-formed, refused by a rule of the core
    case ErrorCode::RegistryNumberTaken:
    case ErrorCode::WorkflowNotOpen:
    case ErrorCode::StepNotOverdue:
    case ErrorCode::UnfinishedBusiness:
    case ErrorCode::ProblemRecordOpen:
    case ErrorCode::StudentNotInSchool:
    case ErrorCode::TransferWhileSuspended:
    case ErrorCode::TransferUnderDiscipline:
    case ErrorCode::StudentNotSuspended:
    case ErrorCode::StudentNotAbroad:
    case ErrorCode::StatusNotAllowed:
    case ErrorCode::SchoolClosed:
    case ErrorCode::AttachmentMismatch:
    case ErrorCode::SchoolYearAlreadyPromoted:
    case ErrorCode::RosterChanged:
    case ErrorCode::TermVerificationIncomplete:
    case ErrorCode::TermAlreadySignedOff:
    case ErrorCode::DoubleAdmission:
    case ErrorCode::ImportHasErrors:
    case ErrorCode::ImportNotPending:
    case ErrorCode::AdmissionNotOpen:
    case ErrorCode::ExportNotApproved:
    case ErrorCode::ExportNotPending:
      return 409;  // refused because of the record's current state
    case ErrorCode::Unauthenticated:
    case ErrorCode::BadCredentials:
      return 401;
    case ErrorCode::OutOfScope:
    case ErrorCode::DeviceRevoked:
    case ErrorCode::NotYourStep:
    case ErrorCode::ArchiveReadOnly:
      return 403;  // known caller, not allowed (第三条 scope; S5 revoked device)
    case ErrorCode::NotFound:
      return 404;
    case ErrorCode::DuplicateRegistry:
      return 409;  // 第八条 一人一籍: the registry already exists elsewhere
    case ErrorCode::AccountLocked:
      return 423;
    case ErrorCode::RateLimited:
      return 429;  // R21: the public query's per-address limit
    case ErrorCode::StorageError:
      return 500;
    // Sync merge (docs/SYNC.md): a rule of the core, the record's state, or a warning.
    case ErrorCode::ProtectedField:
      return 422;
    case ErrorCode::ConcurrentEdit:
      return 409;
    case ErrorCode::StudentMovedAway:
      return 409;
    case ErrorCode::DependsOnRejected:
      return 409;
    case ErrorCode::ReviewCaseClosed:
      return 409;
    case ErrorCode::AutoResolved:
      return 422;
    case ErrorCode::ClockAhead:
      return 422;
    case ErrorCode::AccountDisabled:
    case ErrorCode::PasswordChangeRequired:
    case ErrorCode::TotpEnrollmentRequired:
      return 403;  // known caller, not (yet) allowed: the account must be enabled or completed
    case ErrorCode::AccountExists:
      return 409;
    case ErrorCode::PasswordTooWeak:
    case ErrorCode::PasswordReused:
    case ErrorCode::ReasonRequired:
      return 422;
    case ErrorCode::TotpRequired:
    case ErrorCode::TotpInvalid:
      return 401;  // the login is not complete without the second factor
    case ErrorCode::PayloadTooLarge:
      return 413;
    case ErrorCode::BlobOffsetMismatch:
    case ErrorCode::BlobIncomplete:
      return 409;  // the upload's state moved on: ask /status and resume
    case ErrorCode::BlobHashMismatch:
    case ErrorCode::BlobContentType:
      return 422;
  }
  return 500;
}

ErrorCode code_for_status(int status) {
  switch (status) {
    case 401:
      return ErrorCode::Unauthenticated;
    case 403:
      return ErrorCode::OutOfScope;
    case 404:
    case 405:
      return ErrorCode::NotFound;
    case 413:
      return ErrorCode::PayloadTooLarge;
    case 429:
      return ErrorCode::RateLimited;
    case 500:
      return ErrorCode::StorageError;
    default:
      return status >= 500 ? ErrorCode::StorageError : ErrorCode::MalformedRequest;
  }
}

}  // namespace xueji::server::http
