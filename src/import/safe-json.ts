/**
 * Keys that reach an object's prototype when code later copies or merges with them
 * (`Object.assign`, deep merges, `obj[a][b] = v`). JSON.parse itself never pollutes, but the
 * data travels on to code that might; such input is refused, not cleaned silently.
 */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set([
  "__proto__",
  "constructor",
  "prototype",
]);

/** Deeper JSON is refused: JSON.stringify recurses and overflows the stack near 5000 levels. */
export const MAX_JSON_DEPTH = 64;

export type JsonProblem = { kind: "forbidden_key" | "too_deep"; path: string; message: string };

/** Finds the first forbidden key or too-deep nesting in parsed JSON, without recursion. */
export function jsonProblem(value: unknown): JsonProblem | undefined {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: "", depth: 0 }];
  while (stack.length > 0) {
    const item = stack.pop() as { value: unknown; path: string; depth: number };
    if (typeof item.value !== "object" || item.value === null) continue;
    if (item.depth >= MAX_JSON_DEPTH) {
      return {
        kind: "too_deep",
        path: item.path,
        message: `${item.path || "value"}: nested more than ${MAX_JSON_DEPTH} levels deep`,
      };
    }
    if (Array.isArray(item.value)) {
      item.value.forEach((v, i) =>
        stack.push({ value: v, path: `${item.path}[${i}]`, depth: item.depth + 1 }),
      );
      continue;
    }
    for (const key of Object.keys(item.value)) {
      const path = item.path ? `${item.path}.${key}` : key;
      if (FORBIDDEN_KEYS.has(key)) {
        return { kind: "forbidden_key", path, message: `${path}: the key "${key}" is not allowed` };
      }
      stack.push({
        value: (item.value as Record<string, unknown>)[key],
        path,
        depth: item.depth + 1,
      });
    }
  }
  return undefined;
}
