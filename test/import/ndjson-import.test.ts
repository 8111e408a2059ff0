import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Source } from "../../src/core/sources/source.js";
import type { Store } from "../../src/storage/store.js";
import { engines, freshStore } from "../support/databases.js";
import { seedSources } from "../support/world.js";
import { fixture, runImport, tempFile } from "./import-helpers.js";

const line = (call: Record<string, unknown>) => JSON.stringify(call);

describe.each(await engines())("NDJSON import on %s", (engine) => {
  let store: Store;
  let cleanup: () => Promise<void>;
  let src: Record<"till" | "shop" | "wine", Source>;

  beforeEach(async () => {
    ({ store, cleanup } = await freshStore(engine));
    src = await seedSources(store);
  });
  afterEach(() => cleanup());

  it("stores the lines around a bad JSON line and reports it by line number", async () => {
    const { summary, issues } = await runImport(store, {
      file: fixture("events.ndjson"),
      sourceId: src.shop.id,
    });
    expect(summary).toMatchObject({ records: 4, events: 3, stored: 3, rejected: 1 });
    expect(issues).toMatchObject([{ line: 3, code: "unparseable" }]);
    expect(issues[0]?.message).toMatch(/^not valid JSON: /);
    const u1 = await store.profiles.findByIdentifier({ type: "user_id", value: "u-1" });
    expect((await store.profiles.events(u1 as string))?.map((e) => e.name).sort()).toEqual([
      "Product Viewed",
      "identify",
    ]);
  });

  it("derives a messageId from the line, so the same file imported twice stores nothing twice", async () => {
    await runImport(store, { file: fixture("events.ndjson"), sourceId: src.shop.id });
    const second = await runImport(store, {
      file: fixture("events.ndjson"),
      sourceId: src.shop.id,
    });
    expect(second.summary).toMatchObject({ events: 3, stored: 0, duplicates: 3 });
    const u1 = await store.profiles.findByIdentifier({ type: "user_id", value: "u-1" });
    const events = (await store.profiles.events(u1 as string)) ?? [];
    expect(events.map((e) => e.messageId).every((id) => /^imp-[0-9a-f]{32}$/.test(id))).toBe(true);
    const page = await store.profiles.findByIdentifier({ type: "anonymous_id", value: "anon-9" });
    expect((await store.profiles.events(page as string))?.[0]?.messageId).toBe("page-1");
  });

  it("reports wrong types, missing identity, bad consent and oversized events with their fields", async () => {
    const file = tempFile(
      "events.ndjson",
      [
        line({ type: "track", userId: "u-1", event: "Order Completed", properties: { total: 10 } }),
        line({ type: "track", event: "Order Completed" }),
        line({ type: "track", userId: "u-2", event: "Order Completed", properties: "ten" }),
        line({
          type: "identify",
          userId: "u-3",
          traits: { consents: { email_marketing: "perhaps" } },
        }),
        line({
          type: "track",
          userId: "u-4",
          event: "Big",
          properties: { blob: "x".repeat(40_000) },
        }),
        line({ type: "shout", userId: "u-5" }),
        "[1,2,3]",
        "null",
        line({
          type: "identify",
          userId: "u-6",
          traits: { consents: { email_marketing: "granted" } },
          timestamp: "2026-03-01T10:00:00Z",
        }),
      ].join("\n"),
    );
    const { summary, issues } = await runImport(store, { file, sourceId: src.shop.id });
    expect(summary).toMatchObject({ records: 9, stored: 2, rejected: 7 });
    expect(issues.map((i) => [i.line, i.code, i.field ?? null])).toEqual([
      [2, "missing_identity", "userId"],
      [3, "invalid_event", "properties"],
      [4, "invalid_event", null],
      [5, "event_too_large", null],
      [6, "invalid_event", "type"],
      [7, "unparseable", null],
      [8, "unparseable", null],
    ]);
    expect(issues[2]?.message).toMatch(
      /consents.email_marketing: status must be granted, denied or revoked/,
    );
    const u6 = await store.profiles.findByIdentifier({ type: "user_id", value: "u-6" });
    expect((await store.profiles.get(u6 as string))?.consents).toMatchObject([
      {
        brandId: "marktkorb",
        purpose: "email_marketing",
        status: "granted",
        at: Date.parse("2026-03-01T10:00:00Z"),
      },
    ]);
  });

  it("refuses prototype-polluting keys and absurd nesting without polluting anything", async () => {
    const file = tempFile(
      "hostile.ndjson",
      [
        '{"type":"track","userId":"h-1","event":"x","__proto__":{"polluted":"yes"}}',
        '{"type":"track","userId":"h-2","event":"x","properties":{"constructor":{"prototype":{"polluted":"yes"}}}}',
        '{"type":"identify","userId":"h-3","traits":{"a":{"__proto__":{"isAdmin":true}}}}',
        `{"type":"track","userId":"h-4","event":"x","properties":{"deep":${"[".repeat(6000)}${"]".repeat(6000)}}}`,
        '{"type":"track","userId":"h-5","event":"fine","properties":{"note":"=HYPERLINK(\\"http://evil\\")"}}',
      ].join("\n"),
    );
    const { summary, issues } = await runImport(store, { file, sourceId: src.shop.id });
    expect(issues.map((i) => [i.line, i.code, i.field])).toEqual([
      [1, "forbidden_key", "__proto__"],
      [2, "forbidden_key", "properties.constructor"],
      [3, "forbidden_key", "traits.a.__proto__"],
      [
        4,
        "forbidden_key",
        "properties.deep[0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0]",
      ],
    ]);
    expect(issues[3]?.message).toMatch(/nested more than 64 levels deep/);
    expect(summary).toMatchObject({ stored: 1, rejected: 4 });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    const h5 = await store.profiles.findByIdentifier({ type: "user_id", value: "h-5" });
    expect((await store.profiles.events(h5 as string))?.[0]?.properties.note).toBe(
      '=HYPERLINK("http://evil")',
    );
  });

  it("rejects a line over 1 MB without holding it, and binary garbage, and goes on", async () => {
    const garbage = Buffer.from(
      Array.from({ length: 300 }, (_, i) => (i * 37 + 11) % 256).filter((b) => b !== 10),
    );
    const file = tempFile(
      "big.ndjson",
      Buffer.concat([
        Buffer.from(`${line({ type: "track", userId: "b-1", event: "before" })}\n`),
        Buffer.from(
          `{"type":"track","userId":"b-2","event":"huge","properties":{"x":"${"y".repeat(1_500_000)}"}}\n`,
        ),
        garbage,
        Buffer.from(`\n${line({ type: "track", userId: "b-3", event: "after" })}\n`),
      ]),
    );
    const { summary, issues } = await runImport(store, { file, sourceId: src.shop.id });
    expect(issues.map((i) => [i.line, i.code])).toEqual([
      [2, "too_long"],
      [3, "not_utf8"],
    ]);
    expect(issues[0]?.message).toBe("the line is longer than 1048576 bytes");
    expect(summary).toMatchObject({ records: 4, stored: 2, rejected: 2 });
  });

  it("keeps an old event's time although the export carries sentAt (no clock-skew correction on import)", async () => {
    const file = tempFile(
      "segment-export.ndjson",
      line({
        type: "track",
        userId: "s-1",
        event: "Product Viewed",
        timestamp: "2025-11-02T10:00:00Z",
        sentAt: "2025-11-02T10:00:05Z",
      }),
    );
    await runImport(store, { file, sourceId: src.shop.id });
    const s1 = await store.profiles.findByIdentifier({ type: "user_id", value: "s-1" });
    expect((await store.profiles.events(s1 as string))?.[0]?.timestamp).toBe(
      Date.parse("2025-11-02T10:00:00Z"),
    );
  });
});
