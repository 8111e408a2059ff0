import { useEffect, useId, useState } from "react";
import type { MessageTemplate, ProfileSummary, TemplatePreviewRequest } from "../api/contract.js";
import { api } from "../api/endpoints.js";
import { useApi } from "../api/use-api.js";
import { useDebounced } from "../customers/use-debounced.js";
import { useI18n } from "../i18n/i18n.js";
import { ErrorBanner } from "../ui/error-banner.js";
import { Panel } from "../ui/page.js";
import { CustomerPicker } from "./customer-picker.js";
import { parseExampleEvent, PROSECCO_EVENT_JSON } from "./example-event.js";
import { EmailFrame } from "./message-page.js";
import { templateForSave, type TemplateLanguage } from "./template-fields.js";

const DEBOUNCE_MS = 400;

/**
 * The template as one customer would get it after an example event, rendered by the server
 * as the draft stands (debounced while typing), in the language being edited when it has a
 * body, so what the preview shows and the errors it finds belong to the fields in view.
 * Render errors go to the editor's fields.
 */
export function TemplatePreviewPane({
  template,
  language,
  onError,
}: {
  template: MessageTemplate;
  language: TemplateLanguage;
  onError: (error: unknown) => void;
}) {
  const { t } = useI18n();
  const eventId = useId();
  const [customer, setCustomer] = useState<ProfileSummary>();
  const [eventText, setEventText] = useState(PROSECCO_EVENT_JSON);
  const event = parseExampleEvent(eventText);
  const complete = templateForSave(template);
  const edited = complete.content[language];
  const forSave = edited ? { ...complete, content: { [language]: edited } } : complete;
  const renderable = Object.keys(forSave.content).length > 0 && Boolean(forSave.brandId);

  const request: TemplatePreviewRequest | undefined =
    customer && renderable && event !== undefined
      ? {
          // A new template has no id yet; the preview needs one that passes the id's rule.
          template: { ...forSave, id: forSave.id || "preview" },
          customerId: customer.id,
          ...(event ? { event } : {}),
        }
      : undefined;
  const settled = useDebounced(request ? JSON.stringify(request) : "", DEBOUNCE_MS);
  const preview = useApi(
    (signal) =>
      settled
        ? api.previewTemplate(JSON.parse(settled) as TemplatePreviewRequest, signal)
        : Promise.resolve(undefined),
    [settled],
  );
  const error = settled ? preview.error : undefined;
  useEffect(() => onError(error), [error, onError]);

  const p = settled ? preview.data : undefined;
  const stale = Boolean(error) || (request ? JSON.stringify(request) !== settled : false);
  return (
    <Panel title={t("templates.preview")} id="template-preview">
      <div className="template-preview-inputs">
        <CustomerPicker
          label={t("templates.preview.customer")}
          value={customer}
          onChange={setCustomer}
        />
        <label className="field" htmlFor={eventId}>
          <span>{t("templates.preview.event")}</span>
        </label>
        <textarea
          id={eventId}
          className="mono"
          rows={6}
          spellCheck={false}
          value={eventText}
          onChange={(e) => setEventText(e.target.value)}
        />
        {event === undefined && (
          <small className="field-error" role="alert">
            {t("templates.preview.eventInvalid")}
          </small>
        )}
      </div>
      {!customer ? (
        <p className="muted">{t("templates.preview.pickCustomer")}</p>
      ) : (
        <>
          {error !== undefined && <ErrorBanner error={error} />}
          {p && (
            <div
              className={stale ? "template-preview stale" : "template-preview"}
              data-testid="template-preview"
              data-stale={stale}
            >
              <p className="muted small">
                {t("templates.preview.to", {
                  recipient: p.recipient ?? t("templates.preview.noRecipient"),
                  language: p.language.toUpperCase(),
                })}
              </p>
              {p.subject !== undefined && (
                <p className="strong" data-testid="preview-subject">
                  {p.subject}
                </p>
              )}
              {p.kind === "email" && p.html !== undefined && (
                <EmailFrame html={p.html} title={p.subject ?? t("templates.preview")} />
              )}
              {p.kind === "text" && <pre className="message-pre">{p.text}</pre>}
              {p.kind === "json" && (
                <pre className="message-pre">{JSON.stringify(p.payload, null, 2)}</pre>
              )}
            </div>
          )}
        </>
      )}
    </Panel>
  );
}
