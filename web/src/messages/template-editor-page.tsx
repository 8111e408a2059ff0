import { useEffect, useState, type FormEvent } from "react";
import { messageChannels, type MessageChannel, type MessageTemplate } from "../api/contract.js";
import { api } from "../api/endpoints.js";
import { useApi } from "../api/use-api.js";
import { clearFlash, peekFlash, setFlash } from "../app/flash.js";
import { useReferenceData } from "../app/reference-data.js";
import { Link, navigate } from "../app/router.js";
import { useDocumentTitle } from "../app/use-document-title.js";
import { useSession } from "../auth/session.js";
import { useI18n } from "../i18n/i18n.js";
import { ErrorBanner } from "../ui/error-banner.js";
import { Loading } from "../ui/page.js";
import {
  emptyTemplate,
  fieldErrorOf,
  templateForSave,
  type FieldError,
  type TemplateField,
  type TemplateLanguage,
} from "./template-fields.js";
import { TemplateHelp } from "./template-help.js";
import { TemplatePreviewPane } from "./template-preview.js";
import { templateHref } from "./templates-page.js";

/** Opens a stored template, or a new one (id undefined), in the editor. */
export function TemplateEditorPage({ id }: { id: string | undefined }) {
  const { t } = useI18n();
  const { brands } = useReferenceData();
  const stored = useApi(
    (signal) => (id ? api.template(id, signal) : Promise.resolve(undefined)),
    [id],
  );
  useDocumentTitle(stored.data?.name ?? t("templates.new"));
  const back = (
    <Link to="/templates" className="back-link">
      ← {t("templates.back")}
    </Link>
  );
  if (stored.error)
    return (
      <div className="page">
        {back}
        <ErrorBanner error={stored.error} onRetry={stored.reload} />
      </div>
    );
  if (id ? !stored.data : brands.length === 0)
    return (
      <div className="page">
        {back}
        <Loading />
      </div>
    );
  const initial = stored.data ?? emptyTemplate(brands[0]?.id ?? "");
  return (
    <div className="page template-page">
      {back}
      <TemplateEditor key={id ?? "new"} initial={initial} isNew={!id} />
    </div>
  );
}

function TemplateEditor({ initial, isNew }: { initial: MessageTemplate; isNew: boolean }) {
  const { t } = useI18n();
  const admin = useSession().can("settings:write");
  const { brands } = useReferenceData();
  const layouts = useApi((signal) => api.layouts(signal), []);
  const [draft, setDraft] = useState(initial);
  const [language, setLanguage] = useState<TemplateLanguage>(initial.content.de ? "de" : "en");
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<unknown>();
  const [previewError, setPreviewError] = useState<unknown>();
  // "Saved" holds until the next edit: the answer of the save is the draft then.
  // A new template opens at its own address once saved: the flash carries "saved" there.
  const [savedDraft, setSavedDraft] = useState<MessageTemplate | undefined>(() =>
    peekFlash() === t("templates.saved") ? initial : undefined,
  );
  useEffect(clearFlash, []);
  const saved = savedDraft !== undefined && savedDraft === draft;

  const text = draft.content[language] ?? { body: "" };
  const setText = (change: Partial<typeof text>) =>
    setDraft((d) => ({
      ...d,
      content: {
        ...d.content,
        [language]: { ...(d.content[language] ?? { body: "" }), ...change },
      },
    }));
  const fieldError = fieldErrorOf(saveError) ?? fieldErrorOf(previewError);
  const errorAt = (field: TemplateField, lang?: TemplateLanguage) =>
    fieldError &&
    fieldError.field === field &&
    (!lang || !fieldError.language || fieldError.language === lang) ? (
      <FieldErrorText error={fieldError} field={field} />
    ) : null;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSaving(true);
    setSaveError(undefined);
    try {
      const result = await api.saveTemplate(templateForSave(draft));
      if (isNew) {
        setFlash(t("templates.saved"));
        navigate(templateHref(result.id), { replace: true });
        return;
      }
      setDraft(result);
      setSavedDraft(result);
    } catch (failure) {
      setSaveError(failure);
    } finally {
      setSaving(false);
    }
  };

  const brandLayouts = (layouts.data ?? []).filter((l) => l.brandId === draft.brandId);
  const email = draft.channel === "email";
  return (
    <>
      <header className="page-header">
        <h1>{draft.name || t("templates.new")}</h1>
        <div className="page-header-extra mono muted">{draft.id}</div>
      </header>
      <div className="template-editor">
        <form
          className="panel template-form"
          data-testid="template-form"
          onSubmit={(e) => void submit(e)}
        >
          <fieldset disabled={saving} className="form-grid">
            <label className="field">
              <span>{t("templates.field.name")}</span>
              <input
                required
                maxLength={200}
                value={draft.name}
                readOnly={!admin}
                onChange={(e) => setDraft((d) => ({ ...d, name: e.target.value }))}
              />
              {errorAt("name")}
            </label>
            <label className="field">
              <span>{t("templates.field.id")}</span>
              <input
                required
                className="mono"
                pattern="[a-z0-9][a-z0-9._\-]*"
                maxLength={100}
                value={draft.id}
                readOnly={!isNew || !admin}
                onChange={(e) => setDraft((d) => ({ ...d, id: e.target.value }))}
              />
              {errorAt("id")}
            </label>
            <label className="field">
              <span>{t("templates.field.brand")}</span>
              <select
                className="select"
                value={draft.brandId}
                disabled={!admin}
                onChange={(e) =>
                  setDraft((d) => ({ ...d, brandId: e.target.value, layoutId: null }))
                }
              >
                {brands.map((b) => (
                  <option key={b.id} value={b.id}>
                    {b.name}
                  </option>
                ))}
              </select>
              {errorAt("brandId")}
            </label>
            <label className="field">
              <span>{t("templates.field.channel")}</span>
              <select
                className="select"
                value={draft.channel}
                disabled={!admin}
                onChange={(e) =>
                  setDraft((d) => ({ ...d, channel: e.target.value as MessageChannel }))
                }
              >
                {messageChannels.map((c) => (
                  <option key={c} value={c}>
                    {t(`message.channel.${c}`)}
                  </option>
                ))}
              </select>
              {errorAt("channel")}
            </label>
            {email && (
              <label className="field">
                <span>{t("templates.field.layout")}</span>
                <select
                  className="select"
                  value={draft.layoutId ?? ""}
                  disabled={!admin}
                  onChange={(e) => setDraft((d) => ({ ...d, layoutId: e.target.value || null }))}
                >
                  <option value="">{t("templates.field.defaultLayout")}</option>
                  {draft.layoutId && !brandLayouts.some((l) => l.id === draft.layoutId) && (
                    <option value={draft.layoutId}>{draft.layoutId}</option>
                  )}
                  {brandLayouts.map((l) => (
                    <option key={l.id} value={l.id}>
                      {l.name}
                    </option>
                  ))}
                </select>
                {errorAt("layoutId")}
              </label>
            )}
          </fieldset>

          <div
            className="segmented template-languages"
            role="group"
            aria-label={t("templates.languages")}
          >
            {(["de", "en"] as const).map((l) => (
              <button
                key={l}
                type="button"
                className={l === language ? "button button-small active" : "button button-small"}
                aria-pressed={l === language}
                onClick={() => setLanguage(l)}
              >
                {t(`templates.lang.${l}`)}
                {draft.content[l]?.body.trim() ? " ✓" : ""}
              </button>
            ))}
          </div>
          {errorAt("content")}
          <fieldset disabled={saving} className="template-texts" lang={language}>
            {email && (
              <>
                <label className="field">
                  <span>{t("templates.field.subject")}</span>
                  <input
                    value={text.subject ?? ""}
                    readOnly={!admin}
                    onChange={(e) => setText({ subject: e.target.value })}
                  />
                  {errorAt("subject", language)}
                </label>
                <label className="field">
                  <span>{t("templates.field.preheader")}</span>
                  <input
                    value={text.preheader ?? ""}
                    readOnly={!admin}
                    onChange={(e) => setText({ preheader: e.target.value })}
                  />
                  {errorAt("preheader", language)}
                </label>
              </>
            )}
            <label className="field">
              <span>
                {t(
                  email
                    ? "templates.field.bodyMjml"
                    : draft.channel === "webhook"
                      ? "templates.field.bodyJson"
                      : "templates.field.bodyText",
                )}
              </span>
              <textarea
                className="mono template-body"
                rows={22}
                spellCheck={false}
                value={text.body}
                readOnly={!admin}
                onChange={(e) => setText({ body: e.target.value })}
              />
              {errorAt("body", language)}
            </label>
          </fieldset>
          {saveError !== undefined && !fieldErrorOf(saveError) && <ErrorBanner error={saveError} />}
          {saveError !== undefined && fieldErrorOf(saveError) && (
            <p className="banner banner-error" role="alert">
              {t("templates.saveFailed")}
            </p>
          )}
          {saved && (
            <p className="banner banner-success" role="status">
              {t("templates.saved")}
            </p>
          )}
          {admin ? (
            <div className="form-actions">
              <button type="submit" className="button button-primary" disabled={saving}>
                {t("common.save")}
              </button>
            </div>
          ) : (
            <p className="muted small">{t("templates.adminOnly")}</p>
          )}
        </form>
        <div className="template-side">
          <TemplatePreviewPane template={draft} language={language} onError={setPreviewError} />
          <TemplateHelp />
        </div>
      </div>
    </>
  );
}

function FieldErrorText({ error, field }: { error: FieldError; field: TemplateField }) {
  return (
    <small className="field-error" role="alert" data-testid={`field-error-${field}`}>
      {error.message}
    </small>
  );
}
