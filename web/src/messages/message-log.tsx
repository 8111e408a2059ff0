import { api } from "../api/endpoints.js";
import { useApi } from "../api/use-api.js";
import { Link } from "../app/router.js";
import { useI18n } from "../i18n/i18n.js";
import { ChannelBadge } from "../ui/badges.js";
import { ErrorBanner } from "../ui/error-banner.js";
import { Empty, Loading, Panel } from "../ui/page.js";
import { EngagementMarks, messageHref, MessageStatusBadge } from "./message-status.js";

const LIMIT = 50;

/** The 360° view's message log: every message to this customer, each opening in the outbox. */
export function MessageLog({ profileId }: { profileId: string }) {
  const { t, dateTime } = useI18n();
  const messages = useApi((signal) => api.customerMessages(profileId, LIMIT, signal), [profileId]);
  const rows = messages.data ?? [];
  return (
    <Panel title={t("messages.panel")} id="messages">
      <ErrorBanner error={messages.error} onRetry={messages.reload} />
      {messages.data && rows.length === 0 ? (
        <Empty>{t("messages.empty")}</Empty>
      ) : messages.data ? (
        <ul className="message-log" data-testid="message-log">
          {rows.map((m) => (
            <li key={m.ledgerKey} data-message-key={m.ledgerKey}>
              <div className="message-log-head">
                <ChannelBadge channel={m.channel} />
                <Link to={messageHref(m.ledgerKey)} className="strong break">
                  {m.subject ?? m.templateId}
                </Link>
              </div>
              <div className="message-log-meta small">
                <span className="muted">{dateTime(m.sentAt ?? m.createdAt)}</span>
                <MessageStatusBadge message={m} />
                <EngagementMarks message={m} />
              </div>
            </li>
          ))}
        </ul>
      ) : (
        !messages.error && <Loading />
      )}
    </Panel>
  );
}
