import { describe, expect, it } from "vitest";
import type { Identifier } from "../../src/core/profiles/identifier.js";
import { normalizeIdentifier } from "../../src/core/profiles/identifier.js";
import { defaultIdentityLimits } from "../../src/core/profiles/identity-limits.js";
import {
  addToView,
  applyIdentityPlan,
  emptyIdentityView,
  resolveIdentity,
} from "../../src/core/profiles/identity-resolution.js";

const uid = (value: string): Identifier => ({ type: "user_id", value });
const anon = (value: string): Identifier => ({ type: "anonymous_id", value });
const email = (value: string): Identifier => ({ type: "email", value });
const card = (value: string): Identifier => ({ type: "loyalty_card", value });

describe("resolveIdentity", () => {
  it("creates a profile for identifiers never seen", () => {
    const plan = resolveIdentity(
      emptyIdentityView(),
      [anon("a"), email("e@x.ch")],
      defaultIdentityLimits,
      () => "new",
    );
    expect(plan).toMatchObject({ profileId: "new", isNew: true, merges: [] });
    expect(plan.attach).toHaveLength(2);
  });

  it("the profile of the strongest identifier wins a merge", () => {
    const view = emptyIdentityView();
    addToView(view, "P-anon", [anon("a")]);
    addToView(view, "P-user", [uid("u")]);
    const plan = resolveIdentity(view, [anon("a"), uid("u")], defaultIdentityLimits, () => "new");
    expect(plan.profileId).toBe("P-user");
    expect(plan.merges.map((m) => m.loserId)).toEqual(["P-anon"]);
    applyIdentityPlan(view, plan);
    expect(view.profileOf.get("anonymous_id:a")).toBe("P-user");
  });

  it("refuses a merge that would give one profile two user ids", () => {
    const view = emptyIdentityView();
    addToView(view, "P1", [uid("u1"), email("shared@x.ch")]);
    addToView(view, "P2", [uid("u2"), card("C2")]);
    const plan = resolveIdentity(
      view,
      [email("shared@x.ch"), card("C2")],
      defaultIdentityLimits,
      () => "new",
    );
    expect(plan.merges).toEqual([]);
    expect(plan.refusedMerges).toEqual([{ profileId: "P1", reason: "limit_exceeded" }]);
  });

  it("a shared device links two known people only weakly: no merge", () => {
    const view = emptyIdentityView();
    addToView(view, "P1", [uid("alice"), anon("tablet")]);
    addToView(view, "P2", [uid("bob")]);
    const plan = resolveIdentity(
      view,
      [uid("bob"), anon("tablet")],
      defaultIdentityLimits,
      () => "new",
    );
    expect(plan.profileId).toBe("P2");
    expect(plan.refusedMerges).toEqual([{ profileId: "P1", reason: "shared_device" }]);
    expect(plan.attach).toEqual([]);
  });

  it("a new known person on a shared device gets a profile of their own", () => {
    const view = emptyIdentityView();
    addToView(view, "P1", [uid("alice"), anon("tablet")]);
    const plan = resolveIdentity(
      view,
      [uid("carol"), anon("tablet")],
      defaultIdentityLimits,
      () => "new",
    );
    expect(plan).toMatchObject({ profileId: "new", isNew: true, attach: [uid("carol")] });
  });

  it("limits are configurable: with two cards allowed, a second card attaches", () => {
    const view = emptyIdentityView();
    addToView(view, "P1", [uid("u"), card("C1")]);
    const strict = resolveIdentity(
      view,
      [uid("u"), card("C2")],
      defaultIdentityLimits,
      () => "new",
    );
    expect(strict.dropped).toEqual([card("C2")]);
    const loose = resolveIdentity(
      view,
      [uid("u"), card("C2")],
      { ...defaultIdentityLimits, loyalty_card: 2 },
      () => "new",
    );
    expect(loose.attach).toEqual([card("C2")]);
  });
});

describe("normalizeIdentifier", () => {
  it("brings emails, phones, cards and handles into one spelling", () => {
    expect(normalizeIdentifier("email", " Anna.Muster@Example.CH ", "CH")).toEqual(
      email("anna.muster@example.ch"),
    );
    expect(normalizeIdentifier("email", "not-an-email", "CH")).toBeUndefined();
    expect(normalizeIdentifier("phone", "079 123 45 67", "CH")?.value).toBe("+41791234567");
    expect(normalizeIdentifier("phone", "+49 30 901820", "CH")?.value).toBe("+4930901820");
    expect(normalizeIdentifier("phone", "12", "CH")).toBeUndefined();
    expect(normalizeIdentifier("loyalty_card", "2501-0000 7777", "CH")?.value).toBe("250100007777");
    expect(normalizeIdentifier("social", "Facebook:@Marco.F", "CH")?.value).toBe(
      "facebook:marco.f",
    );
    expect(normalizeIdentifier("user_id", 42, "CH")?.value).toBe("42");
    expect(normalizeIdentifier("user_id", { evil: true }, "CH")).toBeUndefined();
  });
});
