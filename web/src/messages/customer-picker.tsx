import { useId, useState } from "react";
import type { ProfileSummary } from "../api/contract.js";
import { api } from "../api/endpoints.js";
import { useApi } from "../api/use-api.js";
import { useDebounced } from "../customers/use-debounced.js";
import { useI18n } from "../i18n/i18n.js";

/** The one customer a preview or a test run is for, found by the customer search. */
export function CustomerPicker({
  label,
  value,
  onChange,
}: {
  label: string;
  value: ProfileSummary | undefined;
  onChange: (customer: ProfileSummary | undefined) => void;
}) {
  const { t } = useI18n();
  const id = useId();
  const [q, setQ] = useState("");
  const query = useDebounced(q.trim(), 250);
  const results = useApi(
    (signal) =>
      query ? api.searchCustomers(query, 8, signal) : Promise.resolve([] as ProfileSummary[]),
    [query],
  );

  if (value) {
    const email = value.identifiers.find((i) => i.type === "email")?.value;
    return (
      <div className="field customer-picker" data-testid="customer-picker">
        <span>{label}</span>
        <div className="customer-picked">
          <span className="strong" data-testid="picked-customer">
            {value.displayName ?? t("customers.anonymous")}
          </span>
          {email && <span className="muted small">{email}</span>}
          <button type="button" className="button button-small" onClick={() => onChange(undefined)}>
            {t("picker.change")}
          </button>
        </div>
      </div>
    );
  }
  const rows = results.data ?? [];
  return (
    <div className="field customer-picker" data-testid="customer-picker">
      <label htmlFor={id}>
        <span className="strong small">{label}</span>
      </label>
      <input
        id={id}
        type="search"
        value={q}
        placeholder={t("picker.placeholder")}
        autoComplete="off"
        onChange={(e) => setQ(e.target.value)}
      />
      {query && results.data && rows.length === 0 && (
        <span className="muted small">{t("picker.none")}</span>
      )}
      {rows.length > 0 && (
        <ul className="picker-results" role="listbox" aria-label={label}>
          {rows.map((p) => (
            <li key={p.id}>
              <button
                type="button"
                role="option"
                aria-selected={false}
                className="picker-option"
                onClick={() => {
                  onChange(p);
                  setQ("");
                }}
              >
                <span className="strong">{p.displayName ?? t("customers.anonymous")}</span>{" "}
                <span className="muted small">
                  {p.identifiers.find((i) => i.type === "email")?.value ??
                    p.identifiers[0]?.value ??
                    p.id}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
