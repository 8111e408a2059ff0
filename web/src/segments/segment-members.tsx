import { useEffect, useState } from "react";
import type { SegmentMemberRow } from "../api/contract.js";
import { api } from "../api/endpoints.js";
import { Link } from "../app/router.js";
import { useI18n } from "../i18n/i18n.js";
import { ErrorBanner } from "../ui/error-banner.js";
import { Empty, Panel } from "../ui/page.js";

const PAGE = 50;

/** Who is in a segment, newest first, a page at a time. */
export function SegmentMembers({ segmentId, total }: { segmentId: string; total: number }) {
  const { t, dateTime, number } = useI18n();
  const [rows, setRows] = useState<SegmentMemberRow[]>([]);
  const [error, setError] = useState<unknown>();
  const [offset, setOffset] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    api.segmentMembers(segmentId, { limit: PAGE, offset }, controller.signal).then(
      (page) => setRows((old) => (offset === 0 ? page.members : [...old, ...page.members])),
      (failure: unknown) => !controller.signal.aborted && setError(failure),
    );
    return () => controller.abort();
  }, [segmentId, offset]);

  return (
    <Panel title={`${t("segments.members")} (${number(total)})`} id="segment-members">
      <ErrorBanner error={error} />
      {total === 0 ? (
        <Empty>{t("segments.noMembers")}</Empty>
      ) : (
        <table className="table table-compact" data-testid="segment-members-table">
          <thead>
            <tr>
              <th>{t("segments.col.name")}</th>
              <th>{t("segments.since")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((m) => (
              <tr key={m.profileId}>
                <td>
                  <Link to={`/customers/${encodeURIComponent(m.profileId)}`}>
                    {m.displayName ?? m.profileId}
                  </Link>
                </td>
                <td>{dateTime(m.enteredAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {rows.length < total && rows.length >= offset + PAGE && (
        <button type="button" className="button" onClick={() => setOffset(offset + PAGE)}>
          {t("segments.more")}
        </button>
      )}
    </Panel>
  );
}
