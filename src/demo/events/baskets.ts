import {
  APERO_IDS,
  GROCERIES,
  PROSECCO_ID,
  WINES,
  productById,
  type DemoProduct,
  type ProductCategory,
} from "../demo-catalogue.js";
import type { DemoCustomer, DemoPersona } from "../demo-customer.js";
import type { Random } from "../random.js";
import { basketOf, type Basket } from "./event-helpers.js";

/** The shopper a basket is for: a customer's persona and taste. */
export const shopperOf = (c: DemoCustomer) => ({
  persona: c.persona,
  wineAffinity: c.habits.wineAffinity,
});

const SIZE: Record<DemoPersona, [number, number]> = {
  apero: [3, 11],
  family: [7, 20],
  senior: [3, 9],
  digital: [2, 6],
  bargain: [5, 13],
};

const CATEGORY_WEIGHTS: Record<DemoPersona, Partial<Record<ProductCategory, number>>> = {
  apero: {
    antipasti: 4,
    cheese: 4,
    charcuterie: 3,
    bakery: 3,
    fruit_veg: 4,
    pantry: 3,
    meat_fish: 2,
    dairy: 2,
    drinks: 1,
    snacks: 1,
  },
  family: {
    dairy: 5,
    fruit_veg: 5,
    bakery: 3,
    pantry: 4,
    meat_fish: 3,
    snacks: 2,
    drinks: 3,
    household: 2,
    baby: 3,
    cheese: 2,
  },
  senior: {
    dairy: 5,
    bakery: 4,
    fruit_veg: 5,
    pantry: 3,
    cheese: 3,
    meat_fish: 2,
    drinks: 1,
    household: 1,
  },
  digital: { snacks: 4, drinks: 4, pantry: 3, fruit_veg: 2, dairy: 2, meat_fish: 1, bakery: 1 },
  bargain: { pantry: 5, dairy: 4, fruit_veg: 4, household: 3, drinks: 3, snacks: 2, meat_fish: 2 },
};

const byCategory = new Map<ProductCategory, DemoProduct[]>();
for (const p of GROCERIES) byCategory.set(p.category, [...(byCategory.get(p.category) ?? []), p]);

/** Seasonal products sell in their months only (0 = January). */
function inSeason(product: DemoProduct, month: number): boolean {
  if (product.tags.includes("winter")) return month >= 10 || month <= 2;
  if (product.tags.includes("asparagus")) return month >= 3 && month <= 5;
  return true;
}

/** A wine the customer likes: mostly the sparkling and Swiss wines, sometimes anything. */
export function pickWine(rng: Random): DemoProduct {
  return rng.chance(0.3) ? productById(PROSECCO_ID) : rng.pick(WINES);
}

/**
 * A supermarket basket that fits the customer: persona-typical categories, wine for wine
 * lovers, and now and then the apéro basket of seed 000 (Prosecco with antipasti).
 */
export function groceryBasket(
  rng: Random,
  shopper: { persona: DemoPersona; wineAffinity: number },
  month: number,
  scale = 1,
): Basket {
  const [min, max] = SIZE[shopper.persona];
  const size = Math.max(1, Math.round(rng.int(min, max) * scale));
  const weights = Object.entries(CATEGORY_WEIGHTS[shopper.persona]) as [ProductCategory, number][];
  const chosen = new Map<string, { product: DemoProduct; quantity: number }>();
  const add = (product: DemoProduct, quantity = 1) => {
    const existing = chosen.get(product.id);
    if (existing) existing.quantity += quantity;
    else chosen.set(product.id, { product, quantity });
  };
  if (rng.chance(shopper.wineAffinity * 0.12)) {
    add(productById(PROSECCO_ID));
    for (const id of rng.sample(APERO_IDS, rng.int(2, 4))) add(productById(id));
  }
  if (rng.chance(shopper.wineAffinity * 0.45))
    add(pickWine(rng), rng.chance(0.2) ? rng.int(2, 6) : 1);
  for (let tries = 0; chosen.size < size && tries < size * 3; tries++) {
    const category = rng.weighted(weights);
    const candidates = (byCategory.get(category) ?? []).filter((p) => inSeason(p, month));
    if (candidates.length === 0) continue;
    const product = rng.pick(candidates);
    const quantity =
      product.category === "dairy" || product.category === "drinks" ? rng.int(1, 3) : 1;
    add(product, quantity);
  }
  return basketOf([...chosen.values()]);
}
