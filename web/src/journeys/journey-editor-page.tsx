import { ReactFlowProvider } from "@xyflow/react";
import { useEffect, useMemo, useState } from "react";
import { ApiError } from "../api/api-client.js";
import type { JourneyDefinition, JourneySummary, SimulationRequest } from "../api/contract.js";
import { api } from "../api/endpoints.js";
import { useApi } from "../api/use-api.js";
import { clearFlash, peekFlash, setFlash } from "../app/flash.js";
import { useReferenceData } from "../app/reference-data.js";
import { Link, navigate, useLocation } from "../app/router.js";
import { useDocumentTitle } from "../app/use-document-title.js";
import { useSession } from "../auth/session.js";
import { useI18n, type Translate } from "../i18n/i18n.js";
import { ErrorBanner } from "../ui/error-banner.js";
import { Loading } from "../ui/page.js";
import { EntryForm } from "./entry-form.js";
import { JourneyCanvas } from "./journey-canvas.js";
import {
  addStep,
  connect,
  ENTRY_NODE,
  forApi,
  messageOfError,
  nodeOfPath,
  outputsOf,
  removeStep,
  renameStep,
  stepTypes,
  type StepType,
} from "./journey-graph.js";
import { JourneyStatusBadge, PublishDialog, useJourneyStats } from "./journey-status.js";
import { blankJourney, journeyTemplates, withDefaults } from "./journey-templates.js";
import { outputLabel } from "./journey-text.js";
import { initialScript, SimulatePanel, type Script } from "./simulate-panel.js";
import { StepForm } from "./step-form.js";
import { TestJourneyDialog } from "./test-journey-dialog.js";

const latestOf = (j: JourneySummary | undefined) =>
  Math.max(0, ...(j?.versions ?? []).map((v) => v.version));

/** /journeys/new (?template=…) and /journeys/:id (?version=…): loads, then edits. */
export function JourneyEditorPage({ id }: { id?: string }) {
  const { t } = useI18n();
  const { query } = useLocation();
  const journeys = useApi((signal) => api.journeys(signal), []);
  const summary = id ? journeys.data?.find((j) => j.id === id) : undefined;
  // The version shown by default is chosen once, so saving a new one does not reload the page.
  const requested = Number(query.get("version")) || undefined;
  const [fallback, setFallback] = useState<number>();
  useEffect(() => {
    if (summary && fallback === undefined)
      setFallback(summary.publishedVersion ?? latestOf(summary));
  }, [summary, fallback]);
  const wanted = requested ?? fallback;
  const definition = useApi(
    (signal) =>
      id && wanted ? api.journeyVersion(id, wanted, signal) : Promise.resolve(undefined),
    [id, wanted],
  );

  if (journeys.error || definition.error) {
    return (
      <div className="page">
        <Link to="/journeys" className="back-link">
          ← {t("journeys.title")}
        </Link>
        <ErrorBanner error={journeys.error ?? definition.error} onRetry={journeys.reload} />
      </div>
    );
  }
  if (!journeys.data) return <Loading />;
  const taken = journeys.data.map((j) => j.id);

  if (!id) {
    const template = journeyTemplates.find((tpl) => tpl.id === query.get("template"));
    const initial = template ? freeCopy(template.definition, taken) : blankJourney();
    return (
      <JourneyEditor
        key={`new:${template?.id ?? ""}`}
        initial={initial}
        takenIds={taken}
        onSummary={journeys.reload}
        script={template?.script}
      />
    );
  }
  if (journeys.data && !summary) {
    return (
      <div className="page">
        <ErrorBanner error={new ApiError(404, "not_found", `journey "${id}"`)} />
      </div>
    );
  }
  if (!definition.data || definition.data.version !== wanted) return <Loading />;
  const template = journeyTemplates.find((tpl) => tpl.id === id);
  return (
    <JourneyEditor
      key={`${id}:${requested ?? ""}`}
      initial={definition.data}
      summary={summary}
      takenIds={taken}
      onSummary={journeys.reload}
      script={template?.script}
    />
  );
}

/** The template under an id no journey has yet. */
function freeCopy(def: JourneyDefinition, taken: string[]): JourneyDefinition {
  let id = def.id;
  for (let n = 2; taken.includes(id); n++) id = `${def.id}-${n}`;
  return { ...def, id };
}

interface Fault {
  node?: string;
  message: string;
  error: unknown;
}

/** Where a failed save, validation or simulation points, with a message for that node. */
function faultOf(error: unknown, def: JourneyDefinition, t: Translate): Fault | undefined {
  if (!(error instanceof ApiError) || error.status !== 400) return undefined;
  const node = nodeOfPath(error.path);
  let message = messageOfError(error.message);
  const step = node && node !== ENTRY_NODE ? def.steps[node] : undefined;
  const field = error.path?.split(".").at(-1);
  if (step && field && ["next", "onEvent", "onTimeout", "otherwise"].includes(field)) {
    const open = outputsOf(step).filter((o) => !o.target && !o.optional);
    if (open.length > 0)
      message = t("journeys.error.unconnected", {
        outputs: open.map((o) => t("journeys.quoted", { text: outputLabel(o, t) })).join(", "),
      });
  }
  if (node === ENTRY_NODE && error.path?.endsWith("start") && !def.steps[def.start])
    message = t("journeys.error.noStart");
  return { node, message, error };
}

interface JourneyEditorProps {
  initial: JourneyDefinition;
  summary?: JourneySummary;
  takenIds: string[];
  onSummary: () => void;
  script?: Omit<SimulationRequest, "definition">;
}

function JourneyEditor({
  initial,
  summary,
  takenIds,
  onSummary,
  script: scriptOf,
}: JourneyEditorProps) {
  const { t } = useI18n();
  const session = useSession();
  const admin = session.can("settings:write");
  const readOnly = !admin;
  const { brands } = useReferenceData();
  const isNew = summary === undefined;

  const [def, setDef] = useState(() => withDefaults(initial));
  const [savedText, setSavedText] = useState(() =>
    isNew ? "" : JSON.stringify(withDefaults(initial)),
  );
  const dirty = JSON.stringify(def) !== savedText;
  const [selected, setSelected] = useState<string | undefined>(ENTRY_NODE);
  const [side, setSide] = useState<"settings" | "simulate">("settings");
  const [view, setView] = useState<"graph" | "json">("graph");
  const [fault, setFault] = useState<Fault>();
  const [notice, setNotice] = useState<string | undefined>(peekFlash);
  useEffect(clearFlash, []);
  const [busy, setBusy] = useState(false);
  const [publishing, setPublishing] = useState(false);
  const [testing, setTesting] = useState(false);
  const [script, setScript] = useState<Script>(() =>
    initialScript(withDefaults(initial), scriptOf),
  );
  const stats = useJourneyStats(isNew ? undefined : def.id);
  useDocumentTitle(def.name || t("journeys.new"));

  const canvasFault = useMemo(
    () => (fault?.node ? { node: fault.node, message: fault.message } : undefined),
    [fault],
  );

  const change = (next: JourneyDefinition) => {
    setDef(next);
    setNotice(undefined);
  };
  const fail = (error: unknown) => {
    const found = faultOf(error, def, t);
    setFault(found ?? (error ? { message: String(error), error } : undefined));
    if (found?.node) setSelected(found.node);
  };

  const validate = async () => {
    setBusy(true);
    setFault(undefined);
    try {
      await api.simulateJourney({
        definition: forApi(def),
        customers: [],
        events: [],
        until: new Date().toISOString(),
      });
      setNotice(t("journeys.valid"));
    } catch (error) {
      fail(error);
    } finally {
      setBusy(false);
    }
  };

  /** Saves the draft as the next version; returns its number, throws when it is not valid. */
  const save = async (stay = false): Promise<number> => {
    setFault(undefined);
    if (isNew && takenIds.includes(def.id)) {
      const fault = { node: ENTRY_NODE, message: t("journeys.error.idTaken"), error: undefined };
      setFault(fault);
      setSelected(ENTRY_NODE);
      throw new Error(fault.message);
    }
    try {
      const { version } = await api.saveJourney(forApi({ ...def, version: latestOf(summary) + 1 }));
      const saved = { ...def, version };
      setDef(saved);
      setSavedText(JSON.stringify(saved));
      setNotice(t("journeys.saved", { version }));
      onSummary();
      if (isNew && !stay) {
        setFlash(t("journeys.saved", { version }));
        navigate(`/journeys/${encodeURIComponent(def.id)}`, { replace: true });
      }
      return version;
    } catch (error) {
      fail(error);
      throw error;
    }
  };
  const saveClicked = async () => {
    setBusy(true);
    try {
      await save();
    } catch {
      // shown at the node or above the graph
    } finally {
      setBusy(false);
    }
  };

  const addClicked = (type: StepType) => {
    const { def: next, id } = addStep(def, type, brands[0]?.id ?? "");
    // A step added while another is selected follows its first open output.
    const from = selected && selected !== ENTRY_NODE ? def.steps[selected] : undefined;
    const open = from ? outputsOf(from).find((o) => !o.target) : undefined;
    change(open && selected ? connect(next, selected, open.handle, id) : next);
    setSelected(id);
    setSide("settings");
  };

  const selectedStep = selected && selected !== ENTRY_NODE ? def.steps[selected] : undefined;
  const versions = [...(summary?.versions ?? [])].sort((a, b) => b.version - a.version);

  return (
    <div className="page journey-page">
      <Link to="/journeys" className="back-link">
        ← {t("journeys.title")}
      </Link>
      <header className="page-header">
        <div className="journey-title">
          <h1>{def.name || t("journeys.untitled")}</h1>
          {summary && <JourneyStatusBadge status={summary.status} />}
          {summary ? (
            <select
              className="select select-small"
              aria-label={t("journeys.version")}
              value={def.version}
              onChange={(e) =>
                navigate(`/journeys/${encodeURIComponent(def.id)}?version=${e.target.value}`)
              }
            >
              {versions.map((v) => (
                <option key={v.version} value={v.version}>
                  {t("journeys.versionN", { version: v.version })}
                  {v.version === summary.publishedVersion ? ` (${t("journeys.live")})` : ""}
                </option>
              ))}
            </select>
          ) : (
            <span className="badge status-draft">{t("journeys.notSaved")}</span>
          )}
          {dirty && !isNew && <span className="muted small">{t("journeys.unsaved")}</span>}
        </div>
        <div className="journey-actions">
          <div className="segmented" role="group" aria-label={t("journeys.view")}>
            <button
              type="button"
              className={view === "graph" ? "button button-small active" : "button button-small"}
              aria-pressed={view === "graph"}
              onClick={() => setView("graph")}
            >
              {t("journeys.view.graph")}
            </button>
            <button
              type="button"
              className={view === "json" ? "button button-small active" : "button button-small"}
              aria-pressed={view === "json"}
              onClick={() => setView("json")}
            >
              JSON
            </button>
          </div>
          <button type="button" className="button" disabled={busy} onClick={() => void validate()}>
            {t("journeys.validate")}
          </button>
          {admin && (
            <>
              <button
                type="button"
                className="button"
                disabled={busy || (!dirty && !isNew)}
                onClick={() => void saveClicked()}
              >
                {t("journeys.saveVersion")}
              </button>
              <button
                type="button"
                className="button button-primary"
                disabled={busy}
                onClick={() => setPublishing(true)}
              >
                {t("journeys.publish")}
              </button>
              {summary?.status === "published" && (
                <button type="button" className="button" onClick={() => setTesting(true)}>
                  {t("journeys.test")}
                </button>
              )}
            </>
          )}
        </div>
      </header>
      {notice && (
        <p className="banner banner-success" role="status">
          {notice}
        </p>
      )}
      {fault && (
        <div data-testid="journey-fault">
          <ErrorBanner error={fault.error ?? new Error(fault.message)} />
        </div>
      )}
      {stats && stats.version !== null && (
        <p className="muted small" data-testid="stats-note">
          {t("journeys.liveCounts", { version: stats.version })}
        </p>
      )}

      {view === "json" ? (
        <JsonView
          definition={def}
          idEditable={isNew}
          readOnly={readOnly}
          onApply={(next) => {
            change(next);
            setView("graph");
          }}
        />
      ) : (
        <div className="journey-editor">
          {!readOnly && (
            <nav className="palette" aria-label={t("journeys.palette")}>
              <h2>{t("journeys.palette")}</h2>
              {stepTypes.map((type) => (
                <button
                  key={type}
                  type="button"
                  className={`palette-item node-${type}`}
                  data-step-type={type}
                  onClick={() => addClicked(type)}
                >
                  {t(`journeys.step.${type}`)}
                </button>
              ))}
              <p className="muted small">{t("journeys.paletteHint")}</p>
            </nav>
          )}
          <div className="journey-canvas" data-testid="journey-canvas">
            <ReactFlowProvider>
              <JourneyCanvas
                definition={def}
                selected={selected}
                stats={stats}
                fault={canvasFault}
                readOnly={readOnly}
                onSelect={setSelected}
                onConnect={(source, handle, target) => change(connect(def, source, handle, target))}
              />
            </ReactFlowProvider>
          </div>
          <aside className="journey-side panel">
            <div className="tabs" role="tablist">
              <button
                type="button"
                role="tab"
                aria-selected={side === "settings"}
                className={side === "settings" ? "tab active" : "tab"}
                onClick={() => setSide("settings")}
              >
                {t("journeys.tab.settings")}
              </button>
              <button
                type="button"
                role="tab"
                aria-selected={side === "simulate"}
                className={side === "simulate" ? "tab active" : "tab"}
                onClick={() => setSide("simulate")}
              >
                {t("journeys.tab.simulate")}
              </button>
            </div>
            <div className="panel-body">
              {side === "simulate" ? (
                <SimulatePanel
                  definition={def}
                  script={script}
                  onScript={setScript}
                  onFault={(error) => (error ? fail(error) : setFault(undefined))}
                />
              ) : selectedStep && selected ? (
                <StepForm
                  key={selected}
                  definition={def}
                  stepId={selected}
                  step={selectedStep}
                  readOnly={readOnly}
                  onChange={(step) => change({ ...def, steps: { ...def.steps, [selected]: step } })}
                  onRename={(to) => {
                    change(renameStep(def, selected, to));
                    setSelected(to);
                  }}
                  onRemove={() => {
                    change(removeStep(def, selected));
                    setSelected(ENTRY_NODE);
                  }}
                  onMakeStart={() => change({ ...def, start: selected })}
                />
              ) : (
                <EntryForm
                  definition={def}
                  idEditable={isNew}
                  readOnly={readOnly}
                  onChange={change}
                />
              )}
            </div>
          </aside>
        </div>
      )}
      {testing && summary && (
        <TestJourneyDialog journey={summary} onClose={() => setTesting(false)} />
      )}
      {publishing && (
        <PublishDialog
          journey={
            summary ?? {
              id: def.id,
              name: def.name,
              status: "draft",
              publishedVersion: null,
              versions: [],
            }
          }
          version={dirty || isNew ? "unsaved" : def.version}
          prepare={() => save(true)}
          onPublished={(result) => {
            const message = t("journeys.published", { version: result.publishedVersion ?? "" });
            if (isNew) {
              setFlash(message);
              navigate(`/journeys/${encodeURIComponent(def.id)}`, { replace: true });
            } else {
              setNotice(message);
              onSummary();
            }
          }}
          onClose={() => setPublishing(false)}
        />
      )}
    </div>
  );
}

/** The definition as JSON text, to read, copy, paste or edit by hand. */
function JsonView({
  definition,
  idEditable,
  readOnly,
  onApply,
}: {
  definition: JourneyDefinition;
  idEditable: boolean;
  readOnly: boolean;
  onApply: (definition: JourneyDefinition) => void;
}) {
  const { t } = useI18n();
  const [text, setText] = useState(() => JSON.stringify(forApi(definition), null, 2));
  const [error, setError] = useState<string>();
  const apply = () => {
    try {
      const value: unknown = JSON.parse(text);
      if (typeof value !== "object" || value === null || Array.isArray(value))
        throw new Error(t("journeys.json.notObject"));
      const candidate = value as Partial<JourneyDefinition>;
      if (typeof candidate.steps !== "object" || candidate.steps === null || !candidate.entry)
        throw new Error(t("journeys.json.missing"));
      onApply(
        withDefaults({
          ...candidate,
          id: idEditable ? (candidate.id ?? "") : definition.id,
        } as JourneyDefinition),
      );
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    }
  };
  return (
    <section className="panel json-view">
      <div className="panel-body">
        <label className="visually-hidden" htmlFor="journey-json">
          JSON
        </label>
        <textarea
          id="journey-json"
          className="json-text mono"
          spellCheck={false}
          readOnly={readOnly}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setError(undefined);
          }}
        />
        {error && (
          <p className="banner banner-error" role="alert">
            {error}
          </p>
        )}
        {!readOnly && (
          <div>
            <button type="button" className="button button-primary" onClick={apply}>
              {t("journeys.json.apply")}
            </button>
          </div>
        )}
      </div>
    </section>
  );
}
