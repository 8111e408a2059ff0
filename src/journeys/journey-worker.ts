import { randomUUID } from "node:crypto";
import type { Deliverer } from "../messaging/deliverer.js";
import type { Store } from "../storage/store.js";
import { listensToSegments } from "../core/journeys/journey-entry.js";
import { SegmentKeeper } from "../segments/segment-keeper.js";
import { DateEntries } from "./date-entries.js";
import { JourneyRunner } from "./journey-runner.js";

/**
 * The durable loop behind journeys: it reads stored events after a cursor kept in the
 * database (so no trigger is lost when a process dies: the next one continues from the
 * cursor) and advances due runs. Any number of processes may run it; a lease lets one at a
 * time read the event feed, and due runs are claimed with their own leases.
 */
export class JourneyWorker {
  readonly runner: JourneyRunner;
  private readonly dates: DateEntries;
  readonly segments: SegmentKeeper;
  private readonly owner = randomUUID();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private loop: (() => void) | undefined;
  private woken = false;
  /** Newest event ids seen by passes of the last minute, oldest first. */
  private seen: { at: number; id: number }[] = [];

  constructor(
    private readonly store: Store,
    private readonly options: {
      batchSize?: number;
      leaseMs?: number;
      onError?: (error: unknown) => void;
      /** Hands the ledger's due messages to their channels after each pass. */
      deliverer?: Deliverer;
      /** Test mode: how long every wait lasts. */
      testWaitMs?: number;
      /** How often rules with a time window are checked for every customer (default 10 min). */
      segmentScanMs?: number;
    } = {},
  ) {
    this.runner = new JourneyRunner(store, {
      leaseMs: options.leaseMs,
      testWaitMs: options.testWaitMs,
    });
    this.dates = new DateEntries(store, this.runner, { owner: this.owner });
    this.segments = new SegmentKeeper(store, {
      owner: this.owner,
      scanEveryMs: options.segmentScanMs,
      leaseMs: options.leaseMs,
    });
  }

  /**
   * One pass: segment membership first (so journeys test it as it is now), new events (if
   * this process holds the feed lease), segment entries and exits, then due runs.
   */
  async runOnce(
    now = Date.now(),
  ): Promise<{ events: number; due: number; delivered: number; segmentChanges: number }> {
    const segments = await this.segments.runOnce(now);
    const pass = await this.advance(now);
    pass.due += await this.dates.scan(now);
    pass.due += await this.segmentEntries(now);
    const delivered = this.options.deliverer ? await this.options.deliverer.deliverDue(now) : 0;
    return {
      ...pass,
      delivered,
      // A build or scan under way counts as work, so the next pass follows at once.
      segmentChanges: segments.changes + segments.events + (segments.walking ? 1 : 0),
    };
  }

  /** Segment entries and exits after the journeys' cursor start segment journeys. */
  private async segmentEntries(now: number): Promise<number> {
    const lease = this.options.leaseMs ?? 30_000;
    if (!(await this.store.journeys.acquireLease("journey-segments", this.owner, now, lease)))
      return 0;
    const cursor = await this.store.segments.cursor("journey_segment_cursor");
    const listening = (await this.runner.publishedDefinitions(now)).some(listensToSegments);
    if (!listening) {
      // As with events: stay a minute behind, so changes made while a journey is being
      // published are still ahead of the cursor when it goes live.
      const behind = await this.store.segments.lastChangeId(now - 60_000);
      if (behind > cursor) await this.store.segments.setCursor("journey_segment_cursor", behind);
      return 0;
    }
    const changes = await this.store.segments.changesAfter(cursor, this.options.batchSize ?? 500);
    if (changes.length === 0) return 0;
    await this.runner.onSegmentChanges(changes, now, (changes.at(-1) as { id: number }).id);
    return changes.length;
  }

  private async advance(now: number): Promise<{ events: number; due: number }> {
    let events = 0;
    if (
      await this.store.journeys.acquireLease(
        "journey-feed",
        this.owner,
        now,
        this.options.leaseMs ?? 30_000,
      )
    ) {
      if (!(await this.runner.hasPublished(now))) {
        // Nothing listens, so history need not be read later. The cursor stays a minute behind
        // (the newest id seen a minute ago), so events arriving while a first journey is being
        // published are still ahead of it; the runner skips those received before publication.
        this.seen.push({ at: now, id: await this.store.events.latestId() });
        while (this.seen.length > 1 && (this.seen[1] as { at: number }).at <= now - 60_000)
          this.seen.shift();
        const behind = this.seen[0] && this.seen[0].at <= now - 60_000 ? this.seen[0].id : 0;
        if (behind > (await this.store.journeys.feedCursor()))
          await this.store.journeys.setFeedCursor(behind);
        return { events: 0, due: await this.runner.tick(now) };
      }
      this.seen = [];
      const cursor = await this.store.journeys.feedCursor();
      const batch = (
        await this.store.events.recent({ afterId: cursor, limit: this.options.batchSize ?? 500 })
      ).reverse();
      if (batch.length > 0) {
        await this.runner.onEvents(
          batch.map((e) => ({
            eventId: e.id,
            profileId: e.profileId,
            brandId: e.brandId,
            name: e.name,
            properties: e.properties,
            timestamp: e.timestamp,
            receivedAt: e.receivedAt,
          })),
          now,
          // Saved with what the events caused, in one transaction: a crash replays the whole
          // batch or none of it (runs started by an event carry its id besides).
          (batch.at(-1) as { id: number }).id,
        );
        events = batch.length;
      }
    }
    const due = await this.runner.tick(now);
    return { events, due };
  }

  /**
   * Runs a pass every `intervalMs` until stopped; a pass that found work is followed by the
   * next one at once, and `wake()` (new events stored in this process) starts one early.
   */
  start(intervalMs = 1000): void {
    this.loop = () => {
      if (this.timer) clearTimeout(this.timer);
      this.timer = undefined;
      this.running = this.runOnce()
        .then((pass) => pass.events + pass.due + pass.delivered + pass.segmentChanges > 0)
        .catch((error: unknown) => {
          this.options.onError?.(error);
          return false;
        })
        .then((busy) => {
          this.running = undefined;
          if (!this.loop) return;
          const wait = busy || this.woken ? 0 : intervalMs;
          this.woken = false;
          this.timer = setTimeout(this.loop, wait);
        });
    };
    this.timer = setTimeout(this.loop, intervalMs);
  }

  /** Something arrived: run a pass now (or right after the one in progress). */
  wake(): void {
    if (!this.loop) return;
    if (this.running) {
      this.woken = true;
      return;
    }
    this.loop();
  }

  /** Stops the loop and waits for a pass in progress to finish. */
  async stop(): Promise<void> {
    this.loop = undefined;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
