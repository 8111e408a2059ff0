import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";

/** Debian's Chromium; the tests never download a browser of their own. */
export const CHROMIUM_PATH = "/usr/bin/chromium";
const required = process.env.CXLOOP_REQUIRE_BROWSER === "1";

let checked: boolean | undefined;

/**
 * Whether the browser suites can run. Without Chromium they are skipped with a loud warning,
 * or fail when CXLOOP_REQUIRE_BROWSER=1 (CI sets it, so a missing browser cannot hide).
 */
export function browserAvailable(): boolean {
  if (checked !== undefined) return checked;
  checked = existsSync(CHROMIUM_PATH);
  if (!checked) {
    if (required) {
      throw new Error(
        `Chromium is required (CXLOOP_REQUIRE_BROWSER=1) but ${CHROMIUM_PATH} is missing: apt-get install chromium`,
      );
    }
    console.warn(
      `\n!!! ${CHROMIUM_PATH} is missing: the browser (e2e) suites are SKIPPED.          !!!\n` +
        "!!! Install it with `apt-get install chromium`; set CXLOOP_REQUIRE_BROWSER=1 to fail. !!!\n",
    );
  }
  return checked;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-dev-shm-usage",
    ],
  });
}
