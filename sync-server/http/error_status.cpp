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
      return 422;  // well-formed, refused by a rule (第四条, 第七条)
    case ErrorCode::Unauthenticated:
    case ErrorCode::BadCredentials:
      return 401;
    case ErrorCode::OutOfScope:
    case ErrorCode::DeviceRevoked:
      return 403;  // known caller, not allowed (第三条 scope; S5 revoked device)
    case ErrorCode::NotFound:
      return 404;
    case ErrorCode::DuplicateRegistry:
      return 409;  // 第八条 一人一籍: the registry already exists elsewhere
    case ErrorCode::AccountLocked:
      return 423;
    case ErrorCode::StorageError:
      return 500;
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
    case 500:
      return ErrorCode::StorageError;
    default:
      return status >= 500 ? ErrorCode::StorageError : ErrorCode::MalformedRequest;
  }
}

}  // namespace xueji::server::http
