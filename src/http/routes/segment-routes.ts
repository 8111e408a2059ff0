import { randomUUID } from "node:crypto";
import { z } from "zod";
import { parseSegment, SegmentRule } from "../../core/segments/segment-definition.js";
import { AppFailure, ErrorCode } from "../../core/shared/result.js";
import { schemaError } from "../../core/shared/schema-error.js";
import { Slug } from "../../core/sources/source.js";
import { journeysNaming } from "../../segments/check-journey-segments.js";
import { SegmentKeeper } from "../../segments/segment-keeper.js";
import type { Store } from "../../storage/store.js";
import type { RouteRegistry } from "../route-registry.js";

const IdParam = z.object({ id: Slug });
const day = 86_400_000;
const AUTO_BUILD_CUSTOMERS = 20_000;

const notFound = (id: string) =>
  new AppFailure({ code: ErrorCode.notFound, message: `no segment "${id}"` });

async function storedOrFail(store: Store, id: string) {
  return (await store.segments.get(id)) ?? Promise.reject(notFound(id));
}

/** Segments: rules, live counts, members, trend, a preview while editing, a build on demand. */
export function registerSegmentRoutes(registry: RouteRegistry, store: Store) {
  const keeper = new SegmentKeeper(store, { owner: `api-${randomUUID()}` });
  registry.add({
    method: "GET",
    url: "/api/segments",
    summary: "List segments with their member counts",
    tag: "segments",
    permission: "customers:read",
    handler: async () => store.segments.list(),
  });
  registry.add({
    method: "GET",
    url: "/api/segments/:id",
    summary: "One segment: rule, member count, and entries and exits per day of the last 90 days",
    tag: "segments",
    permission: "customers:read",
    params: IdParam,
    handler: async ({ params }) => {
      const stored = await storedOrFail(store, params.id);
      const trend = await store.segments.trend(params.id, Date.now() - 90 * day);
      return { ...stored, trend, journeys: await journeysNaming(store, params.id) };
    },
  });
  registry.add({
    method: "PUT",
    url: "/api/segments/:id",
    summary:
      "Create or replace a segment; a new or changed rule is built for every customer by the worker, or at once with build=true (build=auto: at once up to 20,000 customers)",
    tag: "segments",
    permission: "settings:write",
    params: IdParam,
    query: z.object({ build: z.enum(["true", "false", "auto"]).default("false") }),
    body: z.record(z.string(), z.unknown()),
    handler: async ({ params, body, query, user, reply }) => {
      const parsed = parseSegment({ ...body, id: body["id"] ?? params.id });
      if (!parsed.ok)
        throw new AppFailure({
          ...parsed.error,
          message: `body.${parsed.error.message}`,
          path: `body.${parsed.error.path ?? ""}`,
        });
      if (parsed.value.id !== params.id)
        throw new AppFailure({
          code: ErrorCode.invalidInput,
          message: `body.id: "${parsed.value.id}" is not the segment of the URL ("${params.id}")`,
          path: "body.id",
        });
      const saved = await store.segments.save(parsed.value, user?.email ?? "api", Date.now());
      keeper.invalidate();
      // "auto": at once for a database a request can walk in a second or two, else the worker.
      const now =
        query.build === "true" ||
        (query.build === "auto" && (await store.segments.customerCount()) <= AUTO_BUILD_CUSTOMERS);
      if (now && saved.ruleChanged) await keeper.build(params.id);
      if (saved.created) void reply.code(201);
      return { ...(await storedOrFail(store, params.id)), ...saved };
    },
  });
  registry.add({
    method: "DELETE",
    url: "/api/segments/:id",
    summary: "Delete a segment with its members and history (refused while a journey names it)",
    tag: "segments",
    permission: "settings:write",
    params: IdParam,
    handler: async ({ params }) => {
      await storedOrFail(store, params.id);
      const naming = await journeysNaming(store, params.id);
      if (naming.length > 0)
        throw new AppFailure({
          code: ErrorCode.conflict,
          message: `segment "${params.id}" is used by journey ${naming.map((j) => `"${j}"`).join(", ")}: archive or change those first`,
        });
      await store.segments.remove(params.id);
      return { deleted: params.id };
    },
  });
  registry.add({
    method: "POST",
    url: "/api/segments/:id/build",
    summary: "Compute the segment for every customer now (entries and exits are recorded)",
    tag: "segments",
    permission: "settings:write",
    params: IdParam,
    handler: async ({ params }) => {
      const changes = await keeper.build(params.id);
      return { ...(await storedOrFail(store, params.id)), changes };
    },
  });
  registry.add({
    method: "POST",
    url: "/api/segments/preview",
    summary:
      "Who a rule would hold now, without saving it: count over up to 50,000 customers and a sample",
    tag: "segments",
    permission: "customers:read",
    body: z.strictObject({ rule: z.record(z.string(), z.unknown()) }),
    handler: async ({ body }) => {
      const rule = SegmentRule.safeParse(body.rule);
      if (!rule.success) throw new AppFailure(schemaError(rule.error, "body.rule"));
      return keeper.preview({ id: "preview", name: "preview", description: "", rule: rule.data });
    },
  });
  registry.add({
    method: "GET",
    url: "/api/segments/:id/members",
    summary: "A page of the segment's members, newest first",
    tag: "segments",
    permission: "customers:read",
    params: IdParam,
    query: z.object({
      limit: z.coerce.number().int().min(1).max(500).default(50),
      offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
    }),
    handler: async ({ params, query }) => {
      const stored = await storedOrFail(store, params.id);
      return {
        total: stored.members,
        members: await store.segments.members(params.id, query),
      };
    },
  });
  registry.add({
    method: "GET",
    url: "/api/customers/:id/segments",
    summary: "The segments a customer is in now, newest first, with when they entered",
    tag: "segments",
    permission: "customers:read",
    params: z.object({ id: z.string().min(1).max(200) }),
    handler: async ({ params }) => {
      const canonical = await store.profiles.canonicalId(params.id);
      if (!canonical)
        throw new AppFailure({ code: ErrorCode.notFound, message: `no customer "${params.id}"` });
      const names = new Map(
        (await store.segments.definitions()).map((d) => [d.definition.id, d.definition.name]),
      );
      return (await store.segments.membershipOf(canonical)).map((m) => ({
        id: m.segmentId,
        name: names.get(m.segmentId) ?? m.segmentId,
        since: m.enteredAt,
      }));
    },
  });
}
