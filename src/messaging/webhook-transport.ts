import { createHmac } from "node:crypto";
import type { WebhookTarget } from "../core/messaging/message-settings.js";
import type { AttemptOutcome } from "../storage/sql/message-store.js";

/**
 * POSTs a message as JSON to a brand's system, SMS or push gateway. Signed as
 * `X-Cxloop-Signature: t=<unix ms>,v1=<hex HMAC-SHA256 of "<t>.<body>">`; the
 * `Idempotency-Key` is the ledger key, so a resend after a crash is recognised by the
 * receiver. 2xx is delivered; 408, 429, 5xx and network errors are retried; other 4xx fail.
 */
export async function postWebhook(
  target: WebhookTarget,
  ledgerKey: string,
  payload: unknown,
  now: number,
  retryAt: (now: number) => number,
  timeoutMs = 10_000,
): Promise<AttemptOutcome> {
  const body = JSON.stringify(payload);
  const t = String(now);
  const signature = createHmac("sha256", target.secret).update(`${t}.${body}`).digest("hex");
  try {
    const response = await fetch(target.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "idempotency-key": ledgerKey,
        "x-cxloop-signature": `t=${t},v1=${signature}`,
        "user-agent": "cxloop-webhook/1",
      },
      body,
      redirect: "error",
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.body?.cancel();
    if (response.ok) return { type: "sent", providerId: response.headers.get("x-request-id") };
    const error = `HTTP ${response.status}`;
    if (response.status === 408 || response.status === 429 || response.status >= 500)
      return { type: "retry", error, at: retryAt(now) };
    return { type: "failed", error };
  } catch (error) {
    const e = error as { name?: string; cause?: { code?: string }; message?: string };
    const what =
      e.name === "TimeoutError" ? "timeout" : (e.cause?.code ?? e.message ?? "network error");
    // The receiver may have acted before the connection broke: the idempotency key makes the
    // retry safe.
    return { type: "retry", error: `webhook: ${what}`, at: retryAt(now) };
  }
}

/** Checks a signature the way a receiver should (used by tests and documented for users). */
export function verifyWebhookSignature(secret: string, header: string, body: string): boolean {
  const parts = Object.fromEntries(header.split(",").map((p) => p.split("=") as [string, string]));
  if (!parts.t || !parts.v1) return false;
  const expected = createHmac("sha256", secret).update(`${parts.t}.${body}`).digest("hex");
  return expected === parts.v1;
}
