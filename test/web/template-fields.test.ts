import { describe, expect, it } from "vitest";
import { ApiError } from "../../web/src/api/api-client.js";
import { parseExampleEvent, PROSECCO_EVENT_JSON } from "../../web/src/messages/example-event.js";
import {
  emptyTemplate,
  fieldErrorOf,
  templateForSave,
} from "../../web/src/messages/template-fields.js";

const invalid = (path: string) => new ApiError(400, "invalid_input", `${path}: bad`, path);

describe("where a template error belongs in the editor", () => {
  it("a render error of the body or its MJML belongs to the body", () => {
    expect(fieldErrorOf(invalid("body.template.body"))).toMatchObject({ field: "body" });
    expect(fieldErrorOf(invalid("body.template.mjml"))).toMatchObject({ field: "body" });
    expect(fieldErrorOf(invalid("body.template.subject"))).toMatchObject({ field: "subject" });
  });

  it("a save error names the language and field of the content", () => {
    expect(fieldErrorOf(invalid("body.content.en.subject"))).toEqual({
      field: "subject",
      language: "en",
      message: "body.content.en.subject: bad",
    });
    expect(fieldErrorOf(invalid("body.layoutId"))).toMatchObject({ field: "layoutId" });
    expect(fieldErrorOf(invalid("layoutId"))).toMatchObject({ field: "layoutId" });
  });

  it("errors without a path, or with one the editor has no field for, stay general", () => {
    expect(fieldErrorOf(new ApiError(404, "not_found", "no customer"))).toBeUndefined();
    expect(fieldErrorOf(invalid("body.customerId"))).toBeUndefined();
    expect(fieldErrorOf(new Error("boom"))).toBeUndefined();
  });
});

describe("a template as it is saved", () => {
  it("leaves out languages without a body and empty subjects or preheaders", () => {
    const draft = {
      ...emptyTemplate("vinello"),
      id: "t",
      name: "T",
      content: {
        de: { subject: "Hallo", preheader: "", body: "<mj-section />" },
        en: { subject: "Hello", preheader: "", body: "  " },
      },
    };
    expect(templateForSave(draft).content).toEqual({
      de: { subject: "Hallo", body: "<mj-section />" },
    });
  });
});

describe("the example event", () => {
  it("the default is the Prosecco purchase at Marktkorb", () => {
    expect(parseExampleEvent(PROSECCO_EVENT_JSON)).toMatchObject({
      name: "Order Completed",
      brandId: "marktkorb",
      properties: { order_id: "R-1", products: [{ product_id: "mk-wine-1001", price: 12.95 }] },
    });
  });

  it("empty text is no event; broken JSON, arrays and events without a name are unusable", () => {
    expect(parseExampleEvent("  ")).toBeNull();
    expect(parseExampleEvent("{")).toBeUndefined();
    expect(parseExampleEvent("[]")).toBeUndefined();
    expect(parseExampleEvent('{"properties":{}}')).toBeUndefined();
    expect(parseExampleEvent('{"name":"Signed Up"}')).toEqual({
      name: "Signed Up",
      properties: {},
    });
  });
});
