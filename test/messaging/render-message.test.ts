import { describe, expect, it } from "vitest";
import {
  DINNER_MENU,
  RECIPES_FOR_YOUR_WINE,
  demoBrandMessaging,
  demoLayout,
} from "../../src/demo/demo-messaging.js";
import { MessageTemplate } from "../../src/core/messaging/message-settings.js";
import type { MessageScope, ScopeItem } from "../../src/messaging/message-scope.js";
import { mjmlRuns, renderMessage, type Rendered } from "../../src/messaging/render-message.js";

const recipe = (id: string, title: string, summary: string | null): ScopeItem => ({
  id,
  kind: "recipe",
  title,
  url: `https://kochlust.example/${id}?a=1&b=2`,
  image_url: null,
  summary,
  category: null,
  attributes: {},
  tags: [],
});

function scope(firstName: string, language: "de" | "en" = "de"): MessageScope {
  return {
    customer: {
      id: "p1",
      first_name: firstName,
      last_name: "Fritsche",
      name: `${firstName} Fritsche`,
      email: "marco@example.ch",
      phone: null,
      language,
      traits: {},
    },
    event: {
      name: "Order Completed",
      properties: {
        products: [{ product_id: "prosecco-1", name: 'Prosecco "Valdo" & Co', category: "wine" }],
      },
      timestamp: "2026-05-04T16:24:00.000Z",
      brand: "market",
    },
    brand: {
      id: "vinello",
      name: "Vinello",
      logo_url: null,
      colours: { primary: "#7a1f3d", background: "#f7f3ee" },
      footer: "Vinello <Weinclub>",
      legal: "Alpenkorb & Partner",
    },
    message: { unsubscribe_url: "https://cx.example/u/abc?x=1&y=2", journey: "j", step: "s" },
  };
}

const recipes = [
  recipe("risotto", "Risotto <al> limone", "Cremig & frisch"),
  recipe("crostini", "Crostini", null),
];

async function both(template: MessageTemplate, who: MessageScope, items = recipes) {
  const input = {
    template,
    layout: demoLayout(template.brandId as "vinello"),
    brand: demoBrandMessaging("vinello", "Vinello"),
    scope: who,
    recommend: async (_id: string, _kind: string, n: number) => items.slice(0, n),
  };
  const once = await renderMessage(input);
  const each = await renderMessage({ ...input, mjmlPerStructure: false });
  return { once, each };
}

const html = (r: Rendered) => (r.kind === "email" ? r.html : "");

describe("rendering an email: MJML once per template structure", () => {
  it("gives the same email as MJML for every message, for the demo templates in both languages", async () => {
    for (const template of [RECIPES_FOR_YOUR_WINE, DINNER_MENU])
      for (const language of ["de", "en"] as const)
        for (const items of [recipes, recipes.slice(0, 1), []]) {
          const { once, each } = await both(
            template,
            scope('<b>Marco</b> & "Co"', language),
            items,
          );
          expect(once).toEqual(each);
          expect(html(once)).toContain("&lt;b&gt;Marco&lt;/b&gt; &amp; &#34;Co&#34;");
          expect(html(once)).not.toContain("<b>Marco</b>");
        }
  });

  it("runs MJML once for many customers of one structure, each with their own values", async () => {
    await both(RECIPES_FOR_YOUR_WINE, scope("Warmup"));
    const before = mjmlRuns.count;
    const names = ["Anna", "Bruno", "Carla", "Dario", "Eva"];
    const rendered: Rendered[] = [];
    for (const name of names) {
      const input = {
        template: RECIPES_FOR_YOUR_WINE,
        layout: demoLayout("vinello"),
        brand: demoBrandMessaging("vinello", "Vinello"),
        scope: scope(name),
        recommend: async () => recipes,
      };
      rendered.push(await renderMessage(input));
    }
    expect(mjmlRuns.count - before).toBe(0); // the warm-up's structure is the same
    rendered.forEach((r, i) => {
      expect(html(r)).toContain(`Grüezi ${names[i]}`);
      for (const other of names.filter((n) => n !== names[i]))
        expect(html(r)).not.toContain(`Grüezi ${other}`);
    });
    expect(rendered[0]).toMatchObject({ items: ["risotto", "crostini"] });
  });

  it("falls back to MJML per message where MJML computes with a value or a template captures output", async () => {
    const template = (body: string) =>
      MessageTemplate.parse({
        id: "t",
        brandId: "vinello",
        channel: "email",
        name: "t",
        layoutId: null,
        content: { de: { subject: "s", body } },
      });
    const cases = [
      // a width from Liquid: MJML reads it as a number
      `<mj-section><mj-column><mj-image src="https://x.example/a.png" width="{{ customer.traits.w | default: '120px' }}" /></mj-column></mj-section>`,
      // captured output decides a branch
      `{% capture n %}{{ customer.first_name }}{% endcapture %}<mj-section><mj-column><mj-text>{% if n == "Marco" %}Hallo Marco{% else %}Hallo {{ n }}{% endif %}</mj-text></mj-column></mj-section>`,
    ];
    for (const body of cases) {
      const { once, each } = await both(template(body), scope("Marco"));
      expect(once).toEqual(each);
    }
    const captured = await both(template(cases[1] as string), scope("Marco"));
    expect(html(captured.once)).toContain("Hallo Marco");
    const sized = await both(template(cases[0] as string), scope("Marco"));
    expect(html(sized.once)).toContain('width="120"');
  });
});
