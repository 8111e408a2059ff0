import { useState, type FormEvent } from "react";
import { ApiError } from "../api/api-client.js";
import type { MessageLayout, MessageTemplate, ProfileSummary } from "../api/contract.js";
import { api } from "../api/endpoints.js";
import { useApi } from "../api/use-api.js";
import { useReferenceData } from "../app/reference-data.js";
import { useSession } from "../auth/session.js";
import { useI18n } from "../i18n/i18n.js";
import { ErrorBanner } from "../ui/error-banner.js";
import { Empty, Loading, Panel } from "../ui/page.js";
import { CustomerPicker } from "./customer-picker.js";
import {
  layoutDraftOf,
  layoutFieldOf,
  layoutOf,
  NEW_LAYOUT_MJML,
  type LayoutDraft,
  type PartialRow,
} from "./layout-fields.js";
import { EmailFrame } from "./message-page.js";

/** The brands' email layouts, by brand; one opens in an editor with a preview. */
export function LayoutsPanel() {
  const { t } = useI18n();
  const admin = useSession().can("settings:write");
  const { brands, brandName } = useReferenceData();
  const layouts = useApi((signal) => api.layouts(signal), []);
  const templates = useApi((signal) => api.templates(signal), []);
  const [editing, setEditing] = useState<{ id: string } | "new">();

  if (layouts.error) return <ErrorBanner error={layouts.error} onRetry={layouts.reload} />;
  if (!layouts.data) return <Loading />;
  const all = layouts.data;

  if (editing) {
    const initial = editing === "new" ? undefined : all.find((l) => l.id === editing.id);
    return (
      <LayoutEditor
        // One editor at a time, opened from the list: a new layout stays in it once saved.
        initial={
          initial
            ? layoutDraftOf(initial)
            : {
                id: "",
                brandId: brands[0]?.id ?? "",
                name: "",
                mjml: NEW_LAYOUT_MJML,
                partials: [],
              }
        }
        stored={initial}
        templates={(templates.data ?? []).filter((tpl) => tpl.channel === "email")}
        onSaved={(saved) => {
          layouts.set([...all.filter((l) => l.id !== saved.id), saved]);
          setEditing({ id: saved.id });
        }}
        onClose={() => setEditing(undefined)}
      />
    );
  }

  const byBrand = new Map<string, MessageLayout[]>();
  for (const layout of all)
    byBrand.set(layout.brandId, [...(byBrand.get(layout.brandId) ?? []), layout]);
  const brandIds = [...byBrand.keys()].sort((a, b) => brandName(a).localeCompare(brandName(b)));
  return (
    <>
      {admin && (
        <div className="form-actions layouts-actions">
          <button
            type="button"
            className="button button-primary"
            onClick={() => setEditing("new")}
            disabled={brands.length === 0}
          >
            {t("layouts.new")}
          </button>
        </div>
      )}
      {brandIds.length === 0 && <Empty>{t("layouts.empty")}</Empty>}
      {brandIds.map((brandId) => (
        <Panel key={brandId} title={brandName(brandId)} id={`layouts-${brandId}`}>
          <table className="table table-hover" data-testid="layouts-table">
            <thead>
              <tr>
                <th>{t("layouts.field.name")}</th>
                <th>{t("layouts.col.partials")}</th>
              </tr>
            </thead>
            <tbody>
              {(byBrand.get(brandId) ?? [])
                .sort((a, b) => a.name.localeCompare(b.name))
                .map((layout) => (
                  <tr key={layout.id} data-layout-id={layout.id}>
                    <td>
                      <button
                        type="button"
                        className="link-button strong"
                        onClick={() => setEditing({ id: layout.id })}
                      >
                        {layout.name}
                      </button>
                      <div className="mono muted small">{layout.id}</div>
                    </td>
                    <td className="mono small">
                      {Object.keys(layout.partials).join(", ") || t("common.none")}
                    </td>
                  </tr>
                ))}
            </tbody>
          </table>
        </Panel>
      ))}
    </>
  );
}

function LayoutEditor({
  initial,
  stored: storedAtOpen,
  templates,
  onSaved,
  onClose,
}: {
  initial: LayoutDraft;
  stored: MessageLayout | undefined;
  templates: MessageTemplate[];
  onSaved: (layout: MessageLayout) => void;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const admin = useSession().can("settings:write");
  const { brands } = useReferenceData();
  const [draft, setDraft] = useState(initial);
  const [stored, setStored] = useState(storedAtOpen);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [savedDraft, setSavedDraft] = useState<LayoutDraft>();
  const saved = savedDraft !== undefined && savedDraft === draft;
  const isNew = stored === undefined;
  const dirty = !stored || JSON.stringify(layoutOf(draft)) !== JSON.stringify(stored);

  const field = layoutFieldOf(error);
  const errorAt = (name: string) =>
    field === name && error instanceof ApiError ? (
      <small className="field-error" role="alert" data-testid={`field-error-${name}`}>
        {error.message}
      </small>
    ) : null;
  const setPartial = (index: number, change: Partial<PartialRow>) =>
    setDraft((d) => ({
      ...d,
      partials: d.partials.map((p, i) => (i === index ? { ...p, ...change } : p)),
    }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const layout = layoutOf(draft);
    // The id is the layout's address: without one there is nothing to save to.
    if (!layout.id) {
      setError(new ApiError(400, "invalid_input", t("layouts.idRequired"), "body.id"));
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const answer = await api.saveLayout(layout);
      const next = layoutDraftOf(answer);
      setStored(answer);
      setDraft(next);
      setSavedDraft(next);
      onSaved(answer);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="template-editor layout-editor">
      <form
        className="panel template-form rules-form"
        data-testid="layout-form"
        onSubmit={(e) => void submit(e)}
        noValidate
      >
        <header className="panel-header">
          <h2>{isNew ? t("layouts.newTitle") : t("layouts.editTitle", { name: stored.name })}</h2>
          <button type="button" className="button button-small" onClick={onClose}>
            {t("layouts.close")}
          </button>
        </header>
        <fieldset disabled={!admin || busy}>
          <div className="form-grid">
            <label className="field">
              <span>{t("layouts.field.name")}</span>
              <input
                value={draft.name}
                maxLength={200}
                onChange={(e) => setDraft((d) => ({ ...d, name: e.target.value }))}
              />
              {errorAt("name")}
            </label>
            <label className="field">
              <span>{t("layouts.field.id")}</span>
              <input
                className="mono"
                value={draft.id}
                maxLength={100}
                readOnly={!isNew}
                onChange={(e) => setDraft((d) => ({ ...d, id: e.target.value }))}
              />
              {errorAt("id")}
            </label>
            <label className="field">
              <span>{t("layouts.field.brand")}</span>
              <select
                className="select"
                value={draft.brandId}
                onChange={(e) => setDraft((d) => ({ ...d, brandId: e.target.value }))}
              >
                {brands.map((b) => (
                  <option key={b.id} value={b.id}>
                    {b.name}
                  </option>
                ))}
              </select>
              {errorAt("brandId")}
            </label>
          </div>
          <label className="field">
            <span>{t("layouts.field.mjml")}</span>
            <textarea
              className="mono template-body"
              rows={18}
              spellCheck={false}
              value={draft.mjml}
              onChange={(e) => setDraft((d) => ({ ...d, mjml: e.target.value }))}
            />
            {errorAt("mjml")}
          </label>

          <h3>{t("layouts.partials")}</h3>
          {draft.partials.length === 0 && (
            <p className="muted small">{t("layouts.partialsEmpty")}</p>
          )}
          {draft.partials.map((row, i) => (
            <div className="layout-partial" key={i} data-partial={i}>
              <div className="inline-form">
                <label className="field">
                  <span>{t("layouts.partial.name")}</span>
                  <input
                    className="mono"
                    value={row.name}
                    maxLength={40}
                    onChange={(e) => setPartial(i, { name: e.target.value })}
                  />
                </label>
                <button
                  type="button"
                  className="button button-small button-danger-outline"
                  onClick={() =>
                    setDraft((d) => ({ ...d, partials: d.partials.filter((_, j) => j !== i) }))
                  }
                >
                  {t("layouts.removePartial")}
                </button>
              </div>
              <label className="field">
                <span>{t("layouts.partial.mjml", { name: row.name })}</span>
                <textarea
                  className="mono"
                  rows={6}
                  spellCheck={false}
                  value={row.mjml}
                  onChange={(e) => setPartial(i, { mjml: e.target.value })}
                />
              </label>
              {errorAt(`partials.${row.name.trim()}`)}
            </div>
          ))}
          <button
            type="button"
            className="button button-small"
            onClick={() =>
              setDraft((d) => ({ ...d, partials: [...d.partials, { name: "", mjml: "" }] }))
            }
          >
            {t("layouts.addPartial")}
          </button>
        </fieldset>
        {error !== undefined && !field && <ErrorBanner error={error} />}
        {error !== undefined && field && (
          <p className="banner banner-error" role="alert">
            {t("layouts.saveFailed")}
          </p>
        )}
        {saved && (
          <p className="banner banner-success" role="status">
            {t("layouts.saved")}
          </p>
        )}
        {admin ? (
          <div className="form-actions">
            <button type="submit" className="button button-primary" disabled={busy}>
              {t("common.save")}
            </button>
          </div>
        ) : (
          <p className="muted small">{t("layouts.adminOnly")}</p>
        )}
      </form>
      <div className="template-side">
        <LayoutPreview
          layout={stored}
          dirty={dirty}
          templates={templates.filter((tpl) => tpl.brandId === (stored?.brandId ?? draft.brandId))}
        />
      </div>
    </div>
  );
}

/**
 * A template of the layout's brand rendered for one customer with the layout as stored: the
 * preview renders through the server, which reads the layout from the store.
 */
function LayoutPreview({
  layout,
  dirty,
  templates,
}: {
  layout: MessageLayout | undefined;
  dirty: boolean;
  templates: MessageTemplate[];
}) {
  const { t } = useI18n();
  const [templateId, setTemplateId] = useState<string>();
  const [customer, setCustomer] = useState<ProfileSummary>();
  const template = templates.find((tpl) => tpl.id === templateId) ?? templates[0];
  // The stored layout's text, so that a save renders again.
  const version = layout ? JSON.stringify(layout) : "";
  const customerId = customer?.id;
  const preview = useApi(
    (signal) =>
      layout && template && customerId
        ? api.previewTemplate(
            {
              template: {
                id: template.id,
                brandId: template.brandId,
                channel: template.channel,
                name: template.name,
                layoutId: layout.id,
                content: template.content,
              },
              customerId,
            },
            signal,
          )
        : Promise.resolve(undefined),
    [version, template?.id, customerId],
  );
  const p = preview.data;
  return (
    <Panel title={t("layouts.preview")} id="layout-preview">
      {!layout ? (
        <p className="muted" data-testid="layout-preview-note">
          {t("layouts.preview.saveFirst")}
        </p>
      ) : (
        <>
          <p className="muted small" data-testid="layout-preview-note">
            {t("layouts.preview.stored")}
            {dirty && (
              <>
                {" "}
                <strong>{t("layouts.preview.unsaved")}</strong>
              </>
            )}
          </p>
          {templates.length === 0 ? (
            <p className="muted">{t("layouts.preview.noTemplates")}</p>
          ) : (
            <div className="template-preview-inputs">
              <label className="field">
                <span>{t("layouts.preview.template")}</span>
                <select
                  className="select"
                  value={template?.id}
                  onChange={(e) => setTemplateId(e.target.value)}
                >
                  {templates.map((tpl) => (
                    <option key={tpl.id} value={tpl.id}>
                      {tpl.name}
                    </option>
                  ))}
                </select>
              </label>
              <CustomerPicker
                label={t("templates.preview.customer")}
                value={customer}
                onChange={setCustomer}
              />
            </div>
          )}
          {templates.length > 0 && !customer && (
            <p className="muted">{t("templates.preview.pickCustomer")}</p>
          )}
          {customer && preview.error !== undefined && <ErrorBanner error={preview.error} />}
          {customer && p && (
            <div
              className={preview.loading ? "template-preview stale" : "template-preview"}
              data-testid="layout-preview"
            >
              <p className="muted small">
                {t("templates.preview.to", {
                  recipient: p.recipient ?? t("templates.preview.noRecipient"),
                  language: p.language.toUpperCase(),
                })}
              </p>
              {p.subject !== undefined && <p className="strong">{p.subject}</p>}
              {p.html !== undefined && (
                <EmailFrame html={p.html} title={p.subject ?? t("layouts.preview")} />
              )}
            </div>
          )}
        </>
      )}
    </Panel>
  );
}
