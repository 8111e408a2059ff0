import { parseSegment, type SegmentDefinition } from "../core/segments/segment-definition.js";
import { SegmentKeeper } from "../segments/segment-keeper.js";
import type { Store } from "../storage/store.js";

const wineOrder = {
  type: "event",
  path: "properties.products[].category",
  op: "eq",
  value: "wine",
} as const;

/** The demo's segments; examples/segments holds three of them as files (a test keeps them equal). */
const inputs: unknown[] = [
  {
    id: "wine-lovers",
    name: "Weinliebhaber / Wine lovers",
    description:
      "Mindestens zwei Einkäufe mit Wein in 90 Tagen, in jeder Marke. At least two purchases with wine in 90 days, any brand.",
    rule: {
      match: "all",
      conditions: [
        {
          type: "performed",
          event: "Order Completed",
          where: [wineOrder],
          within: { days: 90 },
          count: { op: "gte", value: 2 },
        },
      ],
    },
  },
  {
    id: "lapsed-customers",
    name: "Abgewandert / Lapsed customers",
    description:
      "Hat schon gekauft, aber seit 60 Tagen nicht mehr. Bought before, nothing in the last 60 days.",
    rule: {
      match: "all",
      conditions: [
        { type: "performed", event: "Order Completed" },
        {
          type: "performed",
          event: "Order Completed",
          within: { days: 60 },
          count: { op: "eq", value: 0 },
        },
      ],
    },
  },
  {
    id: "big-spenders",
    name: "Top-Kunden / Big spenders",
    description:
      "Mindestens 3000 Umsatz in 365 Tagen und per E-Mail erreichbar. Revenue of at least 3000 in a year, reachable by email.",
    rule: {
      match: "all",
      conditions: [
        {
          type: "performed",
          event: "Order Completed",
          within: { days: 365 },
          sum: { path: "properties.revenue", op: "gte", value: 3000 },
        },
        { type: "reachable", channel: "email" },
      ],
    },
  },
  {
    id: "wine-club-audience",
    name: "Weinclub-Publikum / Wine club audience",
    description:
      "Darf vom Weinclub per E-Mail angeschrieben werden und hat der Nutzung der Supermarkt-Einkäufe zugestimmt. May get wine club emails and agreed that the supermarket's purchases are used.",
    rule: {
      match: "all",
      conditions: [
        { type: "consent", brandId: "vinello", purpose: "email_marketing" },
        { type: "consent", brandId: "marktkorb", purpose: "cross_brand_personalisation" },
        { type: "reachable", channel: "email" },
      ],
    },
  },
];

export const DEMO_SEGMENTS: SegmentDefinition[] = inputs.map((input) => {
  const parsed = parseSegment(input);
  if (!parsed.ok) throw new Error(`demo segment: ${parsed.error.message}`);
  return parsed.value;
});

/**
 * Saves the demo's segments and builds them from the loaded history, with progress. The
 * segments' event feed starts after the history: the build has read it already.
 */
export async function installDemoSegments(
  store: Store,
  now: number,
  onProgress?: (done: number, total: number, step: string) => void,
): Promise<{ id: string; members: number }[]> {
  await store.segments.setCursor("segment_event_cursor", await store.events.latestId());
  const keeper = new SegmentKeeper(store, {
    owner: "demo",
    onProgress: (done, total, id) => onProgress?.(done, total, `segment ${id}`),
  });
  const built: { id: string; members: number }[] = [];
  for (const segment of DEMO_SEGMENTS) {
    await store.segments.save(segment, "demo", now);
    await keeper.build(segment.id, now);
    built.push({ id: segment.id, members: (await store.segments.get(segment.id))?.members ?? 0 });
  }
  return built;
}
