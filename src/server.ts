import type { FastifyInstance } from "fastify";
import { fileURLToPath } from "node:url";
import type { Config } from "./config.js";
import { buildApp } from "./http/build-app.js";
import { JourneyWorker } from "./journeys/journey-worker.js";
import { openMessaging } from "./messaging/messaging.js";
import { openStore, type Store } from "./storage/store.js";
import { version } from "./version.js";

/** The built web app: dist/web, whether this runs built (dist/src) or from sources (src). */
export const webDistDir = fileURLToPath(
  new URL(import.meta.url.includes("/dist/src/") ? "../web/" : "../dist/web/", import.meta.url),
);

/** Composition root: config → storage → HTTP. */
export async function startServer(
  config: Config,
  options: {
    store?: Store;
    onReady?: (store: Store) => Promise<void>;
    worker?: boolean;
    workerIntervalMs?: number;
  } = {},
): Promise<{ app: FastifyInstance; store: Store; url: string; stop: () => Promise<void> }> {
  const store =
    options.store ??
    (await openStore(config.databaseUrl, { identityLimits: config.identityLimits }));
  if (options.onReady) await options.onReady(store);
  const messaging = await openMessaging(store, {
    smtpUrl: config.smtpUrl,
    window: config.deliveryWindow,
    publicUrl: config.publicUrl ?? `http://localhost:${config.port}`,
    onError: (error) => process.emitWarning(`message delivery: ${errorText(error)}`),
  });
  const worker =
    options.worker === false
      ? undefined
      : new JourneyWorker(store, {
          deliverer: messaging.deliverer,
          onError: (error) => app.log.error({ err: error }, "journey worker pass failed"),
        });
  const app = await buildApp({
    store,
    phoneRegion: config.phoneRegion,
    sessionTtlHours: config.sessionTtlHours,
    maxPendingIngests: config.maxPendingIngests,
    logLevel: config.logLevel,
    version,
    webDir: webDistDir,
    links: messaging.links,
    onIngested: () => worker?.wake(),
  });
  worker?.start(options.workerIntervalMs ?? 1000);
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  const url = `http://${config.host === "0.0.0.0" ? "localhost" : config.host}:${port}`;
  let stopping: Promise<void> | undefined;
  // Stop accepting, let every accepted request finish (its events are then durable), then close.
  // Connections that were busy when closing began turn idle later; close those as they do.
  const stop = () =>
    (stopping ??= (async () => {
      const closing = app.close();
      const sweeper = setInterval(() => app.server.closeIdleConnections(), 50);
      try {
        await closing;
      } finally {
        clearInterval(sweeper);
      }
      await worker?.stop();
      messaging.close();
      await store.close();
    })());
  return { app, store, url, stop };
}

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));
