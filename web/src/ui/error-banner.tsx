import { ApiError } from "../api/api-client.js";
import { useI18n, type MessageKey } from "../i18n/i18n.js";

/** The API's stable error codes, each with a message in the user's language. */
const codes = [
  "invalid_input",
  "event_too_large",
  "batch_too_large",
  "batch_too_many_events",
  "missing_identity",
  "unauthorized",
  "forbidden",
  "not_found",
  "conflict",
  "overloaded",
  "unsupported_media_type",
  "internal_error",
  "network_error",
  "http_error",
] as const;

const keyOf = (code: string): MessageKey =>
  (codes as readonly string[]).includes(code) ? (`error.${code}` as MessageKey) : "error.generic";

/** Errors a retry cannot fix: the thing is not there, or the user may not see it. */
const final = new Set(["not_found", "forbidden", "unauthorized"]);

/** What went wrong in the user's language; the server's own words as a smaller detail line. */
export function ErrorBanner({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useI18n();
  if (!error) return null;
  let title = t("error.generic");
  let detail = error instanceof Error ? error.message : String(error);
  let retry = Boolean(onRetry);
  if (error instanceof ApiError) {
    title = t(keyOf(error.code));
    if (error.code === "network_error") detail = "";
    if (final.has(error.code) || error.status === 404) retry = false;
  }
  return (
    <div className="banner banner-error" role="alert" data-code={(error as ApiError).code}>
      <strong>{title}</strong>
      {detail && detail !== title && (
        <span className="banner-detail">{t("error.detail", { message: detail })}</span>
      )}
      {retry && (
        <button type="button" className="button button-small" onClick={onRetry}>
          {t("common.retry")}
        </button>
      )}
    </div>
  );
}
