import { useEffect, useState } from "react";
import type { Profile360 } from "../api/contract.js";
import { api } from "../api/endpoints.js";
import { useApi } from "../api/use-api.js";
import { setFlash } from "../app/flash.js";
import { Link, navigate } from "../app/router.js";
import { useSession } from "../auth/session.js";
import { useI18n } from "../i18n/i18n.js";
import { IdentifierBadge } from "../ui/badges.js";
import { ConfirmDialog } from "../ui/confirm-dialog.js";
import { ErrorBanner } from "../ui/error-banner.js";
import { Loading } from "../ui/page.js";
import { ConsentMatrix } from "./consent-matrix.js";
import { displayNameOf } from "./display-name.js";
import { IdentitiesPanel } from "./identities-panel.js";
import { identifierText } from "./identifiers.js";
import { MergesPanel } from "./merges-panel.js";
import { Timeline } from "./timeline.js";
import { TraitsPanel } from "./traits-panel.js";
import { useDocumentTitle } from "../app/use-document-title.js";
import { MessageLog } from "../messages/message-log.js";
import { CustomerSegments } from "../segments/customer-segments.js";

const HEADER_TYPES = ["email", "phone", "loyalty_card", "user_id"] as const;

/** The 360° view of one customer: who they are, what they allowed, every touchpoint. */
export function CustomerPage({ id }: { id: string }) {
  const { t, date, dateTime } = useI18n();
  const session = useSession();
  const profile = useApi((signal) => api.customer(id, signal), [id]);
  const [timelineVersion, setTimelineVersion] = useState(0);
  useDocumentTitle(
    profile.data ? (displayNameOf(profile.data) ?? t("customers.anonymous")) : undefined,
  );

  // A merged-away id answers with the profile it went into: show that one's address.
  const canonicalId = profile.data?.id;
  useEffect(() => {
    if (canonicalId && canonicalId !== id)
      navigate(`/customers/${encodeURIComponent(canonicalId)}`, { replace: true });
  }, [canonicalId, id]);

  if (profile.error) {
    return (
      <div className="page">
        <BackLink />
        <ErrorBanner error={profile.error} onRetry={profile.reload} />
      </div>
    );
  }
  const p = profile.data;
  if (!p) {
    return (
      <div className="page">
        <BackLink />
        <Loading />
      </div>
    );
  }
  const name = displayNameOf(p) ?? t("customers.anonymous");
  const keyIds = HEADER_TYPES.flatMap((type) =>
    p.identifiers.filter((i) => i.type === type).slice(0, 1),
  );
  const afterMergeChange = () => {
    profile.reload();
    setTimelineVersion((v) => v + 1);
  };

  return (
    <div className="page">
      <BackLink />
      <header className="profile-header">
        <div className="avatar" aria-hidden="true">
          {initials(displayNameOf(p) ?? null)}
        </div>
        <div className="profile-title">
          <h1>{name}</h1>
          <ul className="key-identifiers">
            {keyIds.map((i) => (
              <li key={`${i.type}:${i.value}`}>
                <IdentifierBadge type={i.type} />
                <span className="mono">{identifierText(i)}</span>
              </li>
            ))}
          </ul>
          <p className="muted small">
            {t("customer.since", { date: date(p.createdAt) })} ·{" "}
            {t("customer.updated", { date: dateTime(p.updatedAt) })}
          </p>
        </div>
        {session.can("customers:write") && <ProfileActions profile={p} />}
      </header>
      <ConsentMatrix
        profile={p}
        onChange={(consents) => profile.set({ ...p, consents })}
        onReload={profile.reload}
      />
      <div className="profile-grid">
        <div className="profile-side">
          <IdentitiesPanel identifiers={p.identifiers} />
          <TraitsPanel traits={p.traits} />
          <CustomerSegments profileId={p.id} />
          <MergesPanel profileId={p.id} merges={p.merges} onUndone={afterMergeChange} />
          <MessageLog profileId={p.id} />
        </div>
        <Timeline key={`${p.id}/${timelineVersion}`} profileId={p.id} />
      </div>
    </div>
  );
}

function BackLink() {
  const { t } = useI18n();
  return (
    <Link to="/customers" className="back-link">
      ← {t("customer.back")}
    </Link>
  );
}

function initials(name: string | null): string {
  if (!name) return "?";
  const parts = name.split(/\s+/).filter(Boolean);
  return (
    (parts[0]?.[0] ?? "") + (parts.length > 1 ? (parts[parts.length - 1]?.[0] ?? "") : "")
  ).toUpperCase();
}

function ProfileActions({ profile }: { profile: Profile360 }) {
  const { t } = useI18n();
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<unknown>();
  const [exporting, setExporting] = useState(false);

  const exportData = async () => {
    setExporting(true);
    setError(undefined);
    try {
      await api.exportCustomer(profile.id);
    } catch (failure) {
      setError(failure);
    } finally {
      setExporting(false);
    }
  };
  const erase = async () => {
    const report = await api.eraseCustomer(profile.id);
    setFlash(t("customers.erased", { ...report }));
    navigate("/customers");
  };

  return (
    <div className="profile-actions">
      <button
        type="button"
        className="button"
        onClick={() => void exportData()}
        disabled={exporting}
      >
        {t("customer.export")}
      </button>
      <button
        type="button"
        className="button button-danger-outline"
        onClick={() => setConfirming(true)}
      >
        {t("customer.erase")}
      </button>
      <ErrorBanner error={error} />
      {confirming && (
        <ConfirmDialog
          title={t("customer.eraseTitle")}
          confirmLabel={t("customer.eraseConfirm")}
          danger
          onConfirm={erase}
          onClose={() => setConfirming(false)}
        >
          <p>{t("customer.eraseText", { name: displayNameOf(profile) ?? profile.id })}</p>
        </ConfirmDialog>
      )}
    </div>
  );
}
