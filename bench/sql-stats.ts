/**
 * Where a benchmark's database time goes, on SQLite: wraps better-sqlite3's statements (the
 * library Kysely and the ingest hot path both use) to add up calls and time per SQL text.
 * Call `installSqlStats()` before opening the store.
 */
import Sqlite from "better-sqlite3";

type Stat = { calls: number; ms: number };
const stats = new Map<string, Stat>();
let commits = 0;

export function installSqlStats(): void {
  const probe = new Sqlite(":memory:");
  const proto = Object.getPrototypeOf(probe.prepare("select 1")) as Record<string, unknown>;
  probe.close();
  for (const method of ["run", "all", "get", "iterate"] as const) {
    const original = proto[method] as (...args: unknown[]) => unknown;
    proto[method] = function (this: { source: string }, ...args: unknown[]) {
      const t0 = performance.now();
      try {
        return original.apply(this, args);
      } finally {
        const key = this.source
          .replace(/\s+/g, " ")
          .replace(/\(\?(, ?\?)+\)/g, "(?…)")
          .slice(0, 140);
        if (/^commit/i.test(key)) commits++;
        const s = stats.get(key) ?? { calls: 0, ms: 0 };
        s.calls++;
        s.ms += performance.now() - t0;
        stats.set(key, s);
      }
    };
  }
}

/** The statements that took longest in total, as a Markdown table. */
export function sqlStatsTable(top = 15): string {
  const total = [...stats.values()].reduce((a, s) => a + s.ms, 0);
  const rows = [...stats.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, top);
  return [
    `SQLite statement time: ${(total / 1000).toFixed(1)} s in ${[...stats.values()].reduce((a, s) => a + s.calls, 0)} calls`,
    "",
    "| statement | calls | total | per call |",
    "|---|---:|---:|---:|",
    ...rows.map(
      ([sql, s]) =>
        `| \`${sql.replace(/\|/g, "\\|")}\` | ${s.calls} | ${(s.ms / 1000).toFixed(2)} s | ${((s.ms / s.calls) * 1000).toFixed(0)} µs |`,
    ),
  ].join("\n");
}

export const sqlCommits = () => commits;
