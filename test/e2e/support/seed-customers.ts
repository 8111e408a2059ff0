import type { Source } from "../../../src/core/sources/source.js";
import type { Store } from "../../../src/storage/store.js";
import { event } from "../../support/world.js";

export type Sources = Record<"till" | "shop" | "wine", Source>;

const at = (iso: string) => ({ timestamp: iso });

/** More touchpoints than one timeline page (50) holds, one hour apart. */
export const HANS_PAGE_VIEWS = 55;
export const MARCO_COUPONS = 52;

/**
 * Four customers of the Marktkorb supermarket and the Vinello wine shop. Anna is known on
 * both brands: online by email, at the till by her loyalty card, at Vinello by email again.
 * Hans browses a lot, so his timeline needs paging. Lena's profile is a merge of two.
 */
export async function seedCustomers(store: Store, src: Sources): Promise<void> {
  await store.ingest.ingest([
    event(src.shop, {
      type: "identify",
      userId: "u-anna",
      traits: {
        firstName: "Anna",
        lastName: "Muster",
        email: "anna.muster@example.ch",
        phone: "079 123 45 67",
        loyaltyCard: "2501 0000 1234",
        consents: { email_marketing: true },
      },
      ...at("2026-05-02T08:15:00Z"),
    }),
    event(src.till, {
      type: "track",
      anonymousId: "till-receipt-991",
      event: "Order Completed",
      context: { traits: { loyaltyCard: "250100001234" } },
      properties: {
        order_id: "K-991",
        total: 12.4,
        currency: "CHF",
        products: [
          { name: "Bio-Milch", quantity: 2, price: 1.95 },
          { name: "Zopf", quantity: 1, price: 4.5 },
        ],
      },
      ...at("2026-05-03T16:40:00Z"),
    }),
    event(src.wine, {
      type: "identify",
      anonymousId: "vin-anon-7",
      traits: { email: "Anna.Muster@example.ch", consents: { email_marketing: false } },
      ...at("2026-05-04T19:02:00Z"),
    }),
    event(src.wine, {
      type: "track",
      anonymousId: "vin-anon-7",
      event: "Product Reviewed",
      properties: { product_id: "prosecco-superiore", name: "Prosecco Superiore DOCG", rating: 5 },
      ...at("2026-05-04T19:05:00Z"),
    }),
  ]);
  await store.ingest.ingest([
    event(src.shop, {
      type: "identify",
      userId: "u-hans",
      traits: {
        firstName: "Hans",
        lastName: "Meier",
        email: "hans.meier@example.ch",
        loyaltyCard: "2501 0000 5678",
      },
      ...at("2026-05-01T12:00:00Z"),
    }),
    event(src.wine, {
      type: "identify",
      userId: "vin-petra",
      traits: { firstName: "Petra", lastName: "Keller", email: "petra.keller@example.com" },
      ...at("2026-05-01T13:00:00Z"),
    }),
  ]);
  // Lena, first seen as two anonymous visitors, became one profile when one call named both.
  await store.ingest.ingest([
    event(src.shop, {
      type: "identify",
      anonymousId: "lena-web",
      traits: { firstName: "Lena", lastName: "Graf", email: "lena.graf@example.ch" },
      ...at("2026-04-28T09:00:00Z"),
    }),
  ]);
  await store.ingest.ingest([
    event(src.till, {
      type: "identify",
      anonymousId: "lena-till",
      traits: { loyaltyCard: "9999 8888" },
      ...at("2026-04-29T09:00:00Z"),
    }),
  ]);
  await store.ingest.ingest([
    event(src.shop, {
      type: "identify",
      anonymousId: "lena-web-2",
      traits: { email: "lena.graf@example.ch", loyaltyCard: "99998888" },
      ...at("2026-04-30T09:00:00Z"),
    }),
  ]);
  // Marco's 50th and 51st touchpoints (newest first) happened in the same millisecond: the
  // boundary of the first timeline page falls between them.
  const newest = Date.parse("2026-04-27T18:00:00Z");
  await store.ingest.ingest(
    Array.from({ length: MARCO_COUPONS }, (_, i) =>
      event(src.wine, {
        type: "track",
        userId: "vin-marco",
        event: "Coupon Viewed",
        context: { traits: { email: "marco.rossi@example.ch" } },
        properties: { coupon: `C-${i}` },
        timestamp: new Date(newest - (i === 50 ? 49 : i) * 60_000).toISOString(),
      }),
    ),
  );
  const start = Date.parse("2026-04-20T06:00:00Z");
  await store.ingest.ingest(
    Array.from({ length: HANS_PAGE_VIEWS }, (_, i) =>
      event(src.shop, {
        type: "page",
        userId: "u-hans",
        name: `Angebote Woche ${i + 1}`,
        properties: { path: `/angebote/${i + 1}` },
        timestamp: new Date(start + i * 3_600_000).toISOString(),
      }),
    ),
  );
}
