import type { MessageSummary, SendStatus } from "../api/contract.js";
import { useI18n } from "../i18n/i18n.js";

/** A message's status; the reason (held back, waiting) or last error as its tooltip and text. */
export function MessageStatusBadge({
  message,
  detail = false,
}: {
  message: Pick<MessageSummary, "status" | "reason" | "lastError">;
  /** Shows the reason or error beside the badge, not only as its tooltip. */
  detail?: boolean;
}) {
  const { t } = useI18n();
  const why = whyOf(message);
  return (
    <span className="message-status">
      <span
        className={`badge message-${message.status}`}
        data-status={message.status}
        title={why ?? undefined}
      >
        {t(`message.status.${message.status}`)}
      </span>
      {detail && why && <span className="muted small message-why">{why}</span>}
    </span>
  );
}

/** Why a message stands where it does: the error of a failure, else the server's reason. */
export function whyOf(m: Pick<MessageSummary, "status" | "reason" | "lastError">): string | null {
  if ((m.status === "failed" || m.status === "unknown") && m.lastError) return m.lastError;
  return m.reason ?? m.lastError ?? null;
}

export function isSendStatus(value: string | null): value is SendStatus {
  return (
    value === "pending" ||
    value === "sending" ||
    value === "sent" ||
    value === "failed" ||
    value === "unknown" ||
    value === "suppressed"
  );
}

/** Opened and clicked, as small markers after the status. */
export function EngagementMarks({ message }: { message: MessageSummary }) {
  const { t, dateTime } = useI18n();
  return (
    <>
      {message.openedAt !== null && (
        <span className="badge message-mark" data-mark="opened" title={dateTime(message.openedAt)}>
          {t("outbox.opened")}
        </span>
      )}
      {message.clickedAt !== null && (
        <span
          className="badge message-mark"
          data-mark="clicked"
          title={dateTime(message.clickedAt)}
        >
          {t("outbox.clicked")}
        </span>
      )}
      {message.test && (
        <span className="badge message-test" data-mark="test">
          {t("message.testMode")}
        </span>
      )}
    </>
  );
}

export const messageHref = (key: string) => `/outbox/${encodeURIComponent(key)}`;
