import { z } from "zod";
import { parseJourney } from "../../core/journeys/journey-definition.js";
import { simulateJourney } from "../../core/journeys/simulate-journey.js";
import { AppFailure, ErrorCode } from "../../core/shared/result.js";
import { JourneyRunner } from "../../journeys/journey-runner.js";
import { checkJourneySegments } from "../../segments/check-journey-segments.js";
import type { Store } from "../../storage/store.js";
import type { RouteRegistry } from "../route-registry.js";

const IdParam = z.object({ id: z.string().min(1).max(64) });
const Definition = z.record(z.string(), z.unknown());

const SimulationRequest = z.strictObject({
  definition: Definition,
  customers: z
    .array(
      z.strictObject({
        id: z.string().min(1).max(200),
        traits: z.record(z.string(), z.unknown()).optional(),
        consents: z
          .array(
            z
              .string()
              .regex(/^[a-z0-9-]+\/(email_marketing|cross_brand_personalisation|analytics)$/),
          )
          .max(50)
          .optional(),
        timeZone: z.string().max(64).optional(),
        segments: z.array(z.string().min(1).max(64)).max(100).optional(),
      }),
    )
    .max(1000),
  events: z
    .array(
      z.strictObject({
        at: z.iso.datetime({ offset: true }),
        customerId: z.string().min(1).max(200),
        name: z.string().min(1).max(200),
        properties: z.record(z.string(), z.unknown()).optional(),
      }),
    )
    .max(10_000),
  until: z.iso.datetime({ offset: true }),
});

function parsedDefinition(input: unknown) {
  const parsed = parseJourney(input);
  if (!parsed.ok) {
    throw new AppFailure({
      ...parsed.error,
      message: `definition.${parsed.error.message}`,
      path: `body.definition.${parsed.error.path ?? ""}`,
    });
  }
  return parsed.value;
}

/** Journeys: versions, publishing with the in-flight policy, live counts, test mode, the simulator. */
export function registerJourneyRoutes(registry: RouteRegistry, store: Store) {
  const runner = new JourneyRunner(store);
  registry.add({
    method: "GET",
    url: "/api/journeys",
    summary: "List journeys with their versions and status",
    tag: "journeys",
    permission: "customers:read",
    handler: () => store.journeys.list(),
  });
  registry.add({
    method: "POST",
    url: "/api/journeys",
    summary: "Save a journey definition as its next version (a draft until published)",
    tag: "journeys",
    permission: "settings:write",
    body: Definition,
    status: 201,
    handler: async ({ body, user }) => {
      const definition = parsedDefinition(body);
      await checkJourneySegments(definition, store, "body.");
      const version = await store.journeys.saveVersion(definition, user?.email ?? "api");
      return { id: definition.id, version };
    },
  });
  registry.add({
    method: "GET",
    url: "/api/journeys/:id/versions/:version",
    summary: "One version of a journey definition",
    tag: "journeys",
    permission: "customers:read",
    params: z.object({
      id: z.string().min(1).max(64),
      version: z.coerce.number().int().positive(),
    }),
    handler: async ({ params }) => {
      const definition = await store.journeys.version(params.id, params.version);
      if (!definition) {
        throw new AppFailure({
          code: ErrorCode.notFound,
          message: `no version ${params.version} of journey "${params.id}"`,
        });
      }
      return definition;
    },
  });
  registry.add({
    method: "POST",
    url: "/api/journeys/:id/status",
    summary: "Publish a version, pause or archive a journey",
    tag: "journeys",
    permission: "settings:write",
    params: IdParam,
    body: z.strictObject({
      status: z.enum(["published", "paused", "archived", "draft"]),
      version: z.number().int().positive().optional(),
      /** Customers inside an older version: finish there, move to the new one, or exit. */
      inFlight: z.enum(["finish_on_old", "move_to_new", "exit"]).default("finish_on_old"),
    }),
    handler: async ({ params, body }) => {
      const runs = await store.journeys.setStatus(
        params.id,
        body.status,
        body.version,
        Date.now(),
        body.inFlight,
      );
      return { ...(await store.journeys.list()).find((j) => j.id === params.id), runs };
    },
  });
  registry.add({
    method: "GET",
    url: "/api/journeys/:id/stats",
    summary:
      "Live counts per step (entered, waiting, sent, suppressed, failed, converted, exited) and totals",
    tag: "journeys",
    permission: "customers:read",
    params: IdParam,
    handler: ({ params }) => store.journeys.stats(params.id),
  });
  registry.add({
    method: "POST",
    url: "/api/journeys/:id/test",
    summary:
      "Test mode: send one customer through the published version now, waits shortened to seconds, real messages",
    tag: "journeys",
    permission: "settings:write",
    params: IdParam,
    status: 201,
    body: z.strictObject({
      customerId: z.string().min(1).max(64),
      /** Stands in for the entry event, e.g. a till purchase with a Prosecco. */
      event: z
        .strictObject({
          name: z.string().min(1).max(200),
          properties: z.record(z.string(), z.unknown()).default({}),
          brandId: z.string().min(1).max(64).optional(),
        })
        .optional(),
    }),
    handler: async ({ params, body }) =>
      runner.startTest(
        params.id,
        body.customerId,
        body.event ? { ...body.event, timestamp: Date.now() } : null,
      ),
  });
  registry.add({
    method: "POST",
    url: "/api/journeys/simulate",
    summary: "Run a definition against scripted events on a virtual clock: who gets what, when",
    tag: "journeys",
    permission: "customers:read",
    body: SimulationRequest,
    handler: async ({ body }) => {
      const definition = parsedDefinition(body.definition);
      const events = body.events.map((e) => ({ ...e, at: Date.parse(e.at) }));
      const log = simulateJourney(
        definition,
        body.customers as Parameters<typeof simulateJourney>[1],
        events,
        Date.parse(body.until),
      );
      return log.map((entry) => ({ ...entry, at: new Date(entry.at).toISOString() }));
    },
  });
}
