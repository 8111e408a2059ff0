import type { FastifyError, FastifyInstance } from "fastify";
import { TrackingLimits } from "../core/collect/tracking-limits.js";
import { AppFailure, ErrorCode, type AppError } from "../core/shared/result.js";
import { statusOf } from "./error-status.js";

/**
 * Every error leaves as JSON `{ error: { code, message, path?, details? } }` with a 4xx that
 * says what is wrong, or a 500 that says nothing of the internals (logged with its cause).
 */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | AppFailure, request, reply) => {
    let appError: AppError;
    if (error instanceof AppFailure) {
      appError = error.error;
    } else if (error.code === "FST_ERR_CTP_BODY_TOO_LARGE") {
      const batch = /^\/v1\/(batch|b|import)\b/.test(request.url);
      appError = batch
        ? {
            code: ErrorCode.batchTooLarge,
            message: `the batch is larger than ${TrackingLimits.maxBatchBytes} bytes (500 KB), the limit per batch`,
            details: { limit: TrackingLimits.maxBatchBytes },
          }
        : request.url.startsWith("/v1/")
          ? {
              code: ErrorCode.eventTooLarge,
              message: `the event is larger than ${TrackingLimits.maxEventBytes} bytes (32 KB), the limit per event`,
              details: { limit: TrackingLimits.maxEventBytes },
            }
          : {
              code: ErrorCode.invalidInput,
              message: `the body is larger than ${request.routeOptions.bodyLimit} bytes`,
            };
    } else if (error.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE") {
      appError = {
        code: ErrorCode.unsupportedMediaType,
        message: `content-type "${request.headers["content-type"] ?? ""}" is not supported; send application/json`,
      };
    } else if (
      error.statusCode !== undefined &&
      error.statusCode >= 400 &&
      error.statusCode < 500
    ) {
      appError = { code: ErrorCode.invalidInput, message: error.message };
      return reply
        .code(error.statusCode === 413 ? 400 : error.statusCode)
        .send({ error: appError });
    } else {
      request.log.error({ err: error }, "request failed");
      appError = {
        code: ErrorCode.internal,
        message: "internal error; the server log has the details",
      };
    }
    const status = statusOf(appError.code);
    if (status === 429) reply.header("retry-after", "1");
    return reply.code(status).send({ error: appError });
  });
}
