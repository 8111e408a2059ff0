import { segmentsNamedIn, type JourneyDefinition } from "../core/journeys/journey-definition.js";
import { AppFailure, ErrorCode } from "../core/shared/result.js";
import type { Store } from "../storage/store.js";

/**
 * A journey may only name segments that exist: one that waits for a segment nobody keeps
 * would never move, so it is refused when saved, with the place that names it.
 */
export async function checkJourneySegments(
  definition: JourneyDefinition,
  store: Store,
  pathPrefix = "",
): Promise<void> {
  const named = segmentsNamedIn(definition);
  if (named.length === 0) return;
  const known = new Set((await store.segments.list()).map((s) => s.definition.id));
  const missing = named.find((n) => !known.has(n.segmentId));
  if (missing)
    throw new AppFailure({
      code: ErrorCode.invalidInput,
      message: `${pathPrefix}${missing.path}: no segment "${missing.segmentId}"`,
      path: `${pathPrefix}${missing.path}`,
    });
}

/** Journeys whose latest or published version names the segment (a delete would strand them). */
export async function journeysNaming(store: Store, segmentId: string): Promise<string[]> {
  const naming: string[] = [];
  for (const journey of await store.journeys.list()) {
    if (journey.status === "archived") continue;
    const versions = new Set([journey.versions.at(-1)?.version, journey.publishedVersion]);
    for (const v of versions) {
      if (v === null || v === undefined) continue;
      const def = await store.journeys.version(journey.id, v);
      if (def && segmentsNamedIn(def).some((n) => n.segmentId === segmentId)) {
        naming.push(journey.id);
        break;
      }
    }
  }
  return naming;
}
