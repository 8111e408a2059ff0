import type { Condition } from "../api/contract.js";
import { useReferenceData } from "../app/reference-data.js";
import { useI18n } from "../i18n/i18n.js";
import { SegmentPicker } from "../segments/segment-picker.js";
import { ChannelSelect, ConsentFields, PathTestFields } from "./condition-fields.js";

const conditionTypes: readonly Condition["type"][] = [
  "trait",
  "event",
  "consent",
  "segment",
  "reachable",
];

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
            <PathTestFields
              path={c.path}
              op={c.op}
              value={c.value}
              placeholder={c.type === "trait" ? "language" : "properties.products[].category"}
              onChange={(next) => replace(i, { ...c, ...next })}
            />
          )}
          {c.type === "consent" && (
            <ConsentFields
              brandId={c.brandId}
              purpose={c.purpose}
              onChange={(next) => replace(i, { ...c, ...next })}
            />
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
            <ChannelSelect
              value={c.channel}
              onChange={(channel) => replace(i, { ...c, channel })}
            />
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
