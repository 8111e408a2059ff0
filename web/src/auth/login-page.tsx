import { useState, type FormEvent } from "react";
import { ApiError } from "../api/api-client.js";
import { useI18n } from "../i18n/i18n.js";
import { LanguageSwitch } from "../ui/language-switch.js";
import { ErrorBanner } from "../ui/error-banner.js";
import { useSession } from "./session.js";
import { useDocumentTitle } from "../app/use-document-title.js";

/** Email and password; after login the app goes on to the page the user wanted. */
export function LoginPage({ sessionEnded }: { sessionEnded: boolean }) {
  const { t } = useI18n();
  useDocumentTitle(t("login.title"));
  const { login } = useSession();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await login(email, password);
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  };

  const wrongCredentials = error instanceof ApiError && error.status === 401;
  return (
    <div className="login">
      <form className="login-card" onSubmit={(e) => void submit(e)} noValidate>
        <div className="logo logo-large">
          <span className="logo-mark" aria-hidden="true" />
          <span>
            <strong>cxloop</strong>
            <small>{t("app.tagline")}</small>
          </span>
        </div>
        <h1>{t("login.title")}</h1>
        {sessionEnded && !error && <p className="banner banner-info">{t("login.sessionEnded")}</p>}
        {wrongCredentials ? (
          <div className="banner banner-error" role="alert">
            {t("login.wrong")}
          </div>
        ) : (
          <ErrorBanner error={error} />
        )}
        <label className="field">
          <span>{t("login.email")}</span>
          <input
            type="email"
            name="email"
            autoComplete="username"
            required
            autoFocus
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </label>
        <label className="field">
          <span>{t("login.password")}</span>
          <input
            type="password"
            name="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        <button
          type="submit"
          className="button button-primary button-block"
          disabled={busy || !email || !password}
        >
          {busy ? t("login.submitting") : t("login.submit")}
        </button>
        <LanguageSwitch className="language language-center" />
      </form>
    </div>
  );
}
