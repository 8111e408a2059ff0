import { useState } from "react";
import { consentPurposes, type ConsentPurpose, type Message } from "../api/contract.js";
import { api } from "../api/endpoints.js";
import { useApi } from "../api/use-api.js";
import { Link } from "../app/router.js";
import { useSession } from "../auth/session.js";
import { useDocumentTitle } from "../app/use-document-title.js";
import { useI18n } from "../i18n/i18n.js";
import { BrandBadge, ChannelBadge } from "../ui/badges.js";
import { ErrorBanner } from "../ui/error-banner.js";
import { Loading, Panel } from "../ui/page.js";
import { EngagementMarks, MessageStatusBadge } from "./message-status.js";
import { UnknownDecision } from "./unknown-decision.js";

/** One message as it was sent: headers, the email as the customer sees it, text or payload. */
export function MessagePage({ messageKey }: { messageKey: string }) {
  const { t } = useI18n();
  const message = useApi((signal) => api.message(messageKey, signal), [messageKey]);
  const [decided, setDecided] = useState<Message | null>(null);
  const m = decided?.ledgerKey === messageKey ? decided : message.data;
  useDocumentTitle(m ? (m.subject ?? t("message.title")) : undefined);
  return (
    <div className="page message-page">
      <Link to="/outbox" className="back-link">
        ← {t("message.back")}
      </Link>
      <ErrorBanner error={message.error} onRetry={message.reload} />
      {m ? <MessageView message={m} onDecided={setDecided} /> : !message.error && <Loading />}
    </div>
  );
}

const isConsentPurpose = (value: string): value is ConsentPurpose =>
  (consentPurposes as readonly string[]).includes(value);

function MessageView({
  message: m,
  onDecided,
}: {
  message: Message;
  onDecided: (message: Message) => void;
}) {
  const { t, dateTime } = useI18n();
  const session = useSession();
  const none = t("common.none");
  const at = (ms: number | null) => (ms === null ? none : dateTime(ms));
  return (
    <>
      <header className="page-header">
        <h1 data-testid="message-subject">{m.subject ?? t("message.title")}</h1>
        <div className="page-header-extra">
          <MessageStatusBadge message={m} />
          <EngagementMarks message={m} />
        </div>
      </header>
      {m.transport === "outbox" && <p className="banner banner-info">{t("outbox.info.noSmtp")}</p>}
      {m.status === "unknown" && session.can("customers:write") && (
        <UnknownDecision message={m} onDecided={onDecided} />
      )}
      <div className="message-layout">
        <Panel title={t("message.headers")} id="message-headers">
          <dl className="facts" data-testid="message-headers">
            <dt>{t("message.field.recipient")}</dt>
            <dd className="break">{m.recipient ?? none}</dd>
            <dt>{t("message.field.channel")}</dt>
            <dd>
              <ChannelBadge channel={m.channel} /> <BrandBadge brandId={m.brandId} />
            </dd>
            <dt>{t("message.field.sender")}</dt>
            <dd>{m.senderId ?? none}</dd>
            <dt>{t("message.field.customer")}</dt>
            <dd className="break">
              <Link to={`/customers/${encodeURIComponent(m.profileId)}`}>{m.profileId}</Link>
            </dd>
            <dt>{t("message.field.journey")}</dt>
            <dd>
              <Link to={`/journeys/${encodeURIComponent(m.journeyId)}`}>{m.journeyId}</Link>{" "}
              <span className="muted small">
                {t("journeys.versionN", { version: m.version })} · {m.stepId}
              </span>
            </dd>
            <dt>{t("message.field.template")}</dt>
            <dd className="mono">{m.templateId}</dd>
            <dt>{t("message.field.purpose")}</dt>
            <dd>
              {isConsentPurpose(m.purpose) ? t(`consent.purpose.${m.purpose}`) : m.purpose}
              {m.transactional && ` · ${t("message.transactional")}`}
            </dd>
            <dt>{t("message.field.status")}</dt>
            <dd>
              <MessageStatusBadge message={m} detail />
            </dd>
            <dt>{t("message.field.attempts")}</dt>
            <dd>{m.attempts}</dd>
            {m.lastError && (
              <>
                <dt>{t("message.field.lastError")}</dt>
                <dd className="break" data-testid="message-last-error">
                  {m.lastError}
                </dd>
              </>
            )}
            <dt>{t("message.field.transport")}</dt>
            <dd>{m.transport ?? none}</dd>
            <dt>{t("message.field.created")}</dt>
            <dd>{at(m.createdAt)}</dd>
            <dt>{t("message.field.sent")}</dt>
            <dd>{at(m.sentAt)}</dd>
            {m.nextAttemptAt !== null && m.status === "pending" && (
              <>
                <dt>{t("message.field.nextAttempt")}</dt>
                <dd>{at(m.nextAttemptAt)}</dd>
              </>
            )}
            <dt>{t("message.field.opened")}</dt>
            <dd>{at(m.openedAt)}</dd>
            <dt>{t("message.field.clicked")}</dt>
            <dd>{at(m.clickedAt)}</dd>
            {m.items.length > 0 && (
              <>
                <dt>{t("message.field.items")}</dt>
                <dd className="mono small">{m.items.join(", ")}</dd>
              </>
            )}
          </dl>
        </Panel>
        <div className="message-body">
          <MessageContent message={m} />
        </div>
      </div>
    </>
  );
}

function MessageContent({ message: m }: { message: Message }) {
  const { t } = useI18n();
  if (m.bodyHtml === null && m.bodyText === null && m.payload === null)
    return <p className="muted">{t("message.noBody")}</p>;
  return (
    <>
      {m.bodyHtml !== null && (
        <Panel title={t("message.html")} id="message-html">
          <EmailFrame html={m.bodyHtml} title={m.subject ?? t("message.html")} />
        </Panel>
      )}
      {m.bodyText !== null && (
        <Panel title={t("message.text")} id="message-text">
          <pre className="message-pre" data-testid="message-text">
            {m.bodyText}
          </pre>
        </Panel>
      )}
      {m.payload !== null && (
        <Panel title={t("message.payload")} id="message-payload">
          <pre className="message-pre" data-testid="message-payload">
            {JSON.stringify(m.payload, null, 2)}
          </pre>
        </Panel>
      )}
    </>
  );
}

/**
 * An email as the customer sees it. The sandbox without permissions keeps its scripts, forms
 * and links from running in the app's origin.
 */
export function EmailFrame({ html, title }: { html: string; title: string }) {
  return (
    <iframe
      className="email-frame"
      data-testid="email-frame"
      sandbox=""
      srcDoc={html}
      title={title}
    />
  );
}
