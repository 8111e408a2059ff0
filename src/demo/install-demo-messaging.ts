import type { Store } from "../storage/store.js";
import {
  DEMO_MESSAGING_RULES,
  DINNER_JOURNEY,
  DINNER_MENU,
  RECIPES_FOR_YOUR_WINE,
  WINE_RECIPES_JOURNEY,
  demoBrandMessaging,
  demoLayout,
} from "./demo-messaging.js";
import { DEMO_BRANDS, type DemoBrandId } from "./demo-sources.js";

/**
 * Sets up seed 000's messaging for the brands present: their look and senders, layouts,
 * templates, the rules across journeys, and the two journeys, published from `now` on (so
 * the demo's history triggers nothing; new purchases do).
 */
export async function installDemoMessaging(store: Store, now = Date.now()): Promise<void> {
  const present = new Set((await store.sources.listBrands()).map((b) => b.id));
  for (const brand of DEMO_BRANDS) {
    if (!present.has(brand.id)) continue;
    await store.messages.setBrandMessaging(brand.id, demoBrandMessaging(brand.id, brand.name));
    await store.messages.saveLayout(demoLayout(brand.id as DemoBrandId), "demo", now);
  }
  for (const template of [RECIPES_FOR_YOUR_WINE, DINNER_MENU]) {
    if (present.has(template.brandId)) await store.messages.saveTemplate(template, "demo", now);
  }
  await store.messages.setRules(DEMO_MESSAGING_RULES);
  for (const journey of [DINNER_JOURNEY, WINE_RECIPES_JOURNEY]) {
    const version = await store.journeys.saveVersion(journey, "demo", now);
    await store.journeys.setStatus(journey.id, "published", version, now);
  }
}
