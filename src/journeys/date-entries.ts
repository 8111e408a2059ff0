import { dateEntryOccurrence, parseDateTrait } from "../core/journeys/date-entry.js";
import type { Store } from "../storage/store.js";
import type { JourneyRunner } from "./journey-runner.js";

/**
 * Date-trait entries (birthday, contract end): published journeys with such an entry are
 * checked every `everyMs` by one process at a time (under a lease). A customer enters when the
 * trait's day plus the offset is today in their time zone and the entry time has passed; the
 * run id names the day, so repeated scans and several processes start each occurrence once.
 * Re-entry "once" means once ever.
 */
export class DateEntries {
  private nextScan = 0;

  constructor(
    private readonly store: Store,
    private readonly runner: JourneyRunner,
    private readonly options: { owner: string; everyMs?: number; defaultTimeZone?: string },
  ) {}

  /** Scans if it is time; returns how many runs started. */
  async scan(now = Date.now()): Promise<number> {
    if (now < this.nextScan) return 0;
    const every = this.options.everyMs ?? 5 * 60_000;
    const journeys = (await this.runner.publishedDefinitions(now)).filter(
      (d) => d.entry.type === "date_trait",
    );
    this.nextScan = now + every;
    if (journeys.length === 0) return 0;
    if (!(await this.store.journeys.acquireLease("journey-dates", this.options.owner, now, every)))
      return 0;
    let started = 0;
    for (const definition of journeys) {
      const entry = definition.entry;
      if (entry.type !== "date_trait") continue;
      let after = "";
      for (;;) {
        const page = await this.store.profiles.withTrait(entry.trait, after, 1000);
        if (page.length === 0) break;
        after = (page.at(-1) as { profileId: string }).profileId;
        for (const row of page) {
          const day = parseDateTrait(row.value);
          if (!day) continue;
          const zone = typeof row.timeZone === "string" ? row.timeZone : undefined;
          const occurrence = dateEntryOccurrence(
            entry,
            day,
            now,
            validZone(zone) ?? this.options.defaultTimeZone ?? "Europe/Zurich",
          );
          if (!occurrence) continue;
          if (definition.reentry.type === "once") {
            const earlier = await this.store.journeys.runsOfProfile(row.profileId, definition.id);
            if (earlier.some((r) => r.mode === "live")) continue;
          }
          const entered = await this.runner.enter(
            definition,
            row.profileId,
            {
              name: "Date Reached",
              properties: { trait: entry.trait, value: row.value, occurrence },
              timestamp: now,
            },
            `run_${definition.id}_${row.profileId}_${occurrence}`,
            now,
          );
          if (entered) started++;
        }
      }
    }
    return started;
  }
}

function validZone(zone: string | undefined): string | undefined {
  if (!zone) return undefined;
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return zone;
  } catch {
    return undefined;
  }
}
