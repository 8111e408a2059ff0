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
  /** A build or scan is under way: the next pass continues it. */
  walking: boolean;
}

export interface SegmentPreview {
  matched: number;
  scanned: number;
  total: number;
  sample: string[];
}

const PAGE = 500;

/** A walk through every customer, page by page: a build of new rules or a time-window scan. */
interface Walk {
  kind: "build" | "scan";
  definitions: SegmentDefinition[];
  /** The last customer id done. */
  after: string;
  startedAt: number;
  /** Changes written since last counted. */
  changes: number;
  done: number;
  total?: number;
}

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
  /** The build or scan this process is walking through, a slice per pass. */
  private walking: Walk | undefined;

  constructor(
    private readonly store: Store,
    private readonly options: {
      owner: string;
      scanEveryMs?: number;
      leaseMs?: number;
      batchSize?: number;
      /** Pages of customers a worker pass builds or scans (default 4 of 500). */
      pagesPerPass?: number;
      pageSize?: number;
      onProgress?: (done: number, total: number, segmentId: string) => void;
    },
  ) {}

  private async segments(now: number) {
    if (this.cache.until > now) return this.cache.segments;
    const segments = (await this.store.segments.definitions()).map((s) => ({
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

  /**
   * One pass: a slice of the build or scan in progress (a few pages of customers, so journeys
   * sharing the worker never wait long), then the event feed. Builds of new or changed rules
   * come first; the scan of rules with a time window starts when it is due.
   */
  async runOnce(now = Date.now()): Promise<SegmentPassResult> {
    const result: SegmentPassResult = { built: 0, events: 0, changes: 0, walking: false };
    const leaseMs = this.options.leaseMs ?? 60_000;
    if (!(await this.store.journeys.acquireLease("segments", this.options.owner, now, leaseMs))) {
      this.walking = undefined; // another process holds the lease and does the walking
      return result;
    }
    this.walking ??= await this.nextWalk(now);
    if (this.walking) {
      const walk = this.walking;
      const finished = await this.slice(walk, now, this.options.pagesPerPass ?? 4);
      result.changes += walk.changes;
      walk.changes = 0;
      if (finished) {
        this.walking = undefined;
        if (walk.kind === "build") {
          for (const d of walk.definitions)
            if (await this.store.segments.markBuilt(d.id, now, walk.startedAt)) result.built++;
          this.invalidate();
        } else this.nextScan = walk.startedAt + (this.options.scanEveryMs ?? 10 * 60_000);
      }
    }
    const followed = await this.follow(now);
    result.events = followed.events;
    result.changes += followed.changes;
    result.walking = this.walking !== undefined;
    return result;
  }

  /** New or changed rules to build, else the time-window scan if it is due. */
  private async nextWalk(now: number): Promise<Walk | undefined> {
    const segments = await this.segments(now);
    const unbuilt = segments.filter((s) => !s.built).map((s) => s.definition);
    if (unbuilt.length > 0) {
      if (!segments.some((s) => s.built)) await this.skipHistory();
      return {
        kind: "build",
        definitions: unbuilt,
        after: "",
        startedAt: now,
        changes: 0,
        done: 0,
      };
    }
    if (now < this.nextScan) return undefined;
    const timed = segments.filter((s) => changesWithTime(s.definition)).map((s) => s.definition);
    if (timed.length === 0) {
      this.nextScan = now + (this.options.scanEveryMs ?? 10 * 60_000);
      return undefined;
    }
    return { kind: "scan", definitions: timed, after: "", startedAt: now, changes: 0, done: 0 };
  }

  /**
   * Up to `pages` pages of customers of a walk; true when it reached the end. Segments
   * deleted or changed since the walk began are left out (a changed one is built again).
   */
  private async slice(walk: Walk, now: number, pages: number): Promise<boolean> {
    const savedAt = await this.store.segments.savedAt();
    walk.definitions = walk.definitions.filter(
      (d) => (savedAt.get(d.id) ?? Infinity) <= walk.startedAt,
    );
    if (walk.definitions.length === 0) return true;
    for (let i = 0; i < pages; i++) {
      const page = await this.store.segments.customerPage(
        walk.after,
        this.options.pageSize ?? PAGE,
      );
      if (page.length === 0) return true;
      walk.after = page.at(-1) as string;
      const changes = await this.refresh(page, walk.definitions, now, walk.kind === "build");
      walk.changes += changes.length;
      walk.done += page.length;
      if (walk.kind === "build")
        await this.store.segments.setBuildProgress(
          walk.definitions.map((d) => d.id),
          walk.done,
        );
      this.options.onProgress?.(
        walk.done,
        Math.max(walk.total ?? 0, walk.done),
        walk.definitions.map((d) => d.id).join(","),
      );
      if (page.length < (this.options.pageSize ?? PAGE)) return true;
    }
    return false;
  }

  /** With no segment kept yet, nobody needs the events before a first build: it reads them all. */
  private async skipHistory(): Promise<void> {
    await this.store.segments.setCursor("segment_event_cursor", await this.store.events.latestId());
  }

  /**
   * Customers of newly stored events, and those changed without one, are checked again
   * against every built segment.
   */
  private async follow(now: number): Promise<{ events: number; changes: number }> {
    const cursor = await this.store.segments.cursor("segment_event_cursor");
    const built = (await this.segments(now)).filter((s) => s.built).map((s) => s.definition);
    if (built.length === 0) {
      // Nothing to keep: a later first build reads everyone anyway.
      const latest = await this.store.events.latestId();
      if (latest > cursor) await this.store.segments.setCursor("segment_event_cursor", latest);
      await this.store.segments.clearTouches(await this.store.segments.touched(10_000));
      return { events: 0, changes: 0 };
    }
    const limit = this.options.batchSize ?? 500;
    const batch = await this.store.events.recent({ afterId: cursor, limit });
    const touched = await this.store.segments.touched(limit);
    if (batch.length + touched.length === 0) return { events: 0, changes: 0 };
    const changes = await this.refresh(
      [...batch.map((e) => e.profileId), ...touched.map((t) => t.profileId)],
      built,
      now,
    );
    if (batch.length > 0)
      await this.store.segments.setCursor(
        "segment_event_cursor",
        Math.max(...batch.map((e) => e.id)),
      );
    await this.store.segments.clearTouches(touched);
    return { events: batch.length + touched.length, changes: changes.length };
  }

  /**
   * Computes one segment for every customer now and records who entered and left. The
   * changes are marked `initial`: they follow from the rule being written, not from what
   * customers did, so segment-entry journeys do not start for them.
   */
  async build(segmentId: string, now = Date.now()): Promise<number> {
    const stored = await this.store.segments.get(segmentId);
    if (!stored)
      throw new AppFailure({ code: ErrorCode.notFound, message: `no segment "${segmentId}"` });
    const others = (await this.store.segments.definitions()).filter(
      (s) => s.builtAt !== null && s.definition.id !== segmentId,
    );
    if (others.length === 0) await this.skipHistory();
    const walk: Walk = {
      kind: "build",
      definitions: [stored.definition],
      after: "",
      startedAt: Math.max(now, stored.updatedAt),
      changes: 0,
      done: 0,
      total: await this.store.segments.customerCount(),
    };
    let changes = 0;
    for (;;) {
      const finished = await this.slice(walk, now, 20);
      changes += walk.changes;
      walk.changes = 0;
      if (finished) break;
    }
    await this.store.segments.markBuilt(segmentId, now, walk.startedAt);
    this.invalidate();
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
