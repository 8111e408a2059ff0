import { useState } from "react";
import type { Source, WriteKeyInfo } from "../api/contract.js";
import { api } from "../api/endpoints.js";
import { useApi } from "../api/use-api.js";
import { useI18n } from "../i18n/i18n.js";
import { ConfirmDialog } from "../ui/confirm-dialog.js";
import { CopyButton } from "../ui/copy-button.js";
import { ErrorBanner } from "../ui/error-banner.js";
import { Empty, Loading } from "../ui/page.js";

/** A source's write keys: create one (shown once), see prefixes, revoke. */
export function KeysPanel({ source }: { source: Source }) {
  const { t, dateTime } = useI18n();
  const keys = useApi((signal) => api.writeKeys(source.id, signal), [source.id]);
  const [created, setCreated] = useState<{ key: string; id: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [revoking, setRevoking] = useState<WriteKeyInfo>();
  const revokedIds = new Set(keys.data?.filter((k) => k.revokedAt !== null).map((k) => k.id));

  const create = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const { key, info } = await api.createWriteKey(source.id);
      setCreated({ key, id: info.id });
      keys.reload();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="keys" data-testid={`keys-${source.id}`}>
      <div className="keys-header">
        <h3>{t("sources.keys")}</h3>
        <button
          type="button"
          className="button button-primary button-small"
          onClick={() => void create()}
          disabled={busy}
        >
          {t("keys.create")}
        </button>
      </div>
      <ErrorBanner error={error ?? keys.error} />
      {created && !revokedIds.has(created.id) && (
        <div className="new-key" role="status" data-testid="new-key">
          <strong>{t("keys.newKey", { source: source.name })}</strong>
          <div className="new-key-value">
            <code id={`new-key-${source.id}`}>{created.key}</code>
            <CopyButton text={created.key} targetId={`new-key-${source.id}`} />
          </div>
          <p className="small">{t("keys.newKeyNote")}</p>
          <button
            type="button"
            className="button button-small"
            onClick={() => setCreated(undefined)}
          >
            {t("common.close")}
          </button>
        </div>
      )}
      {!keys.data ? (
        !keys.error && <Loading />
      ) : keys.data.length === 0 ? (
        <Empty>{t("keys.none")}</Empty>
      ) : (
        <table className="table table-compact">
          <thead>
            <tr>
              <th>{t("keys.prefix")}</th>
              <th>{t("keys.created")}</th>
              <th>{t("keys.status")}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {keys.data.map((k) => (
              <tr key={k.id} data-key-id={k.id} className={k.revokedAt ? "revoked" : undefined}>
                <td className="mono">{k.prefix}…</td>
                <td className="nowrap">{dateTime(k.createdAt)}</td>
                <td>
                  {k.revokedAt === null ? (
                    <span className="badge consent-granted">{t("keys.active")}</span>
                  ) : (
                    <span className="badge consent-revoked">
                      {t("keys.revokedAt", { date: dateTime(k.revokedAt) })}
                    </span>
                  )}
                </td>
                <td className="align-right">
                  {k.revokedAt === null && (
                    <button
                      type="button"
                      className="button button-small button-danger-outline"
                      onClick={() => setRevoking(k)}
                    >
                      {t("keys.revoke")}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {revoking && (
        <ConfirmDialog
          title={t("keys.revokeTitle")}
          confirmLabel={t("keys.revoke")}
          danger
          onConfirm={async () => {
            await api.revokeWriteKey(revoking.id);
            // The key shown once is of no use any more: its box goes.
            if (revoking.id === created?.id) setCreated(undefined);
            keys.reload();
          }}
          onClose={() => setRevoking(undefined)}
        >
          <p>{t("keys.revokeText", { prefix: revoking.prefix })}</p>
        </ConfirmDialog>
      )}
    </div>
  );
}
