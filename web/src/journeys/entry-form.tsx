import { SegmentPicker } from "../segments/segment-picker.js";
import type { JourneyDefinition, JourneyEntry, Reentry } from "../api/contract.js";
import { useI18n } from "../i18n/i18n.js";
import { ConditionList } from "./condition-editor.js";
import { DurationInput } from "./step-form.js";

const entryTypes: readonly JourneyEntry["type"][] = ["event", "segment", "date_trait", "hand_over"];

function blankEntry(type: JourneyEntry["type"]): JourneyEntry {
  switch (type) {
    case "event":
      return { type, event: "", where: [] };
    case "segment":
      return { type, segmentId: "", on: "enter" };
    case "date_trait":
      return { type, trait: "birthday", offsetDays: 0, recurrence: "yearly", time: "09:00" };
    case "hand_over":
      return { type };
  }
}

function blankReentry(type: Reentry["type"]): Reentry {
  return type === "once_per" ? { type, period: { days: 30 } } : { type };
}

interface EntryFormProps {
  definition: JourneyDefinition;
  /** The id can be chosen only before the first save. */
  idEditable: boolean;
  readOnly: boolean;
  onChange: (definition: JourneyDefinition) => void;
}

/** Name, entry, re-entry, goal and exits of the journey. */
export function EntryForm({ definition: def, idEditable, readOnly, onChange }: EntryFormProps) {
  const { t } = useI18n();
  const entry = def.entry;
  const setEntry = (next: JourneyEntry) => onChange({ ...def, entry: next });

  return (
    <fieldset className="step-form" disabled={readOnly} data-testid="entry-form">
      <h3>{t("journeys.journeySettings")}</h3>
      <label className="field">
        <span>{t("journeys.field.name")}</span>
        <input value={def.name} onChange={(e) => onChange({ ...def, name: e.target.value })} />
      </label>
      <label className="field">
        <span>{t("journeys.field.id")}</span>
        <input
          className="mono"
          value={def.id}
          readOnly={!idEditable}
          placeholder="welcome-series"
          aria-describedby={idEditable ? "journey-id-hint" : undefined}
          onChange={(e) => onChange({ ...def, id: e.target.value })}
        />
      </label>
      {idEditable && (
        <small className="muted" id="journey-id-hint">
          {t("sources.idHint")}
        </small>
      )}

      <h3>{t("journeys.entry")}</h3>
      <label className="field">
        <span>{t("journeys.field.entryType")}</span>
        <select
          className="select"
          value={entry.type}
          onChange={(e) => setEntry(blankEntry(e.target.value as JourneyEntry["type"]))}
        >
          {entryTypes.map((type) => (
            <option key={type} value={type}>
              {t(`journeys.entryType.${type}`)}
            </option>
          ))}
        </select>
      </label>
      {entry.type === "event" && (
        <>
          <label className="field">
            <span>{t("journeys.field.event")}</span>
            <input
              value={entry.event}
              placeholder="Order Completed"
              onChange={(e) => setEntry({ ...entry, event: e.target.value })}
            />
          </label>
          <ConditionList
            label={t("journeys.field.entryFilter")}
            value={entry.where}
            readOnly={readOnly}
            onChange={(where) => setEntry({ ...entry, where })}
          />
        </>
      )}
      {entry.type === "segment" && (
        <>
          <label className="field">
            <span>{t("journeys.conditions.segment")}</span>
            <SegmentPicker
              label={t("journeys.conditions.segment")}
              value={entry.segmentId}
              onChange={(segmentId) => setEntry({ ...entry, segmentId })}
            />
          </label>
          <label className="field">
            <span>{t("journeys.field.segmentOn")}</span>
            <select
              className="select"
              value={entry.on}
              onChange={(e) => setEntry({ ...entry, on: e.target.value as "enter" | "leave" })}
            >
              <option value="enter">{t("journeys.segmentOn.enter")}</option>
              <option value="leave">{t("journeys.segmentOn.leave")}</option>
            </select>
          </label>
        </>
      )}
      {entry.type === "date_trait" && (
        <>
          <label className="field">
            <span>{t("journeys.field.trait")}</span>
            <input
              value={entry.trait}
              onChange={(e) => setEntry({ ...entry, trait: e.target.value })}
            />
          </label>
          <label className="field">
            <span>{t("journeys.field.offsetDays")}</span>
            <input
              type="number"
              value={entry.offsetDays}
              onChange={(e) =>
                setEntry({ ...entry, offsetDays: Math.trunc(Number(e.target.value)) })
              }
            />
          </label>
          <label className="field">
            <span>{t("journeys.field.time")}</span>
            <input
              type="time"
              value={entry.time}
              onChange={(e) => setEntry({ ...entry, time: e.target.value })}
            />
          </label>
        </>
      )}

      <label className="field">
        <span>{t("journeys.field.reentry")}</span>
        <select
          className="select"
          value={def.reentry.type}
          onChange={(e) =>
            onChange({ ...def, reentry: blankReentry(e.target.value as Reentry["type"]) })
          }
        >
          <option value="once">{t("journeys.reentry.once")}</option>
          <option value="once_per">{t("journeys.reentry.once_per")}</option>
          <option value="every_time">{t("journeys.reentry.every_time")}</option>
        </select>
      </label>
      {def.reentry.type === "once_per" && (
        <DurationInput
          label={t("journeys.field.period")}
          value={def.reentry.period}
          onChange={(period) => onChange({ ...def, reentry: { type: "once_per", period } })}
        />
      )}
      <label className="field">
        <span>{t("journeys.field.priority")}</span>
        <input
          type="number"
          min={-100}
          max={100}
          title={t("journeys.field.priorityHint")}
          value={(def as { priority?: number }).priority ?? 0}
          onChange={(e) =>
            onChange({
              ...def,
              priority: Math.max(-100, Math.min(100, Math.trunc(Number(e.target.value) || 0))),
            } as JourneyDefinition)
          }
        />
      </label>
      <label className="field">
        <span>{t("journeys.field.instanceKey")}</span>
        <input
          className="mono"
          value={def.instanceKey ?? ""}
          placeholder="properties.order_id"
          onChange={(e) => onChange({ ...def, instanceKey: e.target.value || undefined })}
        />
      </label>

      <h3>{t("journeys.goal")}</h3>
      <label className="field-checkbox">
        <input
          type="checkbox"
          checked={def.goal !== undefined}
          onChange={(e) =>
            onChange({ ...def, goal: e.target.checked ? { event: "", where: [] } : undefined })
          }
        />
        {t("journeys.goalEnabled")}
      </label>
      {def.goal && (
        <>
          <label className="field">
            <span>{t("journeys.field.event")}</span>
            <input
              value={def.goal.event}
              placeholder="Order Completed"
              onChange={(e) =>
                onChange({ ...def, goal: { event: e.target.value, where: def.goal?.where ?? [] } })
              }
            />
          </label>
          <ConditionList
            label={t("journeys.field.where")}
            value={def.goal.where}
            readOnly={readOnly}
            onChange={(where) =>
              onChange({ ...def, goal: { event: def.goal?.event ?? "", where } })
            }
          />
        </>
      )}

      <h3>{t("journeys.exitOn")}</h3>
      {def.exitOn.map((exit, i) => {
        const set = (next: typeof exit) =>
          onChange({ ...def, exitOn: def.exitOn.map((old, j) => (j === i ? next : old)) });
        return (
          <div key={i} className="branch-path">
            <label className="field">
              <span>{t("journeys.field.event")}</span>
              <input
                value={exit.event}
                placeholder="Unsubscribed"
                onChange={(e) => set({ ...exit, event: e.target.value })}
              />
            </label>
            <ConditionList
              label={t("journeys.field.where")}
              value={exit.where}
              readOnly={readOnly}
              onChange={(where) => set({ ...exit, where })}
            />
            {!readOnly && (
              <button
                type="button"
                className="button button-small button-danger-outline"
                onClick={() => onChange({ ...def, exitOn: def.exitOn.filter((_, j) => j !== i) })}
              >
                {t("journeys.removeExit")}
              </button>
            )}
          </div>
        );
      })}
      {!readOnly && (
        <button
          type="button"
          className="button button-small"
          onClick={() => onChange({ ...def, exitOn: [...def.exitOn, { event: "", where: [] }] })}
        >
          {t("journeys.addExit")}
        </button>
      )}
    </fieldset>
  );
}
