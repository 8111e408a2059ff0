import { existsSync, readFileSync } from "node:fs";

// From src/ (tests) the package file is one level up, from dist/src/ (built) two.
const file = [
  new URL("../package.json", import.meta.url),
  new URL("../../package.json", import.meta.url),
].find((url) => existsSync(url));

/** The package version, read once at start. */
export const version: string = file
  ? (JSON.parse(readFileSync(file, "utf8")) as { version: string }).version
  : "0.0.0";
