import { useState } from "react";
import type { MessageQuery, UnknownResolution } from "../api/contract.js";
import { api } from "../api/endpoints.js";
import { useI18n } from "../i18n/i18n.js";
import { ConfirmDialog } from "../ui/confirm-dialog.js";

const actions: UnknownResolution[] = ["resend", "mark_sent", "mark_failed"];

/**
 * After a crash with a large delivery window many messages can be held as unknown at once:
 * one decision for all of them in the current filter (journey, brand, channel), confirmed.
 */
export function BulkUnknownDecision({
  filters,
  shown,
  onDecided,
}: {
  filters: MessageQuery;
  shown: number;
  onDecided: () => void;
}) {
  const { t, number } = useI18n();
  const [action, setAction] = useState<UnknownResolution>();
  const [done, setDone] = useState<string>();
  return (
    <div className="banner banner-warn" data-testid="bulk-unknown">
      <p>{t("outbox.unknown.bulk", { shown: number(shown) })}</p>
      <div className="button-row">
        {actions.map((a) => (
          <button key={a} type="button" className="button" onClick={() => setAction(a)}>
            {t("outbox.unknown.all", { action: t(`message.unknown.${a}`) })}
          </button>
        ))}
      </div>
      {done && (
        <p role="status" className="small">
          {done}
        </p>
      )}
      {action && (
        <ConfirmDialog
          title={t("outbox.unknown.confirm", { action: t(`message.unknown.${action}`) })}
          confirmLabel={t(`message.unknown.${action}`)}
          danger={action !== "resend"}
          onConfirm={async () => {
            const result = await api.resolveAllUnknown({
              action,
              ...(filters.journeyId ? { journeyId: filters.journeyId } : {}),
              ...(filters.brandId ? { brandId: filters.brandId } : {}),
              ...(filters.channel ? { channel: filters.channel } : {}),
            });
            setDone(t("outbox.unknown.done", { n: number(result.resolved) }));
            onDecided();
          }}
          onClose={() => setAction(undefined)}
        >
          {t("outbox.unknown.confirmText")}
        </ConfirmDialog>
      )}
    </div>
  );
}
