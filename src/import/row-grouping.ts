import { ImportIssueCode, type ImportIssue } from "./import-issue.js";
import { keyHash } from "./message-id.js";
import type { CsvRow } from "./row-values.js";

const SPAN = 0x100000;

/** A finished group: its rows, the problems of rows that belong to it but could not be read. */
export interface RowGroup {
  key: string;
  label: string;
  rows: CsvRow[];
  /** Issues of rows of this group that were already found bad (the group cannot be whole). */
  bad: ImportIssue[];
  /** Lines of all rows, good and bad. */
  lines: { line: number; lastLine: number }[];
  /** Set when rows of this group came earlier in the file, separated from these by other groups. */
  earlier?: { line: number; lastLine: number };
}

/**
 * Collects rows into groups in one streaming pass. A group is the run of adjacent rows with
 * the same key (a till export lists a receipt's items together); it ends when the key changes.
 * A key that comes back after other groups is reported as split — storing it would give a
 * second event with the first one's messageId, which the store drops as a duplicate, losing
 * those items silently. Memory: one entry per group key seen.
 */
export class AdjacentGroups {
  private current?: RowGroup;
  /** Hash of the key → first line × 2^20 + span of lines, of every finished group. */
  private readonly finished = new Map<number, number>();

  /** Adds a row; returns the group the row's key change finished, if any. */
  add(key: string, label: string, row: CsvRow): RowGroup | undefined {
    const done = this.switchTo(key, label);
    this.current?.rows.push(row);
    this.current?.lines.push({ line: row.line, lastLine: row.lastLine });
    return done;
  }

  /** A row of the group `key` that is bad: the group will be rejected as a whole. */
  poison(
    key: string,
    label: string,
    issue: ImportIssue,
    lines: { line: number; lastLine: number },
  ): RowGroup | undefined {
    const done = this.switchTo(key, label);
    this.current?.bad.push(issue);
    this.current?.lines.push(lines);
    return done;
  }

  /** The last group, at the end of the file. */
  end(): RowGroup | undefined {
    const done = this.current;
    if (done) this.finish(done);
    this.current = undefined;
    return done;
  }

  private switchTo(key: string, label: string): RowGroup | undefined {
    if (this.current?.key === key) return undefined;
    const done = this.current;
    if (done) this.finish(done);
    const seen = this.finished.get(keyHash(key));
    const earlier =
      seen === undefined
        ? undefined
        : { line: Math.floor(seen / SPAN), lastLine: Math.floor(seen / SPAN) + (seen % SPAN) };
    this.current = { key, label, rows: [], bad: [], lines: [], earlier };
    return done;
  }

  private finish(group: RowGroup): void {
    const first = group.lines[0];
    const last = group.lines[group.lines.length - 1];
    const key = keyHash(group.key);
    if (first && last && !this.finished.has(key)) {
      this.finished.set(key, first.line * SPAN + Math.min(last.lastLine - first.line, SPAN - 1));
    }
  }
}

/**
 * The issues of a rejected group, with every line of the group in the report — so the report
 * lists exactly the lines that were not imported, and a corrected file can be cut from it.
 */
export function withGroup(
  issues: ImportIssue[],
  rows: { line: number; lastLine: number }[],
  label: string,
): ImportIssue[] {
  const span =
    rows.length > 1 ? ` (lines ${rows[0]?.line}–${rows[rows.length - 1]?.lastLine})` : "";
  const out = issues.map((i) => ({
    ...i,
    group: label,
    message: `${i.message}; the group ${label}${span} was not imported`,
  }));
  const reported = new Set(issues.map((i) => i.line));
  const cause = issues[0];
  for (const row of rows) {
    if (reported.has(row.line)) continue;
    out.push({
      line: row.line,
      group: label,
      code: ImportIssueCode.groupRejected,
      message: `not imported: line ${cause?.line} of the same group ${label} was rejected (a group is stored whole or not at all, so a corrected file can be imported again)`,
    });
  }
  return out.sort((a, b) => a.line - b.line);
}
