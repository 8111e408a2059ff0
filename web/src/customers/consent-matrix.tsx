import { useState, type ReactNode } from "react";
import {
  consentPurposes,
  consentStatuses,
  type Consent,
  type ConsentPurpose,
  type ConsentStatus,
  type Profile360,
} from "../api/contract.js";
import { api } from "../api/endpoints.js";
import { useReferenceData } from "../app/reference-data.js";
import { useSession } from "../auth/session.js";
import { useI18n } from "../i18n/i18n.js";
import { BrandBadge, ConsentBadge } from "../ui/badges.js";
import { ErrorBanner } from "../ui/error-banner.js";
import { Empty, Panel } from "../ui/page.js";

interface ConsentMatrixProps {
  profile: Profile360;
  onChange: (consents: Consent[]) => void;
  onReload: () => void;
}

/** Consent per brand (rows) and purpose (columns); admins change a cell in place. */
export function ConsentMatrix({ profile, onChange, onReload }: ConsentMatrixProps) {
  const { t, dateTime } = useI18n();
  const { brands } = useReferenceData();
  const sourceLabel = useSourceLabel();
  const session = useSession();
  const editable = session.can("customers:write");
  const [error, setError] = useState<unknown>();
  const [saving, setSaving] = useState<string>();

  const byCell = new Map(profile.consents.map((c) => [`${c.brandId}/${c.purpose}`, c]));
  const brandIds = [
    ...new Set([...brands.map((b) => b.id), ...profile.consents.map((c) => c.brandId)]),
  ];

  const change = async (brandId: string, purpose: ConsentPurpose, status: ConsentStatus) => {
    const cell = `${brandId}/${purpose}`;
    setSaving(cell);
    setError(undefined);
    try {
      onChange(await api.setConsent(profile.id, { brandId, purpose, status, expiresAt: null }));
      onReload();
    } catch (failure) {
      setError(failure);
    } finally {
      setSaving(undefined);
    }
  };

  return (
    <Panel title={t("customer.consents")} id="consents">
      <ErrorBanner error={error} />
      {brandIds.length === 0 ? (
        <Empty>{t("consent.noBrands")}</Empty>
      ) : (
        <div className="table-scroll">
          <table className="table consent-matrix">
            <thead>
              <tr>
                <th>{t("consent.brand")}</th>
                {consentPurposes.map((purpose) => (
                  <th key={purpose}>{t(`consent.purpose.${purpose}`)}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {brandIds.map((brandId) => (
                <tr key={brandId} data-brand={brandId}>
                  <th scope="row">
                    <BrandBadge brandId={brandId} />
                  </th>
                  {consentPurposes.map((purpose) => {
                    const consent = byCell.get(`${brandId}/${purpose}`);
                    return (
                      <td key={purpose} data-purpose={purpose}>
                        <ConsentCell consent={consent}>
                          {editable && (
                            <ConsentSelect
                              brandId={brandId}
                              purpose={purpose}
                              current={consent?.status}
                              disabled={saving === `${brandId}/${purpose}`}
                              onSelect={(status) => void change(brandId, purpose, status)}
                            />
                          )}
                        </ConsentCell>
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {profile.consentHistory.length > 0 && (
        <details className="history">
          <summary>{t("consent.history", { count: profile.consentHistory.length })}</summary>
          <ol className="history-list">
            {profile.consentHistory.map((h, index) => (
              <li key={index}>
                <span className="nowrap muted">{dateTime(h.at)}</span>{" "}
                <BrandBadge brandId={h.brandId} /> {t(`consent.purpose.${h.purpose}`)}{" "}
                <ConsentBadge status={h.status} />{" "}
                <span className="muted small" title={h.source}>
                  {sourceLabel(h.source)}
                </span>
              </li>
            ))}
          </ol>
        </details>
      )}
    </Panel>
  );
}

function ConsentCell({ consent, children }: { consent: Consent | undefined; children: ReactNode }) {
  const { t, date, dateTime } = useI18n();
  const sourceLabel = useSourceLabel();
  const head = (
    <div className="consent-cell-head">
      <ConsentBadge status={consent?.status ?? "none"} />
      {children}
    </div>
  );
  if (!consent) return <div className="consent-cell">{head}</div>;
  const expired = consent.expiresAt !== null && consent.expiresAt <= Date.now();
  return (
    <div className="consent-cell">
      {head}
      <span className="small muted nowrap">{dateTime(consent.at)}</span>
      <span className="small muted break" title={consent.source}>
        {sourceLabel(consent.source)}
      </span>
      {consent.expiresAt !== null && (
        <span className={expired ? "small warn" : "small muted"}>
          {t(expired ? "consent.expired" : "consent.expires", { date: date(consent.expiresAt) })}
        </span>
      )}
    </div>
  );
}

/** Who recorded a consent: a source by its name, a user of the app by their email. */
function useSourceLabel(): (source: string) => string {
  const { t } = useI18n();
  const { sourceName } = useReferenceData();
  return (source) =>
    source.startsWith("user:")
      ? t("consent.byUser", { user: source.slice("user:".length) })
      : t("consent.via", { source: sourceName(source) });
}

interface ConsentSelectProps {
  brandId: string;
  purpose: ConsentPurpose;
  current: ConsentStatus | undefined;
  disabled: boolean;
  onSelect: (status: ConsentStatus) => void;
}

function ConsentSelect({ brandId, purpose, current, disabled, onSelect }: ConsentSelectProps) {
  const { t } = useI18n();
  const { brandName } = useReferenceData();
  return (
    <select
      className="select select-small"
      aria-label={t("consent.changeLabel", {
        purpose: t(`consent.purpose.${purpose}`),
        brand: brandName(brandId),
      })}
      value=""
      disabled={disabled}
      onChange={(e) => {
        const status = consentStatuses.find((s) => s === e.target.value);
        if (status) onSelect(status);
      }}
    >
      <option value="" disabled>
        {t("consent.change")}
      </option>
      {consentStatuses
        .filter((status) => status !== current)
        .map((status) => (
          <option key={status} value={status}>
            {t(`consent.status.${status}`)}
          </option>
        ))}
    </select>
  );
}
