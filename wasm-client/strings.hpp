// The client's UI string catalogue: zh-CN (default) and English, in one place (strings.cpp).
// Error messages are not here: they come from the core (xueji::message).
#pragma once
#include "xueji/error_code.hpp"

namespace xueji::client {

enum class Text {
  AppTitle,
  Loading,
  StorageFailed,
  LanguageToggle,
  // Login
  LoginTitle,
  LoginHint,
  Username,
  Password,
  LoginButton,
  LoggingIn,
  LoginNeedsNetwork,
  ServerError,
  ServerUnreachable,
  // Navigation and session
  NavStudents,
  NavRegister,
  Logout,
  Relogin,
  SessionExpired,
  // Student list
  SearchHint,
  StudentCount,
  ColRegistryNumber,
  ColName,
  ColGender,
  ColBirthDate,
  ColGrade,
  ColClass,
  ColSyncState,
  NoStudents,
  InsertCharacter,
  CodePointHelp,
  InvalidCodePoint,
  // Register form
  RegisterTitle,
  FieldName,
  FieldIdNumber,
  FieldEnrollmentDate,
  FieldGrade,
  FieldClass,
  DerivedFromId,
  SubmitRegistration,
  Registered,
  // Sync states
  SyncPending,
  SyncSynced,
  SyncRejected,
  // Status bar
  Online,
  Offline,
  CheckingConnection,
  PendingCount,
  Saving,
  Saved,
  SaveFailed,
  SyncButton,
  Syncing,
  SyncingPulled,  // printf: pulled, remaining
  SyncProgress,   // printf: pulled, remaining, seconds left
  FullySynced,
  StorageNearlyFull,  // printf: percent used
  NeverSynced,
  LastSyncOk,
  LastSyncFailed,
  NeedsAttention,
  RejectionLine,
  Male,
  Female,
  // Student detail and workflows
  NavTransferIn,
  StudentDetailTitle,
  BackToList,
  FieldStatus,
  WorkflowHistory,
  NoWorkflows,
  StartWorkflowTitle,
  WorkflowKindLabel,
  Proofs,
  AttachFile,
  Attached,
  SubmitWorkflow,
  WorkflowStarted,  // printf: kind label
  StepApproved,
  StepRejected,
  WorkflowWithdrawn,
  Approve,
  Reject,
  Withdraw,
  StepLine,  // printf: position, party, state
  DeadlineOnly,
  DeadlineLeft,     // printf: date, working days
  DeadlineOverdue,  // printf: date, working days
  ErrorField,       // printf: field
  TransferInTitle,
  TransferInHint,
  StartedOn,  // printf: date
  FixRejection,
  // Attachments (uploads.cpp).
  PendingUploads,  // printf: count
  Uploading,       // printf: count
  TakePhoto,
  StoredOnDevice,
  Uploaded,
  // County/city/province review (S4)
  NavApprovals,
  NavReviewCases,
  NavStatistics,
  StaffOffline,
  StaffLoading,
  Refresh,
  ApprovalsTitle,
  OverdueOnly,
  NoApprovals,
  ColKind,
  ColStudent,
  ColSchool,
  ColStep,
  ColDeadline,
  ColDaysLeft,
  DaysLeft,     // printf: working days
  OverdueDays,  // printf: working days
  Escalated,
  ApprovalDetail,
  StartedBy,  // printf: unit, date
  NoProofs,
  WorkflowNotPulled,
  Comment,
  ForceApprove,
  ForceReject,
  ApprovalApproved,  // printf: student name
  ApprovalRejected,  // printf: student name
  CasesTitle,
  NoCases,
  ColRule,
  ColStatus,
  ColOpenedAt,
  ColSchools,
  CaseStatusOpen,
  CaseStatusEscalated,
  CaseStatusDecided,
  CaseKindDuplicate,
  CaseKindProtected,
  CaseKindMovedAway,
  CaseDetailTitle,
  ColField,
  ColBase,
  ColSideA,
  ColSideB,
  ColCurrent,
  ColChoice,
  CaseKeepA,
  CaseKeepB,
  CaseMerge,
  CaseEscalate,
  CaseDecisionSent,  // printf: decision label
  CaseDecided,       // printf: decision label, officer
  SelectCase,
  SideBFrom,  // printf: school, device, time
  StatisticsTitle,
  ColInSchool,
  ColTransfersIn,
  ColTransfersOut,
  ColDropouts,
  ColOverdueSteps,
  ColProblemRecords,
  ByGrade,
  InSchoolPerSchool,
  Total,
  GradeN,  // printf: grade
};

const char* tr(Text text, Lang lang);

}  // namespace xueji::client
