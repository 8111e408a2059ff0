import type { z } from "zod";
import { ErrorCode, type AppError } from "./result.js";

/**
 * A schema's refusal as an AppError: the first issue's path and message up front
 * ("rule.conditions.0.op: …"), the first twenty issues as details. `prefix` places the path
 * in a larger input ("body").
 */
export function schemaError(error: z.ZodError, prefix = ""): AppError {
  const first = error.issues[0];
  const path = [...(prefix ? [prefix] : []), ...(first?.path.map(String) ?? [])].join(".");
  return {
    code: ErrorCode.invalidInput,
    message: `${path}: ${first?.message ?? "invalid"}`,
    path,
    details: error.issues.slice(0, 20),
  };
}
