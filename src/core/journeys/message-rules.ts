import { z } from "zod";
import { localParts, nextLocalTime } from "./local-time.js";

/**
 * Rules that hold across all journeys, before any message goes out: frequency caps per
 * customer and channel (e.g. at most 2 marketing emails a week across every brand) and quiet
 * hours in the customer's own time zone.
 */
export const FrequencyCap = z.object({
  channel: z.enum(["email", "sms", "push", "webhook"]),
  max: z.number().int().positive(),
  periodDays: z.number().int().positive(),
});
export type FrequencyCap = z.infer<typeof FrequencyCap>;

export const QuietHours = z.object({
  from: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
  to: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
});
export type QuietHours = z.infer<typeof QuietHours>;

/** Whether one more message on this channel stays within every cap, given what was sent. */
export function withinCaps(
  caps: FrequencyCap[],
  channel: FrequencyCap["channel"],
  sentAt: number[],
  now: number,
): { allowed: true } | { allowed: false; cap: FrequencyCap } {
  for (const cap of caps) {
    if (cap.channel !== channel) continue;
    const since = now - cap.periodDays * 86_400_000;
    if (sentAt.filter((t) => t > since && t <= now).length >= cap.max)
      return { allowed: false, cap };
  }
  return { allowed: true };
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * The earliest moment at or after `now` outside the quiet hours in the customer's time zone;
 * `now` itself when it is not quiet. Quiet hours may span midnight (21:00–08:00).
 */
export function afterQuietHours(now: number, quiet: QuietHours, timeZone: string): number {
  const local = localParts(now, timeZone);
  const minute = local.hour * 60 + local.minute;
  const from = minutesOf(quiet.from);
  const to = minutesOf(quiet.to);
  const quietNow = from <= to ? minute >= from && minute < to : minute >= from || minute < to;
  return quietNow ? nextLocalTime(now, quiet.to, timeZone) : now;
}
