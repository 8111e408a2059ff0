import type { NormalizedEvent } from "../core/collect/normalized-event.js";
import type { IngestResult, IngestStore } from "./sql/ingest-store.js";

interface Waiting {
  events: NormalizedEvent[];
  resolve: (result: IngestResult) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: batches that arrive while a transaction is running wait, then go to the
 * database together in one transaction, so one commit (and one pass over the index pages)
 * serves many requests. Each caller is answered only after the commit that holds its events.
 * If a group fails, its batches are retried one by one so one bad batch fails only itself.
 */
export class IngestQueue {
  private readonly waiting: Waiting[] = [];
  private running = 0;

  constructor(
    private readonly ingest: IngestStore,
    private readonly options: { maxEventsPerCommit: number; concurrency: number },
  ) {}

  /** Batches waiting for a transaction: the measure of overload. */
  get pending(): number {
    return this.waiting.length;
  }

  submit(events: NormalizedEvent[]): Promise<IngestResult> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ events, resolve, reject });
      this.drain();
    });
  }

  private drain(): void {
    while (this.running < this.options.concurrency && this.waiting.length > 0) {
      const group: Waiting[] = [];
      let size = 0;
      while (this.waiting.length > 0) {
        const next = this.waiting[0] as Waiting;
        if (group.length > 0 && size + next.events.length > this.options.maxEventsPerCommit) break;
        group.push(this.waiting.shift() as Waiting);
        size += next.events.length;
      }
      this.running++;
      void this.commit(group).finally(() => {
        this.running--;
        this.drain();
      });
    }
  }

  private async commit(group: Waiting[]): Promise<void> {
    try {
      const results = await this.ingest.ingestGroups(group.map((w) => w.events));
      group.forEach((w, i) => w.resolve(results[i] as IngestResult));
    } catch (error) {
      if (group.length === 1) return group[0]?.reject(error);
      for (const w of group) {
        await this.ingest.ingest(w.events).then(w.resolve, w.reject);
      }
    }
  }
}
