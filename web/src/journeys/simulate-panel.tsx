import { useState } from "react";
import type { JourneyDefinition, SimulationLogEntry, SimulationRequest } from "../api/contract.js";
import { api } from "../api/endpoints.js";
import { useI18n } from "../i18n/i18n.js";
import { ErrorBanner } from "../ui/error-banner.js";
import { Empty } from "../ui/page.js";
import { forApi } from "./journey-graph.js";

const MINUTE = 60_000;

export interface ScriptCustomer {
  id: string;
  /** "brand/purpose, …" */
  consents: string;
  /** JSON object */
  traits: string;
  timeZone: string;
  /** "segment-id, …": segments the customer is in at the start. */
  segments: string;
}
export interface ScriptEvent {
  customerId: string;
  name: string;
  /** JSON object */
  properties: string;
  /** Minutes after the start of the simulation. */
  offsetMinutes: number;
}
export interface Script {
  /** datetime-local text: when the virtual clock starts. */
  start: string;
  customers: ScriptCustomer[];
  events: ScriptEvent[];
  /** How long the clock runs after the last event. */
  afterDays: number;
}

const localInput = (ms: number) => {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
};

/** A script to start from: the template's own, or one customer entering with every consent needed. */
export function initialScript(
  def: JourneyDefinition,
  template?: Omit<SimulationRequest, "definition">,
): Script {
  if (template && template.events.length > 0) {
    const times = template.events.map((e) => Date.parse(e.at));
    const start = Math.min(...times);
    return {
      start: localInput(start),
      customers: template.customers.map((c) => ({
        id: c.id,
        consents: (c.consents ?? []).join(", "),
        traits: c.traits ? JSON.stringify(c.traits) : "",
        timeZone: c.timeZone ?? "",
        segments: (c.segments ?? []).join(", "),
      })),
      events: template.events.map((e) => ({
        customerId: e.customerId,
        name: e.name,
        properties: e.properties ? JSON.stringify(e.properties) : "",
        offsetMinutes: Math.round((Date.parse(e.at) - start) / MINUTE),
      })),
      afterDays: Math.max(
        1,
        Math.ceil((Date.parse(template.until) - Math.max(...times)) / 86_400_000),
      ),
    };
  }
  const consents = new Set<string>();
  for (const step of Object.values(def.steps)) {
    if (step.type === "send" && step.brandId) consents.add(`${step.brandId}/${step.purpose}`);
  }
  const now = new Date();
  now.setSeconds(0, 0);
  return {
    start: localInput(now.getTime()),
    customers: [
      { id: "kunde-1", consents: [...consents].join(", "), traits: "", timeZone: "", segments: "" },
    ],
    events:
      def.entry.type === "event" && def.entry.event
        ? [{ customerId: "kunde-1", name: def.entry.event, properties: "", offsetMinutes: 0 }]
        : def.entry.type === "segment" && def.entry.segmentId
          ? [
              {
                customerId: "kunde-1",
                // What the segment keeper sends journeys when a customer enters or leaves.
                name: def.entry.on === "enter" ? "Segment Entered" : "Segment Left",
                properties: JSON.stringify({ segment_id: def.entry.segmentId }),
                offsetMinutes: 0,
              },
            ]
          : [],
    afterDays: 7,
  };
}

function jsonObject(text: string, what: string): Record<string, unknown> | undefined {
  if (!text.trim()) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error(`${what}: JSON`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new Error(`${what}: {…}`);
  return value as Record<string, unknown>;
}

/** The script as the API takes it, with absolute times. */
export function simulationOf(def: JourneyDefinition, script: Script): SimulationRequest {
  const start = new Date(script.start).getTime();
  if (Number.isNaN(start)) throw new Error("start");
  const last = Math.max(0, ...script.events.map((e) => e.offsetMinutes));
  return {
    definition: forApi(def),
    customers: script.customers.map((c) => ({
      id: c.id,
      consents: c.consents
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean),
      traits: jsonObject(c.traits, c.id),
      timeZone: c.timeZone.trim() || undefined,
      segments: c.segments
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean),
    })),
    events: script.events.map((e) => ({
      at: new Date(start + e.offsetMinutes * MINUTE).toISOString(),
      customerId: e.customerId,
      name: e.name,
      properties: jsonObject(e.properties, e.name),
    })),
    until: new Date(start + last * MINUTE + script.afterDays * 86_400_000).toISOString(),
  };
}

/** "+1 d 02:30" after the start. */
function relative(ms: number): string {
  const minutes = Math.round(ms / MINUTE);
  const days = Math.floor(minutes / 1440);
  const rest = minutes % 1440;
  const hm = `${String(Math.floor(rest / 60)).padStart(2, "0")}:${String(rest % 60).padStart(2, "0")}`;
  return days > 0 ? `+${days} d ${hm}` : `+${hm}`;
}

interface SimulatePanelProps {
  definition: JourneyDefinition;
  script: Script;
  onScript: (script: Script) => void;
  /** A 400 from the simulator names a path of the definition: the editor shows it at the node. */
  onFault: (error: unknown) => void;
}

/** Scripted customers and events on a virtual clock, and who gets what when. */
export function SimulatePanel({ definition, script, onScript, onFault }: SimulatePanelProps) {
  const { t, dateTime } = useI18n();
  const [log, setLog] = useState<SimulationLogEntry[]>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const run = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const result = await api.simulateJourney(simulationOf(definition, script));
      setLog(result);
      onFault(undefined);
    } catch (failure) {
      setError(failure);
      setLog(undefined);
      onFault(failure);
    } finally {
      setBusy(false);
    }
  };
  const setCustomer = (i: number, change: Partial<ScriptCustomer>) =>
    onScript({
      ...script,
      customers: script.customers.map((c, j) => (j === i ? { ...c, ...change } : c)),
    });
  const setEvent = (i: number, change: Partial<ScriptEvent>) =>
    onScript({
      ...script,
      events: script.events.map((e, j) => (j === i ? { ...e, ...change } : e)),
    });
  const start = new Date(script.start).getTime();

  return (
    <div className="simulate" data-testid="simulate-panel">
      <label className="field">
        <span>{t("journeys.sim.start")}</span>
        <input
          type="datetime-local"
          value={script.start}
          onChange={(e) => onScript({ ...script, start: e.target.value })}
        />
      </label>
      <fieldset className="sim-list">
        <legend>{t("journeys.sim.customers")}</legend>
        {script.customers.map((c, i) => (
          <div key={i} className="sim-row">
            <input
              aria-label={t("journeys.sim.customerId")}
              placeholder={t("journeys.sim.customerId")}
              value={c.id}
              onChange={(e) => setCustomer(i, { id: e.target.value })}
            />
            <input
              aria-label={t("journeys.sim.consents")}
              placeholder="vinello/email_marketing"
              title={t("journeys.sim.consentsHint")}
              value={c.consents}
              onChange={(e) => setCustomer(i, { consents: e.target.value })}
            />
            <input
              aria-label={t("journeys.sim.traits")}
              placeholder='{"language": "de"}'
              className="mono"
              value={c.traits}
              onChange={(e) => setCustomer(i, { traits: e.target.value })}
            />
            <input
              aria-label={t("journeys.sim.segments")}
              placeholder="wine-lovers"
              title={t("journeys.sim.segmentsHint")}
              value={c.segments}
              onChange={(e) => setCustomer(i, { segments: e.target.value })}
            />
            <button
              type="button"
              className="button button-small button-danger-outline"
              aria-label={t("journeys.sim.remove")}
              onClick={() =>
                onScript({ ...script, customers: script.customers.filter((_, j) => j !== i) })
              }
            >
              ×
            </button>
          </div>
        ))}
        <button
          type="button"
          className="button button-small"
          onClick={() =>
            onScript({
              ...script,
              customers: [
                ...script.customers,
                {
                  id: `kunde-${script.customers.length + 1}`,
                  consents: script.customers[0]?.consents ?? "",
                  traits: "",
                  timeZone: "",
                  segments: "",
                },
              ],
            })
          }
        >
          {t("journeys.sim.addCustomer")}
        </button>
      </fieldset>
      <fieldset className="sim-list">
        <legend>{t("journeys.sim.events")}</legend>
        {script.events.map((e, i) => (
          <div key={i} className="sim-row">
            <label className="sim-offset" title={t("journeys.sim.offsetHint")}>
              +
              <input
                type="number"
                min={0}
                aria-label={t("journeys.sim.offset")}
                value={e.offsetMinutes}
                onChange={(ev) =>
                  setEvent(i, {
                    offsetMinutes: Math.max(0, Math.floor(Number(ev.target.value) || 0)),
                  })
                }
              />
              min
            </label>
            <select
              className="select"
              aria-label={t("journeys.sim.customer")}
              value={e.customerId}
              onChange={(ev) => setEvent(i, { customerId: ev.target.value })}
            >
              {script.customers.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.id}
                </option>
              ))}
            </select>
            <input
              aria-label={t("journeys.sim.eventName")}
              placeholder="Order Completed"
              value={e.name}
              onChange={(ev) => setEvent(i, { name: ev.target.value })}
            />
            <input
              aria-label={t("journeys.sim.properties")}
              placeholder='{"order_id": "R-1"}'
              className="mono"
              value={e.properties}
              onChange={(ev) => setEvent(i, { properties: ev.target.value })}
            />
            <button
              type="button"
              className="button button-small button-danger-outline"
              aria-label={t("journeys.sim.remove")}
              onClick={() =>
                onScript({ ...script, events: script.events.filter((_, j) => j !== i) })
              }
            >
              ×
            </button>
          </div>
        ))}
        <button
          type="button"
          className="button button-small"
          onClick={() => {
            const last = script.events.at(-1);
            onScript({
              ...script,
              events: [
                ...script.events,
                {
                  customerId: last?.customerId ?? script.customers[0]?.id ?? "",
                  name: last?.name ?? "",
                  properties: "",
                  offsetMinutes: (last?.offsetMinutes ?? 0) + 60,
                },
              ],
            });
          }}
        >
          {t("journeys.sim.addEvent")}
        </button>
      </fieldset>
      <label className="field">
        <span>{t("journeys.sim.afterDays")}</span>
        <input
          type="number"
          min={0}
          value={script.afterDays}
          onChange={(e) =>
            onScript({ ...script, afterDays: Math.max(0, Number(e.target.value) || 0) })
          }
        />
      </label>
      <button
        type="button"
        className="button button-primary"
        disabled={busy}
        onClick={() => void run()}
      >
        {t("journeys.sim.run")}
      </button>
      <ErrorBanner error={error} />
      {log &&
        (log.length === 0 ? (
          <Empty>{t("journeys.sim.nothing")}</Empty>
        ) : (
          <table className="table table-compact" data-testid="simulation-log">
            <thead>
              <tr>
                <th>{t("journeys.sim.when")}</th>
                <th>{t("journeys.sim.customer")}</th>
                <th>{t("journeys.sim.what")}</th>
              </tr>
            </thead>
            <tbody>
              {log.map((entry, i) => (
                <tr key={i} data-what={entry.what}>
                  <td className="nowrap" title={dateTime(Date.parse(entry.at))}>
                    <span className="mono">{relative(Date.parse(entry.at) - start)}</span>
                    <span className="muted small event-time">{dateTime(Date.parse(entry.at))}</span>
                  </td>
                  <td className="mono">{entry.customerId}</td>
                  <td>
                    <strong>{t(`journeys.sim.what.${entry.what}`)}</strong>{" "}
                    <span className="muted small">{entry.detail}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
    </div>
  );
}
