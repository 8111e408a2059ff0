import type {
  BrandMessaging,
  MessageLayout,
  MessageTemplate,
} from "../core/messaging/message-settings.js";
import type { CustomerFacts } from "../core/profiles/profile-views.js";
import type { JourneyRun } from "../core/journeys/journey-run.js";
import type { Store } from "../storage/store.js";

/** What rendering a message reads besides the customer. */
export interface RenderReads {
  brandName(brandId: string): Promise<string | undefined>;
  layout(id: string): Promise<MessageLayout | undefined>;
  /** Catalogue items already sent to these profiles (so they are not recommended again). */
  itemsSentTo(profileIds: string[]): Promise<Set<string>>;
}

/** Straight from the store: for a single render (the preview). */
export function storeReads(store: Store): RenderReads {
  return {
    brandName: async (id) => (await store.sources.listBrands()).find((b) => b.id === id)?.name,
    layout: (id) => store.messages.layout(id),
    itemsSentTo: (ids) => store.messages.itemsSentTo(ids),
  };
}

/**
 * The reads of one delivery pass: customers and runs of all its messages in a few statements,
 * templates, layouts and brand settings once per pass (a change reaches the next pass).
 */
export class DeliveryReads implements RenderReads {
  private facts = new Map<string, CustomerFacts>();
  private runs = new Map<string, JourneyRun>();
  private readonly cache = new Map<string, Promise<unknown>>();

  constructor(private readonly store: Store) {}

  async load(messages: { profileId: string; runId: string }[]): Promise<void> {
    this.facts = await this.store.profiles.facts(messages.map((m) => m.profileId));
    this.runs = await this.store.journeys.runs(messages.map((m) => m.runId));
  }

  customer(profileId: string): CustomerFacts | undefined {
    return this.facts.get(profileId);
  }

  run(runId: string): JourneyRun | undefined {
    return this.runs.get(runId);
  }

  private once<T>(key: string, read: () => Promise<T>): Promise<T> {
    let known = this.cache.get(key) as Promise<T> | undefined;
    if (!known) {
      known = read();
      this.cache.set(key, known);
    }
    return known;
  }

  template(id: string): Promise<MessageTemplate | undefined> {
    return this.once(`template:${id}`, () => this.store.messages.template(id));
  }

  brandMessaging(brandId: string): Promise<BrandMessaging | undefined> {
    return this.once(`brand:${brandId}`, () => this.store.messages.brandMessaging(brandId));
  }

  layout(id: string): Promise<MessageLayout | undefined> {
    return this.once(`layout:${id}`, () => this.store.messages.layout(id));
  }

  async brandName(brandId: string): Promise<string | undefined> {
    const brands = await this.once("brands", () => this.store.sources.listBrands());
    return brands.find((b) => b.id === brandId)?.name;
  }

  itemsSentTo(profileIds: string[]): Promise<Set<string>> {
    return this.store.messages.itemsSentTo(profileIds);
  }
}
