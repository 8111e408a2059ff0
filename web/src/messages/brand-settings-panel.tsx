import { useId, useState, type FormEvent, type ReactNode } from "react";
import { ApiError } from "../api/api-client.js";
import { gatewayChannels, type BrandMessagingView, type GatewayChannel } from "../api/contract.js";
import { api } from "../api/endpoints.js";
import { useApi } from "../api/use-api.js";
import { useReferenceData } from "../app/reference-data.js";
import { useSession } from "../auth/session.js";
import { useI18n } from "../i18n/i18n.js";
import { ErrorBanner } from "../ui/error-banner.js";
import { Empty, Loading, Panel } from "../ui/page.js";
import {
  brandFieldOf,
  draftOf,
  inputOf,
  type BrandDraft,
  type GatewayDraft,
  type SenderDraft,
} from "./brand-settings-fields.js";

/** A brand's senders, look, texts and gateway targets: admins save, everyone else reads. */
export function BrandSettingsPanel() {
  const { t } = useI18n();
  const { brands } = useReferenceData();
  const [chosen, setChosen] = useState<string>();
  const brandId = chosen ?? brands[0]?.id;
  const settings = useApi(
    (signal) => (brandId ? api.brandMessaging(brandId, signal) : Promise.resolve(undefined)),
    [brandId],
  );
  if (brands.length === 0) return <Empty>{t("brandSettings.noBrands")}</Empty>;
  return (
    <Panel title={t("brandSettings.title")} id="brand-settings">
      <label className="field brand-settings-brand">
        <span>{t("brandSettings.brand")}</span>
        <select
          className="select"
          value={brandId}
          onChange={(e) => setChosen(e.target.value)}
          data-testid="brand-settings-brand"
        >
          {brands.map((b) => (
            <option key={b.id} value={b.id}>
              {b.name}
            </option>
          ))}
        </select>
      </label>
      {settings.error ? (
        <ErrorBanner error={settings.error} onRetry={settings.reload} />
      ) : !settings.data || settings.loading || !brandId ? (
        <Loading />
      ) : (
        <BrandSettingsForm key={brandId} brandId={brandId} settings={settings.data} />
      )}
    </Panel>
  );
}

function BrandSettingsForm({
  brandId,
  settings,
}: {
  brandId: string;
  settings: BrandMessagingView;
}) {
  const { t } = useI18n();
  const admin = useSession().can("settings:write");
  const [draft, setDraft] = useState(() => draftOf(settings));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [savedDraft, setSavedDraft] = useState<BrandDraft>();
  const saved = savedDraft !== undefined && savedDraft === draft;

  const field = brandFieldOf(error);
  const errorAt = (path: string) =>
    field === path && error instanceof ApiError ? (
      <small className="field-error" role="alert" data-testid={`field-error-${path}`}>
        {error.message}
      </small>
    ) : null;

  const setSender = (index: number, change: Partial<SenderDraft>) =>
    setDraft((d) => ({
      ...d,
      senders: d.senders.map((s, i) => (i === index ? { ...s, ...change } : s)),
    }));
  const setGateway = (c: GatewayChannel, change: Partial<GatewayDraft>) =>
    setDraft((d) => ({ ...d, gateways: { ...d.gateways, [c]: { ...d.gateways[c], ...change } } }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const answer = await api.saveBrandMessaging(brandId, inputOf(draft));
      // The answer has no secrets: the secret fields are empty again, "stored" where set.
      const next = draftOf(answer);
      setDraft(next);
      setSavedDraft(next);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="rules-form brand-settings-form"
      onSubmit={(e) => void submit(e)}
      noValidate
      data-testid="brand-settings-form"
      data-brand-id={brandId}
    >
      <fieldset disabled={!admin || busy}>
        <h3>{t("brandSettings.senders")}</h3>
        {draft.senders.length === 0 && (
          <p className="muted small">{t("brandSettings.sendersEmpty")}</p>
        )}
        {draft.senders.map((sender, i) => (
          <div className="inline-form brand-sender" key={i} data-sender={i}>
            <TextField
              label={t("brandSettings.sender.id")}
              value={sender.id}
              className="mono"
              onChange={(id) => setSender(i, { id })}
              error={errorAt(`senders.${i}.id`)}
            />
            <TextField
              label={t("brandSettings.sender.name")}
              value={sender.name}
              onChange={(name) => setSender(i, { name })}
              error={errorAt(`senders.${i}.name`)}
            />
            <TextField
              label={t("brandSettings.sender.address")}
              type="email"
              value={sender.address}
              onChange={(address) => setSender(i, { address })}
              error={errorAt(`senders.${i}.address`)}
            />
            <TextField
              label={t("brandSettings.sender.replyTo")}
              type="email"
              value={sender.replyTo}
              onChange={(replyTo) => setSender(i, { replyTo })}
              error={errorAt(`senders.${i}.replyTo`)}
            />
            <button
              type="button"
              className="button button-small button-danger-outline"
              onClick={() =>
                setDraft((d) => ({ ...d, senders: d.senders.filter((_, j) => j !== i) }))
              }
            >
              {t("brandSettings.removeSender")}
            </button>
          </div>
        ))}
        <button
          type="button"
          className="button button-small"
          onClick={() =>
            setDraft((d) => ({
              ...d,
              senders: [
                ...d.senders,
                { id: freeSenderId(d.senders), name: "", address: "", replyTo: "" },
              ],
            }))
          }
        >
          {t("brandSettings.addSender")}
        </button>

        <h3>{t("brandSettings.look")}</h3>
        <div className="form-grid">
          <TextField
            label={t("brandSettings.logoUrl")}
            type="url"
            value={draft.logoUrl}
            onChange={(logoUrl) => setDraft((d) => ({ ...d, logoUrl }))}
            error={errorAt("logoUrl")}
          />
          <ColourField
            label={t("brandSettings.primary")}
            value={draft.primary}
            onChange={(primary) => setDraft((d) => ({ ...d, primary }))}
            error={errorAt("colours.primary")}
          />
          <ColourField
            label={t("brandSettings.background")}
            value={draft.background}
            onChange={(background) => setDraft((d) => ({ ...d, background }))}
            error={errorAt("colours.background")}
          />
        </div>

        <h3>{t("brandSettings.texts")}</h3>
        <div className="form-grid">
          {(["footer", "legal"] as const).flatMap((kind) =>
            (["de", "en"] as const).map((lang) => (
              <label className="field" key={`${kind}.${lang}`} lang={lang}>
                <span>{t(`brandSettings.${kind}.${lang}`)}</span>
                <textarea
                  rows={3}
                  value={draft[kind][lang]}
                  onChange={(e) =>
                    setDraft((d) => ({ ...d, [kind]: { ...d[kind], [lang]: e.target.value } }))
                  }
                />
                {errorAt(`${kind}.${lang}`)}
              </label>
            )),
          )}
          <label className="field">
            <span>{t("brandSettings.defaultLanguage")}</span>
            <select
              className="select"
              value={draft.defaultLanguage}
              onChange={(e) =>
                setDraft((d) => ({ ...d, defaultLanguage: e.target.value as "de" | "en" }))
              }
            >
              <option value="de">{t("templates.lang.de")}</option>
              <option value="en">{t("templates.lang.en")}</option>
            </select>
            {errorAt("defaultLanguage")}
          </label>
        </div>

        <h3>{t("brandSettings.gateways")}</h3>
        <p className="muted small">{t("brandSettings.gatewaysHint")}</p>
        {gatewayChannels.map((c) => {
          const gateway = t(`brandSettings.gateway.${c}`);
          const g = draft.gateways[c];
          return (
            <div className="inline-form brand-gateway" key={c} data-gateway={c}>
              <TextField
                label={t("brandSettings.url", { gateway })}
                type="url"
                value={g.url}
                onChange={(url) => setGateway(c, { url })}
                error={errorAt(`webhooks.${c}.url`)}
              />
              <TextField
                label={t("brandSettings.secret", { gateway })}
                type="password"
                autoComplete="new-password"
                value={g.secret}
                placeholder={g.secretSet ? t("brandSettings.secretNew") : ""}
                onChange={(secret) => setGateway(c, { secret })}
                error={errorAt(`webhooks.${c}.secret`)}
                extra={
                  g.secretSet ? (
                    <span className="badge" data-testid={`secret-stored-${c}`}>
                      {t("brandSettings.secretStored")}
                    </span>
                  ) : null
                }
              />
            </div>
          );
        })}
      </fieldset>
      {error !== undefined && !field && <ErrorBanner error={error} />}
      {error !== undefined && field && (
        <p className="banner banner-error" role="alert">
          {t("brandSettings.saveFailed")}
        </p>
      )}
      {saved && (
        <p className="banner banner-success" role="status">
          {t("brandSettings.saved")}
        </p>
      )}
      {admin ? (
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={busy}>
            {t("common.save")}
          </button>
        </div>
      ) : (
        <p className="muted small">{t("brandSettings.adminOnly")}</p>
      )}
    </form>
  );
}

function freeSenderId(senders: SenderDraft[]): string {
  const taken = new Set(senders.map((s) => s.id));
  let n = senders.length + 1;
  while (taken.has(`sender-${n}`)) n++;
  return `sender-${n}`;
}

function TextField({
  label,
  value,
  onChange,
  error,
  type = "text",
  className,
  placeholder,
  autoComplete,
  extra,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error: ReactNode;
  type?: "text" | "email" | "url" | "password";
  className?: string;
  placeholder?: string;
  autoComplete?: string;
  extra?: ReactNode;
}) {
  return (
    <label className="field">
      <span>
        {label} {extra}
      </span>
      <input
        type={type}
        className={className}
        value={value}
        placeholder={placeholder}
        autoComplete={autoComplete}
        aria-invalid={error ? true : undefined}
        onChange={(e) => onChange(e.target.value)}
      />
      {error}
    </label>
  );
}

const HEX = /^#[0-9a-fA-F]{6}$/;

/** A colour picker beside its hex text; the picker follows the text while it is a valid colour. */
function ColourField({
  label,
  value,
  onChange,
  error,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error: ReactNode;
}) {
  const { t } = useI18n();
  const hexId = useId();
  return (
    <div className="field colour-field">
      <label htmlFor={`${hexId}-picker`}>
        <span className="strong small">{label}</span>
      </label>
      <div className="colour-inputs">
        <input
          id={`${hexId}-picker`}
          type="color"
          value={HEX.test(value) ? value.toLowerCase() : "#000000"}
          onChange={(e) => onChange(e.target.value)}
        />
        <input
          id={hexId}
          className="mono"
          aria-label={t("brandSettings.hex", { colour: label })}
          aria-invalid={error ? true : undefined}
          value={value}
          maxLength={7}
          onChange={(e) => onChange(e.target.value)}
        />
      </div>
      {error}
    </div>
  );
}
