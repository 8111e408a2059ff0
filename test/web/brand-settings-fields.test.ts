import { describe, expect, it } from "vitest";
import { ApiError } from "../../web/src/api/api-client.js";
import type { BrandMessagingView } from "../../web/src/api/contract.js";
import { brandFieldOf, draftOf, inputOf } from "../../web/src/messages/brand-settings-fields.js";
import { layoutDraftOf, layoutFieldOf, layoutOf } from "../../web/src/messages/layout-fields.js";

const invalid = (path: string) => new ApiError(400, "invalid_input", `${path}: bad`, path);

const vinello: BrandMessagingView = {
  senders: [{ id: "main", name: "Vinello Weinclub", address: "weinpost@vinello.example" }],
  colours: { primary: "#7f1d1d", background: "#fdf2f8" },
  footer: { de: "Vinello", en: "Vinello" },
  legal: {},
  defaultLanguage: "de",
  webhooks: { sms: { url: "https://sms.example.com/send", secret: null, secretSet: true } },
};

describe("a brand's settings in the form and back", () => {
  it("what the server sent goes back unchanged, and a stored secret stays stored (null)", () => {
    const draft = draftOf(vinello);
    expect(draft.gateways.sms).toEqual({
      url: "https://sms.example.com/send",
      secret: "",
      secretSet: true,
    });
    expect(inputOf(draft)).toEqual({
      senders: vinello.senders,
      colours: vinello.colours,
      footer: vinello.footer,
      legal: {},
      defaultLanguage: "de",
      webhooks: { sms: { url: "https://sms.example.com/send", secret: null } },
    });
  });

  it("a new secret is sent; a gateway without a URL and empty optional fields are left out", () => {
    const draft = draftOf(vinello);
    draft.gateways.sms.secret = "a-new-secret-of-some-length";
    draft.gateways.push.url = "  ";
    draft.senders.push({
      id: "club",
      name: " Club ",
      address: "club@vinello.example",
      replyTo: "",
    });
    draft.logoUrl = " ";
    draft.legal.en = "Legal";
    const input = inputOf(draft);
    expect(input.webhooks).toEqual({
      sms: { url: "https://sms.example.com/send", secret: "a-new-secret-of-some-length" },
    });
    expect(input.senders[1]).toEqual({
      id: "club",
      name: "Club",
      address: "club@vinello.example",
    });
    expect(input).not.toHaveProperty("logoUrl");
    expect(input.legal).toEqual({ en: "Legal" });
  });

  it("a save error belongs to the field its path names; others to the form", () => {
    expect(brandFieldOf(invalid("body.senders.0.address"))).toBe("senders.0.address");
    expect(brandFieldOf(invalid("body.colours.primary"))).toBe("colours.primary");
    expect(brandFieldOf(invalid("body.webhooks.sms.secret"))).toBe("webhooks.sms.secret");
    expect(brandFieldOf(invalid("body.footer.en"))).toBe("footer.en");
    expect(brandFieldOf(invalid("body.senders"))).toBeUndefined();
    expect(brandFieldOf(new Error("x"))).toBeUndefined();
  });
});

describe("a layout in the editor and back", () => {
  const layout = {
    id: "vinello-standard",
    brandId: "vinello",
    name: "Standard",
    mjml: "<mjml><mj-body>{{ content }}</mj-body></mjml>",
    partials: { header: "<mj-section />", footer: "<mj-section />" },
  };

  it("partials become rows and rows become partials; a row without a name is left out", () => {
    const draft = layoutDraftOf(layout);
    expect(draft.partials.map((p) => p.name)).toEqual(["header", "footer"]);
    expect(layoutOf(draft)).toEqual(layout);
    draft.partials.push({ name: " ", mjml: "<mj-text />" }, { name: " legal ", mjml: "x" });
    expect(layoutOf(draft).partials).toEqual({ ...layout.partials, legal: "x" });
  });

  it("a save error names the MJML, a field or one partial", () => {
    expect(layoutFieldOf(invalid("body.mjml"))).toBe("mjml");
    expect(layoutFieldOf(invalid("body.name"))).toBe("name");
    expect(layoutFieldOf(invalid("body.partials.Bad Name"))).toBe("partials.Bad Name");
    expect(layoutFieldOf(invalid("body.partials"))).toBeUndefined();
  });
});
