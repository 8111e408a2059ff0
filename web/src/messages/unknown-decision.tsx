import { useState } from "react";
import type { Message, UnknownResolution } from "../api/contract.js";
import { api } from "../api/endpoints.js";
import { useI18n } from "../i18n/i18n.js";
import { ErrorBanner } from "../ui/error-banner.js";
import { Panel } from "../ui/page.js";

const actions: { action: UnknownResolution; primary?: boolean }[] = [
  { action: "resend", primary: true },
  { action: "mark_sent" },
  { action: "mark_failed" },
];

/**
 * A message held as unknown after a crash waits for a person: whether it reached the
 * customer can only be found in the provider's log, so cxloop neither resends nor forgets it
 * on its own.
 */
export function UnknownDecision({
  message,
  onDecided,
}: {
  message: Message;
  onDecided: (message: Message) => void;
}) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const decide = async (action: UnknownResolution) => {
    setBusy(true);
    setError(null);
    try {
      onDecided(await api.resolveMessage(message.ledgerKey, action));
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Panel title={t("message.unknown.title")} id="message-unknown">
      <p className="small">{t("message.unknown.explain")}</p>
      <ErrorBanner error={error} />
      <div className="button-row" data-testid="unknown-decision">
        {actions.map(({ action, primary }) => (
          <button
            key={action}
            type="button"
            className={primary ? "button button-primary" : "button"}
            disabled={busy}
            onClick={() => void decide(action)}
          >
            {t(`message.unknown.${action}`)}
          </button>
        ))}
      </div>
    </Panel>
  );
}
