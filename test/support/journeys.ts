import { readFileSync } from "node:fs";
import {
  parseJourney,
  type JourneyDefinition,
} from "../../src/core/journeys/journey-definition.js";

/** A journey from examples/journeys, parsed: the tests use the same files the docs show. */
export function exampleJourney(name: string): JourneyDefinition {
  const text = readFileSync(new URL(`../../examples/journeys/${name}`, import.meta.url), "utf8");
  const parsed = parseJourney(JSON.parse(text));
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.value;
}
