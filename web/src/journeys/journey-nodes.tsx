import { Handle, Position, type Node, type NodeProps } from "@xyflow/react";
import type {
  JourneyDefinition,
  JourneyStats,
  JourneyStep,
  JourneyStepCounts,
} from "../api/contract.js";
import { useI18n, type MessageKey } from "../i18n/i18n.js";
import { outputsOf, type Output } from "./journey-graph.js";
import { NODE_WIDTH } from "./journey-layout.js";
import { entrySummary, outputLabel, stepSummary } from "./journey-text.js";

export type StepNodeData = {
  stepId: string;
  step: JourneyStep;
  isStart: boolean;
  counts?: JourneyStepCounts;
  error?: string;
};
export type EntryNodeData = {
  definition: JourneyDefinition;
  totals?: JourneyStats["totals"];
  error?: string;
};
export type StepNode = Node<StepNodeData, "step">;
export type EntryNode = Node<EntryNodeData, "entry">;

const countKeys = [
  "entered",
  "waiting",
  "sent",
  "suppressed",
  "failed",
  "converted",
  "exited",
] as const;
/** Counts only a send step has; held-back and failed sends show when there are any. */
const sendOnly = new Set<string>(["sent", "suppressed", "failed"]);

function Outputs({ outputs }: { outputs: Output[] }) {
  const { t } = useI18n();
  if (outputs.length === 0) return null;
  return (
    <>
      <div className="node-outputs">
        {outputs.map((o) => (
          <span key={o.handle} className={o.target || o.optional ? "" : "unconnected"}>
            {outputLabel(o, t)}
          </span>
        ))}
      </div>
      {outputs.map((o, i) => (
        <Handle
          key={o.handle}
          id={o.handle}
          type="source"
          position={Position.Bottom}
          style={{ left: `${((i + 0.5) / outputs.length) * 100}%` }}
          title={outputLabel(o, t)}
          aria-label={outputLabel(o, t)}
        />
      ))}
    </>
  );
}

function Counts({ counts, step }: { counts: Partial<JourneyStepCounts>; step?: JourneyStep }) {
  const { t, number } = useI18n();
  return (
    <dl className="node-counts" data-testid="node-counts">
      {countKeys
        .filter((key) => counts[key] !== undefined)
        .filter((key) => !sendOnly.has(key) || !step || step.type === "send")
        .filter((key) => (key !== "suppressed" && key !== "failed") || (counts[key] ?? 0) > 0)
        .map((key) => (
          <div key={key} data-count={key} title={t(`journeys.count.${key}` as MessageKey)}>
            <dt>{t(`journeys.countShort.${key}` as MessageKey)}</dt>
            <dd>{number(counts[key] ?? 0)}</dd>
          </div>
        ))}
    </dl>
  );
}

/** One step: its type, key settings, live counts, and one handle per output. */
export function StepNodeView({ data, selected }: NodeProps<StepNode>) {
  const { t } = useI18n();
  const { step, stepId, counts, error, isStart } = data;
  const summary = stepSummary(step, t);
  return (
    <div
      className={`journey-node node-${step.type}${selected ? " selected" : ""}${error ? " has-error" : ""}`}
      style={{ width: NODE_WIDTH }}
      data-testid={`step-${stepId}`}
      data-step-type={step.type}
    >
      <Handle type="target" position={Position.Top} id="in" />
      <div className="node-head">
        <span className="node-type">{t(`journeys.step.${step.type}`)}</span>
        <span className="node-id mono">{stepId}</span>
      </div>
      {isStart && <span className="node-start">{t("journeys.output.start")}</span>}
      {summary.map((line, i) => (
        <div key={i} className="node-line">
          {line}
        </div>
      ))}
      {counts && <Counts counts={counts} step={step} />}
      {error && (
        <div className="node-error" role="alert" data-testid="node-error">
          {error}
        </div>
      )}
      <Outputs outputs={outputsOf(step)} />
    </div>
  );
}

/** The entry on top: how customers come in, and how many did. */
export function EntryNodeView({ data, selected }: NodeProps<EntryNode>) {
  const { t } = useI18n();
  const { definition, totals, error } = data;
  return (
    <div
      className={`journey-node node-entry${selected ? " selected" : ""}${error ? " has-error" : ""}`}
      style={{ width: NODE_WIDTH }}
      data-testid="step-entry"
    >
      <div className="node-head">
        <span className="node-type">{t(`journeys.entryType.${definition.entry.type}`)}</span>
      </div>
      <div className="node-line">{entrySummary(definition.entry, t)}</div>
      {definition.goal?.event && (
        <div className="node-line muted">
          {t("journeys.goal")}: {t("journeys.quoted", { text: definition.goal.event })}
        </div>
      )}
      {totals && <Counts counts={totals} />}
      {error && (
        <div className="node-error" role="alert" data-testid="node-error">
          {error}
        </div>
      )}
      <Outputs outputs={[{ handle: "start", kind: "start", target: definition.start }]} />
    </div>
  );
}

export const nodeTypes = { step: StepNodeView, entry: EntryNodeView };
