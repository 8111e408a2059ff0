import nodemailer from "nodemailer";
import type { AttemptOutcome } from "../storage/sql/message-store.js";

export interface Email {
  from: { name: string; address: string };
  replyTo?: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  /** Both the one-click POST target (RFC 8058) and the page a person opens. */
  unsubscribeUrl: string | null;
  /** The ledger key: the Message-ID derives from it, so a resend is recognisable as one. */
  ledgerKey: string;
}

/** Hands an email over: to an SMTP server, or to the local outbox when none is configured. */
export interface EmailTransport {
  readonly kind: "smtp" | "outbox";
  send(email: Email, now: number, retryAt: (now: number) => number): Promise<AttemptOutcome>;
  close(): void;
}

/** Emails kept in the database only, shown in the web app's outbox: the demo without SMTP. */
export const outboxTransport: EmailTransport = {
  kind: "outbox",
  send: async () => ({ type: "sent", providerId: null }),
  close: () => undefined,
};

/**
 * SMTP through nodemailer (any provider: smtp://user:pass@host:587, smtps://…). A 4xx reply
 * or a lost connection before the message was handed over is retried; a 5xx is final; a
 * connection lost after the message data was sent leaves the outcome unknown.
 */
export function smtpTransport(smtpUrl: string): EmailTransport {
  const transporter = nodemailer.createTransport({
    url: smtpUrl,
    pool: true,
    maxConnections: 4,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  });
  return {
    kind: "smtp",
    async send(email, now, retryAt) {
      try {
        const info = await transporter.sendMail({
          from: email.from,
          replyTo: email.replyTo,
          to: email.to,
          subject: email.subject,
          html: email.html,
          text: email.text,
          messageId: `<${email.ledgerKey.replace(/[^A-Za-z0-9._-]/g, ".")}@cxloop>`,
          headers: email.unsubscribeUrl
            ? {
                "List-Unsubscribe": `<${email.unsubscribeUrl}>`,
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
              }
            : {},
        });
        return { type: "sent", providerId: String(info.messageId ?? "") || null };
      } catch (error) {
        const e = error as {
          responseCode?: number;
          command?: string;
          code?: string;
          message?: string;
        };
        const what = e.responseCode
          ? `SMTP ${e.responseCode}: ${(e.message ?? "").slice(0, 200)}`
          : `SMTP ${e.code ?? "error"}: ${(e.message ?? "").slice(0, 200)}`;
        if (e.responseCode && e.responseCode >= 500) return { type: "failed", error: what };
        if (!e.responseCode && e.command === "DATA") return { type: "unknown", error: what };
        return { type: "retry", error: what, at: retryAt(now) };
      }
    },
    close: () => transporter.close(),
  };
}
