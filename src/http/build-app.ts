import fastifyStatic from "@fastify/static";
import Fastify, { LogController, type FastifyInstance, type FastifyReply } from "fastify";
import { existsSync } from "node:fs";
import { join, sep } from "node:path";
import type { CountryCode } from "libphonenumber-js";
import { ErrorCode } from "../core/shared/result.js";
import { MessageLinks } from "../messaging/message-links.js";
import type { Store } from "../storage/store.js";
import { registerBodyDecoding } from "./body-decoding.js";
import { registerErrorHandler } from "./error-handler.js";
import { buildOpenApi } from "./openapi.js";
import { RouteRegistry } from "./route-registry.js";
import { registerAuthRoutes } from "./routes/auth-routes.js";
import { registerCatalogRoutes } from "./routes/catalog-routes.js";
import { registerCustomerRoutes } from "./routes/customer-routes.js";
import { registerJourneyRoutes } from "./routes/journey-routes.js";
import { registerSegmentRoutes } from "./routes/segment-routes.js";
import { registerMessageLinkRoutes } from "./routes/message-link-routes.js";
import { registerMessageRoutes } from "./routes/message-routes.js";
import { registerSourceRoutes } from "./routes/source-routes.js";
import { registerTrackingRoutes } from "./routes/tracking-routes.js";

export interface AppDeps {
  store: Store;
  phoneRegion: CountryCode;
  sessionTtlHours: number;
  maxPendingIngests: number;
  logLevel: string;
  version: string;
  /** The built web app; served at / when present. */
  webDir?: string;
  /** Signs and checks the unsubscribe, open and click links of messages. */
  links?: MessageLinks;
  /** Called after events were stored: the journey worker of this process starts a pass. */
  onIngested?: () => void;
  /** Where log lines go (default stdout); tests read them to check what is never logged. */
  logStream?: { write(line: string): void };
}

/** Builds the app without listening, so tests run the real thing in-process. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: {
      level: deps.logLevel,
      ...(deps.logStream ? { stream: deps.logStream } : {}),
      // Never log bodies, query strings (a search can hold an email) or credentials.
      serializers: {
        req: (req: { method: string; url: string; id: string }) => ({
          id: req.id,
          method: req.method,
          path: req.url.split("?")[0],
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      redact: ["req.headers.authorization", "req.headers.cookie"],
    },
    // One log line per request is noise at ingest rates; debug turns it on.
    logController: new LogController({
      disableRequestLogging: deps.logLevel !== "debug" && deps.logLevel !== "trace",
    }),
    bodyLimit: 1024 * 1024,
    forceCloseConnections: "idle",
    return503OnClosing: true,
    // Bad URLs and over-long path parameters answer in the same JSON shape as every error.
    frameworkErrors: (error, _request, reply) =>
      (reply as FastifyReply).code(400).send({
        error: { code: ErrorCode.invalidInput, message: error.message.slice(0, 300), path: "url" },
      }),
  });
  app.decorate("users", deps.store.users);
  registerBodyDecoding(app);
  registerErrorHandler(app);
  const registry = new RouteRegistry(app);
  app.get("/health", async (_request, reply) => {
    const reachable = await deps.store.ping().then(
      () => true,
      () => false,
    );
    if (!reachable) {
      return reply
        .code(503)
        .send({ status: "unavailable", engine: deps.store.engine, version: deps.version });
    }
    return { status: "ok", engine: deps.store.engine, version: deps.version };
  });
  registerTrackingRoutes(app, registry, {
    store: deps.store,
    phoneRegion: deps.phoneRegion,
    maxPendingIngests: deps.maxPendingIngests,
    onIngested: deps.onIngested,
  });
  const links =
    deps.links ?? new MessageLinks(await deps.store.messages.linkSecret(), "http://localhost");
  registerMessageLinkRoutes(app, deps.store, links);
  registerAuthRoutes(registry, deps.store, deps.sessionTtlHours);
  registerSourceRoutes(registry, deps.store);
  registerCustomerRoutes(registry, deps.store, deps.phoneRegion);
  registerJourneyRoutes(registry, deps.store);
  registerCatalogRoutes(registry, deps.store);
  registerSegmentRoutes(registry, deps.store);
  registerMessageRoutes(registry, deps.store, links);
  const openapi = buildOpenApi(registry.routes, deps.version);
  app.get("/api/openapi.json", async () => openapi);

  // Only a built app (index.html present) is served; without one, unknown paths are plain 404s.
  const webDir =
    deps.webDir && existsSync(join(deps.webDir, "index.html")) ? deps.webDir : undefined;
  if (webDir) {
    await app.register(fastifyStatic, {
      root: webDir,
      wildcard: false,
      cacheControl: false,
      setHeaders: (res, path) => {
        // Vite names built assets by their content hash, so they never change; index.html does.
        const hashed = path.includes(`${sep}assets${sep}`);
        res.setHeader("cache-control", hashed ? "public, max-age=31536000, immutable" : "no-cache");
      },
    });
  }
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split("?")[0] ?? "";
    const isPage = !/^\/(api|v1|assets|u|o|c)\//.test(path);
    if (request.method === "GET" && webDir && isPage) {
      // The web app routes on the client: unknown paths get its page.
      return reply.type("text/html").sendFile("index.html");
    }
    return reply.code(404).send({
      error: { code: ErrorCode.notFound, message: `no route ${request.method} ${path}` },
    });
  });
  return app;
}
