import type { Condition, Operator } from "../api/contract.js";
import { valueText } from "./journey-text.js";

/** The comparisons of trait and event-property tests, in the order the editors offer them. */
export const operators: readonly Operator[] = [
  "eq",
  "neq",
  "gt",
  "gte",
  "lt",
  "lte",
  "contains",
  "in",
  "exists",
  "not_exists",
];

/** A typed value from a text field: numbers and true/false as such, "quoted" stays text. */
export function parseValue(text: string): string | number | boolean {
  const trimmed = text.trim();
  if (/^".*"$/.test(trimmed)) return trimmed.slice(1, -1);
  if (trimmed === "true") return true;
  if (trimmed === "false") return false;
  if (trimmed !== "" && /^-?\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
  return text;
}

/** The text of a typed value: text that would read as a number or true/false gets quotes. */
export function formatValue(value: unknown): string {
  if (typeof value === "string") return parseValue(value) === value ? value : `"${value}"`;
  return valueText(value);
}

type ConditionValue = Extract<Condition, { type: "trait" }>["value"];

export function valueOf(op: Operator, text: string): ConditionValue {
  if (op === "exists" || op === "not_exists") return undefined;
  if (op === "in") return text.split(",").map((part) => parseValue(part.trim()));
  return parseValue(text);
}
