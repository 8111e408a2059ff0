import type { JourneyRun } from "../core/journeys/journey-run.js";
import type { CustomerFacts } from "../core/profiles/profile-views.js";
import type { JourneyWrites } from "../storage/sql/journey-store.js";
import type { Store } from "../storage/store.js";

/**
 * Customer facts read once for a batch (a few statements for hundreds of customers) and
 * looked up by any id of the customer; a trait the batch changes is read again.
 */
export class FactsBook {
  private readonly known = new Map<string, CustomerFacts>();
  private readonly memberships = new Map<string, Set<string>>();

  constructor(private readonly store: Store) {}

  async load(ids: string[]): Promise<void> {
    const missing = [...new Set(ids)].filter((id) => !this.known.has(id));
    if (missing.length === 0) return;
    const read = await this.store.profiles.facts(missing);
    for (const [id, facts] of read) {
      this.known.set(id, facts);
      this.known.set(facts.canonicalId, facts);
    }
    const canonical = [...new Set([...read.values()].map((f) => f.canonicalId))];
    for (const id of canonical) this.memberships.set(id, new Set());
    for (const [id, segments] of await this.store.segments.membershipsOf(canonical))
      this.memberships.set(id, segments);
  }

  /** The segments a customer (by canonical id) is in, as read with the customer's facts. */
  segmentsOf(canonicalId: string): ReadonlySet<string> {
    return this.memberships.get(canonicalId) ?? new Set();
  }

  async of(id: string): Promise<CustomerFacts | undefined> {
    if (!this.known.has(id)) await this.load([id]);
    return this.known.get(id);
  }

  canonicalIds(): string[] {
    return [...new Set([...this.known.values()].map((f) => f.canonicalId))];
  }

  forget(canonicalId: string): void {
    for (const [id, facts] of this.known)
      if (facts.canonicalId === canonicalId) this.known.delete(id);
  }
}

/** The runs of one customer the batch has written so far (last state of each). */
export function pendingOf(writes: JourneyWrites, profileId: string): Map<string, JourneyRun> {
  return new Map(writes.runs.filter((r) => r.profileId === profileId).map((r) => [r.id, r]));
}

/** A customer's stored runs with the batch's unsaved ones in their place, oldest first. */
export function withPending(stored: JourneyRun[], pending: Map<string, JourneyRun> | undefined) {
  if (!pending) return stored;
  const byId = new Map(stored.map((r) => [r.id, r]));
  for (const [id, run] of pending) byId.set(id, run);
  return [...byId.values()].sort((a, b) => a.enteredAt - b.enteredAt);
}
