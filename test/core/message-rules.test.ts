import { describe, expect, it } from "vitest";
import { afterQuietHours, withinCaps } from "../../src/core/journeys/message-rules.js";

const day = 86_400_000;

describe("message rules across journeys", () => {
  it("at most 2 marketing emails a week across every brand", () => {
    const caps = [{ channel: "email" as const, max: 2, periodDays: 7 }];
    const now = 100 * day;
    expect(withinCaps(caps, "email", [now - 1 * day], now)).toEqual({ allowed: true });
    expect(withinCaps(caps, "email", [now - 1 * day, now - 6 * day], now)).toEqual({
      allowed: false,
      cap: caps[0],
    });
    expect(withinCaps(caps, "email", [now - 1 * day, now - 8 * day], now)).toEqual({
      allowed: true,
    });
    expect(withinCaps(caps, "sms", [now - 1 * day, now - 2 * day], now)).toEqual({ allowed: true });
  });

  it("quiet hours in the customer's own time zone, also across midnight", () => {
    const quiet = { from: "21:00", to: "08:00" };
    // 22:30 in Zurich (summer) → 08:00 next morning local
    expect(afterQuietHours(Date.parse("2026-05-04T20:30:00Z"), quiet, "Europe/Zurich")).toBe(
      Date.parse("2026-05-05T06:00:00Z"),
    );
    // 03:00 local → 08:00 the same morning
    expect(afterQuietHours(Date.parse("2026-05-05T01:00:00Z"), quiet, "Europe/Zurich")).toBe(
      Date.parse("2026-05-05T06:00:00Z"),
    );
    // midday is not quiet
    expect(afterQuietHours(Date.parse("2026-05-05T10:00:00Z"), quiet, "Europe/Zurich")).toBe(
      Date.parse("2026-05-05T10:00:00Z"),
    );
    // the same instant is quiet in Zurich but not in New York (16:30 there)
    const instant = Date.parse("2026-05-04T20:30:00Z");
    expect(afterQuietHours(instant, quiet, "America/New_York")).toBe(instant);
    // quiet hours within one day (12:00–14:00)
    expect(
      afterQuietHours(
        Date.parse("2026-05-05T10:30:00Z"),
        { from: "12:00", to: "14:00" },
        "Europe/Zurich",
      ),
    ).toBe(Date.parse("2026-05-05T12:00:00Z"));
  });
});
