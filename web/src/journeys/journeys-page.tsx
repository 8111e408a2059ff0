import { useEffect, useState } from "react";
import type { JourneyStatus, JourneySummary } from "../api/contract.js";
import { api } from "../api/endpoints.js";
import { useApi } from "../api/use-api.js";
import { Link, navigate } from "../app/router.js";
import { useDocumentTitle } from "../app/use-document-title.js";
import { useSession } from "../auth/session.js";
import { useI18n } from "../i18n/i18n.js";
import { ConfirmDialog } from "../ui/confirm-dialog.js";
import { ErrorBanner } from "../ui/error-banner.js";
import { Empty, Loading, PageHeader } from "../ui/page.js";
import { journeyTemplates } from "./journey-templates.js";
import {
  JourneyStatusBadge,
  PublishDialog,
  sentOf,
  STATS_INTERVAL_MS,
  useJourneyStats,
} from "./journey-status.js";
import { TestJourneyDialog } from "./test-journey-dialog.js";

const latestOf = (j: JourneySummary) => Math.max(0, ...j.versions.map((v) => v.version));

/** All journeys with status, live version and live counts; admins publish, pause, archive. */
export function JourneysPage() {
  const { t } = useI18n();
  useDocumentTitle(t("journeys.title"));
  const session = useSession();
  const admin = session.can("settings:write");
  const journeys = useApi((signal) => api.journeys(signal), []);
  const { reload } = journeys;
  const [publishing, setPublishing] = useState<JourneySummary>();
  const [changing, setChanging] = useState<{ journey: JourneySummary; status: JourneyStatus }>();
  const [testing, setTesting] = useState<JourneySummary>();

  // Status changes made elsewhere show up without a reload, like the counts.
  useEffect(() => {
    const timer = setInterval(reload, STATS_INTERVAL_MS * 3);
    return () => clearInterval(timer);
  }, [reload]);

  const rows = journeys.data ?? [];
  return (
    <div className="page">
      <PageHeader title={t("journeys.title")}>
        {admin && (
          <div className="journey-new">
            <Link to="/journeys/new" className="button button-primary">
              {t("journeys.new")}
            </Link>
            {journeyTemplates.map((tpl) => (
              <Link key={tpl.id} to={`/journeys/new?template=${tpl.id}`} className="button">
                {t("journeys.fromTemplate", { name: tpl.definition.name })}
              </Link>
            ))}
          </div>
        )}
      </PageHeader>
      <ErrorBanner error={journeys.error} onRetry={journeys.reload} />
      {journeys.data && rows.length === 0 ? (
        <Empty>{t("journeys.empty")}</Empty>
      ) : journeys.data ? (
        <div className="table-scroll panel">
          <table className="table table-hover" data-testid="journeys-table">
            <thead>
              <tr>
                <th>{t("journeys.col.name")}</th>
                <th>{t("journeys.col.status")}</th>
                <th>{t("journeys.col.version")}</th>
                <th className="align-right">{t("journeys.count.entered")}</th>
                <th className="align-right">{t("journeys.count.waiting")}</th>
                <th className="align-right">{t("journeys.count.sent")}</th>
                <th className="align-right">{t("journeys.count.converted")}</th>
                <th className="align-right">{t("journeys.count.exited")}</th>
                {admin && <th />}
              </tr>
            </thead>
            <tbody>
              {rows.map((j) => (
                <JourneyRow
                  key={j.id}
                  journey={j}
                  admin={admin}
                  onPublish={() => setPublishing(j)}
                  onStatus={(status) => setChanging({ journey: j, status })}
                  onTest={() => setTesting(j)}
                />
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        !journeys.error && <Loading />
      )}
      {publishing && (
        <PublishDialog
          journey={publishing}
          version={latestOf(publishing)}
          onPublished={() => reload()}
          onClose={() => setPublishing(undefined)}
        />
      )}
      {testing && <TestJourneyDialog journey={testing} onClose={() => setTesting(undefined)} />}
      {changing && (
        <ConfirmDialog
          title={t(`journeys.confirm.${changing.status === "paused" ? "pause" : "archive"}`, {
            name: changing.journey.name,
          })}
          confirmLabel={t(changing.status === "paused" ? "journeys.pause" : "journeys.archive")}
          danger={changing.status === "archived"}
          onConfirm={async () => {
            await api.setJourneyStatus(changing.journey.id, { status: changing.status });
            reload();
          }}
          onClose={() => setChanging(undefined)}
        >
          {t(
            changing.status === "paused"
              ? "journeys.confirm.pauseText"
              : "journeys.confirm.archiveText",
          )}
        </ConfirmDialog>
      )}
    </div>
  );
}

function JourneyRow({
  journey: j,
  admin,
  onPublish,
  onStatus,
  onTest,
}: {
  journey: JourneySummary;
  admin: boolean;
  onPublish: () => void;
  onStatus: (status: JourneyStatus) => void;
  onTest: () => void;
}) {
  const { t, number } = useI18n();
  const stats = useJourneyStats(j.id);
  const href = `/journeys/${encodeURIComponent(j.id)}`;
  const count = (n: number | undefined) => (n === undefined ? t("common.none") : number(n));
  const latest = latestOf(j);
  return (
    <tr className="clickable" data-journey-id={j.id} onClick={() => navigate(href)}>
      <td>
        <Link to={href} className="strong" onClick={(e) => e.stopPropagation()}>
          {j.name}
        </Link>
        <div className="mono muted small">{j.id}</div>
      </td>
      <td>
        <JourneyStatusBadge status={j.status} />
      </td>
      <td className="nowrap">
        {j.publishedVersion !== null
          ? t("journeys.versionN", { version: j.publishedVersion })
          : t("common.none")}
        {latest > (j.publishedVersion ?? 0) && (
          <div className="muted small">{t("journeys.newerDraft", { version: latest })}</div>
        )}
      </td>
      <td className="align-right stat" data-count="entered">
        {count(stats?.totals.entered)}
      </td>
      <td className="align-right stat" data-count="waiting">
        {count(stats?.totals.waiting)}
      </td>
      <td className="align-right stat" data-count="sent">
        {count(stats && sentOf(stats))}
      </td>
      <td className="align-right stat" data-count="converted">
        {count(stats?.totals.converted)}
      </td>
      <td className="align-right stat" data-count="exited">
        {count(stats?.totals.exited)}
      </td>
      {admin && (
        <td className="align-right nowrap" onClick={(e) => e.stopPropagation()}>
          <div className="row-actions">
            {(j.status !== "published" || latest > (j.publishedVersion ?? 0)) && latest > 0 && (
              <button type="button" className="button button-small" onClick={onPublish}>
                {j.status === "paused" && latest === j.publishedVersion
                  ? t("journeys.resume")
                  : t("journeys.publish")}
              </button>
            )}
            {j.status === "published" && (
              <button type="button" className="button button-small" onClick={onTest}>
                {t("journeys.test")}
              </button>
            )}
            {j.status === "published" && (
              <button
                type="button"
                className="button button-small"
                onClick={() => onStatus("paused")}
              >
                {t("journeys.pause")}
              </button>
            )}
            {j.status !== "archived" && (
              <button
                type="button"
                className="button button-small button-danger-outline"
                onClick={() => onStatus("archived")}
              >
                {t("journeys.archive")}
              </button>
            )}
          </div>
        </td>
      )}
    </tr>
  );
}
