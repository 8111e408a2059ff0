import { useState, type FormEvent } from "react";
import { api } from "../api/endpoints.js";
import { useReferenceData } from "../app/reference-data.js";
import { useI18n } from "../i18n/i18n.js";
import { ErrorBanner } from "../ui/error-banner.js";
import { slugOf } from "./slug.js";

/** A new brand of the organisation. */
export function CreateBrandForm() {
  const { t } = useI18n();
  const { reload } = useReferenceData();
  const [name, setName] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const id = slugOf(name);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await api.createBrand({ id, name: name.trim() });
      await reload();
      setName("");
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="inline-form" onSubmit={(e) => void submit(e)}>
      <label className="field">
        <span>{t("sources.createBrand")}</span>
        <input
          name="brandName"
          required
          maxLength={200}
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
      </label>
      {id && <span className="mono muted small">{id}</span>}
      <button type="submit" className="button" disabled={busy || !id}>
        {t("sources.createBrand")}
      </button>
      <ErrorBanner error={error} />
    </form>
  );
}
