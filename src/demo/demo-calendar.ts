/** The demo's clock: whole days in Europe/Zurich, counted from the start of the history. */
export const DEMO_TIME_ZONE = "Europe/Zurich";

const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
export const MINUTE = 60_000;

const zurichParts = new Intl.DateTimeFormat("en-GB", {
  timeZone: DEMO_TIME_ZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  hourCycle: "h23",
  weekday: "short",
});

function partsOf(ms: number): {
  year: number;
  month: number;
  day: number;
  hour: number;
  weekday: string;
} {
  const parts = Object.fromEntries(zurichParts.formatToParts(ms).map((p) => [p.type, p.value]));
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    weekday: String(parts.weekday),
  };
}

const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/**
 * Day 0 is the first day of the history, day `days` is today (the day of `now`). Times are
 * local Zurich times, so that shops open at 8 and newsletters go out at 7 in summer and in
 * winter alike.
 */
export class DemoCalendar {
  private readonly starts: number[] = [];
  private readonly weekdays: number[] = [];

  constructor(
    readonly now: number,
    readonly days: number,
  ) {
    const today = partsOf(now);
    for (let d = 0; d <= days; d++) {
      const utcNoon = Date.UTC(today.year, today.month - 1, today.day - (days - d), 12);
      const local = partsOf(utcNoon);
      // Zurich is 1 or 2 hours ahead of UTC: local noon minus the offset is UTC.
      const offset = (local.hour - 12) * HOUR;
      this.starts.push(Date.UTC(local.year, local.month - 1, local.day) - offset);
      this.weekdays.push(WEEKDAYS.indexOf(local.weekday));
    }
  }

  /** Milliseconds of local midnight of day `d`. */
  dayStart(d: number): number {
    const start = this.starts[d];
    if (start === undefined) throw new Error(`day ${d} is outside the history (0…${this.days})`);
    return start;
  }

  /** A local time of day `d`: hour may carry a fraction ("18.4" is 18:24). */
  at(d: number, hour: number, minute = 0): number {
    return Math.round(this.dayStart(d) + hour * HOUR + minute * MINUTE);
  }

  /** 0 = Monday … 6 = Sunday. */
  weekday(d: number): number {
    return this.weekdays[d] ?? 0;
  }

  isSunday(d: number): boolean {
    return this.weekday(d) === 6;
  }

  /** The latest day at or before `d` that is `weekday` (0 = Monday), or day 0. */
  lastWeekday(d: number, weekday: number): number {
    let day = d;
    while (day > 0 && this.weekday(day) !== weekday) day--;
    return day;
  }

  /** The latest day at or before `d` on which shops are open (Swiss shops close on Sundays). */
  lastShopDay(d: number): number {
    return this.isSunday(d) ? d - 1 : d;
  }
}
