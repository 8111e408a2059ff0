import type { FastifyInstance, FastifyRequest } from "fastify";
import type { CountryCode } from "libphonenumber-js";
import type { NormalizedEvent } from "../../core/collect/normalized-event.js";
import { checkBatchContext, normalizeTrackingCall } from "../../core/collect/normalize-event.js";
import { TrackingBatch, TrackingCall, type EventType } from "../../core/collect/tracking-event.js";
import { TrackingLimits } from "../../core/collect/tracking-limits.js";
import { AppFailure, ErrorCode, type AppError } from "../../core/shared/result.js";
import type { Source } from "../../core/sources/source.js";
import { IngestQueue } from "../../storage/ingest-queue.js";
import type { Store } from "../../storage/store.js";
import type { RouteRegistry } from "../route-registry.js";

const SINGLE: Record<string, EventType> = {
  identify: "identify",
  i: "identify",
  track: "track",
  t: "track",
  page: "page",
  p: "page",
  screen: "screen",
  s: "screen",
  group: "group",
  g: "group",
  alias: "alias",
  a: "alias",
};

interface TrackingOptions {
  store: Store;
  phoneRegion: CountryCode;
  maxPendingIngests: number;
  onIngested?: () => void;
}

/** Write keys are checked on every request; a short cache keeps that off the database. */
function writeKeySources(store: Store) {
  const cache = new Map<string, { source: Source; until: number }>();
  return async (key: string): Promise<Source | undefined> => {
    const now = Date.now();
    const hit = cache.get(key);
    if (hit && hit.until > now) return hit.source;
    const source = await store.sources.findSourceByWriteKey(key);
    if (source) {
      if (cache.size > 10_000) cache.clear();
      // Revoking a key takes effect within this time on every process.
      cache.set(key, { source, until: now + 5_000 });
    } else cache.delete(key);
    return source;
  };
}

function writeKeyOf(request: FastifyRequest): string | undefined {
  const auth = request.headers.authorization;
  if (auth?.startsWith("Basic ")) {
    const decoded = Buffer.from(auth.slice(6).trim(), "base64").toString("utf8");
    const user = decoded.split(":")[0];
    if (user) return user;
  }
  const body = request.body as { writeKey?: unknown } | undefined;
  return typeof body?.writeKey === "string" ? body.writeKey : undefined;
}

function fail(error: AppError): never {
  throw new AppFailure(error);
}

/** The Segment-compatible tracking API: `/v1/<type>`, the short paths and `/v1/batch`. */
export function registerTrackingRoutes(
  app: FastifyInstance,
  registry: RouteRegistry,
  options: TrackingOptions,
) {
  const { store } = options;
  const sourceOf = writeKeySources(store);
  const queue = new IngestQueue(store.ingest, {
    maxEventsPerCommit: 5000,
    // SQLite has one writer; PostgreSQL takes several transactions at once.
    concurrency: store.engine === "sqlite" ? 1 : 4,
  });

  async function accept(request: FastifyRequest, type: EventType | "batch") {
    const key = writeKeyOf(request);
    if (!key)
      fail({
        code: ErrorCode.unauthorized,
        message: "a write key is required (HTTP Basic user name or writeKey in the body)",
      });
    const source = await sourceOf(key);
    if (!source) fail({ code: ErrorCode.unauthorized, message: "unknown or revoked write key" });
    if (
      request.body === undefined ||
      request.body === null ||
      typeof request.body !== "object" ||
      Array.isArray(request.body)
    ) {
      fail({
        code: ErrorCode.invalidInput,
        message: "body: a JSON object is required",
        path: "body",
      });
    }
    const receivedAt = Date.now();
    const events: NormalizedEvent[] = [];
    const errors: AppError[] = [];
    if (type === "batch") {
      const parsed = TrackingBatch.safeParse(request.body);
      if (!parsed.success) {
        fail({
          code: ErrorCode.invalidInput,
          message: "batch: an array of events is required",
          path: "batch",
        });
      }
      const batch = parsed.data;
      const context = checkBatchContext(batch.context);
      if (!context.ok) fail(context.error);
      if (batch.batch.length > TrackingLimits.maxBatchEvents) {
        fail({
          code: ErrorCode.batchTooManyEvents,
          message: `batch has ${batch.batch.length} events; the limit is ${TrackingLimits.maxBatchEvents} events per batch`,
          path: "batch",
          details: { limit: TrackingLimits.maxBatchEvents, count: batch.batch.length },
        });
      }
      batch.batch.forEach((item, index) => {
        const result = normalizeTrackingCall(
          item,
          {
            source,
            receivedAt,
            phoneRegion: options.phoneRegion,
            batchContext: batch.context,
            batchSentAt: batch.sentAt,
          },
          `batch[${index}]`,
        );
        if (result.ok) events.push(result.value);
        else errors.push(result.error);
      });
    } else {
      const result = normalizeTrackingCall(request.body, {
        source,
        receivedAt,
        phoneRegion: options.phoneRegion,
        impliedType: type,
      });
      if (result.ok) events.push(result.value);
      else errors.push(result.error);
    }
    if (errors.length > 0) {
      const first = errors[0] as AppError;
      fail({
        ...first,
        message:
          errors.length > 1
            ? `${first.message} (and ${errors.length - 1} more invalid events; nothing was stored)`
            : first.message,
        details: errors.length > 1 ? errors.slice(0, 50) : first.details,
      });
    }
    if (queue.pending >= options.maxPendingIngests) {
      fail({
        code: ErrorCode.overloaded,
        message: "too many requests waiting for the database; retry after the time in Retry-After",
      });
    }
    const result = await queue.submit(events);
    if (result.stored > 0) options.onIngested?.();
    return { success: true, stored: result.stored, duplicates: result.duplicates };
  }

  // Browsers (analytics.js) call the tracking API from the shops' own origins: allow any origin,
  // and answer the preflight a JSON content type or an Authorization header triggers.
  app.addHook("onRequest", async (request, reply) => {
    if (!request.url.startsWith("/v1/")) return;
    reply.header("access-control-allow-origin", request.headers.origin ?? "*");
    reply.header("vary", "origin");
    if (request.method === "OPTIONS") {
      reply
        .header("access-control-allow-methods", "POST, OPTIONS")
        .header("access-control-allow-headers", "content-type, authorization, content-encoding")
        .header("access-control-max-age", "86400")
        .code(204)
        .send();
    }
  });
  app.options("/v1/*", async (_request, reply) => reply.code(204).send());

  const paths = Object.entries(SINGLE);
  for (const [path, type] of paths) {
    app.post(`/v1/${path}`, { bodyLimit: TrackingLimits.maxEventBytes }, (request) =>
      accept(request, type),
    );
    if (path.length > 1) {
      registry.document({
        method: "POST",
        url: `/v1/${path}`,
        summary: `Segment-compatible ${type} call (also /v1/${path[0]})`,
        tag: "tracking",
        auth: "writeKey",
        body: TrackingCall,
        status: 200,
      });
    }
  }
  for (const path of ["batch", "b", "import"]) {
    app.post(`/v1/${path}`, { bodyLimit: TrackingLimits.maxBatchBytes }, (request) =>
      accept(request, "batch"),
    );
  }
  registry.document({
    method: "POST",
    url: "/v1/batch",
    summary: "Up to 2,500 events, 500 KB, 32 KB each; all stored or none (also /v1/b, /v1/import)",
    tag: "tracking",
    auth: "writeKey",
    body: TrackingBatch,
    status: 200,
  });
}
