import { ApiError } from "../api/api-client.js";
import { useI18n, type MessageKey } from "../i18n/i18n.js";

const titled: Record<string, MessageKey> = {
  unauthorized: "error.unauthorized",
  forbidden: "error.forbidden",
  not_found: "error.not_found",
  invalid_input: "error.invalid_input",
  conflict: "error.conflict",
};

/** Shows what went wrong, in the server's own words under a title in the user's language. */
export function ErrorBanner({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useI18n();
  if (!error) return null;
  let title = t("error.generic");
  let detail = error instanceof Error ? error.message : String(error);
  if (error instanceof ApiError) {
    if (error.code === "network_error") {
      title = t("error.network_error");
      detail = "";
    } else {
      const key = titled[error.code];
      if (key) title = t(key);
    }
  }
  return (
    <div className="banner banner-error" role="alert">
      <strong>{title}</strong>
      {detail && <span className="banner-detail">{detail}</span>}
      {onRetry && (
        <button type="button" className="button button-small" onClick={onRetry}>
          {t("common.retry")}
        </button>
      )}
    </div>
  );
}
