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

/** Starts `cxloop serve` as a real process on a free port and waits until it answers. */
export async function startServeProcess(
  databaseUrl: string,
  port: number,
  extraEnv: Record<string, string> = {},
): Promise<ServeProcess> {
  requireBuild();
  const child = spawn(process.execPath, [cliPath, "serve", "--port", String(port)], {
    env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: "warn", ...extraEnv },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout?.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (out += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`cxloop serve exited early:\n${out}`);
    try {
      const res = await fetch(`${url}/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
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

export function freePort(): number {
  return 20_000 + Math.floor(Math.random() * 20_000);
}
