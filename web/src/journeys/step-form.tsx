import { useState } from "react";
import {
  consentPurposes,
  type Duration,
  type JourneyDefinition,
  type JourneyStep,
} from "../api/contract.js";
import { useReferenceData } from "../app/reference-data.js";
import { useI18n } from "../i18n/i18n.js";
import { ConditionList } from "./condition-editor.js";
import { formatValue, parseValue } from "./condition-values.js";
import { outputsOf, withOutput } from "./journey-graph.js";
import { outputLabel } from "./journey-text.js";

const sendChannels = ["email", "sms", "push", "webhook"] as const;

/** Days, hours and minutes side by side. */
export function DurationInput({
  label,
  value,
  onChange,
}: {
  label: string;
  value: Duration;
  onChange: (next: Duration) => void;
}) {
  const { t } = useI18n();
  const part = (key: keyof Duration, unit: string) => (
    <label className="field duration-part">
      <span>{unit}</span>
      <input
        type="number"
        min={0}
        value={value[key] ?? 0}
        onChange={(e) => {
          const n = Math.max(0, Math.floor(Number(e.target.value) || 0));
          const next = { ...value };
          if (n > 0) next[key] = n;
          else delete next[key];
          onChange(next);
        }}
      />
    </label>
  );
  return (
    <fieldset className="duration">
      <legend>{label}</legend>
      {part("days", t("journeys.unit.daysLabel"))}
      {part("hours", t("journeys.unit.hoursLabel"))}
      {part("minutes", t("journeys.unit.minutesLabel"))}
    </fieldset>
  );
}

interface StepFormProps {
  definition: JourneyDefinition;
  stepId: string;
  step: JourneyStep;
  readOnly: boolean;
  onChange: (step: JourneyStep) => void;
  onRename: (to: string) => void;
  onRemove: () => void;
  onMakeStart: () => void;
}

/** The settings of one step, a form per step type, and where each of its outputs leads. */
export function StepForm({
  definition,
  stepId,
  step,
  readOnly,
  onChange,
  onRename,
  onRemove,
  onMakeStart,
}: StepFormProps) {
  const { t } = useI18n();
  const { brands } = useReferenceData();
  const [name, setName] = useState(stepId);
  const nameValid = /^[a-zA-Z0-9_-]{1,64}$/.test(name);
  const others = Object.keys(definition.steps).filter((id) => id !== stepId);

  return (
    <fieldset className="step-form" disabled={readOnly} data-testid="step-form">
      <div className="step-form-head">
        <h3>{t(`journeys.step.${step.type}`)}</h3>
        {definition.start === stepId ? (
          <span className="badge status-published">{t("journeys.output.start")}</span>
        ) : (
          !readOnly && (
            <button type="button" className="button button-small" onClick={onMakeStart}>
              {t("journeys.makeStart")}
            </button>
          )
        )}
      </div>
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (nameValid && !definition.steps[name]) onRename(name);
        }}
      >
        <label className="field">
          <span>{t("journeys.stepId")}</span>
          <input value={name} onChange={(e) => setName(e.target.value)} className="mono" />
        </label>
        {name !== stepId && (
          <button
            type="submit"
            className="button button-small"
            disabled={!nameValid || Boolean(definition.steps[name])}
          >
            {t("journeys.rename")}
          </button>
        )}
      </form>

      {step.type === "wait" && (
        <DurationInput
          label={t("journeys.field.duration")}
          value={step.duration}
          onChange={(duration) => onChange({ ...step, duration })}
        />
      )}
      {step.type === "wait_until_time" && (
        <>
          <label className="field">
            <span>{t("journeys.field.time")}</span>
            <input
              type="time"
              value={step.time}
              onChange={(e) => onChange({ ...step, time: e.target.value })}
            />
          </label>
          <DurationInput
            label={t("journeys.field.atLeast")}
            value={step.atLeast ?? {}}
            onChange={(atLeast) =>
              onChange({ ...step, atLeast: Object.keys(atLeast).length > 0 ? atLeast : undefined })
            }
          />
        </>
      )}
      {step.type === "wait_for_event" && (
        <>
          <label className="field">
            <span>{t("journeys.field.event")}</span>
            <input
              value={step.event}
              placeholder="Order Completed"
              onChange={(e) => onChange({ ...step, event: e.target.value })}
            />
          </label>
          <ConditionList
            label={t("journeys.field.where")}
            value={step.where}
            readOnly={readOnly}
            onChange={(where) => onChange({ ...step, where })}
          />
          <DurationInput
            label={t("journeys.field.timeout")}
            value={step.timeout}
            onChange={(timeout) => onChange({ ...step, timeout })}
          />
        </>
      )}
      {step.type === "branch" && (
        <>
          {step.paths.map((path, i) => (
            <div key={i} className="branch-path">
              <ConditionList
                label={t("journeys.output.path", { n: i + 1 })}
                value={path.when}
                required
                readOnly={readOnly}
                onChange={(when) =>
                  onChange({
                    ...step,
                    paths: step.paths.map((p, j) => (j === i ? { ...p, when } : p)),
                  })
                }
              />
              {!readOnly && step.paths.length > 1 && (
                <button
                  type="button"
                  className="button button-small button-danger-outline"
                  onClick={() => onChange({ ...step, paths: step.paths.filter((_, j) => j !== i) })}
                >
                  {t("journeys.removePath")}
                </button>
              )}
            </div>
          ))}
          {!readOnly && (
            <button
              type="button"
              className="button button-small"
              onClick={() =>
                onChange({
                  ...step,
                  paths: [
                    ...step.paths,
                    { when: [{ type: "trait", path: "", op: "exists" }], next: "" },
                  ],
                })
              }
            >
              {t("journeys.addPath")}
            </button>
          )}
        </>
      )}
      {step.type === "split" && (
        <>
          {step.variants.map((v, i) => {
            const set = (change: Partial<typeof v>) =>
              onChange({
                ...step,
                variants: step.variants.map((old, j) => (j === i ? { ...old, ...change } : old)),
              });
            return (
              <div key={i} className="variant">
                <label className="field">
                  <span>{t("journeys.split.name")}</span>
                  <input value={v.name} onChange={(e) => set({ name: e.target.value })} />
                </label>
                <label className="field">
                  <span>{t("journeys.split.weight")}</span>
                  <input
                    type="number"
                    min={1}
                    value={v.weight}
                    onChange={(e) => set({ weight: Number(e.target.value) })}
                  />
                </label>
                <label className="field-checkbox">
                  <input
                    type="checkbox"
                    checked={v.control}
                    onChange={(e) => set({ control: e.target.checked })}
                  />
                  {t("journeys.split.control")}
                </label>
                {!readOnly && step.variants.length > 2 && (
                  <button
                    type="button"
                    className="button button-small button-danger-outline"
                    aria-label={t("journeys.split.remove")}
                    onClick={() =>
                      onChange({ ...step, variants: step.variants.filter((_, j) => j !== i) })
                    }
                  >
                    ×
                  </button>
                )}
              </div>
            );
          })}
          {!readOnly && (
            <button
              type="button"
              className="button button-small"
              onClick={() =>
                onChange({
                  ...step,
                  variants: [
                    ...step.variants,
                    {
                      name: String.fromCharCode(65 + step.variants.length),
                      weight: 50,
                      next: "",
                      control: false,
                    },
                  ],
                })
              }
            >
              {t("journeys.split.add")}
            </button>
          )}
        </>
      )}
      {step.type === "send" && (
        <>
          <label className="field">
            <span>{t("journeys.field.channel")}</span>
            <select
              className="select"
              value={step.channel}
              onChange={(e) =>
                onChange({ ...step, channel: e.target.value as (typeof sendChannels)[number] })
              }
            >
              {sendChannels.map((c) => (
                <option key={c} value={c}>
                  {t(`journeys.sendChannel.${c}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>{t("journeys.field.brand")}</span>
            <select
              className="select"
              value={step.brandId}
              onChange={(e) => onChange({ ...step, brandId: e.target.value })}
            >
              {!brands.some((b) => b.id === step.brandId) && (
                <option value={step.brandId}>{step.brandId || t("journeys.choose")}</option>
              )}
              {brands.map((b) => (
                <option key={b.id} value={b.id}>
                  {b.name}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>{t("journeys.field.template")}</span>
            <input
              value={step.templateId}
              placeholder="welcome"
              onChange={(e) => onChange({ ...step, templateId: e.target.value })}
            />
          </label>
          <label className="field-checkbox">
            <input
              type="checkbox"
              checked={(step as { transactional?: boolean }).transactional ?? false}
              onChange={(e) =>
                onChange({ ...step, transactional: e.target.checked } as JourneyStep)
              }
            />
            {t("journeys.field.transactional")}
          </label>
          <label className="field">
            <span>{t("journeys.field.purpose")}</span>
            <select
              className="select"
              value={step.purpose}
              onChange={(e) =>
                onChange({ ...step, purpose: e.target.value as (typeof consentPurposes)[number] })
              }
            >
              {consentPurposes.map((p) => (
                <option key={p} value={p}>
                  {t(`consent.purpose.${p}`)}
                </option>
              ))}
            </select>
          </label>
        </>
      )}
      {step.type === "update_trait" && (
        <>
          <label className="field">
            <span>{t("journeys.field.trait")}</span>
            <input
              value={step.trait}
              onChange={(e) => onChange({ ...step, trait: e.target.value })}
            />
          </label>
          <label className="field">
            <span>{t("journeys.field.value")}</span>
            <input
              title={t("journeys.conditions.valueHint")}
              value={formatValue(step.value)}
              onChange={(e) => onChange({ ...step, value: parseValue(e.target.value) })}
            />
          </label>
        </>
      )}
      {step.type === "hand_over" && (
        <label className="field">
          <span>{t("journeys.field.journey")}</span>
          <input
            value={step.journeyId}
            placeholder="journey-id"
            className="mono"
            onChange={(e) => onChange({ ...step, journeyId: e.target.value })}
          />
        </label>
      )}

      {outputsOf(step).length > 0 && (
        <fieldset className="outputs">
          <legend>{t("journeys.outputs")}</legend>
          {outputsOf(step).map((output) => (
            <label key={output.handle} className="field output-field">
              <span>{outputLabel(output, t)}</span>
              <select
                className="select"
                data-output={output.handle}
                value={output.target}
                onChange={(e) => onChange(withOutput(step, output.handle, e.target.value))}
              >
                <option value="">{t("journeys.notConnected")}</option>
                {others.map((id) => (
                  <option key={id} value={id}>
                    {id} ({t(`journeys.step.${definition.steps[id]?.type ?? "exit"}`)})
                  </option>
                ))}
              </select>
            </label>
          ))}
        </fieldset>
      )}
      {!readOnly && (
        <button type="button" className="button button-danger-outline" onClick={onRemove}>
          {t("journeys.removeStep")}
        </button>
      )}
    </fieldset>
  );
}
