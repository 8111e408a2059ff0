import type { Source } from "../../src/core/sources/source.js";
import { demoCatalogItems } from "../../src/demo/demo-catalogue-items.js";
import { installDemoMessaging } from "../../src/demo/install-demo-messaging.js";
import { JourneyWorker } from "../../src/journeys/journey-worker.js";
import { openMessaging, type Messaging } from "../../src/messaging/messaging.js";
import type { Store } from "../../src/storage/store.js";
import { startSmtpServer, type ReceivedMail } from "./smtp.js";
import { event, seedSources } from "./world.js";

export const purchaseAt = Date.parse("2026-05-04T16:24:00Z"); // 18:24 in Zurich
export const nextMorning = Date.parse("2026-05-05T07:00:00Z"); // 09:00 in Zurich

/**
 * Seed 000's world on real storage: the group's brands, the wine and recipe catalogue, the
 * demo's messaging and journeys (published two days before the purchase), a real SMTP server
 * on 127.0.0.1 and a journey worker with the delivery stage.
 */
export async function prosecco(store: Store) {
  const src = await seedSources(store);
  await store.sources.createBrand({ id: "kochlust", name: "Kochlust" });
  await store.catalog.upsertItems(demoCatalogItems(), purchaseAt - 10 * 86_400_000);
  await installDemoMessaging(store, purchaseAt - 2 * 86_400_000);
  const smtp = await startSmtpServer();
  const messaging: Messaging = await openMessaging(store, {
    smtpUrl: smtp.url,
    publicUrl: "http://cx.test",
    onError: (error) => {
      throw error;
    },
  });
  const worker = new JourneyWorker(store, { deliverer: messaging.deliverer });

  async function customer(
    card: string,
    opts: {
      email?: string;
      firstName?: string;
      language?: string;
      wine?: Record<string, boolean>;
      market?: Record<string, boolean>;
    },
  ): Promise<string> {
    const traits = {
      loyaltyCard: card,
      firstName: opts.firstName ?? "Marco",
      lastName: "Fritsche",
      email: opts.email ?? `kunde-${card}@example.ch`,
      language: opts.language ?? "de",
      timezone: "Europe/Zurich",
    };
    await store.ingest.ingest([
      event(
        src.wine,
        { type: "identify", userId: `u-${card}`, traits: { ...traits, consents: opts.wine ?? {} } },
        purchaseAt - 86_400_000,
      ),
      event(
        src.shop,
        { type: "identify", userId: `u-${card}`, traits: { consents: opts.market ?? {} } },
        purchaseAt - 86_400_000,
      ),
    ]);
    return (await store.profiles.findByIdentifier({ type: "loyalty_card", value: card })) as string;
  }

  async function tillPurchase(
    card: string,
    orderId: string,
    products: { product_id: string; name: string; category: string }[],
    at = purchaseAt,
  ) {
    await store.ingest.ingest([
      event(
        src.till,
        {
          type: "track",
          anonymousId: `receipt-${orderId}`,
          event: "Order Completed",
          timestamp: new Date(at).toISOString(),
          context: { traits: { loyaltyCard: card } },
          properties: { order_id: orderId, products },
        },
        at,
      ),
    ]);
  }

  const mailsTo = (address: string): ReceivedMail[] =>
    smtp.mails.filter((m) => m.to.includes(address));

  return {
    src: src as Record<"till" | "shop" | "wine", Source>,
    smtp,
    messaging,
    worker,
    customer,
    tillPurchase,
    mailsTo,
    close: async () => {
      messaging.close();
      await smtp.close();
    },
  };
}

export const PROSECCO = {
  product_id: "mk-wine-1001",
  name: "Bio Prosecco DOC Casa dal Sole",
  category: "wine",
};
export const CHIANTI = {
  product_id: "mk-wine-1003",
  name: "Chianti Classico DOCG Poggio Rosso",
  category: "wine",
};
export const OLIVES = {
  product_id: "mk-2001",
  name: "Oliven Taggiasca entsteint",
  category: "antipasti",
};
