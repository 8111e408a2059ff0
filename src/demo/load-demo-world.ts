import { hashPassword } from "../core/access/password.js";
import { normalizeTrackingCall } from "../core/collect/normalize-event.js";
import type { NormalizedEvent } from "../core/collect/normalized-event.js";
import type { Channel } from "../core/sources/channel.js";
import type { Source } from "../core/sources/source.js";
import type { Store } from "../storage/store.js";
import { demoCatalogItems } from "./demo-catalogue-items.js";
import { DEMO_ADMIN, DEMO_ANALYST } from "./demo-credentials.js";
import { JourneyRunner } from "../journeys/journey-runner.js";
import { APERO_IDS, PROSECCO_ID, lineItem, productById } from "./demo-catalogue.js";
import { FIXED_DEMO_CUSTOMERS, MARCO_FRITSCHE } from "./demo-customers.js";
import { WINE_RECIPES_JOURNEY } from "./demo-messaging.js";
import { installDemoMessaging } from "./install-demo-messaging.js";
import { installDemoSegments } from "./demo-segments.js";
import { DEMO_BRANDS, DEMO_ORGANISATION, DEMO_SOURCES } from "./demo-sources.js";
import { generateDemoWorld, type DemoWorldOptions } from "./generate-demo-world.js";

export const DEMO_DEFAULTS = { customers: 3000, days: 150, seed: 42 } as const;

/** Events per ingest call: one transaction each, big enough to be fast, small enough to report progress. */
const BATCH = 1000;

export interface LoadDemoOptions {
  onProgress?: (done: number, total: number, step?: string) => void;
  customers?: number;
  days?: number;
  seed?: number;
  /** The end of the history (default: now). */
  now?: number;
}

export interface DemoWorldSummary {
  organisation: string;
  brands: { id: string; name: string }[];
  /** Each source with its write key: shown once, stored only hashed. */
  sources: { id: string; name: string; brandId: string; channel: Channel; writeKey: string }[];
  customers: number;
  anonymousProfiles: number;
  /** Profiles after identity resolution (customers + anonymous ones). */
  profiles: number;
  events: number;
  eventsByChannel: Record<string, number>;
  merges: number;
  refusedMerges: number;
  /** Catalogue items loaded, and the (product, recipe) pairs learnt from the events. */
  catalogue: { items: number; pairs: number };
  /** Journeys published by the demo. */
  journeys: string[];
  /** Segments built from the history, with their members. */
  segments: { id: string; members: number }[];
  /** The test run that sends Marco Fritsche seed 000's email within seconds, if it started. */
  showcase: { customer: string; journeyId: string } | null;
  from: number;
  to: number;
  seed: number;
  fixedCustomers: { name: string; email: string; loyaltyCard: string }[];
  users: { email: string; role: string; password: string }[];
}

/** True when the demo world is in the database (any of its brands exists). */
export async function demoWorldLoaded(store: Store): Promise<boolean> {
  const ids = new Set<string>(DEMO_BRANDS.map((b) => b.id));
  return (await store.sources.listBrands()).some((b) => ids.has(b.id));
}

function checkedOptions(options: LoadDemoOptions): DemoWorldOptions {
  const customers = options.customers ?? DEMO_DEFAULTS.customers;
  const days = options.days ?? DEMO_DEFAULTS.days;
  const seed = options.seed ?? DEMO_DEFAULTS.seed;
  if (
    !Number.isInteger(customers) ||
    customers < FIXED_DEMO_CUSTOMERS.length ||
    customers > 1_000_000
  ) {
    throw new Error(
      `customers must be a whole number from ${FIXED_DEMO_CUSTOMERS.length} to 1000000`,
    );
  }
  if (!Number.isInteger(days) || days < 30 || days > 3650) {
    throw new Error("days must be a whole number from 30 to 3650 (the stories need a month)");
  }
  if (!Number.isInteger(seed)) throw new Error("seed must be a whole number");
  return { customers, days, seed, now: options.now ?? Date.now() };
}

/**
 * Loads the demo world: brands, sources with write keys, the demo users, and the history of
 * every customer, sent through the same normalisation and ingest as the tracking API.
 */
export async function loadDemoWorld(
  store: Store,
  options: LoadDemoOptions = {},
): Promise<DemoWorldSummary> {
  const world = checkedOptions(options);
  const progress = options.onProgress ?? (() => undefined);
  progress(0, 1, "building the world");
  const { customers, calls, anonymousProfiles } = generateDemoWorld(world);
  const total = calls.length;
  progress(0, total, "brands and sources");

  const brands: DemoWorldSummary["brands"] = [];
  for (const brand of DEMO_BRANDS) {
    await store.sources.createBrand(brand);
    brands.push({ ...brand });
  }
  const sources = new Map<string, Source>();
  const summarySources: DemoWorldSummary["sources"] = [];
  for (const definition of DEMO_SOURCES) {
    const source = await store.sources.createSource(definition);
    sources.set(source.id, source);
    const { key } = await store.sources.createWriteKey(source.id);
    summarySources.push({
      id: source.id,
      name: source.name,
      brandId: source.brandId,
      channel: source.channel,
      writeKey: key,
    });
  }
  const users: DemoWorldSummary["users"] = [];
  for (const [user, role] of [
    [DEMO_ADMIN, "admin"],
    [DEMO_ANALYST, "analyst"],
  ] as const) {
    if (!(await store.users.findForLogin(user.email))) {
      await store.users.create({
        email: user.email,
        name: user.name,
        role,
        passwordHash: await hashPassword(user.password),
      });
    }
    users.push({ email: user.email, role, password: user.password });
  }

  const catalogItems = demoCatalogItems();
  await store.catalog.upsertItems(catalogItems, world.now);

  let stored = 0;
  let merges = 0;
  let refusedMerges = 0;
  const eventsByChannel: Record<string, number> = {};
  for (let i = 0; i < total; i += BATCH) {
    const batch: NormalizedEvent[] = [];
    for (const { sourceId, at, call } of calls.slice(i, i + BATCH)) {
      const source = sources.get(sourceId);
      if (!source) throw new Error(`demo call from unknown source ${sourceId}`);
      // Historic timestamps without sentAt are kept as they are (no clock-skew correction).
      const result = normalizeTrackingCall(
        { ...call, timestamp: new Date(at).toISOString() },
        { source, receivedAt: at + 1500, phoneRegion: "CH" },
      );
      if (!result.ok)
        throw new Error(`demo event ${String(call.messageId)} is invalid: ${result.error.message}`);
      batch.push(result.value);
      eventsByChannel[result.value.channel] = (eventsByChannel[result.value.channel] ?? 0) + 1;
    }
    // The batch's own time as "now", so profiles, merges and consents carry historic dates.
    const result = await store.ingest.ingest(batch, (batch.at(-1) as NormalizedEvent).receivedAt);
    stored += result.stored;
    merges += result.merges;
    refusedMerges += result.refusedMerges;
    progress(Math.min(total, i + BATCH), total, "events");
  }
  // What customers combine, from the events just loaded: "bought this Prosecco, read that recipe".
  const learned = await store.catalog.learnPairs();
  // The history is loaded: journeys go live now and react to what arrives from here on.
  await store.journeys.setFeedCursor(await store.events.latestId());
  await installDemoMessaging(store, Date.now());
  // Windows like "in the last 90 days" end where the history ends.
  const segments = await installDemoSegments(store, world.now, progress);
  const showcase = await startShowcaseRun(store);
  const counts = await store.profiles.count();
  return {
    organisation: DEMO_ORGANISATION,
    brands,
    sources: summarySources,
    customers: customers.length,
    anonymousProfiles,
    profiles: counts.profiles,
    events: stored,
    eventsByChannel,
    merges,
    refusedMerges,
    catalogue: { items: catalogItems.length, pairs: learned.pairs },
    journeys: ["wine-recipes", "dinner"],
    segments,
    showcase,
    from: calls[0]?.at ?? world.now,
    to: calls.at(-1)?.at ?? world.now,
    seed: world.seed,
    fixedCustomers: FIXED_DEMO_CUSTOMERS.slice(0, customers.length).map((c) => ({
      name: `${c.firstName} ${c.lastName}`,
      email: c.email,
      loyaltyCard: c.loyaltyCard,
    })),
    users,
  };
}

/**
 * Seed 000 at once: Marco Fritsche goes through "Wine purchase → recipe ideas" in test mode
 * with his Prosecco receipt, so the wine club's email is in the outbox (or at SMTP_URL)
 * seconds after the first start instead of tomorrow at 9.
 */
async function startShowcaseRun(
  store: Store,
): Promise<{ customer: string; journeyId: string } | null> {
  const profileId = await store.profiles.findByIdentifier({
    type: "email",
    value: MARCO_FRITSCHE.email,
  });
  if (!profileId) return null;
  const products = [productById(PROSECCO_ID), ...APERO_IDS.map(productById)].map((p) =>
    lineItem(p),
  );
  await new JourneyRunner(store).startTest(WINE_RECIPES_JOURNEY.id, profileId, {
    name: "Order Completed",
    properties: { order_id: "demo-showcase", products },
    timestamp: Date.now(),
    brandId: "marktkorb",
  });
  return {
    customer: `${MARCO_FRITSCHE.firstName} ${MARCO_FRITSCHE.lastName}`,
    journeyId: WINE_RECIPES_JOURNEY.id,
  };
}
