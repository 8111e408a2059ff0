import { api } from "../api/endpoints.js";
import { useApi } from "../api/use-api.js";
import { Link, navigate } from "../app/router.js";
import { useDocumentTitle } from "../app/use-document-title.js";
import { useSession } from "../auth/session.js";
import { useI18n } from "../i18n/i18n.js";
import { ErrorBanner } from "../ui/error-banner.js";
import { Empty, Loading, PageHeader } from "../ui/page.js";

/** Every segment with its live member count; admins create new ones. */
export function SegmentsPage() {
  const { t, number, dateTime } = useI18n();
  useDocumentTitle(t("segments.title"));
  const admin = useSession().can("settings:write");
  const segments = useApi((signal) => api.segments(signal), []);
  const rows = segments.data ?? [];
  return (
    <div className="page">
      <PageHeader title={t("segments.title")}>
        {admin && (
          <Link to="/segments/new" className="button button-primary">
            {t("segments.new")}
          </Link>
        )}
      </PageHeader>
      <ErrorBanner error={segments.error} onRetry={segments.reload} />
      {segments.data && rows.length === 0 ? (
        <Empty>{t("segments.empty")}</Empty>
      ) : segments.data ? (
        <div className="table-scroll panel">
          <table className="table table-hover" data-testid="segments-table">
            <thead>
              <tr>
                <th>{t("segments.col.name")}</th>
                <th className="align-right">{t("segments.col.members")}</th>
                <th>{t("segments.col.built")}</th>
                <th>{t("segments.col.updated")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((s) => (
                <tr
                  key={s.definition.id}
                  className="clickable"
                  onClick={() => navigate(`/segments/${encodeURIComponent(s.definition.id)}`)}
                >
                  <td>
                    <Link to={`/segments/${encodeURIComponent(s.definition.id)}`}>
                      {s.definition.name}
                    </Link>
                    {s.definition.description && (
                      <div className="muted small">{s.definition.description}</div>
                    )}
                  </td>
                  <td className="align-right" data-testid="segment-members">
                    {number(s.members)}
                  </td>
                  <td>
                    {s.build
                      ? t("segments.building", {
                          percent: Math.floor(
                            (100 * s.build.done) / Math.max(1, s.build.customers),
                          ),
                        })
                      : dateTime(s.builtAt ?? s.updatedAt)}
                  </td>
                  <td>{dateTime(s.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        !segments.error && <Loading />
      )}
    </div>
  );
}
