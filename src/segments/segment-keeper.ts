import { isConsentGiven } from "../core/consent/consent.js";
import {
  changesWithTime,
  eventNeeds,
  matchesRule,
  membershipChanges,
  type MembershipChange,
  type SegmentEvent,
  type SegmentFacts,
} from "../core/segments/evaluate-segment.js";
import type { SegmentDefinition } from "../core/segments/segment-definition.js";
import type { CustomerFacts } from "../core/profiles/profile-views.js";
import { AppFailure, ErrorCode } from "../core/shared/result.js";
import type { Store } from "../storage/store.js";

export interface SegmentPassResult {
  /** Segments built in full this pass (new or changed rules). */
  built: number;
  /** Stored events read from the feed. */
  events: number;
  /** Entries and exits written. */
  changes: number;
}

export interface SegmentPreview {
  matched: number;
  scanned: number;
  total: number;
  sample: string[];
}

const PAGE = 500;

/**
 * Keeps segment membership current. Customers whose events arrive are checked again right
 * after (the event feed, like the journeys'); rules with a time window ("no purchase in 60
 * days") are checked for everyone every `scanEveryMs`, since time alone changes them; a new or
 * changed rule is built in full. One process at a time does this, under a lease.
 */
export class SegmentKeeper {
  private cache: { until: number; segments: { definition: SegmentDefinition; built: boolean }[] } =
    { until: 0, segments: [] };
  private nextScan = 0;

  constructor(
    private readonly store: Store,
    private readonly options: {
      owner: string;
      scanEveryMs?: number;
      leaseMs?: number;
      batchSize?: number;
      onProgress?: (done: number, total: number, segmentId: string) => void;
    },
  ) {}

  private async segments(now: number) {
    if (this.cache.until > now) return this.cache.segments;
    const segments = (await this.store.segments.list()).map((s) => ({
      definition: s.definition,
      built: s.builtAt !== null,
    }));
    this.cache = { until: now + 2_000, segments };
    return segments;
  }

  /** Forget the cached definitions (one was saved in this process). */
  invalidate(): void {
    this.cache.until = 0;
  }

  /** One pass: builds new rules, follows the event feed, and scans when it is time. */
  async runOnce(now = Date.now()): Promise<SegmentPassResult> {
    const result: SegmentPassResult = { built: 0, events: 0, changes: 0 };
    const segments = await this.segments(now);
    const leaseMs = this.options.leaseMs ?? 60_000;
    if (!(await this.store.journeys.acquireLease("segments", this.options.owner, now, leaseMs)))
      return result;
    for (const s of segments.filter((x) => !x.built)) {
      result.changes += await this.build(s.definition.id, now);
      result.built++;
    }
    if (result.built > 0) this.invalidate();
    const followed = await this.follow(now);
    result.events = followed.events;
    result.changes += followed.changes;
    if (now >= this.nextScan) {
      this.nextScan = now + (this.options.scanEveryMs ?? 10 * 60_000);
      const timed = segments.filter((s) => s.built && changesWithTime(s.definition));
      if (timed.length > 0)
        result.changes += await this.walk(
          timed.map((s) => s.definition),
          now,
          false,
        );
    }
    return result;
  }

  /** Customers of newly stored events are checked again against every built segment. */
  private async follow(now: number): Promise<{ events: number; changes: number }> {
    const cursor = await this.store.segments.cursor("segment_event_cursor");
    const built = (await this.segments(now)).filter((s) => s.built).map((s) => s.definition);
    if (built.length === 0) {
      // Nothing to keep: a later first build reads everyone anyway.
      const latest = await this.store.events.latestId();
      if (latest > cursor) await this.store.segments.setCursor("segment_event_cursor", latest);
      return { events: 0, changes: 0 };
    }
    const batch = await this.store.events.recent({
      afterId: cursor,
      limit: this.options.batchSize ?? 500,
    });
    if (batch.length === 0) return { events: 0, changes: 0 };
    const changes = await this.refresh(
      batch.map((e) => e.profileId),
      built,
      now,
    );
    await this.store.segments.setCursor(
      "segment_event_cursor",
      Math.max(...batch.map((e) => e.id)),
    );
    return { events: batch.length, changes: changes.length };
  }

  /**
   * Computes one segment for every customer and records who entered and left. The changes
   * are marked `initial`: they follow from the rule being written, not from what customers
   * did, so segment-entry journeys do not start for them.
   */
  async build(segmentId: string, now = Date.now()): Promise<number> {
    const stored = await this.store.segments.get(segmentId);
    if (!stored)
      throw new AppFailure({ code: ErrorCode.notFound, message: `no segment "${segmentId}"` });
    // With no other segment kept, nobody needs the events before this build: it reads them all.
    const others = (await this.store.segments.list()).filter(
      (s) => s.builtAt !== null && s.definition.id !== segmentId,
    );
    if (others.length === 0)
      await this.store.segments.setCursor(
        "segment_event_cursor",
        await this.store.events.latestId(),
      );
    const changes = await this.walk([stored.definition], now, true);
    await this.store.segments.markBuilt(segmentId, now);
    this.invalidate();
    return changes;
  }

  /** Every customer, page by page, against these segments; returns how many changes. */
  private async walk(
    definitions: SegmentDefinition[],
    now: number,
    initial: boolean,
  ): Promise<number> {
    const total = await this.store.segments.customerCount();
    let after = "";
    let done = 0;
    let changes = 0;
    const label = definitions.map((d) => d.id).join(",");
    for (;;) {
      const page = await this.store.segments.customerPage(after, PAGE);
      if (page.length === 0) break;
      after = page.at(-1) as string;
      changes += (await this.refresh(page, definitions, now, initial)).length;
      done += page.length;
      this.options.onProgress?.(Math.min(done, total), total, label);
    }
    return changes;
  }

  /**
   * Checks customers against segments and writes what changed. Profiles merged into another
   * lose their memberships quietly: the customer they joined carries them now.
   */
  async refresh(
    profileIds: string[],
    definitions: SegmentDefinition[],
    now: number,
    initial = false,
  ): Promise<MembershipChange[]> {
    if (definitions.length === 0 || profileIds.length === 0) return [];
    const facts = await this.store.profiles.facts(profileIds);
    const merged = [...facts].filter(([id, f]) => id !== f.canonicalId).map(([id]) => id);
    if (merged.length > 0) await this.store.segments.dropMemberships(merged);
    const customers = new Map<string, CustomerFacts>();
    for (const f of facts.values()) customers.set(f.canonicalId, f);
    const events = await this.eventsByCustomer([...customers.values()], definitions, now);
    const before = await this.store.segments.membershipsOf([...customers.keys()]);
    const ids = new Set(definitions.map((d) => d.id));
    const changes: MembershipChange[] = [];
    for (const [id, f] of customers) {
      const input = segmentFacts(f, events.get(id) ?? [], now);
      const inNow = new Set(
        definitions.filter((d) => matchesRule(d.rule, input, now)).map((d) => d.id),
      );
      const was = new Set([...(before.get(id) ?? [])].filter((s) => ids.has(s)));
      changes.push(...membershipChanges(id, was, inNow));
    }
    await this.store.segments.applyChanges(changes, now, initial);
    return changes;
  }

  private async eventsByCustomer(
    customers: CustomerFacts[],
    definitions: SegmentDefinition[],
    now: number,
  ): Promise<Map<string, SegmentEvent[]>> {
    const needs = eventNeeds(definitions, now);
    const answer = new Map<string, SegmentEvent[]>();
    if (needs.size === 0) return answer;
    const ownerOf = new Map<string, string>();
    for (const c of customers) for (const m of c.memberIds) ownerOf.set(m, c.canonicalId);
    const byProfile = await this.store.segments.eventsOf([...ownerOf.keys()], needs);
    for (const [profileId, list] of byProfile) {
      const owner = ownerOf.get(profileId) as string;
      answer.set(owner, [...(answer.get(owner) ?? []), ...list]);
    }
    return answer;
  }

  /**
   * Who would be in a segment with this rule, without writing anything: the count over up to
   * `maxCustomers` customers (the editor's live count), and a few of them.
   */
  async preview(
    definition: SegmentDefinition,
    now = Date.now(),
    maxCustomers = 50_000,
  ): Promise<SegmentPreview> {
    const total = await this.store.segments.customerCount();
    const preview: SegmentPreview = { matched: 0, scanned: 0, total, sample: [] };
    let after = "";
    while (preview.scanned < maxCustomers) {
      const page = await this.store.segments.customerPage(
        after,
        Math.min(PAGE, maxCustomers - preview.scanned),
      );
      if (page.length === 0) break;
      after = page.at(-1) as string;
      const facts = await this.store.profiles.facts(page);
      const customers = [...facts.values()].filter((f) => page.includes(f.canonicalId));
      const events = await this.eventsByCustomer(customers, [definition], now);
      for (const f of customers) {
        if (
          !matchesRule(definition.rule, segmentFacts(f, events.get(f.canonicalId) ?? [], now), now)
        )
          continue;
        preview.matched++;
        if (preview.sample.length < 10) preview.sample.push(f.canonicalId);
      }
      preview.scanned += page.length;
    }
    return preview;
  }
}

function segmentFacts(f: CustomerFacts, events: SegmentEvent[], now: number): SegmentFacts {
  return {
    traits: f.traits,
    hasConsent: (brandId, purpose) =>
      isConsentGiven(
        f.consents.find((c) => c.brandId === brandId && c.purpose === purpose),
        now,
      ),
    identifierTypes: f.identifierTypes,
    events,
  };
}
