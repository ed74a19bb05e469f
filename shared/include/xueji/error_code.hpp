// Stable error codes. The names (see code_name) are part of the API: clients, the HTTP
// layer and docs/ERRORS.md refer to them; never renumber or rename one.
#pragma once
#include <optional>
#include <string_view>

namespace xueji {

enum class ErrorCode {
  InvalidInput,
  MalformedRequest,
  NameRequired,
  NameInvalid,
  IdFormat,
  IdDivision,
  IdBirthDate,
  IdChecksum,
  DateInvalid,
  AgeUnder6,
  DuplicateRegistry,
  OutOfScope,
  Unauthenticated,
  BadCredentials,
  AccountLocked,
  DeviceRevoked,
  NotFound,
  UnsupportedVersion,
  StorageError,
  RegistryNumberFormat,
  DocumentNumberFormat,
  DocumentTypeUnknown,
  EthnicityUnknown,
  DivisionInvalid,
  BirthDateRequired,
  GenderRequired,
  RegistryNumberTaken,
  GradeInvalid,
  CalendarOutOfRange,
  WorkflowKindUnknown,
  WorkflowNotOpen,
  NotYourStep,
  StepNotOverdue,
  ProofRequired,
  UnfinishedBusiness,
  ProblemRecordOpen,
  StudentNotInSchool,
  TransferReasonInvalid,
  TransferWhileSuspended,
  TransferUnderDiscipline,
  TransferGradeMismatch,
  TransferOutsideWindow,
  TransferSameSchool,
  DetailRequired,
  LikelyDuplicate,
  SuspensionReasonInvalid,
  SuspensionPeriodInvalid,
  StudentNotSuspended,
  StudentNotAbroad,
  PlacementGradeInvalid,
  GradeSkipCrossStage,
  GradeSkipNotForward,
  DropoutTownshipReportRequired,
  StatusNotAllowed,
  SpecialPlacementMismatch,
  RegistrationLate,
  SchoolClosed,
  SchoolSuccessorInvalid,
  SchoolGradeNotOffered,
  ArchiveKindInvalid,
  ArchiveTextInvalid,
  AttachmentHashInvalid,
  AttachmentTypeNotAllowed,
  AttachmentTooLarge,
  AttachmentMismatch,
  ArchiveReadOnly,
  PaperArchiveItemInvalid,
  AgeDelayUnapproved,
  AgeExceptionApplied,
  SchoolYearInvalid,
  SchoolYearAlreadyPromoted,
  TermInvalid,
  RosterChanged,
  TermVerificationIncomplete,
  TermAlreadySignedOff,
  RateLimited,
  // County review, unified enrollment (R20) and exports (R18): issue 5, branch county.
  QuotaNotSet,
  QuotaExceeded,
  DuplicateInFile,
  DoubleAdmission,
  StageInvalid,
  FileUnreadable,
  ColumnMissing,
  ImportHasErrors,
  ImportNotPending,
  AdmissionNotOpen,
  ExportNotApproved,
  ExportNotPending,
  NameMismatch,
  RegisteredElsewhere,
};
// Codes are only ever appended; tests walk 0..kLastErrorCode.
inline constexpr ErrorCode kLastErrorCode = ErrorCode::RegisteredElsewhere;

enum class Lang { Zh, En };

// "ID_CHECKSUM", "DUPLICATE_REGISTRY", ...
std::string_view code_name(ErrorCode code);
std::optional<ErrorCode> code_from_name(std::string_view name);
// The catalogue message a user sees, in zh-CN or English.
std::string_view message(ErrorCode code, Lang lang);

}  // namespace xueji
