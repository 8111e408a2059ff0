import { consentPurposes, channels, type Condition, type Operator } from "../api/contract.js";
import { useReferenceData } from "../app/reference-data.js";
import { useI18n } from "../i18n/i18n.js";
import { SegmentPicker } from "../segments/segment-picker.js";
import { valueText } from "./journey-text.js";

export const operators: readonly Operator[] = [
  "eq",
  "neq",
  "gt",
  "gte",
  "lt",
  "lte",
  "contains",
  "in",
  "exists",
  "not_exists",
];
const conditionTypes: readonly Condition["type"][] = [
  "trait",
  "event",
  "consent",
  "segment",
  "reachable",
];

/** A typed value from a text field: numbers and true/false as such, "quoted" stays text. */
export function parseValue(text: string): string | number | boolean {
  const trimmed = text.trim();
  if (/^".*"$/.test(trimmed)) return trimmed.slice(1, -1);
  if (trimmed === "true") return true;
  if (trimmed === "false") return false;
  if (trimmed !== "" && /^-?\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
  return text;
}

/** The text of a typed value: text that would read as a number or true/false gets quotes. */
export function formatValue(value: unknown): string {
  if (typeof value === "string") return parseValue(value) === value ? value : `"${value}"`;
  return valueText(value);
}

type ConditionValue = Extract<Condition, { type: "trait" }>["value"];

export function valueOf(op: Operator, text: string): ConditionValue {
  if (op === "exists" || op === "not_exists") return undefined;
  if (op === "in") return text.split(",").map((part) => parseValue(part.trim()));
  return parseValue(text);
}

function blank(type: Condition["type"], brandId: string): Condition {
  switch (type) {
    case "trait":
    case "event":
      return { type, path: "", op: "eq", value: "" };
    case "consent":
      return { type, brandId, purpose: "email_marketing" };
    case "segment":
      return { type, segmentId: "", member: true };
    case "reachable":
      return { type, channel: "email" };
  }
}

interface ConditionListProps {
  label: string;
  value: Condition[];
  onChange: (next: Condition[]) => void;
  /** At least one condition (a branch path). */
  required?: boolean;
  readOnly?: boolean;
}

/** Conditions that must all hold: on traits, the event, consent, segments, reachability. */
export function ConditionList({ label, value, onChange, required, readOnly }: ConditionListProps) {
  const { t } = useI18n();
  const { brands } = useReferenceData();
  const firstBrand = brands[0]?.id ?? "";
  const replace = (i: number, c: Condition) => onChange(value.map((old, j) => (j === i ? c : old)));

  return (
    <fieldset className="conditions" disabled={readOnly}>
      <legend>{label}</legend>
      {value.length === 0 && <p className="muted small">{t("journeys.conditions.none")}</p>}
      {value.map((c, i) => (
        <div key={i} className="condition" data-testid="condition">
          <select
            className="select"
            aria-label={t("journeys.conditions.type")}
            value={c.type}
            onChange={(e) => replace(i, blank(e.target.value as Condition["type"], firstBrand))}
          >
            {conditionTypes.map((type) => (
              <option key={type} value={type}>
                {t(`journeys.conditionType.${type}`)}
              </option>
            ))}
          </select>
          {(c.type === "trait" || c.type === "event") && (
            <>
              <input
                aria-label={t("journeys.conditions.path")}
                placeholder={c.type === "trait" ? "language" : "properties.products[].category"}
                value={c.path}
                onChange={(e) => replace(i, { ...c, path: e.target.value })}
              />
              <select
                className="select"
                aria-label={t("journeys.conditions.op")}
                value={c.op}
                onChange={(e) => {
                  const op = e.target.value as Operator;
                  replace(i, { ...c, op, value: valueOf(op, formatValue(c.value)) });
                }}
              >
                {operators.map((op) => (
                  <option key={op} value={op}>
                    {t(`journeys.op.${op}`)}
                  </option>
                ))}
              </select>
              {c.op !== "exists" && c.op !== "not_exists" && (
                <input
                  aria-label={t("journeys.conditions.value")}
                  title={t("journeys.conditions.valueHint")}
                  placeholder={c.op === "in" ? "de, fr, it" : ""}
                  value={formatValue(c.value)}
                  onChange={(e) => replace(i, { ...c, value: valueOf(c.op, e.target.value) })}
                />
              )}
            </>
          )}
          {c.type === "consent" && (
            <>
              <select
                className="select"
                aria-label={t("consent.brand")}
                value={c.brandId}
                onChange={(e) => replace(i, { ...c, brandId: e.target.value })}
              >
                {!brands.some((b) => b.id === c.brandId) && (
                  <option value={c.brandId}>{c.brandId}</option>
                )}
                {brands.map((b) => (
                  <option key={b.id} value={b.id}>
                    {b.name}
                  </option>
                ))}
              </select>
              <select
                className="select"
                aria-label={t("journeys.conditions.purpose")}
                value={c.purpose}
                onChange={(e) =>
                  replace(i, { ...c, purpose: e.target.value as (typeof consentPurposes)[number] })
                }
              >
                {consentPurposes.map((p) => (
                  <option key={p} value={p}>
                    {t(`consent.purpose.${p}`)}
                  </option>
                ))}
              </select>
            </>
          )}
          {c.type === "segment" && (
            <>
              <SegmentPicker
                label={t("journeys.conditions.segment")}
                value={c.segmentId}
                onChange={(segmentId) => replace(i, { ...c, segmentId })}
              />
              <select
                className="select"
                aria-label={t("journeys.conditions.member")}
                value={c.member === false ? "no" : "yes"}
                onChange={(e) => replace(i, { ...c, member: e.target.value === "yes" })}
              >
                <option value="yes">{t("journeys.condition.inSegment")}</option>
                <option value="no">{t("journeys.condition.notInSegment")}</option>
              </select>
            </>
          )}
          {c.type === "reachable" && (
            <select
              className="select"
              aria-label={t("journeys.conditions.channel")}
              value={c.channel}
              onChange={(e) =>
                replace(i, { ...c, channel: e.target.value as (typeof channels)[number] })
              }
            >
              {channels.map((ch) => (
                <option key={ch} value={ch}>
                  {t(`channel.${ch}`)}
                </option>
              ))}
            </select>
          )}
          {!readOnly && (!required || value.length > 1) && (
            <button
              type="button"
              className="button button-small button-danger-outline"
              aria-label={t("journeys.conditions.remove")}
              onClick={() => onChange(value.filter((_, j) => j !== i))}
            >
              ×
            </button>
          )}
        </div>
      ))}
      {!readOnly && (
        <button
          type="button"
          className="button button-small"
          onClick={() => onChange([...value, blank("trait", firstBrand)])}
        >
          {t("journeys.conditions.add")}
        </button>
      )}
    </fieldset>
  );
}
