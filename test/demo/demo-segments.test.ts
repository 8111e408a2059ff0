import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseSegment } from "../../src/core/segments/segment-definition.js";
import { DEMO_SEGMENTS } from "../../src/demo/demo-segments.js";

describe("the demo's segments", () => {
  it("examples/segments holds the same definitions the demo installs", () => {
    const dir = new URL("../../examples/segments/", import.meta.url);
    const files = readdirSync(dir).filter((f) => f.endsWith(".json"));
    expect(files.length).toBeGreaterThanOrEqual(3);
    for (const file of files) {
      const parsed = parseSegment(JSON.parse(readFileSync(new URL(file, dir), "utf8")));
      if (!parsed.ok) throw new Error(`${file}: ${parsed.error.message}`);
      expect(DEMO_SEGMENTS.find((s) => s.id === parsed.value.id)).toEqual(parsed.value);
    }
  });
});
