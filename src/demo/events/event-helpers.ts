import { lineItem, type DemoProduct } from "../demo-catalogue.js";
import type { Random } from "../random.js";

/** A page of a web site, as `context.page` and page properties. */
export function pageOf(host: string, path: string, title: string, referrer?: string) {
  return { path, url: `https://${host}${path}`, title, ...(referrer ? { referrer } : {}) };
}

export function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/ä/g, "ae")
    .replace(/ö/g, "oe")
    .replace(/ü/g, "ue")
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

export const round2 = (n: number) => Math.round(n * 100) / 100;

export interface Basket {
  items: { product: DemoProduct; quantity: number }[];
  total: number;
}

export function basketOf(items: { product: DemoProduct; quantity: number }[]): Basket {
  return { items, total: round2(items.reduce((sum, i) => sum + i.product.price * i.quantity, 0)) };
}

export function lineItems(basket: Basket) {
  return basket.items.map((i) => lineItem(i.product, i.quantity));
}

/** Minutes → milliseconds, with a little jitter so events do not line up on the second. */
export function minutes(rng: Random, min: number, max: number): number {
  return Math.round((min + rng.next() * (max - min)) * 60_000);
}
