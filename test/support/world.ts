import type { CountryCode } from "libphonenumber-js";
import { normalizeTrackingCall } from "../../src/core/collect/normalize-event.js";
import type { NormalizedEvent } from "../../src/core/collect/normalized-event.js";
import type { Source } from "../../src/core/sources/source.js";
import type { Store } from "../../src/storage/store.js";

/** A small group: a supermarket with a till and a web shop, and a wine club shop. */
export async function seedSources(store: Store): Promise<Record<"till" | "shop" | "wine", Source>> {
  await store.sources.createBrand({ id: "marktkorb", name: "Marktkorb" });
  await store.sources.createBrand({ id: "vinello", name: "Vinello" });
  const till = await store.sources.createSource({
    id: "marktkorb-till",
    name: "Marktkorb Kasse",
    brandId: "marktkorb",
    channel: "store",
    trusted: true,
  });
  const shop = await store.sources.createSource({
    id: "marktkorb-web",
    name: "Marktkorb Webshop",
    brandId: "marktkorb",
    channel: "web",
    trusted: false,
  });
  const wine = await store.sources.createSource({
    id: "vinello-shop",
    name: "Vinello Shop",
    brandId: "vinello",
    channel: "web",
    trusted: false,
  });
  return { till, shop, wine };
}

export function event(
  source: Source,
  call: Record<string, unknown>,
  receivedAt = Date.parse("2026-05-04T10:00:00Z"),
  phoneRegion: CountryCode = "CH",
): NormalizedEvent {
  const result = normalizeTrackingCall(call, { source, receivedAt, phoneRegion });
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}
