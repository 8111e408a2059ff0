import type { Command } from "commander";
import { loadDemoWorld, demoWorldLoaded } from "../demo/load-demo-world.js";
import { DEMO_ADMIN } from "../demo/demo-credentials.js";
import { startServer } from "../server.js";
import { configOf } from "./cli-context.js";
import { formatDemoSummary } from "./demo-command.js";
import { progressBar } from "./progress-bar.js";

export function registerServeCommand(program: Command): void {
  program
    .command("serve")
    .description("serve the tracking API, the management API and the web app")
    .option("-p, --port <port>", "port (env PORT, default 3000)")
    .option("--host <host>", "address to listen on (env HOST, default 127.0.0.1)")
    .option("--demo", "load the demo world first if the database is empty", false)
    .option(
      "--no-worker",
      "do not run the journey worker in this process (run `cxloop worker` instead)",
    )
    .action(
      async (
        opts: { port?: string; host?: string; demo: boolean; worker: boolean },
        cmd: Command,
      ) => {
        const config = configOf(cmd, { port: opts.port, host: opts.host });
        const server = await startServer(config, {
          worker: opts.worker,
          onReady: async (store) => {
            if (opts.demo && !(await demoWorldLoaded(store))) {
              console.log("Loading the demo world (first start only)…");
              const bar = progressBar("demo");
              const started = Date.now();
              const summary = await loadDemoWorld(store, { onProgress: bar.update });
              bar.stop();
              // The write keys exist only in this output: printed once, on the first start.
              for (const line of formatDemoSummary(summary, (Date.now() - started) / 1000))
                console.log(line);
            }
          },
        });
        console.log(`cxloop is running on ${server.url} (database: ${server.store.engine})`);
        if (opts.demo) {
          console.log(`Log in as ${DEMO_ADMIN.email} with the password ${DEMO_ADMIN.password}`);
        } else {
          console.log("Log in with a user made by `cxloop users create --role admin …`");
        }
        for (const signal of ["SIGINT", "SIGTERM"] as const) {
          process.once(signal, () => {
            console.log(`${signal}: finishing accepted requests, then stopping`);
            void server.stop().then(() => process.exit(0));
          });
        }
      },
    );
}
