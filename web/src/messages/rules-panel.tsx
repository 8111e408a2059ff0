import { useEffect, useState, type FormEvent } from "react";
import { messageChannels, type MessagingRules } from "../api/contract.js";
import { api } from "../api/endpoints.js";
import { useApi } from "../api/use-api.js";
import { useSession } from "../auth/session.js";
import { useI18n } from "../i18n/i18n.js";
import { ErrorBanner } from "../ui/error-banner.js";
import { Loading, Panel } from "../ui/page.js";

type Cap = MessagingRules["caps"][number];

/** Frequency caps, quiet hours and what to do when a send's outcome is unknown. */
export function RulesPanel() {
  const { t } = useI18n();
  const rules = useApi((signal) => api.messagingRules(signal), []);
  if (rules.error) return <ErrorBanner error={rules.error} onRetry={rules.reload} />;
  if (!rules.data) return <Loading />;
  return (
    <Panel title={t("rules.title")} id="messaging-rules">
      <RulesForm rules={rules.data} onSaved={rules.set} />
    </Panel>
  );
}

function RulesForm({
  rules,
  onSaved,
}: {
  rules: MessagingRules;
  onSaved: (rules: MessagingRules) => void;
}) {
  const { t } = useI18n();
  const admin = useSession().can("settings:write");
  const [draft, setDraft] = useState(rules);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState(false);
  useEffect(() => setDraft(rules), [rules]);

  const setCap = (index: number, change: Partial<Cap>) =>
    setDraft((d) => ({
      ...d,
      caps: d.caps.map((c, i) => (i === index ? { ...c, ...change } : c)),
    }));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    setSaved(false);
    try {
      onSaved(await api.saveMessagingRules(draft));
      setSaved(true);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="rules-form" onSubmit={(e) => void submit(e)} data-testid="rules-form">
      <fieldset disabled={!admin || busy}>
        <h3>{t("rules.caps")}</h3>
        {draft.caps.length === 0 && <p className="muted small">{t("rules.capsEmpty")}</p>}
        {draft.caps.map((cap, i) => (
          <div className="inline-form rules-cap" key={i} data-cap={i}>
            <label className="field">
              <span>{t("rules.cap.channel")}</span>
              <select
                className="select"
                value={cap.channel}
                onChange={(e) => setCap(i, { channel: e.target.value as Cap["channel"] })}
              >
                {messageChannels.map((c) => (
                  <option key={c} value={c}>
                    {t(`message.channel.${c}`)}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              <span>{t("rules.cap.max")}</span>
              <input
                type="number"
                min={1}
                required
                value={cap.max}
                onChange={(e) => setCap(i, { max: Number(e.target.value) })}
              />
            </label>
            <label className="field">
              <span>{t("rules.cap.periodDays")}</span>
              <input
                type="number"
                min={1}
                required
                value={cap.periodDays}
                onChange={(e) => setCap(i, { periodDays: Number(e.target.value) })}
              />
            </label>
            <button
              type="button"
              className="button button-small button-danger-outline"
              onClick={() => setDraft((d) => ({ ...d, caps: d.caps.filter((_, j) => j !== i) }))}
            >
              {t("rules.removeCap")}
            </button>
          </div>
        ))}
        <button
          type="button"
          className="button button-small"
          onClick={() =>
            setDraft((d) => ({
              ...d,
              caps: [...d.caps, { channel: "email", max: 3, periodDays: 7 }],
            }))
          }
        >
          {t("rules.addCap")}
        </button>

        <h3>{t("rules.quietHours")}</h3>
        <div className="inline-form">
          <label className="field-checkbox">
            <input
              type="checkbox"
              checked={draft.quietHours !== null}
              onChange={(e) =>
                setDraft((d) => ({
                  ...d,
                  quietHours: e.target.checked ? { from: "21:00", to: "08:00" } : null,
                }))
              }
            />
            {t("rules.quietOn")}
          </label>
          {draft.quietHours && (
            <>
              <label className="field">
                <span>{t("rules.quietFrom")}</span>
                <input
                  type="time"
                  required
                  value={draft.quietHours.from}
                  onChange={(e) =>
                    setDraft((d) => ({
                      ...d,
                      quietHours: { from: e.target.value, to: d.quietHours?.to ?? "08:00" },
                    }))
                  }
                />
              </label>
              <label className="field">
                <span>{t("rules.quietTo")}</span>
                <input
                  type="time"
                  required
                  value={draft.quietHours.to}
                  onChange={(e) =>
                    setDraft((d) => ({
                      ...d,
                      quietHours: { from: d.quietHours?.from ?? "21:00", to: e.target.value },
                    }))
                  }
                />
              </label>
            </>
          )}
        </div>
        <p className="muted small">{t("rules.quietHint")}</p>

        <h3>{t("rules.unknownOutcome")}</h3>
        <div className="form-grid">
          {messageChannels.map((c) => (
            <label className="field" key={c}>
              <span>{t(`message.channel.${c}`)}</span>
              <select
                className="select"
                value={draft.unknownOutcome[c]}
                onChange={(e) =>
                  setDraft((d) => ({
                    ...d,
                    unknownOutcome: {
                      ...d.unknownOutcome,
                      [c]: e.target.value as "hold" | "resend",
                    },
                  }))
                }
              >
                <option value="hold">{t("rules.policy.hold")}</option>
                <option value="resend">{t("rules.policy.resend")}</option>
              </select>
            </label>
          ))}
          <label className="field">
            <span>{t("rules.maxAttempts")}</span>
            <input
              type="number"
              min={1}
              max={20}
              required
              value={draft.maxAttempts}
              onChange={(e) => setDraft((d) => ({ ...d, maxAttempts: Number(e.target.value) }))}
            />
          </label>
        </div>
      </fieldset>
      <ErrorBanner error={error} />
      {saved && (
        <p className="banner banner-success" role="status">
          {t("rules.saved")}
        </p>
      )}
      {admin ? (
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={busy}>
            {t("common.save")}
          </button>
        </div>
      ) : (
        <p className="muted small">{t("rules.adminOnly")}</p>
      )}
    </form>
  );
}
