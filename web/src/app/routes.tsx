import { useEffect } from "react";
import { useSession } from "../auth/session.js";
import { CustomerPage } from "../customers/customer-page.js";
import { SearchPage } from "../customers/search-page.js";
import { useI18n } from "../i18n/i18n.js";
import { JourneyEditorPage } from "../journeys/journey-editor-page.js";
import { JourneysPage } from "../journeys/journeys-page.js";
import { LivePage } from "../live/live-page.js";
import { SourcesPage } from "../sources/sources-page.js";
import { Empty } from "../ui/page.js";
import { matchPath, navigate, useLocation } from "./router.js";

/** The pages by URL path. */
export function Routes() {
  const { path } = useLocation();
  const session = useSession();

  useEffect(() => {
    if (path === "/") navigate("/customers", { replace: true });
  }, [path]);

  if (path === "/customers") return <SearchPage />;
  const customer = matchPath("/customers/:id", path);
  if (customer?.id) return <CustomerPage key={customer.id} id={customer.id} />;
  if (path === "/live" && session.can("events:read")) return <LivePage />;
  if (path === "/sources") return <SourcesPage />;
  if (path === "/journeys") return <JourneysPage />;
  if (path === "/journeys/new") return <JourneyEditorPage key="new" />;
  const journey = matchPath("/journeys/:id", path);
  if (journey?.id) return <JourneyEditorPage key={journey.id} id={journey.id} />;
  if (path === "/") return null;
  return <NotFound />;
}

function NotFound() {
  const { t } = useI18n();
  return <Empty>{t("page.notFound")}</Empty>;
}
