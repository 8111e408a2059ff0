import { Analytics as SegmentAnalytics } from "@segment/analytics-node";
import RudderAnalytics from "@rudderstack/rudder-sdk-node";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testApp, type TestApp } from "../support/app.js";
import { engines } from "../support/databases.js";

/** The clients users already have, unchanged, pointed at cxloop over real HTTP. */
describe.each(await engines())("official tracking clients against cxloop on %s", (engine) => {
  let t: TestApp;
  let base: string;
  beforeEach(async () => {
    t = await testApp(engine);
    base = await t.app.listen({ port: 0, host: "127.0.0.1" });
  });
  afterEach(() => t.cleanup());

  it("@segment/analytics-node delivers identify and track to the right profile", async () => {
    const analytics = new SegmentAnalytics({
      writeKey: t.keys.shop,
      host: base,
      flushInterval: 50,
      maxRetries: 0,
    });
    const errors: unknown[] = [];
    analytics.on("error", (e) => errors.push(e));
    analytics.identify({
      anonymousId: "seg-anon",
      userId: "seg-user",
      traits: { email: "lena.graf@example.ch", firstName: "Lena" },
    });
    analytics.track({
      userId: "seg-user",
      event: "Order Completed",
      properties: { total: 89.9, currency: "CHF" },
    });
    analytics.page({ anonymousId: "seg-anon", name: "Weinwelt" });
    await analytics.closeAndFlush({ timeout: 10_000 });
    expect(errors).toEqual([]);
    const id = await t.store.profiles.findByIdentifier({
      type: "email",
      value: "lena.graf@example.ch",
    });
    expect(id).toBeDefined();
    const events = await t.store.profiles.events(id as string);
    expect(events?.map((e) => e.name).sort()).toEqual(["Order Completed", "Weinwelt", "identify"]);
    expect(events?.find((e) => e.name === "Order Completed")?.properties).toEqual({
      total: 89.9,
      currency: "CHF",
    });
  });

  it("@rudderstack/rudder-sdk-node (gzip by default) delivers to the right profile", async () => {
    const client = new RudderAnalytics(t.keys.till, {
      dataPlaneUrl: base,
      flushAt: 10,
      flushInterval: 50,
      retryCount: 0,
      logLevel: "error",
    });
    client.identify({
      userId: "rs-user",
      traits: { loyaltyCard: "2501 4444 5555", firstName: "Urs" },
    });
    client.track({
      userId: "rs-user",
      event: "Order Completed",
      properties: { products: [{ name: "Bio Prosecco DOC", category: "wine" }] },
    });
    await new Promise<void>((resolve, reject) =>
      client.flush((error?: unknown) => (error ? reject(error) : resolve())),
    );
    const id = await t.store.profiles.findByIdentifier({
      type: "loyalty_card",
      value: "250144445555",
    });
    expect(id).toBeDefined();
    const events = await t.store.profiles.events(id as string);
    expect(events?.map((e) => e.name).sort()).toEqual(["Order Completed", "identify"]);
    expect(events?.every((e) => e.channel === "store" && e.brandId === "marktkorb")).toBe(true);
  });
});
