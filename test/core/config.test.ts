import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";

describe("configuration", () => {
  it("defaults to a SQLite file, port 3000 and the default identity limits", () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ databaseUrl: "./data/cxloop.db", port: 3000, phoneRegion: "CH" });
    expect(c.identityLimits.loyalty_card).toBe(1);
  });

  it("reads identity limits and flags over the environment", () => {
    const c = loadConfig(
      { IDENTITY_LIMITS: "loyalty_card=2, email=unlimited", PORT: "4000" },
      { port: "5000" },
    );
    expect(c.identityLimits).toMatchObject({
      loyalty_card: 2,
      email: Number.POSITIVE_INFINITY,
      user_id: 1,
    });
    expect(c.port).toBe(5000);
  });

  it("says which setting is wrong", () => {
    expect(() => loadConfig({ PORT: "http" })).toThrow(/port/);
    expect(loadConfig({}).deliveryWindow).toBe(1);
    expect(loadConfig({ DELIVERY_WINDOW: "16" }).deliveryWindow).toBe(16);
    expect(() => loadConfig({ DELIVERY_WINDOW: "0" })).toThrow(/deliveryWindow/);
    expect(() => loadConfig({ DELIVERY_WINDOW: "many" })).toThrow(/deliveryWindow/);
    expect(() => loadConfig({ IDENTITY_LIMITS: "card=2" })).toThrow(/card=2/);
    expect(() => loadConfig({ IDENTITY_LIMITS: "email=0" })).toThrow(/email=0/);
  });
});
