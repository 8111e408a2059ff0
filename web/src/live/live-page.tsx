import { useState } from "react";
import { Link } from "../app/router.js";
import { useReferenceData } from "../app/reference-data.js";
import { eventTitle, originalName } from "../customers/event-summary.js";
import { useI18n } from "../i18n/i18n.js";
import { BrandBadge, ChannelBadge } from "../ui/badges.js";
import { ErrorBanner } from "../ui/error-banner.js";
import { Empty, PageHeader } from "../ui/page.js";
import { useLiveEvents } from "./use-live-events.js";
import { useDocumentTitle } from "../app/use-document-title.js";

/** Events as they arrive from every source: to check a new integration, or just to watch. */
export function LivePage() {
  const i18n = useI18n();
  const { t, time, date } = i18n;
  useDocumentTitle(t("live.title"));
  const { sourceName } = useReferenceData();
  const [paused, setPaused] = useState(false);
  const { events, fresh, error, polledAt } = useLiveEvents(paused);
  const lastMinute = events.filter((e) => e.receivedAt > polledAt - 60_000).length;
  const today = new Date().toDateString();
  const when = (ms: number) =>
    new Date(ms).toDateString() === today ? time(ms) : `${date(ms)} ${time(ms)}`;

  return (
    <div className="page">
      <PageHeader title={t("live.title")}>
        <div className="live-controls">
          <span className={paused ? "live-status paused" : "live-status running"} role="status">
            <span className="dot" aria-hidden="true" />
            {paused ? t("live.paused") : t("live.running")}
          </span>
          <span className="stat" title={t("live.perMinuteLabel")} data-testid="events-per-minute">
            <span className="visually-hidden">{t("live.perMinuteLabel")}: </span>
            {t("live.perMinute", { count: lastMinute })}
          </span>
          <button
            type="button"
            className="button"
            aria-pressed={paused}
            onClick={() => setPaused(!paused)}
          >
            {paused ? t("live.resume") : t("live.pause")}
          </button>
        </div>
      </PageHeader>
      <ErrorBanner error={error} />
      {events.length === 0 ? (
        <Empty>{t("live.waiting")}</Empty>
      ) : (
        <>
          <div className="table-caption muted">{t("live.shown", { count: events.length })}</div>
          <table className="table" data-testid="live-events">
            <thead>
              <tr>
                <th>{t("live.col.time")}</th>
                <th>{t("live.col.source")}</th>
                <th>{t("live.col.brand")}</th>
                <th>{t("live.col.channel")}</th>
                <th>{t("live.col.event")}</th>
                <th>{t("live.col.customer")}</th>
              </tr>
            </thead>
            <tbody>
              {events.map((e) => (
                <tr
                  key={e.id}
                  className={fresh.has(e.id) ? "fresh" : undefined}
                  data-event-id={e.id}
                >
                  <td className="nowrap" data-col="received">
                    <span className="mono">{when(e.receivedAt)}</span>
                    {Math.abs(e.receivedAt - e.timestamp) > 60_000 && (
                      <span className="small muted event-time">
                        {t("live.eventTime", { time: when(e.timestamp) })}
                      </span>
                    )}
                  </td>
                  <td>{sourceName(e.sourceId)}</td>
                  <td>
                    <BrandBadge brandId={e.brandId} />
                  </td>
                  <td>
                    <ChannelBadge channel={e.channel} />
                  </td>
                  <td title={originalName(e, i18n)}>{eventTitle(e, i18n)}</td>
                  <td>
                    <Link to={`/customers/${encodeURIComponent(e.profileId)}`} title={e.profileId}>
                      {t("live.openProfile")}
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}
