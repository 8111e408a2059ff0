import { randomUUID } from "node:crypto";
import type { Store } from "../storage/store.js";
import { JourneyRunner } from "./journey-runner.js";

/**
 * The durable loop behind journeys: it reads stored events after a cursor kept in the
 * database (so no trigger is lost when a process dies: the next one continues from the
 * cursor) and advances due runs. Any number of processes may run it; a lease lets one at a
 * time read the event feed, and due runs are claimed with their own leases.
 */
export class JourneyWorker {
  readonly runner: JourneyRunner;
  private readonly owner = randomUUID();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  /** Newest event ids seen by passes of the last minute, oldest first. */
  private seen: { at: number; id: number }[] = [];

  constructor(
    private readonly store: Store,
    private readonly options: {
      batchSize?: number;
      leaseMs?: number;
      onError?: (error: unknown) => void;
    } = {},
  ) {
    this.runner = new JourneyRunner(store, { leaseMs: options.leaseMs });
  }

  /** One pass: new events (if this process holds the feed lease), then due runs. */
  async runOnce(now = Date.now()): Promise<{ events: number; due: number }> {
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
            name: e.name,
            properties: e.properties,
            timestamp: e.timestamp,
            receivedAt: e.receivedAt,
          })),
          now,
        );
        // Advanced only after the events were handled: a crash before this replays them, and
        // runs started by an event carry its id, so a replay starts nothing twice.
        await this.store.journeys.setFeedCursor((batch.at(-1) as { id: number }).id);
        events = batch.length;
      }
    }
    const due = await this.runner.tick(now);
    return { events, due };
  }

  /** Runs a pass every `intervalMs` until stopped. */
  start(intervalMs = 1000): void {
    const loop = () => {
      this.running = this.runOnce()
        .then(() => undefined)
        .catch((error: unknown) => this.options.onError?.(error))
        .finally(() => {
          if (this.timer !== undefined) this.timer = setTimeout(loop, intervalMs);
        });
    };
    this.timer = setTimeout(loop, intervalMs);
  }

  /** Stops the loop and waits for a pass in progress to finish. */
  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
