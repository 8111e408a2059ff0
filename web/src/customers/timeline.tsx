import { useCallback, useEffect, useRef, useState } from "react";
import type { StoredEvent } from "../api/contract.js";
import { api } from "../api/endpoints.js";
import { useReferenceData } from "../app/reference-data.js";
import { useI18n } from "../i18n/i18n.js";
import { BrandBadge, ChannelBadge } from "../ui/badges.js";
import { ErrorBanner } from "../ui/error-banner.js";
import { Empty, Loading, Panel } from "../ui/page.js";
import { eventTitle, keyProperties, originalName } from "./event-summary.js";

const PAGE = 50;

interface Day {
  key: string;
  first: number;
  events: StoredEvent[];
}

/** Groups events (newest first) by the viewer's calendar day. */
function byDay(events: StoredEvent[]): Day[] {
  const days: Day[] = [];
  for (const event of events) {
    const d = new Date(event.timestamp);
    const key = `${d.getFullYear()}-${d.getMonth() + 1}-${d.getDate()}`;
    const last = days[days.length - 1];
    if (last?.key === key) last.events.push(event);
    else days.push({ key, first: event.timestamp, events: [event] });
  }
  return days;
}

/** Every touchpoint of the customer across brands and channels, newest first, paged. */
export function Timeline({ profileId }: { profileId: string }) {
  const { t, day } = useI18n();
  const [events, setEvents] = useState<StoredEvent[]>([]);
  const [loading, setLoading] = useState(true);
  const [more, setMore] = useState(false);
  const [error, setError] = useState<unknown>();
  const shown = useRef(new Set<number>());

  const load = useCallback(
    async (cursor: { before: number; beforeId: number } | undefined, signal?: AbortSignal) => {
      setLoading(true);
      setError(undefined);
      try {
        const page = await api.customerEvents(profileId, { ...cursor, limit: PAGE }, signal);
        const fresh = page.filter((e) => !shown.current.has(e.id));
        for (const e of fresh) shown.current.add(e.id);
        setEvents((list) => [...list, ...fresh]);
        setMore(page.length === PAGE);
      } catch (failure) {
        if (signal?.aborted) return;
        setError(failure);
      }
      setLoading(false);
    },
    [profileId],
  );

  useEffect(() => {
    const controller = new AbortController();
    void load(undefined, controller.signal);
    return () => controller.abort();
  }, [load]);

  const oldest = events[events.length - 1];
  return (
    <Panel title={t("customer.timeline")} id="timeline">
      {events.length === 0 && !loading && !error && <Empty>{t("timeline.empty")}</Empty>}
      {byDay(events).map((d) => (
        <section key={d.key} className="day">
          <h3 className="day-title">{day(d.first)}</h3>
          <ol className="touchpoints">
            {d.events.map((event) => (
              <Touchpoint key={event.id} event={event} />
            ))}
          </ol>
        </section>
      ))}
      <ErrorBanner
        error={error}
        onRetry={() => void load(oldest && { before: oldest.timestamp, beforeId: oldest.id })}
      />
      {loading ? (
        <Loading />
      ) : more ? (
        <button
          type="button"
          className="button button-block"
          onClick={() => void load(oldest && { before: oldest.timestamp, beforeId: oldest.id })}
        >
          {t("timeline.loadMore")}
        </button>
      ) : (
        events.length > 0 && <p className="muted small center">{t("timeline.end")}</p>
      )}
    </Panel>
  );
}

function Touchpoint({ event }: { event: StoredEvent }) {
  const i18n = useI18n();
  const { sourceName } = useReferenceData();
  const props = keyProperties(event, i18n);
  return (
    <li
      className="touchpoint"
      data-event-id={event.id}
      data-channel={event.channel}
      data-brand={event.brandId}
    >
      <time className="touchpoint-time" dateTime={new Date(event.timestamp).toISOString()}>
        {i18n.clock(event.timestamp)}
      </time>
      <div className="touchpoint-body">
        <div className="touchpoint-head">
          <ChannelBadge channel={event.channel} />
          <BrandBadge brandId={event.brandId} />
          <span className="touchpoint-title" title={originalName(event, i18n)}>
            {eventTitle(event, i18n)}
          </span>
          <span className="muted small touchpoint-source">{sourceName(event.sourceId)}</span>
        </div>
        {props.length > 0 && (
          <dl className="touchpoint-props">
            {props.map((p) => (
              <div key={p.key} data-prop={p.key}>
                <dt>{p.label}</dt>
                <dd>
                  {p.decoration && (
                    <span className="stars" aria-hidden="true">
                      {p.decoration}{" "}
                    </span>
                  )}
                  {p.value}
                </dd>
              </div>
            ))}
          </dl>
        )}
        <details className="raw">
          <summary>{i18n.t("timeline.details")}</summary>
          <pre>
            {JSON.stringify(
              { properties: event.properties, traits: event.traits, context: event.context },
              null,
              2,
            )}
          </pre>
        </details>
      </div>
    </li>
  );
}
