import { useState, type FormEvent } from "react";
import { channels, type Channel } from "../api/contract.js";
import { api } from "../api/endpoints.js";
import { useReferenceData } from "../app/reference-data.js";
import { useI18n } from "../i18n/i18n.js";
import { ErrorBanner } from "../ui/error-banner.js";
import { Panel } from "../ui/page.js";
import { slugOf } from "./slug.js";

/** A new source of one brand and one channel; its id is suggested from its name. */
export function CreateSourceForm() {
  const { t } = useI18n();
  const { brands, reload } = useReferenceData();
  const [name, setName] = useState("");
  const [id, setId] = useState("");
  const [idEdited, setIdEdited] = useState(false);
  const [brandId, setBrandId] = useState("");
  const [channel, setChannel] = useState<Channel>("web");
  const [trusted, setTrusted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [created, setCreated] = useState<string>();

  const effectiveBrand = brandId || brands[0]?.id || "";
  const effectiveId = idEdited ? id : slugOf(name);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    setCreated(undefined);
    try {
      const source = await api.createSource({
        id: effectiveId,
        name: name.trim(),
        brandId: effectiveBrand,
        channel,
        trusted,
      });
      await reload();
      setCreated(source.name);
      setName("");
      setId("");
      setIdEdited(false);
      setTrusted(false);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Panel title={t("sources.createSource")} id="create-source">
      <form className="form-grid" onSubmit={(e) => void submit(e)}>
        <label className="field">
          <span>{t("sources.col.name")}</span>
          <input
            name="name"
            required
            maxLength={200}
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
        </label>
        <label className="field">
          <span>{t("sources.col.id")}</span>
          <input
            name="id"
            required
            className="mono"
            pattern="[a-z0-9][a-z0-9\-]*"
            maxLength={64}
            value={effectiveId}
            onChange={(e) => {
              setId(e.target.value);
              setIdEdited(true);
            }}
          />
          <small className="muted">{t("sources.idHint")}</small>
        </label>
        <label className="field">
          <span>{t("sources.col.brand")}</span>
          <select
            name="brandId"
            className="select"
            value={effectiveBrand}
            onChange={(e) => setBrandId(e.target.value)}
          >
            {brands.map((b) => (
              <option key={b.id} value={b.id}>
                {b.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t("sources.col.channel")}</span>
          <select
            name="channel"
            className="select"
            value={channel}
            onChange={(e) => setChannel(channels.find((c) => c === e.target.value) ?? "other")}
          >
            {channels.map((c) => (
              <option key={c} value={c}>
                {t(`channel.${c}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field field-checkbox">
          <input
            type="checkbox"
            name="trusted"
            checked={trusted}
            onChange={(e) => setTrusted(e.target.checked)}
          />
          <span>{t("sources.col.trusted")}</span>
        </label>
        <div className="form-actions">
          <button
            type="submit"
            className="button button-primary"
            disabled={busy || !name.trim() || !effectiveId || !effectiveBrand}
          >
            {t("sources.createSource")}
          </button>
        </div>
      </form>
      <ErrorBanner error={error} />
      {created && (
        <p className="banner banner-success" role="status">
          {t("sources.created", { name: created })}
        </p>
      )}
    </Panel>
  );
}
