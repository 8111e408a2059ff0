import { useEffect, useId, useRef, useState } from "react";
import type { ProfileSummary } from "../api/contract.js";
import { api } from "../api/endpoints.js";
import { Link } from "../app/router.js";
import { useI18n } from "../i18n/i18n.js";
import { CustomerPicker } from "../messages/customer-picker.js";
import { parseExampleEvent, PROSECCO_EVENT_JSON } from "../messages/example-event.js";
import { ErrorBanner } from "../ui/error-banner.js";

/**
 * Test mode: one chosen customer goes through the published version now, waits shortened to
 * seconds, with real messages; the outbox then shows what was sent.
 */
export function TestJourneyDialog({
  journey,
  onClose,
}: {
  journey: { id: string; name: string };
  onClose: () => void;
}) {
  const { t } = useI18n();
  const ref = useRef<HTMLDialogElement>(null);
  const eventId = useId();
  const [customer, setCustomer] = useState<ProfileSummary>();
  const [eventText, setEventText] = useState(PROSECCO_EVENT_JSON);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [runId, setRunId] = useState<string>();
  const event = parseExampleEvent(eventText);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  const start = async () => {
    if (!customer || event === undefined) return;
    setBusy(true);
    setError(undefined);
    try {
      const run = await api.testJourney(journey.id, {
        customerId: customer.id,
        ...(event ? { event } : {}),
      });
      setRunId(run.id);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <dialog
      ref={ref}
      className="dialog test-journey-dialog"
      onClose={onClose}
      aria-labelledby="test-journey-title"
      data-testid="test-journey-dialog"
    >
      <h2 id="test-journey-title">{t("journeys.test.title", { name: journey.name })}</h2>
      <div className="dialog-body">
        <p className="muted small">{t("journeys.test.text")}</p>
        <CustomerPicker
          label={t("journeys.test.customer")}
          value={customer}
          onChange={setCustomer}
        />
        <label className="field" htmlFor={eventId}>
          <span>{t("journeys.test.event")}</span>
        </label>
        <textarea
          id={eventId}
          className="mono"
          rows={8}
          spellCheck={false}
          value={eventText}
          onChange={(e) => setEventText(e.target.value)}
        />
        {event === undefined && (
          <small className="field-error" role="alert">
            {t("templates.preview.eventInvalid")}
          </small>
        )}
        {runId && (
          <p className="banner banner-success" role="status">
            {t("journeys.test.started", { run: runId })}{" "}
            <Link
              to={`/outbox?journeyId=${encodeURIComponent(journey.id)}`}
              data-testid="test-outbox-link"
            >
              {t("journeys.test.outbox")}
            </Link>
          </p>
        )}
      </div>
      <ErrorBanner error={error} />
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onClose} disabled={busy}>
          {t("common.close")}
        </button>
        <button
          type="button"
          className="button button-primary"
          onClick={() => void start()}
          disabled={busy || !customer || event === undefined}
        >
          {t("journeys.test.start")}
        </button>
      </div>
    </dialog>
  );
}
