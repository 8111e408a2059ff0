import { localParts } from "./local-time.js";

/** A calendar day: the date a date trait names, or today in the customer's time zone. */
export interface Day {
  year: number | null;
  month: number;
  day: number;
}

/**
 * Reads a date trait as customers' data holds it: ISO (`1983-05-05`, `1983-05-05T00:00:00Z`),
 * Swiss/German (`05.05.1983`), or without a year (`--05-05`, `05-05`, `5.5.`). Undefined for
 * anything else, so a malformed trait starts nothing.
 */
export function parseDateTrait(value: unknown): Day | undefined {
  if (typeof value !== "string" || value.length > 40) return undefined;
  const text = value.trim();
  let m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$/.exec(text);
  if (m) return valid({ year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) });
  m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text);
  if (m) return valid({ year: Number(m[3]), month: Number(m[2]), day: Number(m[1]) });
  m = /^(?:--)?(\d{2})-(\d{2})$/.exec(text);
  if (m) return valid({ year: null, month: Number(m[1]), day: Number(m[2]) });
  m = /^(\d{1,2})\.(\d{1,2})\.?$/.exec(text);
  if (m) return valid({ year: null, month: Number(m[2]), day: Number(m[1]) });
  return undefined;
}

function valid(d: Day): Day | undefined {
  if (d.month < 1 || d.month > 12 || d.day < 1 || d.day > 31) return undefined;
  const probe = new Date(Date.UTC(d.year ?? 2000, d.month - 1, d.day));
  return probe.getUTCMonth() === d.month - 1 ? d : undefined;
}

const shift = (year: number, month: number, day: number, days: number): Day => {
  const t = new Date(Date.UTC(year, month - 1, day + days));
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
};

/**
 * Whether a date-trait entry fires for a customer now: the trait's day plus `offsetDays` is
 * today in the customer's time zone (every year for a `yearly` date such as a birthday; once
 * for a date such as a contract end) and the local time is at or after `time`. Returns the
 * occurrence ("2026-05-05"), which makes the run id, so each occurrence starts one run.
 * A birthday on 29 February is celebrated on 28 February in other years.
 */
export function dateEntryOccurrence(
  entry: { offsetDays: number; time: string; recurrence: "yearly" | "once" },
  trait: Day,
  now: number,
  timeZone: string,
): string | undefined {
  const local = localParts(now, timeZone);
  const [hh, mm] = entry.time.split(":").map(Number) as [number, number];
  if (local.hour * 60 + local.minute < hh * 60 + mm) return undefined;
  // The trait day that, moved by offsetDays, lands on today.
  const target = shift(local.year, local.month, local.day, -entry.offsetDays);
  const hit =
    entry.recurrence === "once"
      ? trait.year === target.year && trait.month === target.month && trait.day === target.day
      : sameDay(trait, target);
  if (!hit) return undefined;
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${local.year}-${pad(local.month)}-${pad(local.day)}`;
}

function sameDay(trait: Day, target: Day): boolean {
  if (trait.month === target.month && trait.day === target.day) return true;
  // 29 February in a year without one: the 28th.
  const leap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return (
    trait.month === 2 &&
    trait.day === 29 &&
    target.month === 2 &&
    target.day === 28 &&
    !leap(target.year as number)
  );
}
