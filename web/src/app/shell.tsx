import type { ReactNode } from "react";
import { useSession, useUser } from "../auth/session.js";
import { useI18n, type MessageKey } from "../i18n/i18n.js";
import { LanguageSwitch } from "../ui/language-switch.js";
import { Link, useLocation } from "./router.js";
import type { Permission } from "../auth/permissions.js";

const navItems: { to: string; label: MessageKey; needs: Permission }[] = [
  { to: "/customers", label: "nav.customers", needs: "customers:read" },
  { to: "/live", label: "nav.live", needs: "events:read" },
  { to: "/segments", label: "nav.segments", needs: "customers:read" },
  { to: "/journeys", label: "nav.journeys", needs: "customers:read" },
  { to: "/outbox", label: "nav.outbox", needs: "customers:read" },
  { to: "/templates", label: "nav.templates", needs: "customers:read" },
  { to: "/sources", label: "nav.sources", needs: "customers:read" },
];

/** The frame of every page after login: navigation, user, language, logout. */
export function Shell({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const session = useSession();
  const user = useUser();
  const { path } = useLocation();

  return (
    <div className="shell">
      <aside className="sidebar">
        <Link to="/customers" className="logo">
          <span className="logo-mark" aria-hidden="true" />
          <span>
            <strong>cxloop</strong>
            <small>{t("app.tagline")}</small>
          </span>
        </Link>
        <nav aria-label={t("nav.main")}>
          <ul className="nav">
            {navItems
              .filter((item) => session.can(item.needs))
              .map((item) => {
                const active = path === item.to || path.startsWith(`${item.to}/`);
                return (
                  <li key={item.to}>
                    <Link
                      to={item.to}
                      className={active ? "nav-link active" : "nav-link"}
                      aria-current={active ? "page" : undefined}
                    >
                      {t(item.label)}
                    </Link>
                  </li>
                );
              })}
          </ul>
        </nav>
        <div className="sidebar-footer">
          <div className="user" data-testid="current-user">
            <span className="user-name">{user.name}</span>
            <span className="user-role">{t(`role.${user.role}`)}</span>
          </div>
          <LanguageSwitch />
          <button
            type="button"
            className="button button-block"
            onClick={() => void session.logout()}
          >
            {t("nav.logout")}
          </button>
        </div>
      </aside>
      <main className="content">{children}</main>
    </div>
  );
}
