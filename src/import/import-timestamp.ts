/**
 * Timestamps as exports write them: ISO 8601, epoch seconds or milliseconds, or a pattern like
 * `dd.mm.yyyy HH:MM`. A time without an offset is a wall-clock time in the mapping's time zone
 * (a Zurich till writes Zurich time), converted with the zone's rules for that very date, so
 * summer and winter time both come out right.
 */

export type TimestampParser = (text: string) => number | undefined;

const TOKENS: Record<string, { group: string; field: keyof WallTime }> = {
  yyyy: { group: "(\\d{4})", field: "year" },
  mm: { group: "(\\d{1,2})", field: "month" },
  dd: { group: "(\\d{1,2})", field: "day" },
  HH: { group: "(\\d{1,2})", field: "hour" },
  MM: { group: "(\\d{2})", field: "minute" },
  SS: { group: "(\\d{2})", field: "second" },
};
const TOKEN_RE = /yyyy|mm|dd|HH|MM|SS/g;

interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

/** Why a timestamp format is not usable, or undefined when it is. */
export function timestampFormatProblem(format: string): string | undefined {
  if (format === "iso" || format === "epoch_ms" || format === "epoch_s") return undefined;
  const tokens: string[] = [...(format.match(TOKEN_RE) ?? [])];
  for (const needed of ["yyyy", "mm", "dd"]) {
    if (!tokens.includes(needed)) {
      return `"${format}" has no ${needed}; use "iso", "epoch_ms", "epoch_s" or a pattern of yyyy, mm, dd, HH, MM, SS (e.g. "dd.mm.yyyy HH:MM")`;
    }
  }
  if (new Set(tokens).size !== tokens.length) return `"${format}" uses a token twice`;
  return undefined;
}

/** Whether the runtime knows the IANA time zone. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterOf(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(zone, f);
  }
  return f;
}

const BUCKET = 15 * 60_000;
const offsetCache = new Map<string, number>();
/** The zone's offset from UTC (ms) at an instant; cached per zone and quarter hour. */
function offsetAt(utc: number, zone: string): number {
  const bucket = Math.floor(utc / BUCKET);
  const key = `${zone}\u0000${bucket}`;
  const cached = offsetCache.get(key);
  if (cached !== undefined) return cached;
  const at = bucket * BUCKET;
  const parts: Record<string, number> = {};
  for (const p of formatterOf(zone).formatToParts(at)) {
    if (p.type !== "literal") parts[p.type] = Number(p.value);
  }
  const wall = Date.UTC(
    parts.year ?? 1970,
    (parts.month ?? 1) - 1,
    parts.day ?? 1,
    parts.hour ?? 0,
    parts.minute ?? 0,
    parts.second ?? 0,
  );
  const offset = wall - at;
  if (offsetCache.size > 100_000) offsetCache.clear();
  offsetCache.set(key, offset);
  return offset;
}

const DAY = 86_400_000;

/**
 * The instant a wall-clock time in a zone stands for. A time in the hour skipped when summer
 * time starts is read with the offset before the switch (02:30 becomes 03:30 summer time); a
 * time in the hour that repeats when it ends is its first occurrence — as Temporal's
 * "compatible" disambiguation does.
 */
export function zonedTimeToUtc(t: WallTime, zone: string): number | undefined {
  if (t.month < 1 || t.month > 12 || t.day < 1 || t.hour > 23 || t.minute > 59 || t.second > 59)
    return undefined;
  const wall = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second, t.millisecond);
  const d = new Date(wall);
  // Date.UTC rolls 31.02. over to 03.03.; a real date survives the round trip.
  if (d.getUTCFullYear() !== t.year || d.getUTCMonth() !== t.month - 1 || d.getUTCDate() !== t.day)
    return undefined;
  if (zone === "UTC") return wall;
  const before = offsetAt(wall - DAY, zone);
  const after = offsetAt(wall + DAY, zone);
  // The larger offset first: of two valid readings it is the earlier instant.
  for (const offset of before >= after ? [before, after] : [after, before]) {
    if (offsetAt(wall - offset, zone) === offset) return wall - offset;
  }
  return wall - before;
}

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

function parseIso(text: string, zone: string): number | undefined {
  const m = ISO.exec(text);
  if (!m) return undefined;
  const t: WallTime = {
    year: Number(m[1]),
    month: Number(m[2]),
    day: Number(m[3]),
    hour: Number(m[4] ?? 0),
    minute: Number(m[5] ?? 0),
    second: Number(m[6] ?? 0),
    millisecond: Number((m[7] ?? "0").padEnd(3, "0").slice(0, 3)),
  };
  const offsetText = m[8];
  if (!offsetText) return zonedTimeToUtc(t, zone);
  const local = zonedTimeToUtc(t, "UTC");
  if (local === undefined) return undefined;
  if (offsetText.toUpperCase() === "Z") return local;
  const sign = offsetText.startsWith("-") ? -1 : 1;
  const digits = offsetText.slice(1).replace(":", "");
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || 0);
  return local - sign * minutes * 60_000;
}

function patternParser(format: string, zone: string): TimestampParser {
  const fields: (keyof WallTime)[] = [];
  let source = "^";
  let last = 0;
  for (const m of format.matchAll(TOKEN_RE)) {
    source += format
      .slice(last, m.index)
      .replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
      .replace(/ /g, "\\s+");
    const token = TOKENS[m[0]];
    if (token) {
      source += token.group;
      fields.push(token.field);
    }
    last = m.index + m[0].length;
  }
  source += `${format.slice(last).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`;
  const re = new RegExp(source);
  return (text) => {
    const m = re.exec(text);
    if (!m) return undefined;
    const t: WallTime = {
      year: 0,
      month: 1,
      day: 1,
      hour: 0,
      minute: 0,
      second: 0,
      millisecond: 0,
    };
    fields.forEach((field, i) => (t[field] = Number(m[i + 1])));
    return zonedTimeToUtc(t, zone);
  };
}

/** A parser for one format (see {@link timestampFormatProblem} for the formats). */
export function timestampParser(format: string, zone: string): TimestampParser {
  switch (format) {
    case "iso":
      return (text) => parseIso(text, zone);
    case "epoch_ms":
    case "epoch_s": {
      const factor = format === "epoch_s" ? 1000 : 1;
      return (text) => {
        if (!/^\d+(\.\d+)?$/.test(text)) return undefined;
        const ms = Math.round(Number(text) * factor);
        return Number.isSafeInteger(ms) ? ms : undefined;
      };
    }
    default:
      return patternParser(format, zone);
  }
}

/** Tries the formats in order; the first that reads the text wins. */
export function timestampParserOf(formats: string[], zone: string): TimestampParser {
  const parsers = formats.map((f) => timestampParser(f, zone));
  return (text) => {
    const trimmed = text.trim();
    for (const parse of parsers) {
      const ms = parse(trimmed);
      if (ms !== undefined) return ms;
    }
    return undefined;
  };
}
