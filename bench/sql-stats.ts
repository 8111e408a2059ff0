/**
 * Where a benchmark's database time goes: wraps better-sqlite3's statements (the library Kysely
 * and the ingest hot path both use) and pg's `Client.query` (round trip included) to add up
 * calls and time per SQL text. Call `installSqlStats()` before opening the store.
 */
import Sqlite from "better-sqlite3";
import pg from "pg";

type Stat = { calls: number; ms: number };
const stats = new Map<string, Stat>();
let commits = 0;

const keyOf = (source: string) =>
  source
    .replace(/\s+/g, " ")
    .replace(/\(\?(, ?\?)+\)/g, "(?…)")
    .replace(/\(\$\d+(, ?\$\d+)+\)/g, "($…)")
    .replace(/(, ?\(\$…\))+/g, ", …")
    .slice(0, 140);

function count(key: string, ms: number): void {
  if (/^commit/i.test(key)) commits++;
  const s = stats.get(key) ?? { calls: 0, ms: 0 };
  s.calls++;
  s.ms += ms;
  stats.set(key, s);
}

function installPgStats(): void {
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function (this: unknown, ...args: unknown[]) {
    const text = typeof args[0] === "string" ? args[0] : (args[0] as { text?: string })?.text;
    const result = original.apply(this, args);
    if (!text || !(result instanceof Promise)) return result;
    const t0 = performance.now();
    return result.finally(() => count(keyOf(text), performance.now() - t0));
  };
}

export function installSqlStats(): void {
  installPgStats();
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
        count(keyOf(this.source), performance.now() - t0);
      }
    };
  }
}

/** Forgets what was counted so far (the set-up), so the table shows one phase. */
export function resetSqlStats(): void {
  stats.clear();
  commits = 0;
}

/** The statements that took longest in total, as a Markdown table. */
export function sqlStatsTable(top = 15): string {
  const total = [...stats.values()].reduce((a, s) => a + s.ms, 0);
  const rows = [...stats.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, top);
  return [
    `Statement time: ${(total / 1000).toFixed(1)} s in ${[...stats.values()].reduce((a, s) => a + s.calls, 0)} calls`,
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
