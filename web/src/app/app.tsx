import { useEffect } from "react";
import { LoginPage } from "../auth/login-page.js";
import { SessionProvider, useSession } from "../auth/session.js";
import { I18nProvider, useI18n } from "../i18n/i18n.js";
import { ReferenceDataProvider } from "./reference-data.js";
import { navigate, useLocation } from "./router.js";
import { Routes } from "./routes.js";
import { Shell } from "./shell.js";

export function App() {
  return (
    <I18nProvider>
      <SessionProvider>
        <SessionGate />
      </SessionProvider>
    </I18nProvider>
  );
}

/** Before login only the login page exists; it remembers where the user wanted to go. */
function SessionGate() {
  const { state } = useSession();
  const { t } = useI18n();
  const location = useLocation();
  const onLogin = location.path === "/login";

  useEffect(() => {
    if (state.status === "anonymous" && !onLogin) {
      navigate(`/login?next=${encodeURIComponent(location.href)}`, { replace: true });
    }
    if (state.status === "loggedIn" && onLogin) {
      navigate(safeNext(location.query.get("next")), { replace: true });
    }
  }, [state.status, onLogin, location.href, location.query]);

  if (state.status === "checking") {
    return <div className="splash">{t("common.loading")}</div>;
  }
  if (state.status === "anonymous") {
    return onLogin ? <LoginPage sessionEnded={state.ended} /> : null;
  }
  if (onLogin) return null;
  return (
    <ReferenceDataProvider>
      <Shell>
        <Routes />
      </Shell>
    </ReferenceDataProvider>
  );
}

/** Only paths of this app, so a crafted link cannot send the user elsewhere after login. */
export function safeNext(next: string | null): string {
  if (next && next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/login"))
    return next;
  return "/customers";
}
