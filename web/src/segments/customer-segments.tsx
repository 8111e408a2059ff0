import { api } from "../api/endpoints.js";
import { useApi } from "../api/use-api.js";
import { Link } from "../app/router.js";
import { useI18n } from "../i18n/i18n.js";
import { ErrorBanner } from "../ui/error-banner.js";
import { Empty, Panel } from "../ui/page.js";

/** The segments a customer is in now, in the 360° view. */
export function CustomerSegments({ profileId }: { profileId: string }) {
  const { t, date } = useI18n();
  const segments = useApi((signal) => api.customerSegments(profileId, signal), [profileId]);
  return (
    <Panel title={t("customer.segments")} id="customer-segments">
      <ErrorBanner error={segments.error} onRetry={segments.reload} />
      {segments.data?.length === 0 && <Empty>{t("customer.segmentsNone")}</Empty>}
      <ul className="chip-list" data-testid="customer-segments">
        {segments.data?.map((s) => (
          <li key={s.id}>
            <Link
              to={`/segments/${encodeURIComponent(s.id)}`}
              className="chip"
              title={t("customer.segmentSince", { date: date(s.since) })}
            >
              {s.name}
            </Link>
          </li>
        ))}
      </ul>
    </Panel>
  );
}
