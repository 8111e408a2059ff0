import type { JourneyDefinition } from "../core/journeys/journey-definition.js";
import { parseJourney } from "../core/journeys/journey-definition.js";
import {
  BrandMessaging,
  MessageLayout,
  MessageTemplate,
  MessagingRules,
} from "../core/messaging/message-settings.js";
import type { DemoBrandId } from "./demo-sources.js";

/*
 * Seed 000's messages: how each brand of the group looks in email, the wine club's "recipes
 * for your wine" email, Kochlust's dinner follow-up, the journeys that send them, and the
 * rules across all journeys (at most 2 marketing emails a week, quiet at night).
 */

const BRAND_LOOK: Record<
  DemoBrandId,
  { sender: string; address: string; primary: string; background: string; city: string }
> = {
  marktkorb: {
    sender: "Marktkorb",
    address: "post@marktkorb.example",
    primary: "#c2410c",
    background: "#fff7ed",
    city: "8004 Zürich",
  },
  vinello: {
    sender: "Vinello Weinclub",
    address: "weinpost@vinello.example",
    primary: "#7f1d1d",
    background: "#fdf2f8",
    city: "8005 Zürich",
  },
  kochlust: {
    sender: "Kochlust",
    address: "rezepte@kochlust.example",
    primary: "#166534",
    background: "#f0fdf4",
    city: "3011 Bern",
  },
  voltaro: {
    sender: "Voltaro",
    address: "service@voltaro.example",
    primary: "#1d4ed8",
    background: "#eff6ff",
    city: "4051 Basel",
  },
};

export function demoBrandMessaging(brandId: DemoBrandId, name: string): BrandMessaging {
  const look = BRAND_LOOK[brandId];
  return BrandMessaging.parse({
    senders: [{ id: "main", name: look.sender, address: look.address }],
    colours: { primary: look.primary, background: look.background },
    footer: {
      de: `${name} · ein Unternehmen der Genossenschaft Alpenkorb`,
      en: `${name} · part of the Alpenkorb cooperative`,
    },
    legal: {
      de: `Genossenschaft Alpenkorb, Seestrasse 1, ${look.city}. Sie erhalten diese E-Mail, weil Sie dem zugestimmt haben.`,
      en: `Alpenkorb Cooperative, Seestrasse 1, ${look.city}, Switzerland. You receive this email because you agreed to it.`,
    },
    defaultLanguage: "de",
  });
}

/** One layout per brand: header with the brand's name in its colour, content, footer. */
export function demoLayout(brandId: DemoBrandId): MessageLayout {
  return MessageLayout.parse({
    id: `${brandId}-standard`,
    brandId,
    name: "Standard",
    partials: {
      header: `<mj-section background-color="{{ brand.colours.primary }}" padding="16px 24px">
  <mj-column><mj-text color="#ffffff" font-size="22px" font-weight="bold">{{ brand.name }}</mj-text></mj-column>
</mj-section>`,
      footer: `<mj-section padding="16px 24px"><mj-column>
  <mj-divider border-color="{{ brand.colours.primary }}" border-width="1px" />
  <mj-text font-size="12px" color="#6b7280">{{ brand.footer }}</mj-text>
  <mj-text font-size="11px" color="#6b7280">{{ brand.legal }}</mj-text>
  <mj-text font-size="12px"><a href="{{ message.unsubscribe_url }}" style="color:#6b7280">{% if language == "de" %}Vom Newsletter abmelden{% else %}Unsubscribe{% endif %}</a></mj-text>
</mj-column></mj-section>`,
    },
    mjml: `<mjml>
  <mj-head>
    <mj-preview>{{ preheader }}</mj-preview>
    <mj-attributes>
      <mj-all font-family="Helvetica, Arial, sans-serif" />
      <mj-text font-size="15px" line-height="1.5" color="#1f2937" />
      <mj-button background-color="{{ brand.colours.primary }}" border-radius="4px" />
    </mj-attributes>
  </mj-head>
  <mj-body background-color="{{ brand.colours.background }}" width="600px">
    {% render 'header', brand: brand %}
    <mj-wrapper background-color="#ffffff" padding="8px 0">{{ content }}</mj-wrapper>
    {% render 'footer', brand: brand, message: message, language: language %}
  </mj-body>
</mjml>`,
  });
}

/** The wine club's email of seed 000: the wine from the till receipt and two recipes for it. */
export const RECIPES_FOR_YOUR_WINE = MessageTemplate.parse({
  id: "recipes-for-your-wine",
  brandId: "vinello",
  channel: "email",
  name: "Rezepte zu Ihrem Wein",
  layoutId: "vinello-standard",
  content: {
    de: {
      subject: `{% assign wine = event.properties.products | where: "category", "wine" | first %}{{ customer.first_name | default: "Hallo" }}, zwei Rezepte passend zu Ihrem {{ wine.name }}`,
      preheader: "Frisch aus der Kochlust-Küche, ausgesucht vom Vinello Weinclub",
      body: `{% assign wine = event.properties.products | where: "category", "wine" | first %}{% assign recipes = wine.product_id | recommend: "recipe", 2 %}
<mj-section><mj-column>
  <mj-text>Grüezi {{ customer.first_name | default: "" }}</mj-text>
  <mj-text>Sie haben sich für den <strong>{{ wine.name }}</strong> entschieden – eine gute Wahl. Dazu passen diese zwei Rezepte aus der Kochlust-Küche:</mj-text>
</mj-column></mj-section>
{% for recipe in recipes %}<mj-section><mj-column>
  <mj-text font-size="17px" font-weight="bold">{{ recipe.title }}</mj-text>
  {% if recipe.summary %}<mj-text>{{ recipe.summary }}</mj-text>{% endif %}
  {% if recipe.url %}<mj-button href="{{ recipe.url }}" align="left">Zum Rezept</mj-button>{% endif %}
</mj-column></mj-section>{% endfor %}
<mj-section><mj-column><mj-text>En Guete und zum Wohl!<br />Ihr Vinello Weinclub</mj-text></mj-column></mj-section>`,
    },
    en: {
      subject: `{% assign wine = event.properties.products | where: "category", "wine" | first %}{{ customer.first_name | default: "Hello" }}, two recipes to go with your {{ wine.name }}`,
      preheader: "Fresh from the Kochlust kitchen, picked by the Vinello wine club",
      body: `{% assign wine = event.properties.products | where: "category", "wine" | first %}{% assign recipes = wine.product_id | recommend: "recipe", 2 %}
<mj-section><mj-column>
  <mj-text>Hello {{ customer.first_name | default: "" }}</mj-text>
  <mj-text>You chose the <strong>{{ wine.name }}</strong> – a fine choice. These two recipes from the Kochlust kitchen go well with it:</mj-text>
</mj-column></mj-section>
{% for recipe in recipes %}<mj-section><mj-column>
  <mj-text font-size="17px" font-weight="bold">{{ recipe.title }}</mj-text>
  {% if recipe.summary %}<mj-text>{{ recipe.summary }}</mj-text>{% endif %}
  {% if recipe.url %}<mj-button href="{{ recipe.url }}" align="left">See the recipe</mj-button>{% endif %}
</mj-column></mj-section>{% endfor %}
<mj-section><mj-column><mj-text>Enjoy your meal and cheers!<br />Your Vinello wine club</mj-text></mj-column></mj-section>`,
    },
  },
});

/** The next journey of the cycle: who opened a recipe gets Kochlust's dinner menu idea. */
export const DINNER_MENU = MessageTemplate.parse({
  id: "dinner-menu",
  brandId: "kochlust",
  channel: "email",
  name: "Menü-Idee für den Abend",
  layoutId: "kochlust-standard",
  content: {
    de: {
      subject: `{{ customer.first_name | default: "Hallo" }}, ein ganzes Menü für Ihren nächsten Abend`,
      body: `{% assign wine = event.properties.products | where: "category", "wine" | first %}{% assign menu = wine.product_id | recommend: "recipe", 3 %}
<mj-section><mj-column>
  <mj-text>Grüezi {{ customer.first_name | default: "" }}</mj-text>
  <mj-text>Aus Ihrem Apéro wird ein Abendessen: Vorspeise, Hauptgang und Dessert, die zu Ihrem {{ wine.name }} passen.</mj-text>
  {% for recipe in menu %}<mj-text>• <a href="{{ recipe.url }}">{{ recipe.title }}</a></mj-text>{% endfor %}
</mj-column></mj-section>`,
    },
    en: {
      subject: `{{ customer.first_name | default: "Hello" }}, a whole menu for your next evening`,
      body: `{% assign wine = event.properties.products | where: "category", "wine" | first %}{% assign menu = wine.product_id | recommend: "recipe", 3 %}
<mj-section><mj-column>
  <mj-text>Hello {{ customer.first_name | default: "" }}</mj-text>
  <mj-text>Turn your apéro into a dinner: starter, main course and dessert that go with your {{ wine.name }}.</mj-text>
  {% for recipe in menu %}<mj-text>• <a href="{{ recipe.url }}">{{ recipe.title }}</a></mj-text>{% endfor %}
</mj-column></mj-section>`,
    },
  },
});

function journey(input: unknown): JourneyDefinition {
  const parsed = parseJourney(input);
  if (!parsed.ok) throw new Error(`demo journey: ${parsed.error.message}`);
  return parsed.value;
}

/** Seed 000: any till purchase with a wine → next morning 9:00 the wine club's recipe email. */
export const WINE_RECIPES_JOURNEY = journey({
  id: "wine-recipes",
  version: 1,
  name: "Weinkauf → Rezeptideen",
  entry: {
    type: "event",
    event: "Order Completed",
    where: [{ type: "event", path: "properties.products[].category", op: "eq", value: "wine" }],
  },
  reentry: { type: "once_per", period: { days: 3 } },
  instanceKey: "properties.order_id",
  priority: 10,
  start: "consent",
  steps: {
    consent: {
      type: "branch",
      paths: [
        {
          when: [
            { type: "consent", brandId: "vinello", purpose: "email_marketing" },
            { type: "consent", brandId: "marktkorb", purpose: "cross_brand_personalisation" },
          ],
          next: "morning",
        },
      ],
      otherwise: "end",
    },
    morning: { type: "wait_until_time", time: "09:00", atLeast: { hours: 6 }, next: "mail" },
    mail: {
      type: "send",
      channel: "email",
      brandId: "vinello",
      templateId: "recipes-for-your-wine",
      next: "dinner",
    },
    dinner: { type: "hand_over", journeyId: "dinner" },
    end: { type: "exit" },
  },
});

/** The next journey: a click on a recipe within three days brings Kochlust's dinner menu. */
export const DINNER_JOURNEY = journey({
  id: "dinner",
  version: 1,
  name: "Apéro → Abendessen",
  entry: { type: "hand_over" },
  reentry: { type: "every_time" },
  start: "clicked",
  steps: {
    clicked: {
      type: "wait_for_event",
      event: "Email Link Clicked",
      timeout: { days: 3 },
      onEvent: "evening",
      onTimeout: "end",
    },
    evening: { type: "wait_until_time", time: "16:00", next: "menu" },
    menu: {
      type: "send",
      channel: "email",
      brandId: "kochlust",
      templateId: "dinner-menu",
      next: "end",
    },
    end: { type: "exit" },
  },
});

export const DEMO_MESSAGING_RULES = MessagingRules.parse({
  caps: [{ channel: "email", max: 2, periodDays: 7 }],
  quietHours: { from: "21:00", to: "08:00" },
});
