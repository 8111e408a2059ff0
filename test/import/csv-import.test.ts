import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Source } from "../../src/core/sources/source.js";
import { tillReceiptsPreset } from "../../src/import/till-receipts-preset.js";
import type { Store } from "../../src/storage/store.js";
import { engines, freshStore } from "../support/databases.js";
import { seedSources } from "../support/world.js";
import { mapping, runImport, tempFile } from "./import-helpers.js";

const orders = mapping({
  event: { type: "track", name: "Order Completed" },
  identity: { userId: "customer" },
  timestamp: { column: "paid_at" },
  messageId: "order-{order_id}",
  properties: {
    order_id: "order_id",
    total: { column: "amount", type: "number", required: true },
    note: "note",
  },
});

const till = mapping(tillReceiptsPreset);
const HEADER = "receipt_id,time,store,loyalty_card,sku,article,category,quantity,price";

describe.each(await engines())("CSV import on %s", (engine) => {
  let store: Store;
  let cleanup: () => Promise<void>;
  let src: Record<"till" | "shop" | "wine", Source>;

  beforeEach(async () => {
    ({ store, cleanup } = await freshStore(engine));
    src = await seedSources(store);
  });
  afterEach(() => cleanup());

  const eventsOf = async (userId: string) => {
    const id = await store.profiles.findByIdentifier({ type: "user_id", value: userId });
    return id ? ((await store.profiles.events(id)) ?? []) : [];
  };

  it("stores every valid row around bad ones and reports each bad one with line, column and reason", async () => {
    const file = tempFile(
      "orders.csv",
      Buffer.concat([
        Buffer.from(
          [
            "order_id,customer,amount,paid_at,note",
            "1,c-1,12.50,2026-05-01T10:00:00Z,ok",
            "2,c-2,abc,2026-05-01T10:00:00Z,wrong number",
            "3,,5.00,2026-05-01T10:00:00Z,no customer",
            "4,c-4,5.00,31.02.2026,bad date",
            `5,c-5,5.00,2026-05-01T10:00:00Z,"=cmd|' /C calc'!A0"`,
            "6,c-6,5.00,2026-05-01T10:00:00Z,too,many,columns",
            // a decimal comma in a comma-separated file: 12 is the amount, 50 lands in paid_at
            "7,c-7,12,50,2026-05-01T10:00:00Z",
            "",
          ].join("\n"),
        ),
        Buffer.from([0xff, 0xfe, 0x00, 0x41, 0xc3, 0x28, 0x0a]), // line 9: not UTF-8
        Buffer.from("8,c-8,1.00,2026-05-01T10:00:00Z,nul \u0000 inside\n"), // line 10
        Buffer.from(`9,c-9,7.25,2026-05-01T10:00:00Z,"a note\nover two lines, with a comma"\n`), // lines 11–12
        Buffer.from(`10,c-10,1.00,2026-05-01T10:00:00Z,${"x".repeat(5000)}\n`), // line 13: too long
        Buffer.from("11,c-11,1.00,2026-05-01T10:00:00Z,last\n"), // line 14
      ]),
    );
    const { summary, issues } = await runImport(store, {
      file,
      sourceId: src.shop.id,
      mapping: orders,
      maxRecordBytes: 2000,
    });
    expect(summary).toMatchObject({ records: 12, events: 4, stored: 4, rejected: 8 });
    expect(issues.map((i) => [i.line, i.code, i.column ?? null])).toEqual([
      [3, "invalid_value", "amount"],
      [4, "missing_identity", "customer"],
      [5, "invalid_value", "paid_at"],
      [7, "column_count", null],
      [8, "invalid_value", "paid_at"],
      [9, "not_utf8", null],
      [10, "unparseable", null],
      [13, "too_long", null],
    ]);
    expect(issues[0]).toMatchObject({
      field: "properties.total",
      value: "abc",
      message: 'amount: "abc" is not a number',
    });
    expect(issues[3]?.message).toMatch(
      /7 fields but the header has 5 \(an unquoted "," inside a value\?\)/,
    );
    expect(issues[4]?.message).toBe('"50" is not a time in the format iso');
    // the formula is kept as text, never evaluated
    const [formula] = await eventsOf("c-5");
    expect(formula?.properties.note).toBe("=cmd|' /C calc'!A0");
    const [multiLine] = await eventsOf("c-9");
    expect(multiLine?.properties).toEqual({
      order_id: "9",
      total: 7.25,
      note: "a note\nover two lines, with a comma",
    });
    expect((await eventsOf("c-11")).length).toBe(1);
    expect((await eventsOf("c-1"))[0]?.timestamp).toBe(Date.parse("2026-05-01T10:00:00Z"));
  });

  it("flags a messageId template that gives two different rows the same id", async () => {
    const file = tempFile(
      "orders.csv",
      "order_id,customer,amount,paid_at,note\n1,c-1,1.00,2026-05-01,a\n1,c-2,2.00,2026-05-01,b\n1,c-1,1.00,2026-05-01,a\n",
    );
    const { summary, issues } = await runImport(store, {
      file,
      sourceId: src.shop.id,
      mapping: orders,
    });
    expect(issues).toMatchObject([
      { line: 3, code: "duplicate_message_id", field: "messageId", value: "order-1" },
    ]);
    // the repeated identical row is a plain duplicate, not an error
    expect(summary).toMatchObject({ events: 2, stored: 1, duplicates: 1, rejected: 1 });
  });

  it("takes event type and name from columns and points the tracking rules' complaints at the column", async () => {
    const m = mapping({
      event: { type: { column: "kind" }, name: { column: "what" } },
      identity: { anonymousId: "device" },
      properties: { path: "path" },
    });
    const file = tempFile(
      "events.csv",
      [
        "kind,what,device,path",
        "page,Weine,d-1,/weine",
        "track,Product Viewed,d-1,/weine/prosecco",
        "shout,Hello,d-1,/",
        `track,${"x".repeat(600)},d-1,/`,
        "track,,d-1,/",
      ].join("\n"),
    );
    const { summary, issues } = await runImport(store, { file, sourceId: src.shop.id, mapping: m });
    expect(summary).toMatchObject({ stored: 2, rejected: 3 });
    expect(issues.map((i) => [i.line, i.code, i.column, i.field])).toEqual([
      [4, "invalid_value", "kind", "type"],
      [5, "invalid_event", "what", "event"],
      [6, "missing_value", "what", "event"],
    ]);
    const device = await store.profiles.findByIdentifier({ type: "anonymous_id", value: "d-1" });
    const events = (await store.profiles.events(device as string)) ?? [];
    expect(events.map((e) => [e.type, e.name]).sort()).toEqual([
      ["page", "Weine"],
      ["track", "Product Viewed"],
    ]);
  });

  it("reads times in the mapping's time zone", async () => {
    const m = mapping({
      ...orders,
      timestamp: { column: "paid_at", format: "dd.mm.yyyy HH:MM", timeZone: "America/New_York" },
    });
    const file = tempFile(
      "orders.csv",
      "order_id,customer,amount,paid_at,note\n1,c-1,1.00,03.05.2026 18:42,\n2,c-2,1.00,15.01.2026 08:00,\n",
    );
    await runImport(store, { file, sourceId: src.shop.id, mapping: m });
    expect((await eventsOf("c-1"))[0]?.timestamp).toBe(Date.parse("2026-05-03T22:42:00Z"));
    expect((await eventsOf("c-2"))[0]?.timestamp).toBe(Date.parse("2026-01-15T13:00:00Z"));
  });

  it("keeps a receipt whole: one bad item row rejects the receipt, and the corrected file adds it later", async () => {
    const rows = (price: string) =>
      [
        HEADER,
        "4711,03.05.2026 18:42,Zürich HB,2501 0000 7777,761001,Prosecco,Wein,1,12.95",
        `4711,03.05.2026 18:42,Zürich HB,2501 0000 7777,761002,Oliven,Antipasti,2,${price}`,
        "4711,03.05.2026 18:42,Zürich HB,2501 0000 7777,761003,Grissini,Brot,1,2.10",
        "4712,03.05.2026 18:45,Zürich HB,2501 0000 8888,761004,Tomaten,Gemüse,1,4.20",
      ].join("\n");
    const bad = await runImport(store, {
      file: tempFile("till.csv", rows("drei")),
      sourceId: src.till.id,
      mapping: till,
    });
    expect(bad.summary).toMatchObject({ records: 4, events: 1, stored: 1, rejected: 3 });
    expect(bad.issues.map((i) => [i.line, i.code, i.column ?? null, i.group])).toEqual([
      [2, "group_rejected", null, "Zürich HB / 4711"],
      [3, "invalid_value", "price", "Zürich HB / 4711"],
      [4, "group_rejected", null, "Zürich HB / 4711"],
    ]);
    expect(bad.issues[1]?.field).toBe("properties.products[].price");
    const fixed = await runImport(store, {
      file: tempFile("till.csv", rows("3.50")),
      sourceId: src.till.id,
      mapping: till,
    });
    expect(fixed.summary).toMatchObject({ events: 2, stored: 1, duplicates: 1, rejected: 0 });
    const card = await store.profiles.findByIdentifier({
      type: "loyalty_card",
      value: "250100007777",
    });
    const [order] = (await store.profiles.events(card as string)) ?? [];
    expect(order?.properties.total).toBe(22.05);
    expect(order?.properties.products).toHaveLength(3);
  });

  it("rejects the rows of a receipt that come back after other receipts, and says so", async () => {
    const file = tempFile(
      "till.csv",
      [
        HEADER,
        "4711,03.05.2026 18:42,Zürich HB,2501 0000 7777,761001,Prosecco,Wein,1,12.95",
        "4712,03.05.2026 18:45,Zürich HB,2501 0000 8888,761004,Tomaten,Gemüse,1,4.20",
        "4711,03.05.2026 18:42,Zürich HB,2501 0000 7777,761002,Oliven,Antipasti,2,3.50",
      ].join("\n"),
    );
    const { summary, issues } = await runImport(store, {
      file,
      sourceId: src.till.id,
      mapping: till,
    });
    expect(summary).toMatchObject({ records: 3, events: 2, stored: 2, rejected: 1 });
    expect(issues).toMatchObject([{ line: 4, code: "group_split", group: "Zürich HB / 4711" }]);
    expect(issues[0]?.message).toMatch(
      /already came on lines 2–2.*sort the file by store, receipt_id/,
    );
    const card = await store.profiles.findByIdentifier({
      type: "loyalty_card",
      value: "250100007777",
    });
    const [order] = (await store.profiles.events(card as string)) ?? [];
    expect(order?.properties.products).toHaveLength(1);
  });

  it("rejects a receipt whose rows disagree on the loyalty card", async () => {
    const file = tempFile(
      "till.csv",
      [
        HEADER,
        "4711,03.05.2026 18:42,Zürich HB,2501 0000 7777,761001,Prosecco,Wein,1,12.95",
        "4711,03.05.2026 18:42,Zürich HB,2501 0000 9999,761002,Oliven,Antipasti,2,3.50",
      ].join("\n"),
    );
    const { issues } = await runImport(store, { file, sourceId: src.till.id, mapping: till });
    expect(issues.map((i) => [i.line, i.code, i.column ?? null])).toEqual([
      [2, "group_rejected", null],
      [3, "group_conflict", "loyalty_card"],
    ]);
  });

  it("rejects a receipt too big for one event (32 KB) with all its lines", async () => {
    const lines = [HEADER];
    for (let i = 0; i < 400; i++)
      lines.push(
        `4711,03.05.2026 18:42,Zürich HB,2501 0000 7777,76100${i},Article number ${i} with a long name,Category,1,1.00`,
      );
    const { summary, issues } = await runImport(store, {
      file: tempFile("till.csv", lines.join("\n")),
      sourceId: src.till.id,
      mapping: till,
    });
    expect(summary).toMatchObject({ records: 400, events: 0, rejected: 400 });
    expect(issues).toHaveLength(400);
    expect(issues[0]).toMatchObject({ line: 2, code: "event_too_large" });
    expect(issues[0]?.message).toMatch(/limit is 32768 bytes/);
  });

  it("records consent columns as consent of the source's brand at the row's time; an older import does not override a newer decision", async () => {
    const customers = mapping({
      event: { type: "identify" },
      identity: { userId: "customer_id", email: "email", phone: "phone" },
      timestamp: { column: "updated", format: "dd.mm.yyyy HH:MM" },
      traits: { firstName: "first_name" },
      consents: { email_marketing: "newsletter" },
    });
    const file = tempFile(
      "customers.csv",
      [
        "customer_id;email;phone;first_name;newsletter;updated",
        "c-1;Anna@Example.ch;044 123 45 67;Anna;ja;01.03.2026 10:00",
        "c-2;not-an-email;;Beat;yes;01.03.2026 10:00",
        "c-3;carla@example.ch;;Carla;vielleicht;01.03.2026 10:00",
        "c-4;dora@example.ch;;Dora;;01.03.2026 10:00",
      ].join("\n"),
    );
    const { summary, issues } = await runImport(store, {
      file,
      sourceId: src.shop.id,
      mapping: customers,
    });
    expect(issues.map((i) => [i.line, i.code, i.column])).toEqual([
      [3, "invalid_value", "email"],
      [4, "invalid_consent", "newsletter"],
    ]);
    expect(summary).toMatchObject({ stored: 2, rejected: 2 });
    const anna = await store.profiles.findByIdentifier({ type: "user_id", value: "c-1" });
    expect(await store.profiles.findByIdentifier({ type: "email", value: "anna@example.ch" })).toBe(
      anna,
    );
    expect(await store.profiles.findByIdentifier({ type: "phone", value: "+41441234567" })).toBe(
      anna,
    );
    const view = await store.profiles.get(anna as string);
    expect(view?.traits.marktkorb).toMatchObject({ firstName: "Anna" });
    expect(view?.consents).toMatchObject([
      {
        brandId: "marktkorb",
        purpose: "email_marketing",
        status: "granted",
        source: "marktkorb-web",
        at: Date.parse("2026-03-01T09:00:00Z"),
      },
    ]);
    // Dora left the newsletter cell empty: no consent recorded, not denied
    const dora = await store.profiles.findByIdentifier({ type: "user_id", value: "c-4" });
    expect((await store.profiles.get(dora as string))?.consents).toEqual([]);

    await store.profiles.setConsent(anna as string, {
      brandId: "marktkorb",
      purpose: "email_marketing",
      status: "revoked",
      source: "api",
      at: Date.parse("2026-04-01T00:00:00Z"),
      expiresAt: null,
    });
    const older = tempFile(
      "customers.csv",
      "customer_id;email;phone;first_name;newsletter;updated\nc-1;anna@example.ch;;Anna;yes;15.02.2026 10:00\n",
    );
    await runImport(store, { file: older, sourceId: src.shop.id, mapping: customers });
    const after = await store.profiles.get(anna as string);
    expect(after?.consents).toMatchObject([
      { status: "revoked", at: Date.parse("2026-04-01T00:00:00Z") },
    ]);
    expect(after?.consentHistory).toHaveLength(3);
  });

  it("reads Windows-1252 files when told, and points to the option when not", async () => {
    const bytes = Buffer.concat([
      Buffer.from(`${HEADER}\n4711,03.05.2026 18:42,Z`),
      Buffer.from([0xfc]),
      Buffer.from("rich HB,2501 0000 7777,761001,Geschenkkarte "),
      Buffer.from([0x80]),
      Buffer.from(" 20,Karten,1,20.00\n"),
    ]);
    const file = tempFile("till.csv", bytes);
    const wrong = await runImport(store, { file, sourceId: src.till.id, mapping: till });
    expect(wrong.issues).toMatchObject([{ line: 2, code: "not_utf8" }]);
    expect(wrong.issues[0]?.message).toMatch(/--encoding windows-1252/);
    const right = await runImport(store, {
      file,
      sourceId: src.till.id,
      mapping: mapping({ ...tillReceiptsPreset, csv: { encoding: "windows-1252" } }),
    });
    expect(right.summary).toMatchObject({ stored: 1, rejected: 0 });
    const card = await store.profiles.findByIdentifier({
      type: "loyalty_card",
      value: "250100007777",
    });
    const [order] = (await store.profiles.events(card as string)) ?? [];
    expect(order?.properties.store).toBe("Zürich HB");
    expect((order?.properties.products as { name: string }[])[0]?.name).toBe("Geschenkkarte € 20");
  });

  it("stores nothing in a dry run but checks everything", async () => {
    const file = tempFile(
      "orders.csv",
      "order_id,customer,amount,paid_at,note\n1,c-1,1.00,2026-05-01,a\n2,c-2,x,2026-05-01,b\n",
    );
    const { summary, issues } = await runImport(store, {
      file,
      sourceId: src.shop.id,
      mapping: orders,
      dryRun: true,
    });
    expect(summary).toMatchObject({ dryRun: true, events: 1, stored: 0, rejected: 1 });
    expect(issues).toHaveLength(1);
    expect((await store.profiles.count()).events).toBe(0);
  });

  it("does not bring back an erased person", async () => {
    const file = tempFile(
      "orders.csv",
      "order_id,customer,amount,paid_at,note\n1,c-1,1.00,2026-05-01,a\n2,c-2,2.00,2026-05-01,b\n",
    );
    await runImport(store, { file, sourceId: src.shop.id, mapping: orders });
    const c1 = await store.profiles.findByIdentifier({ type: "user_id", value: "c-1" });
    await store.privacy.erase(c1 as string);
    const again = await runImport(store, { file, sourceId: src.shop.id, mapping: orders });
    expect(again.summary).toMatchObject({ events: 2, stored: 0, duplicates: 1, suppressed: 1 });
    expect(
      await store.profiles.findByIdentifier({ type: "user_id", value: "c-1" }),
    ).toBeUndefined();
  });
});
