import type { DemoCalendar } from "../demo-calendar.js";
import type { DemoSourceId } from "../demo-sources.js";

/** One tracking call of the demo, as the source would send it, and when it happened. */
export interface DemoCall {
  sourceId: DemoSourceId;
  at: number;
  call: Record<string, unknown>;
}

/** What every event generator writes to: the calendar, the calls, and running numbers. */
export class DemoLog {
  readonly calls: DemoCall[] = [];
  private readonly counters = new Map<string, number>();

  constructor(readonly cal: DemoCalendar) {}

  /** Adds a call unless it lies in the future (after `now`). */
  add(sourceId: DemoSourceId, at: number, call: Record<string, unknown>): void {
    if (at > this.cal.now) return;
    this.calls.push({ sourceId, at, call });
  }

  /** The next running number of a kind: receipts, orders, calls … */
  next(kind: string, start = 1): number {
    const n = this.counters.get(kind) ?? start;
    this.counters.set(kind, n + 1);
    return n;
  }
}
