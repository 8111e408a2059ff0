import { describe, expect, it } from "vitest";
import { timestampFormatProblem, timestampParserOf } from "../../src/import/import-timestamp.js";

const zurich = (format: string | string[]) => timestampParserOf([format].flat(), "Europe/Zurich");
const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

describe("import timestamps", () => {
  it("reads a Swiss till's dd.mm.yyyy HH:MM as Zurich time, winter UTC+1 and summer UTC+2", () => {
    const parse = zurich("dd.mm.yyyy HH:MM");
    expect(iso(parse("15.01.2026 08:30"))).toBe("2026-01-15T07:30:00.000Z");
    expect(iso(parse("03.05.2026 18:42"))).toBe("2026-05-03T16:42:00.000Z");
    expect(iso(parse("3.5.2026 18:42"))).toBe("2026-05-03T16:42:00.000Z");
  });

  it("takes the day summer time starts and ends into account", () => {
    const parse = zurich("dd.mm.yyyy HH:MM");
    expect(iso(parse("29.03.2026 01:59"))).toBe("2026-03-29T00:59:00.000Z");
    expect(iso(parse("29.03.2026 03:00"))).toBe("2026-03-29T01:00:00.000Z");
    // 02:30 does not exist that night: read with the offset before the switch, i.e. 03:30 CEST
    expect(iso(parse("29.03.2026 02:30"))).toBe("2026-03-29T01:30:00.000Z");
    // 02:30 happens twice on 25 October: the first one, still summer time
    expect(iso(parse("25.10.2026 02:30"))).toBe("2026-10-25T00:30:00.000Z");
    expect(iso(parse("25.10.2026 03:30"))).toBe("2026-10-25T02:30:00.000Z");
  });

  it("reads ISO times with an offset as given and without one in the zone", () => {
    const parse = zurich("iso");
    expect(iso(parse("2026-05-03T18:42:00Z"))).toBe("2026-05-03T18:42:00.000Z");
    expect(iso(parse("2026-05-03T18:42:00+02:00"))).toBe("2026-05-03T16:42:00.000Z");
    expect(iso(parse("2026-05-03T18:42:00.250-0400"))).toBe("2026-05-03T22:42:00.250Z");
    expect(iso(parse("2026-05-03 18:42"))).toBe("2026-05-03T16:42:00.000Z");
    expect(iso(parse("2026-05-03"))).toBe("2026-05-02T22:00:00.000Z");
    expect(iso(timestampParserOf(["iso"], "America/New_York")("2026-05-03T18:42"))).toBe(
      "2026-05-03T22:42:00.000Z",
    );
  });

  it("reads epoch milliseconds and seconds", () => {
    expect(iso(zurich("epoch_ms")("1777826520000"))).toBe("2026-05-03T16:42:00.000Z");
    expect(iso(zurich("epoch_s")("1777826520"))).toBe("2026-05-03T16:42:00.000Z");
    expect(zurich("epoch_s")("-5")).toBeUndefined();
    expect(zurich("epoch_ms")("12abc")).toBeUndefined();
  });

  it("refuses dates that do not exist and text that does not fit", () => {
    const parse = zurich(["dd.mm.yyyy HH:MM:SS", "dd.mm.yyyy HH:MM"]);
    expect(parse("31.02.2026 10:00")).toBeUndefined();
    expect(parse("10.13.2026 10:00")).toBeUndefined();
    expect(parse("10.12.2026 24:00")).toBeUndefined();
    expect(parse("2026-12-10 10:00")).toBeUndefined();
    expect(parse("=NOW()")).toBeUndefined();
    expect(iso(parse("10.12.2026 10:00:15"))).toBe("2026-12-10T09:00:15.000Z");
    expect(iso(parse("10.12.2026 10:00"))).toBe("2026-12-10T09:00:00.000Z");
  });

  it("tells what is wrong with a format", () => {
    expect(timestampFormatProblem("dd.mm.yyyy HH:MM")).toBeUndefined();
    expect(timestampFormatProblem("epoch_s")).toBeUndefined();
    expect(timestampFormatProblem("HH:MM")).toMatch(/has no yyyy/);
    expect(timestampFormatProblem("dd.mm.yyyy dd")).toMatch(/twice/);
  });
});
