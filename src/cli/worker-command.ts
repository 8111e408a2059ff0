import type { Command } from "commander";
import { JourneyWorker } from "../journeys/journey-worker.js";
import { openMessaging } from "../messaging/messaging.js";
import { openStore } from "../storage/store.js";
import { configOf } from "./cli-context.js";

export function registerWorkerCommand(program: Command): void {
  program
    .command("worker")
    .description(
      "run the journey worker (event feed and due runs) without serving HTTP; run as many as you like",
    )
    .option("--interval <ms>", "pause between passes", "1000")
    .action(async (opts: { interval: string }, cmd: Command) => {
      const config = configOf(cmd);
      const interval = Number(opts.interval);
      if (!Number.isInteger(interval) || interval < 10)
        throw new Error("--interval must be a whole number of milliseconds ≥ 10");
      const store = await openStore(config.databaseUrl, { identityLimits: config.identityLimits });
      const messaging = await openMessaging(store, {
        smtpUrl: config.smtpUrl,
        window: config.deliveryWindow,
        publicUrl: config.publicUrl ?? `http://localhost:${config.port}`,
        onError: (error) =>
          console.error(
            `message delivery failed: ${error instanceof Error ? error.message : String(error)}`,
          ),
      });
      const worker = new JourneyWorker(store, {
        deliverer: messaging.deliverer,
        onError: (error) =>
          console.error(
            `journey worker pass failed: ${error instanceof Error ? error.message : String(error)}`,
          ),
      });
      worker.start(interval);
      console.log(`cxloop journey worker running (database: ${store.engine}); Ctrl+C stops it`);
      for (const signal of ["SIGINT", "SIGTERM"] as const) {
        process.once(signal, () => {
          void worker
            .stop()
            .then(() => messaging.close())
            .then(() => store.close())
            .then(() => process.exit(0));
        });
      }
    });
}
