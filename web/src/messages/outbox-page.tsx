import { useCallback, useEffect, useRef, useState } from "react";
import {
  messageChannels,
  sendStatuses,
  type MessageQuery,
  type MessageSummary,
} from "../api/contract.js";
import { api } from "../api/endpoints.js";
import { useApi } from "../api/use-api.js";
import { useReferenceData } from "../app/reference-data.js";
import { Link, navigate, useLocation } from "../app/router.js";
import { useDocumentTitle } from "../app/use-document-title.js";
import { useSession } from "../auth/session.js";
import { useI18n } from "../i18n/i18n.js";
import { BrandBadge, ChannelBadge } from "../ui/badges.js";
import { ErrorBanner } from "../ui/error-banner.js";
import { Empty, Loading, PageHeader } from "../ui/page.js";
import { BulkUnknownDecision } from "./bulk-unknown-decision.js";
import {
  EngagementMarks,
  isSendStatus,
  messageHref,
  MessageStatusBadge,
} from "./message-status.js";

const PAGE = 50;
const REFRESH_MS = 5_000;
type Filter = "status" | "channel" | "brandId" | "journeyId";

/** Newest first, as the server orders them: by time, then by ledger key. */
const olderThan = (m: MessageSummary, last: MessageSummary) =>
  m.createdAt < last.createdAt || (m.createdAt === last.createdAt && m.ledgerKey < last.ledgerKey);

/** Every message of every journey, newest first, with filters in the address. */
export function OutboxPage() {
  const { t } = useI18n();
  useDocumentTitle(t("outbox.title"));
  const { query } = useLocation();
  const { brands } = useReferenceData();
  const journeys = useApi((signal) => api.journeys(signal), []);
  const status = query.get("status");
  const filters: MessageQuery = {
    status: isSendStatus(status) ? status : undefined,
    channel: query.get("channel") ?? undefined,
    brandId: query.get("brandId") ?? undefined,
    journeyId: query.get("journeyId") ?? undefined,
  };
  const filterKey = JSON.stringify(filters);

  const [rows, setRows] = useState<MessageSummary[]>();
  const [error, setError] = useState<unknown>();
  const [more, setMore] = useState(false);
  const [loadingMore, setLoadingMore] = useState(false);
  const [autoRefresh, setAutoRefresh] = useState(true);
  const rowsRef = useRef<MessageSummary[] | undefined>(undefined);
  rowsRef.current = rows;

  /** The newest messages again, as many as are shown; older pages stay as they were. */
  const refresh = useCallback(
    async (signal?: AbortSignal, reset = false) => {
      const current = reset ? undefined : rowsRef.current;
      const limit = Math.min(200, Math.max(PAGE, current?.length ?? 0));
      try {
        const fresh = await api.messages({ ...JSON.parse(filterKey), limit }, signal);
        if (signal?.aborted) return;
        const last = fresh[fresh.length - 1];
        const older = last && current ? current.filter((m) => olderThan(m, last)) : [];
        setRows([...fresh, ...older]);
        if (reset || !current) setMore(fresh.length === limit);
        setError(undefined);
      } catch (failure) {
        if (!signal?.aborted) setError(failure);
      }
    },
    [filterKey],
  );

  useEffect(() => {
    const controller = new AbortController();
    setRows(undefined);
    void refresh(controller.signal, true);
    return () => controller.abort();
  }, [refresh]);

  useEffect(() => {
    if (!autoRefresh) return;
    const timer = setInterval(() => void refresh(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [autoRefresh, refresh]);

  const loadMore = async () => {
    const last = rows?.[rows.length - 1];
    if (!last) return;
    setLoadingMore(true);
    try {
      const page = await api.messages({
        ...filters,
        before: last.createdAt,
        beforeKey: last.ledgerKey,
        limit: PAGE,
      });
      setRows((current) => [...(current ?? []), ...page]);
      setMore(page.length === PAGE);
    } catch (failure) {
      setError(failure);
    } finally {
      setLoadingMore(false);
    }
  };

  const setFilter = (name: Filter, value: string) => {
    const next = new URLSearchParams(query);
    if (value) next.set(name, value);
    else next.delete(name);
    const qs = next.toString();
    navigate(qs ? `/outbox?${qs}` : "/outbox", { replace: true });
  };

  const throughOutbox = rows?.some((m) => m.transport === "outbox");
  const canDecide = useSession().can("customers:write");
  const all = t("outbox.filter.all");
  return (
    <div className="page outbox-page">
      <PageHeader title={t("outbox.title")}>
        <label className="field-checkbox small">
          <input
            type="checkbox"
            checked={autoRefresh}
            onChange={(e) => setAutoRefresh(e.target.checked)}
          />
          {t("outbox.autoRefresh")}
        </label>
      </PageHeader>
      <div className="inline-form outbox-filters" data-testid="outbox-filters">
        <label className="field">
          <span>{t("outbox.col.status")}</span>
          <select
            className="select"
            value={filters.status ?? ""}
            onChange={(e) => setFilter("status", e.target.value)}
          >
            <option value="">{all}</option>
            {sendStatuses.map((s) => (
              <option key={s} value={s}>
                {t(`message.status.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t("outbox.col.channel")}</span>
          <select
            className="select"
            value={filters.channel ?? ""}
            onChange={(e) => setFilter("channel", e.target.value)}
          >
            <option value="">{all}</option>
            {messageChannels.map((c) => (
              <option key={c} value={c}>
                {t(`message.channel.${c}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t("outbox.col.brand")}</span>
          <select
            className="select"
            value={filters.brandId ?? ""}
            onChange={(e) => setFilter("brandId", e.target.value)}
          >
            <option value="">{all}</option>
            {brands.map((b) => (
              <option key={b.id} value={b.id}>
                {b.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t("outbox.col.journey")}</span>
          <select
            className="select"
            value={filters.journeyId ?? ""}
            onChange={(e) => setFilter("journeyId", e.target.value)}
          >
            <option value="">{all}</option>
            {filters.journeyId && !journeys.data?.some((j) => j.id === filters.journeyId) && (
              <option value={filters.journeyId}>{filters.journeyId}</option>
            )}
            {(journeys.data ?? []).map((j) => (
              <option key={j.id} value={j.id}>
                {j.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      {filters.status === "unknown" && canDecide && rows && rows.length > 0 && (
        <BulkUnknownDecision
          filters={filters}
          shown={rows.length}
          onDecided={() => void refresh(undefined, true)}
        />
      )}
      {throughOutbox && (
        <p className="banner banner-info" data-testid="outbox-transport-info">
          {t("outbox.info.noSmtp")}
        </p>
      )}
      <ErrorBanner error={error} onRetry={() => void refresh(undefined, true)} />
      {rows && rows.length === 0 ? (
        <Empty>{t("outbox.empty")}</Empty>
      ) : rows ? (
        <>
          <MessageTable
            rows={rows}
            journeyName={(id) => journeys.data?.find((j) => j.id === id)?.name ?? id}
          />
          {more && (
            <div className="form-actions">
              <button
                type="button"
                className="button"
                disabled={loadingMore}
                onClick={() => void loadMore()}
              >
                {t("outbox.loadMore")}
              </button>
            </div>
          )}
        </>
      ) : (
        !error && <Loading />
      )}
    </div>
  );
}

function MessageTable({
  rows,
  journeyName,
}: {
  rows: MessageSummary[];
  journeyName: (id: string) => string;
}) {
  const { t, dateTime } = useI18n();
  return (
    <div className="table-scroll panel">
      <table className="table table-hover" data-testid="outbox-table">
        <thead>
          <tr>
            <th>{t("outbox.col.time")}</th>
            <th>{t("outbox.col.channel")}</th>
            <th>{t("outbox.col.brand")}</th>
            <th>{t("outbox.col.journey")}</th>
            <th>{t("outbox.col.recipient")}</th>
            <th>{t("outbox.col.subject")}</th>
            <th>{t("outbox.col.status")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((m) => {
            const href = messageHref(m.ledgerKey);
            return (
              <tr
                key={m.ledgerKey}
                className="clickable"
                data-message-key={m.ledgerKey}
                onClick={() => navigate(href)}
              >
                <td className="nowrap">
                  <Link to={href} onClick={(e) => e.stopPropagation()}>
                    {dateTime(m.sentAt ?? m.createdAt)}
                  </Link>
                </td>
                <td>
                  <ChannelBadge channel={m.channel} />
                </td>
                <td>
                  <BrandBadge brandId={m.brandId} />
                </td>
                <td>
                  <span>{journeyName(m.journeyId)}</span>
                  <div className="mono muted small">{m.stepId}</div>
                </td>
                <td className="break">{m.recipient ?? t("common.none")}</td>
                <td className="break">{m.subject ?? t("common.none")}</td>
                <td>
                  <MessageStatusBadge message={m} detail />
                  <EngagementMarks message={m} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
