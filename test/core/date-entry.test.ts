import { describe, expect, it } from "vitest";
import { dateEntryOccurrence, parseDateTrait } from "../../src/core/journeys/date-entry.js";

const zurich = "Europe/Zurich";
const yearly = { offsetDays: 0, time: "09:00", recurrence: "yearly" as const };

describe("date traits", () => {
  it("reads ISO, Swiss and year-less dates and refuses the rest", () => {
    expect(parseDateTrait("1983-05-05")).toEqual({ year: 1983, month: 5, day: 5 });
    expect(parseDateTrait("1983-05-05T00:00:00Z")).toEqual({ year: 1983, month: 5, day: 5 });
    expect(parseDateTrait("5.5.1983")).toEqual({ year: 1983, month: 5, day: 5 });
    expect(parseDateTrait("--05-05")).toEqual({ year: null, month: 5, day: 5 });
    expect(parseDateTrait("05.05.")).toEqual({ year: null, month: 5, day: 5 });
    for (const bad of ["1983-02-30", "31.04.2020", "yesterday", "", 19830505, null, "x".repeat(50)])
      expect(parseDateTrait(bad)).toBeUndefined();
  });

  it("a birthday fires on the day in the customer's time zone, from the entry time on, every year", () => {
    const birthday = parseDateTrait("1983-05-05")!;
    // 08:59 in Zurich: not yet
    expect(
      dateEntryOccurrence(yearly, birthday, Date.parse("2026-05-05T06:59:00Z"), zurich),
    ).toBeUndefined();
    expect(dateEntryOccurrence(yearly, birthday, Date.parse("2026-05-05T07:00:00Z"), zurich)).toBe(
      "2026-05-05",
    );
    expect(dateEntryOccurrence(yearly, birthday, Date.parse("2027-05-05T20:00:00Z"), zurich)).toBe(
      "2027-05-05",
    );
    // 23:30 UTC on 4 May is already 5 May in Zurich, still 4 May in New York
    const lateEvening = Date.parse("2026-05-04T23:30:00Z");
    expect(dateEntryOccurrence({ ...yearly, time: "00:00" }, birthday, lateEvening, zurich)).toBe(
      "2026-05-05",
    );
    expect(
      dateEntryOccurrence({ ...yearly, time: "00:00" }, birthday, lateEvening, "America/New_York"),
    ).toBeUndefined();
  });

  it("a contract end fires once, thirty days before", () => {
    const end = parseDateTrait("2026-06-30")!;
    const before = { offsetDays: -30, time: "09:00", recurrence: "once" as const };
    expect(dateEntryOccurrence(before, end, Date.parse("2026-05-31T08:00:00Z"), zurich)).toBe(
      "2026-05-31",
    );
    expect(
      dateEntryOccurrence(before, end, Date.parse("2027-05-31T08:00:00Z"), zurich),
    ).toBeUndefined();
    expect(
      dateEntryOccurrence(
        before,
        parseDateTrait("--06-30")!,
        Date.parse("2026-05-31T08:00:00Z"),
        zurich,
      ),
    ).toBeUndefined();
  });

  it("a 29 February birthday is on the 28th in other years", () => {
    const leapling = parseDateTrait("2000-02-29")!;
    expect(dateEntryOccurrence(yearly, leapling, Date.parse("2027-02-28T10:00:00Z"), zurich)).toBe(
      "2027-02-28",
    );
    expect(
      dateEntryOccurrence(yearly, leapling, Date.parse("2028-02-28T10:00:00Z"), zurich),
    ).toBeUndefined();
    expect(dateEntryOccurrence(yearly, leapling, Date.parse("2028-02-29T10:00:00Z"), zurich)).toBe(
      "2028-02-29",
    );
  });
});

describe("segments named by a journey", () => {
  it("are found in the entry, the goal and the steps' conditions, with their place", async () => {
    const { parseJourney, segmentsNamedIn } =
      await import("../../src/core/journeys/journey-definition.js");
    const parsed = parseJourney({
      id: "s",
      version: 1,
      name: "S",
      entry: { type: "segment", segmentId: "vip", on: "enter" },
      goal: { event: "Order Completed", where: [{ type: "segment", segmentId: "buyers" }] },
      start: "b",
      steps: {
        b: {
          type: "branch",
          paths: [{ when: [{ type: "segment", segmentId: "gold", member: false }], next: "end" }],
          otherwise: "end",
        },
        end: { type: "exit" },
      },
    });
    if (!parsed.ok) throw new Error(parsed.error.message);
    expect(segmentsNamedIn(parsed.value)).toEqual([
      { segmentId: "vip", path: "entry" },
      { segmentId: "buyers", path: "goal" },
      { segmentId: "gold", path: "steps.b" },
    ]);
  });
});
