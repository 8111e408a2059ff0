import { ErrorCode, type AppError } from "../core/shared/result.js";
import { assertNever } from "../core/shared/assert-never.js";

/** The one map from error codes to HTTP status. */
export function statusOf(code: ErrorCode): number {
  switch (code) {
    case "invalid_input":
    case "event_too_large":
    case "batch_too_large":
    case "batch_too_many_events":
    case "missing_identity":
      return 400;
    case "unauthorized":
      return 401;
    case "forbidden":
      return 403;
    case "not_found":
      return 404;
    case "conflict":
      return 409;
    case "unsupported_media_type":
      return 415;
    case "overloaded":
      return 429;
    case "internal_error":
      return 500;
    default:
      return assertNever(code);
  }
}

export function errorBody(error: AppError) {
  return { error };
}
