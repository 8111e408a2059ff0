import { lazy, Suspense, useEffect } from "react";
import { useSession } from "../auth/session.js";
import { CustomerPage } from "../customers/customer-page.js";
import { SearchPage } from "../customers/search-page.js";
import { useI18n } from "../i18n/i18n.js";
import { JourneysPage } from "../journeys/journeys-page.js";
import { LivePage } from "../live/live-page.js";
import { MessagePage } from "../messages/message-page.js";
import { OutboxPage } from "../messages/outbox-page.js";
import { TemplateEditorPage } from "../messages/template-editor-page.js";
import { TemplatesPage } from "../messages/templates-page.js";
import { SegmentPage } from "../segments/segment-page.js";
import { SegmentsPage } from "../segments/segments-page.js";
import { SourcesPage } from "../sources/sources-page.js";
import { Empty, Loading } from "../ui/page.js";
import { matchPath, navigate, useLocation } from "./router.js";

/** The editor brings the flow graph library: loaded when first opened. */
const JourneyEditorPage = lazy(() =>
  import("../journeys/journey-editor-page.js").then((m) => ({ default: m.JourneyEditorPage })),
);

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
  const journey = matchPath("/journeys/:id", path);
  if (journey?.id) {
    const id = journey.id === "new" ? undefined : journey.id;
    return (
      <Suspense fallback={<Loading />}>
        <JourneyEditorPage key={journey.id} id={id} />
      </Suspense>
    );
  }
  if (path === "/segments") return <SegmentsPage />;
  const segment = matchPath("/segments/:id", path);
  if (segment?.id) {
    const id = segment.id === "new" ? undefined : segment.id;
    return <SegmentPage key={segment.id} id={id} />;
  }
  if (path === "/outbox") return <OutboxPage />;
  const message = matchPath("/outbox/:key", path);
  if (message?.key) return <MessagePage key={message.key} messageKey={message.key} />;
  if (path === "/templates") return <TemplatesPage />;
  const template = matchPath("/templates/:id", path);
  if (template?.id) {
    const id = template.id === "new" ? undefined : template.id;
    return <TemplateEditorPage key={template.id} id={id} />;
  }
  if (path === "/") return null;
  return <NotFound />;
}

function NotFound() {
  const { t } = useI18n();
  return <Empty>{t("page.notFound")}</Empty>;
}
