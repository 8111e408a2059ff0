import { useEffect, useState } from "react";
import {
  inFlightPolicies,
  type InFlightPolicy,
  type JourneyStats,
  type JourneyStatus,
  type JourneySummary,
} from "../api/contract.js";
import { api } from "../api/endpoints.js";
import { useI18n } from "../i18n/i18n.js";
import { ConfirmDialog } from "../ui/confirm-dialog.js";

export function JourneyStatusBadge({ status }: { status: JourneyStatus }) {
  const { t } = useI18n();
  return (
    <span className={`badge status-${status}`} data-status={status}>
      {t(`journeys.status.${status}`)}
    </span>
  );
}

/** How often live counts are fetched again. */
export const STATS_INTERVAL_MS = 4000;

/**
 * Live counts of a journey, fetched again every few seconds while the page is open. Undefined
 * while none are there (never published, or a server without the stats endpoint).
 */
export function useJourneyStats(journeyId: string | undefined): JourneyStats | undefined {
  const [stats, setStats] = useState<JourneyStats>();
  useEffect(() => {
    setStats(undefined);
    if (!journeyId) return;
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = () => {
      api
        .journeyStats(journeyId, controller.signal)
        .then(
          (value) => {
            if (!controller.signal.aborted) setStats(value);
          },
          () => undefined,
        )
        .finally(() => {
          if (!controller.signal.aborted) timer = setTimeout(load, STATS_INTERVAL_MS);
        });
    };
    load();
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [journeyId]);
  return stats;
}

/** Messages sent, summed over the steps. */
export const sentOf = (stats: JourneyStats) =>
  Object.values(stats.steps).reduce((sum, s) => sum + (s.sent ?? 0), 0);

interface PublishDialogProps {
  journey: Pick<JourneySummary, "id" | "name" | "status" | "publishedVersion" | "versions">;
  /** The version offered first; "unsaved" when the editor saves its draft before publishing. */
  version: number | "unsaved";
  /** Saves the draft first when there is one; returns the version to publish. */
  prepare?: () => Promise<number>;
  onPublished: (journey: JourneySummary) => void;
  onClose: () => void;
}

/** Publish a version; customers still in the old version finish, move, or leave. */
export function PublishDialog({
  journey,
  version,
  prepare,
  onPublished,
  onClose,
}: PublishDialogProps) {
  const { t } = useI18n();
  const [chosen, setChosen] = useState(version);
  const [inFlight, setInFlight] = useState<InFlightPolicy>("finish_on_old");
  // Only when a version is live can customers be in it.
  const hasOld = journey.publishedVersion !== null && journey.status !== "archived";
  const versions = [...journey.versions].map((v) => v.version).sort((a, b) => b - a);

  const publish = async () => {
    const target =
      chosen === "unsaved" ? await (prepare?.() ?? Promise.reject(new Error("draft"))) : chosen;
    const movesOld = hasOld && journey.publishedVersion !== target;
    const result = await api.setJourneyStatus(journey.id, {
      status: "published",
      version: target,
      ...(movesOld ? { inFlight } : {}),
    });
    onPublished(result);
  };

  return (
    <ConfirmDialog
      title={t("journeys.publishTitle", { name: journey.name })}
      confirmLabel={t("journeys.publish")}
      onConfirm={publish}
      onClose={onClose}
    >
      <div className="publish-form">
        {chosen === "unsaved" ? (
          <p>{t("journeys.publishUnsaved")}</p>
        ) : (
          <label className="field">
            <span>{t("journeys.version")}</span>
            <select
              className="select"
              value={chosen}
              onChange={(e) => setChosen(Number(e.target.value))}
            >
              {versions.map((v) => (
                <option key={v} value={v}>
                  {t("journeys.versionN", { version: v })}
                  {v === journey.publishedVersion ? ` (${t("journeys.live")})` : ""}
                </option>
              ))}
            </select>
          </label>
        )}
        {hasOld && chosen !== journey.publishedVersion && (
          <fieldset className="in-flight">
            <legend>
              {t("journeys.inFlight.title", { version: journey.publishedVersion ?? "" })}
            </legend>
            {inFlightPolicies.map((policy) => (
              <label key={policy} className="radio">
                <input
                  type="radio"
                  name="in-flight"
                  value={policy}
                  checked={inFlight === policy}
                  onChange={() => setInFlight(policy)}
                />
                <span>
                  <strong>{t(`journeys.inFlight.${policy}`)}</strong>
                  <small className="muted">{t(`journeys.inFlight.${policy}.hint`)}</small>
                </span>
              </label>
            ))}
          </fieldset>
        )}
      </div>
    </ConfirmDialog>
  );
}
