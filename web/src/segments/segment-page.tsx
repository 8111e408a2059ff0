import { lazy, Suspense, useEffect, useState } from "react";
import type { SegmentDefinition, SegmentDetail, SegmentPreview } from "../api/contract.js";
import { api } from "../api/endpoints.js";
import { useApi } from "../api/use-api.js";
import { clearFlash, peekFlash, setFlash } from "../app/flash.js";
import { Link, navigate } from "../app/router.js";
import { useDocumentTitle } from "../app/use-document-title.js";
import { useSession } from "../auth/session.js";
import { useDebounced } from "../customers/use-debounced.js";
import { useI18n } from "../i18n/i18n.js";
import { ConfirmDialog } from "../ui/confirm-dialog.js";
import { ErrorBanner } from "../ui/error-banner.js";
import { Empty, Loading, Panel } from "../ui/page.js";
import { blankTest, RuleEditor } from "./rule-editor.js";
import { SegmentMembers } from "./segment-members.js";

/** The chart library is loaded with the first chart, not with the app. */
const SegmentTrendChart = lazy(() => import("./segment-trend-chart.js"));

const fresh = (): SegmentDefinition => ({
  id: "",
  name: "",
  description: "",
  rule: { match: "all", conditions: [blankTest("performed", "")] },
});

/** A segment: its rule (editable by admins, with a live count), trend, members and journeys. */
export function SegmentPage({ id }: { id?: string }) {
  const { t } = useI18n();
  const detail = useApi<SegmentDetail | undefined>(
    (signal) => (id ? api.segment(id, signal) : Promise.resolve(undefined)),
    [id],
  );
  // A large database is built by the worker: look again until it is done.
  const building = detail.data?.builtAt === null;
  const { reload } = detail;
  useEffect(() => {
    if (!building) return;
    const timer = setInterval(reload, 2000);
    return () => clearInterval(timer);
  }, [building, reload]);
  if (id && !detail.data)
    return detail.error ? (
      <ErrorBanner error={detail.error} onRetry={detail.reload} />
    ) : (
      <Loading />
    );
  return (
    <SegmentEditor
      key={detail.data?.updatedAt ?? "new"}
      detail={detail.data}
      onSaved={detail.reload}
      title={detail.data?.definition.name ?? t("segments.new")}
    />
  );
}

function SegmentEditor({
  detail,
  onSaved,
  title,
}: {
  detail: SegmentDetail | undefined;
  onSaved: () => void;
  title: string;
}) {
  const { t, number } = useI18n();
  useDocumentTitle(title);
  const admin = useSession().can("settings:write");
  const [draft, setDraft] = useState<SegmentDefinition>(() => detail?.definition ?? fresh());
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [notice, setNotice] = useState<string | undefined>(peekFlash);
  useEffect(clearFlash, []);

  const rule = useDebounced(draft.rule, 500);
  const [preview, setPreview] = useState<SegmentPreview | "busy" | undefined>();
  useEffect(() => {
    const controller = new AbortController();
    setPreview("busy");
    api.previewSegment(rule, controller.signal).then(setPreview, () => {
      // An unfinished rule (an empty event name) has no count yet; saving shows the error.
      if (!controller.signal.aborted) setPreview(undefined);
    });
    return () => controller.abort();
  }, [rule]);

  const save = async () => {
    setBusy(true);
    setError(undefined);
    setNotice(undefined);
    try {
      const saved = await api.saveSegment(draft);
      setFlash(
        saved.builtAt === null
          ? t("segments.savedBuilding")
          : t("segments.saved", { members: number(saved.members) }),
      );
      if (!detail) navigate(`/segments/${encodeURIComponent(saved.definition.id)}`);
      else onSaved();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="page segment-page">
      <header className="page-header">
        <h1>
          <Link to="/segments" className="muted">
            {t("segments.title")}
          </Link>{" "}
          / {title}
        </h1>
        {detail && (
          <div className="page-header-extra">
            <span className="badge" data-testid="segment-count">
              {detail.build
                ? t("segments.building", {
                    percent: Math.floor(
                      (100 * detail.build.done) / Math.max(1, detail.build.customers),
                    ),
                  })
                : t("segments.membersTotal", { total: number(detail.members) })}
            </span>
            {admin && (
              <button
                type="button"
                className="button button-danger-outline"
                onClick={() => setDeleting(true)}
              >
                {t("segments.delete")}
              </button>
            )}
          </div>
        )}
      </header>
      {notice && (
        <p className="banner banner-success" role="status">
          {notice}
        </p>
      )}
      <ErrorBanner error={error} />
      <Panel title={t("segments.rule")} id="segment-rule">
        <div className="form-grid">
          {!detail && (
            <label className="field">
              <span>{t("segments.field.id")}</span>
              <input
                value={draft.id}
                placeholder="wine-lovers"
                title={t("segments.field.idHint")}
                onChange={(e) => setDraft({ ...draft, id: e.target.value })}
                disabled={!admin}
              />
            </label>
          )}
          <label className="field">
            <span>{t("segments.field.name")}</span>
            <input
              value={draft.name}
              onChange={(e) => setDraft({ ...draft, name: e.target.value })}
              disabled={!admin}
            />
          </label>
          <label className="field">
            <span>{t("segments.field.description")}</span>
            <input
              value={draft.description}
              onChange={(e) => setDraft({ ...draft, description: e.target.value })}
              disabled={!admin}
            />
          </label>
        </div>
        <RuleEditor
          rule={draft.rule}
          onChange={(next) => setDraft({ ...draft, rule: next })}
          readOnly={!admin}
        />
        <p className="muted" role="status" data-testid="segment-preview">
          {preview === "busy"
            ? t("segments.previewing")
            : preview
              ? preview.scanned < preview.total
                ? t("segments.previewPartial", {
                    matched: number(preview.matched),
                    scanned: number(preview.scanned),
                    total: number(preview.total),
                  })
                : t("segments.preview", {
                    matched: number(preview.matched),
                    total: number(preview.total),
                  })
              : ""}
        </p>
        {admin && (
          <div className="button-row">
            <button
              type="button"
              className="button button-primary"
              disabled={busy || draft.id === "" || draft.name === ""}
              onClick={() => void save()}
            >
              {t("segments.save")}
            </button>
          </div>
        )}
      </Panel>
      {detail && (
        <>
          <Panel title={t("segments.trend")} id="segment-trend">
            {detail.trend.length === 0 ? (
              <Empty>{t("segments.trend.empty")}</Empty>
            ) : (
              <Suspense fallback={<Loading />}>
                <SegmentTrendChart trend={detail.trend} />
              </Suspense>
            )}
          </Panel>
          <SegmentMembers
            key={detail.builtAt ?? "building"}
            segmentId={detail.definition.id}
            total={detail.members}
          />
          <Panel title={t("segments.usedBy")} id="segment-journeys">
            {detail.journeys.length === 0 ? (
              <Empty>{t("segments.usedByNone")}</Empty>
            ) : (
              <ul>
                {detail.journeys.map((j) => (
                  <li key={j}>
                    <Link to={`/journeys/${encodeURIComponent(j)}`}>{j}</Link>
                  </li>
                ))}
              </ul>
            )}
          </Panel>
        </>
      )}
      {deleting && detail && (
        <ConfirmDialog
          title={t("segments.confirmDelete", { name: detail.definition.name })}
          confirmLabel={t("segments.delete")}
          danger
          onConfirm={async () => {
            await api.deleteSegment(detail.definition.id);
            navigate("/segments");
          }}
          onClose={() => setDeleting(false)}
        >
          {t("segments.confirmDeleteText")}
        </ConfirmDialog>
      )}
    </div>
  );
}
