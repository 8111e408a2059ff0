import { describe, expect, it } from "vitest";
import { RecordFramer, type Frame } from "../../src/import/record-framer.js";

const csv = (max = 1000) => new RecordFramer({ quote: 0x22, delimiter: 0x2c, maxRecordBytes: max });

function frameAll(
  framer: RecordFramer,
  text: string | Buffer,
  chunkSize = Number.MAX_SAFE_INTEGER,
) {
  const bytes = typeof text === "string" ? Buffer.from(text) : text;
  const frames: Frame[] = [];
  for (let i = 0; i < bytes.length; i += chunkSize)
    frames.push(...framer.push(bytes.subarray(i, i + chunkSize)));
  frames.push(...framer.end());
  return frames.map((f) =>
    f.type === "record"
      ? { line: f.line, lastLine: f.lastLine, text: f.bytes.toString() }
      : { ...f },
  );
}

describe("record framing", () => {
  const file = 'a,b\r\n1,"two\r\nlines"\r\n\r\n3,"say ""hi"", then\nmore"\n4,5" Pizza\n6,7';

  it("cuts CSV into records with the lines they span, quoted line breaks inside", () => {
    expect(frameAll(csv(), file)).toEqual([
      { line: 1, lastLine: 1, text: "a,b" },
      { line: 2, lastLine: 3, text: '1,"two\r\nlines"' },
      { line: 5, lastLine: 6, text: '3,"say ""hi"", then\nmore"' },
      // a quote inside an unquoted value is a character, not the start of a quoted field
      { line: 7, lastLine: 7, text: '4,5" Pizza' },
      { line: 8, lastLine: 8, text: "6,7" },
    ]);
  });

  it("gives the same records whatever the chunk boundaries", () => {
    const whole = frameAll(csv(), file);
    for (let size = 1; size <= file.length; size++)
      expect(frameAll(csv(), file, size)).toEqual(whole);
  });

  it("reports an over-long line and goes on with the next", () => {
    const text = `a,b\n1,${"x".repeat(500)}\n2,3\n`;
    for (const size of [7, 64, 10_000]) {
      expect(frameAll(csv(100), text, size)).toEqual([
        { line: 1, lastLine: 1, text: "a,b" },
        { type: "too_long", line: 2, lastLine: 2, size: 502 },
        { line: 3, lastLine: 3, text: "2,3" },
      ]);
    }
  });

  it("does not let an unclosed quote swallow the rest of the file", () => {
    const rows = Array.from({ length: 40 }, (_, i) => `${i},row ${i}`).join("\n");
    const frames = frameAll(csv(100), `a,b\n1,"never closed\n${rows}\n`, 16);
    expect(frames[1]).toMatchObject({ type: "too_long", line: 2 });
    const tooLong = frames[1] as { lastLine: number };
    expect(tooLong.lastLine).toBeLessThan(15);
    // every line after the give-up point is a record again
    expect(frames.slice(2).map((f) => f.line)).toEqual(
      Array.from({ length: 42 - tooLong.lastLine }, (_, i) => tooLong.lastLine + 1 + i),
    );
  });

  it("frames NDJSON by lines, skipping blank ones, holding no more than the limit", () => {
    const framer = new RecordFramer({ quote: null, maxRecordBytes: 50 });
    const text = `{"a":1}\n\n{"b":"${"y".repeat(200)}"}\n{"c":"\\"quoted\\n"}\r\n{"d":4}`;
    expect(frameAll(framer, text, 3)).toEqual([
      { line: 1, lastLine: 1, text: '{"a":1}' },
      { type: "too_long", line: 3, lastLine: 3, size: 208 },
      { line: 4, lastLine: 4, text: '{"c":"\\"quoted\\n"}' },
      { line: 5, lastLine: 5, text: '{"d":4}' },
    ]);
  });
});
