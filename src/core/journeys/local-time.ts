/**
 * The next moment at or after `now` (plus `minDelayMs`) when the wall clock in `timeZone` shows
 * `time` ("09:00"): "next morning at 9 in the customer's time zone". Daylight-saving gaps move
 * the moment to the first valid minute after. Pure: only Intl, no clock.
 */
export function nextLocalTime(now: number, time: string, timeZone: string, minDelayMs = 0): number {
  const match = /^(\d{2}):(\d{2})$/.exec(time);
  if (!match) throw new Error(`time "${time}" is not HH:MM`);
  const hour = Number(match[1]);
  const minute = Number(match[2]);
  const earliest = now + minDelayMs;
  const startDay = localParts(earliest, timeZone);
  for (let dayOffset = 0; dayOffset < 3; dayOffset++) {
    const candidate = fromLocal(
      startDay.year,
      startDay.month,
      startDay.day + dayOffset,
      hour,
      minute,
      timeZone,
    );
    if (candidate >= earliest) return candidate;
  }
  throw new Error("no local time found within three days");
}

interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function localParts(at: number, timeZone: string): LocalParts {
  const parts = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
  };
}

/** The instant whose local wall clock in `timeZone` reads the given date and time. */
function fromLocal(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  timeZone: string,
): number {
  const wanted = Date.UTC(year, month - 1, day, hour, minute);
  let guess = wanted;
  // Two corrections settle the offset, also across a daylight-saving change.
  for (let i = 0; i < 3; i++) {
    const p = localParts(guess, timeZone);
    const shown = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute);
    if (shown === wanted) return guess;
    guess += wanted - shown;
  }
  return guess;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}
