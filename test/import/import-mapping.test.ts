import { describe, expect, it } from "vitest";
import { CsvRowMapper } from "../../src/import/csv-row-mapper.js";
import { parseImportMapping } from "../../src/import/import-mapping.js";
import { importPresets, tillReceiptsPreset } from "../../src/import/till-receipts-preset.js";

const problem = (json: unknown) => {
  const r = parseImportMapping(json);
  if (r.ok) throw new Error("the mapping was accepted");
  return r.error.message;
};

const base = {
  event: { type: "track", name: "Order Completed" },
  identity: { userId: "customer" },
};

describe("import mappings", () => {
  it("accepts the till preset as it is documented", () => {
    expect(parseImportMapping(tillReceiptsPreset).ok).toBe(true);
    expect(Object.keys(importPresets)).toEqual(["till-receipts"]);
  });

  it("says where in the mapping a wrong type is", () => {
    const message = problem({
      ...base,
      groupBy: "receipt_id",
      items: { fields: { price: { column: "price", type: "decimal" } } },
    });
    expect(message).toContain("items.fields.price.type");
    expect(message).toContain('"number"');
  });

  it("names unknown keys, missing names and impossible combinations", () => {
    expect(problem({ ...base, propertys: {} })).toMatch(
      /\(top level\): Unrecognized key: "propertys"/,
    );
    expect(problem({ event: { type: "track" } })).toMatch(
      /event\.name: a track event needs a name/,
    );
    expect(problem({ ...base, consents: { email_marketing: "newsletter" } })).toMatch(
      /consents: consent columns need event.type "identify"/,
    );
    expect(
      problem({ ...base, consents: { newsletter: "nl" }, event: { type: "identify" } }),
    ).toMatch(/consents/);
    expect(problem({ ...base, groupBy: "receipt_id" })).toMatch(/items: groupBy needs items/);
    expect(problem({ ...base, groupBy: "r", items: { fields: { price: "price" } } })).toMatch(
      /items\.total\.price: the total needs a field "price" of type number/,
    );
    expect(problem({ ...base, messageId: "receipt" })).toMatch(
      /messageId: a template needs at least one \{column\}/,
    );
    expect(problem({ ...base, timestamp: { column: "t", timeZone: "Europe/Zürich" } })).toMatch(
      /timestamp\.timeZone: not a time zone/,
    );
    expect(problem({ ...base, timestamp: { column: "t", format: "HH:MM" } })).toMatch(
      /timestamp\.format: "HH:MM" has no yyyy/,
    );
    expect(problem({ ...base, properties: { total: { column: "a", template: "{b}" } } })).toMatch(
      /properties\.total: give either "column" or "template"/,
    );
  });

  it("refuses prototype keys as names", () => {
    expect(problem({ ...base, properties: { constructor: "x" } })).toMatch(
      /properties\.constructor: the key "constructor" is not allowed/,
    );
    expect(
      problem(JSON.parse('{"event":{"type":"track","name":"x"},"properties":{"__proto__":"x"}}')),
    ).toMatch(/__proto__/);
  });

  it("names the mapping's columns that the file's header lacks, with the header", () => {
    const mapping = parseImportMapping(tillReceiptsPreset);
    if (!mapping.ok) throw new Error(mapping.error.message);
    const header = [
      "receipt_id",
      "time",
      "store",
      "card",
      "sku",
      "article",
      "category",
      "quantity",
      "price",
    ];
    const r = CsvRowMapper.compile(mapping.value, header, {
      sourceId: "till",
      phoneRegion: "CH",
      decimalComma: false,
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.message).toContain(
      'mapping identity.loyaltyCard: no column "loyalty_card" in the header',
    );
    expect(r.error.message).toContain("(the header has: receipt_id, time, store, card, sku");
  });
});
