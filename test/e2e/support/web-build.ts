import { execFile } from "node:child_process";
import { mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const root = fileURLToPath(new URL("../../../", import.meta.url));
export const webDistDir = join(root, "dist", "web");
const indexHtml = join(webDistDir, "index.html");
const lockDir = join(root, "dist", ".web-build-lock");

function mtimeOf(path: string): number | undefined {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
}

function newestSourceChange(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(
      newest,
      entry.isDirectory() ? newestSourceChange(path) : (mtimeOf(path) ?? 0),
    );
  }
  return newest;
}

/** The build is there and newer than every file of web/ (`npm test` builds first anyway). */
function buildIsCurrent(): boolean {
  const built = mtimeOf(indexHtml);
  return built !== undefined && built >= newestSourceChange(join(root, "web"));
}

async function until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * Builds the web app into dist/web when it is missing or older than its sources. Suites run in
 * parallel workers: one builds, holding a lock directory; the others wait for it.
 */
export async function ensureWebBuild(): Promise<string> {
  if (buildIsCurrent()) return webDistDir;
  mkdirSync(join(root, "dist"), { recursive: true });
  const lockAge = mtimeOf(lockDir);
  if (lockAge !== undefined && Date.now() - lockAge > 120_000)
    rmSync(lockDir, { recursive: true, force: true });
  try {
    mkdirSync(lockDir);
  } catch {
    await until(() => mtimeOf(lockDir) === undefined, 120_000, "another worker's web build");
    if (buildIsCurrent()) return webDistDir;
    return ensureWebBuild();
  }
  try {
    await promisify(execFile)(
      process.execPath,
      [
        join(root, "node_modules", "vite", "bin", "vite.js"),
        "build",
        "--config",
        "web/vite.config.ts",
        "--logLevel",
        "warn",
      ],
      { cwd: root, timeout: 120_000 },
    );
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
  if (mtimeOf(indexHtml) === undefined) throw new Error(`the web build did not write ${indexHtml}`);
  return webDistDir;
}
