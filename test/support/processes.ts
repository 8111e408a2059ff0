import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const cliPath = fileURLToPath(new URL("../../bin/cxloop.js", import.meta.url));
const builtMain = fileURLToPath(new URL("../../dist/src/cli/main.js", import.meta.url));

export function requireBuild(): void {
  if (!existsSync(builtMain))
    throw new Error("dist/ is missing: run `npm run build` first (npm test does)");
}

export interface ServeProcess {
  url: string;
  child: ChildProcess;
  output: () => string;
  stop: (signal?: NodeJS.Signals) => Promise<number | null>;
}

/**
 * Starts `cxloop serve` as a real process on a port the system picks (port 0), reads the URL
 * it prints and waits until it answers.
 */
export async function startServeProcess(
  databaseUrl: string,
  extraEnv: Record<string, string> = {},
): Promise<ServeProcess> {
  requireBuild();
  const child = spawn(process.execPath, [cliPath, "serve", "--port", "0"], {
    env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: "warn", ...extraEnv },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout?.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (out += d.toString()));
  const deadline = Date.now() + 30_000;
  let url = "";
  for (;;) {
    if (child.exitCode !== null) throw new Error(`cxloop serve exited early:\n${out}`);
    url ||= /running on (http:\/\/[^\s]+)/.exec(out)?.[1] ?? "";
    if (url) {
      try {
        const res = await fetch(`${url}/health`);
        if (res.ok) break;
      } catch {
        // not answering yet
      }
    }
    if (Date.now() > deadline) throw new Error(`cxloop serve did not start in 30 s:\n${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    child,
    output: () => out,
    stop: (signal = "SIGTERM") =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve(child.exitCode);
        child.once("exit", (code) => resolve(code));
        child.kill(signal);
      }),
  };
}
