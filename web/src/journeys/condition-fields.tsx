import {
  channels,
  consentPurposes,
  type Channel,
  type Condition,
  type ConsentPurpose,
  type Operator,
} from "../api/contract.js";
import { useReferenceData } from "../app/reference-data.js";
import { useI18n } from "../i18n/i18n.js";
import { formatValue, operators, valueOf } from "./condition-values.js";

type PathValue = Extract<Condition, { type: "trait" }>["value"];

/** Path, operator and value of a test on traits or event properties. */
export function PathTestFields({
  path,
  op,
  value,
  placeholder,
  onChange,
}: {
  path: string;
  op: Operator;
  value: PathValue;
  placeholder: string;
  onChange: (next: { path: string; op: Operator; value: PathValue }) => void;
}) {
  const { t } = useI18n();
  return (
    <>
      <input
        aria-label={t("journeys.conditions.path")}
        placeholder={placeholder}
        value={path}
        onChange={(e) => onChange({ path: e.target.value, op, value })}
      />
      <select
        className="select"
        aria-label={t("journeys.conditions.op")}
        value={op}
        onChange={(e) => {
          const next = e.target.value as Operator;
          onChange({ path, op: next, value: valueOf(next, formatValue(value)) });
        }}
      >
        {operators.map((o) => (
          <option key={o} value={o}>
            {t(`journeys.op.${o}`)}
          </option>
        ))}
      </select>
      {op !== "exists" && op !== "not_exists" && (
        <input
          aria-label={t("journeys.conditions.value")}
          title={t("journeys.conditions.valueHint")}
          placeholder={op === "in" ? "de, fr, it" : ""}
          value={formatValue(value)}
          onChange={(e) => onChange({ path, op, value: valueOf(op, e.target.value) })}
        />
      )}
    </>
  );
}

/** The brand and purpose of a consent test; a brand no longer known stays shown. */
export function ConsentFields({
  brandId,
  purpose,
  onChange,
}: {
  brandId: string;
  purpose: ConsentPurpose;
  onChange: (next: { brandId: string; purpose: ConsentPurpose }) => void;
}) {
  const { t } = useI18n();
  const { brands } = useReferenceData();
  return (
    <>
      <select
        className="select"
        aria-label={t("consent.brand")}
        value={brandId}
        onChange={(e) => onChange({ brandId: e.target.value, purpose })}
      >
        {!brands.some((b) => b.id === brandId) && <option value={brandId}>{brandId}</option>}
        {brands.map((b) => (
          <option key={b.id} value={b.id}>
            {b.name}
          </option>
        ))}
      </select>
      <select
        className="select"
        aria-label={t("journeys.conditions.purpose")}
        value={purpose}
        onChange={(e) => onChange({ brandId, purpose: e.target.value as ConsentPurpose })}
      >
        {consentPurposes.map((p) => (
          <option key={p} value={p}>
            {t(`consent.purpose.${p}`)}
          </option>
        ))}
      </select>
    </>
  );
}

export function ChannelSelect({
  value,
  onChange,
}: {
  value: Channel;
  onChange: (channel: Channel) => void;
}) {
  const { t } = useI18n();
  return (
    <select
      className="select"
      aria-label={t("journeys.conditions.channel")}
      value={value}
      onChange={(e) => onChange(e.target.value as Channel)}
    >
      {channels.map((ch) => (
        <option key={ch} value={ch}>
          {t(`channel.${ch}`)}
        </option>
      ))}
    </select>
  );
}
