import { useState } from "react";
import type { MergeRecord } from "../api/contract.js";
import { api } from "../api/endpoints.js";
import { Link } from "../app/router.js";
import { useSession } from "../auth/session.js";
import { useI18n } from "../i18n/i18n.js";
import { IdentifierBadge } from "../ui/badges.js";
import { ConfirmDialog } from "../ui/confirm-dialog.js";
import { Empty, Panel } from "../ui/page.js";
import { identifierText } from "./identifiers.js";

/** How this profile came to be one: each merge, what joined it, and undo for admins. */
interface MergesPanelProps {
  profileId: string;
  merges: MergeRecord[];
  onUndone: () => void;
}

export function MergesPanel({ profileId, merges, onUndone }: MergesPanelProps) {
  const { t, dateTime } = useI18n();
  const session = useSession();
  const [undoing, setUndoing] = useState<MergeRecord>();

  return (
    <Panel title={t("customer.merges")} id="merges">
      {merges.length === 0 ? (
        <Empty>{t("merges.none")}</Empty>
      ) : (
        <ol className="merge-list">
          {merges.map((m) => (
            <li key={m.id} className={m.undoneAt ? "merge undone" : "merge"} data-merge-id={m.id}>
              <div className="merge-head">
                <span className="nowrap muted small">{dateTime(m.createdAt)}</span>
                {m.undoneAt === null && session.can("customers:write") && (
                  <button
                    type="button"
                    className="button button-small"
                    onClick={() => setUndoing(m)}
                  >
                    {t("merges.undo")}
                  </button>
                )}
              </div>
              <p className="small">
                {t("merges.summary", { loser: m.loserId, winner: m.winnerId })}
                {m.undoneAt !== null && (
                  <strong> · {t("merges.undone", { date: dateTime(m.undoneAt) })}</strong>
                )}
              </p>
              {m.undoneAt !== null && (
                <Link
                  className="small"
                  to={`/customers/${encodeURIComponent(m.loserId === profileId ? m.winnerId : m.loserId)}`}
                >
                  {t("merges.openOther")}
                </Link>
              )}
              <IdentifierLine label={t("merges.via")} ids={m.via} />
              <IdentifierLine label={t("merges.moved")} ids={m.moved} />
            </li>
          ))}
        </ol>
      )}
      {undoing && (
        <ConfirmDialog
          title={t("merges.undoTitle")}
          confirmLabel={t("merges.undo")}
          onConfirm={async () => {
            await api.undoMerge(undoing.id);
            onUndone();
          }}
          onClose={() => setUndoing(undefined)}
        >
          <p>{t("merges.undoText")}</p>
          <IdentifierLine label={t("merges.moved")} ids={undoing.moved} />
        </ConfirmDialog>
      )}
    </Panel>
  );
}

function IdentifierLine({ label, ids }: { label: string; ids: MergeRecord["via"] }) {
  if (ids.length === 0) return null;
  return (
    <div className="identifier-line small">
      <span className="muted">{label}:</span>
      {ids.map((i) => (
        <span key={`${i.type}:${i.value}`} className="nowrap">
          <IdentifierBadge type={i.type} /> <span className="mono">{identifierText(i)}</span>
        </span>
      ))}
    </div>
  );
}
