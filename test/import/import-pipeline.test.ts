import { describe, expect, it } from "vitest";
import type { Source } from "../../src/core/sources/source.js";
import {
  importOutcomes,
  type ImportOutcome,
  type ImportRun,
} from "../../src/import/import-pipeline.js";
import { tillReceiptsPreset } from "../../src/import/till-receipts-preset.js";
import { chunked, mapping } from "./import-helpers.js";

const source: Source = {
  id: "marktkorb-till",
  name: "Kasse",
  brandId: "marktkorb",
  channel: "store",
  trusted: true,
  createdAt: 0,
};
const run = (extra: Partial<ImportRun>): ImportRun => ({
  format: "ndjson",
  source,
  phoneRegion: "CH",
  receivedAt: 0,
  ...extra,
});

const describeOutcome = (o: ImportOutcome) =>
  o.type === "event"
    ? `${o.line}:${o.event.name}:${o.event.messageId}:${JSON.stringify(o.event.properties)}`
    : o.type === "rejected"
      ? o.issues.map((i) => `${i.line}:${i.code}`).join(",")
      : o.type === "fatal"
        ? `fatal:${o.error.message}`
        : o.type;

async function outcomes(text: string | Buffer, size: number, r: ImportRun): Promise<string[]> {
  const out: string[] = [];
  for await (const o of importOutcomes(chunked(text, size), r)) out.push(describeOutcome(o));
  return out;
}

describe("the import pipeline (pure, no store)", () => {
  it("gives the same NDJSON outcomes whatever the chunk boundaries, with a BOM and CRLF", async () => {
    const text = `\ufeff{"type":"page","anonymousId":"a","name":"Start"}\r\n\r\n{"broken":\r\n{"type":"track","userId":"ü","event":"Gekauft"}`;
    const whole = await outcomes(text, 1 << 20, run({}));
    expect(whole.map((s) => s.replace(/:imp-.*/, ""))).toEqual([
      "1:Start",
      "3:unparseable",
      "4:Gekauft",
    ]);
    for (const size of [1, 2, 3, 5, 7, 13])
      expect(await outcomes(text, size, run({}))).toEqual(whole);
  });

  it("gives the same CSV outcomes whatever the chunk boundaries", async () => {
    const text =
      "\ufeffreceipt_id;time;store;loyalty_card;sku;article;category;quantity;price\r\n" +
      '1;03.05.2026 18:42;Bern;2501 0000 7777;1;"Brot\r\n(hell; frisch)";B;1;3.20\r\n' +
      "1;03.05.2026 18:42;Bern;2501 0000 7777;2;Butter;M;2;2.85\r\n" +
      "2;03.05.2026 18:45;Bern;2501 0000 8888;3;Käse;M;x;2.85\r\n" +
      '3;03.05.2026 18:50;Bern;2501 0000 9999;4;5" Pizza;T;1;9.90';
    const r = run({ format: "csv", mapping: mapping(tillReceiptsPreset) });
    const whole = await outcomes(text, 1 << 20, r);
    expect(whole).toEqual([
      '2:Order Completed:receipt-Bern-1:{"currency":"CHF","order_id":"1","store":"Bern","products":[{"product_id":"1","sku":"1","name":"Brot\\r\\n(hell; frisch)","category":"B","quantity":1,"price":3.2},{"product_id":"2","sku":"2","name":"Butter","category":"M","quantity":2,"price":2.85}],"total":8.9}',
      "5:invalid_value",
      '6:Order Completed:receipt-Bern-3:{"currency":"CHF","order_id":"3","store":"Bern","products":[{"product_id":"4","sku":"4","name":"5\\" Pizza","category":"T","quantity":1,"price":9.9}],"total":9.9}',
    ]);
    for (const size of [1, 2, 3, 4, 9, 31]) expect(await outcomes(text, size, r)).toEqual(whole);
  });

  it("ends with one fatal outcome when the file is empty or the header lacks a column", async () => {
    const r = run({ format: "csv", mapping: mapping(tillReceiptsPreset) });
    expect(await outcomes("", 10, r)).toEqual(["fatal:the file is empty: no header row"]);
    expect(await outcomes("\ufeff\r\n\r\n", 10, r)).toEqual([
      "fatal:the file is empty: no header row",
    ]);
    const [fatal] = await outcomes("receipt_id,time,store\n1,2,3\n", 10, r);
    expect(fatal).toMatch(
      /^fatal:mapping identity.loyaltyCard: no column "loyalty_card" in the header/,
    );
  });
});
