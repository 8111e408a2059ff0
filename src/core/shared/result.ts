/** Expected failures are values; bugs throw. */
export type Result<T, E = AppError> = { ok: true; value: T } | { ok: false; error: E };

export interface AppError {
  code: ErrorCode;
  message: string;
  /** Where in the input the problem is, e.g. `batch[3].userId`. */
  path?: string;
  details?: unknown;
}

/**
 * The stable error catalogue. Codes never change once published; HTTP status is mapped in
 * one place (src/http/error-status.ts).
 */
export const ErrorCode = {
  invalidInput: "invalid_input",
  eventTooLarge: "event_too_large",
  batchTooLarge: "batch_too_large",
  batchTooManyEvents: "batch_too_many_events",
  missingIdentity: "missing_identity",
  unauthorized: "unauthorized",
  forbidden: "forbidden",
  notFound: "not_found",
  conflict: "conflict",
  overloaded: "overloaded",
  unsupportedMediaType: "unsupported_media_type",
  internal: "internal_error",
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });
export const err = (code: ErrorCode, message: string, path?: string, details?: unknown) =>
  ({ ok: false, error: { code, message, path, details } }) as const;

/** An expected failure thrown across an adapter boundary; mapped to HTTP by the error handler. */
export class AppFailure extends Error {
  constructor(
    readonly error: AppError,
    options?: { cause?: unknown },
  ) {
    super(error.message, options);
    this.name = "AppFailure";
  }
}
