import { ImportIssueCode, type ImportIssue } from "./import-issue.js";
import { derivedMessageId } from "./message-id.js";
import { jsonProblem } from "./safe-json.js";

export type NdjsonLineResult =
  { ok: true; call: Record<string, unknown> } | { ok: false; issue: ImportIssue };

/**
 * One NDJSON line as a tracking call, not yet checked against the Segment spec (that is
 * normalizeTrackingCall's job). Without a messageId the line gets one derived from its text.
 * `sentAt` is dropped: clock-skew correction measures a device's clock against the time the
 * server received the call, and an import receives old calls today.
 */
export function parseNdjsonLine(text: string, line: number, sourceId: string): NdjsonLineResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      issue: { line, code: ImportIssueCode.unparseable, message: `not valid JSON: ${reason}` },
    };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    const found = value === null ? "null" : Array.isArray(value) ? "an array" : `a ${typeof value}`;
    return {
      ok: false,
      issue: {
        line,
        code: ImportIssueCode.unparseable,
        message: `a JSON object (one tracking call) is expected, found ${found}`,
      },
    };
  }
  const problem = jsonProblem(value);
  if (problem) {
    return {
      ok: false,
      issue: {
        line,
        field: problem.path,
        code: ImportIssueCode.forbiddenKey,
        message: problem.message,
      },
    };
  }
  const call = value as Record<string, unknown>;
  delete call.sentAt;
  if (
    call.messageId === undefined ||
    call.messageId === null ||
    String(call.messageId).trim() === ""
  ) {
    call.messageId = derivedMessageId(sourceId, text);
  }
  return { ok: true, call };
}
