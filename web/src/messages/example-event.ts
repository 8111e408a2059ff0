import type { ExampleEvent } from "../api/contract.js";

/** The example event the preview starts with: a till purchase with a Prosecco. */
export const PROSECCO_EVENT_JSON = JSON.stringify(
  {
    name: "Order Completed",
    brandId: "marktkorb",
    properties: {
      order_id: "R-1",
      products: [
        {
          product_id: "mk-wine-1001",
          name: "Bio Prosecco DOC Casa dal Sole",
          category: "wine",
          price: 12.95,
        },
      ],
    },
  },
  null,
  2,
);

/**
 * Reads the example event from its text: empty is no event, an object with a name is one,
 * anything else is undefined (the form says the JSON is not usable).
 */
export function parseExampleEvent(text: string): ExampleEvent | null | undefined {
  if (!text.trim()) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  const { name, properties, brandId } = value as Record<string, unknown>;
  if (typeof name !== "string" || !name) return undefined;
  if (properties !== undefined && (typeof properties !== "object" || properties === null))
    return undefined;
  if (brandId !== undefined && typeof brandId !== "string") return undefined;
  return {
    name,
    properties: (properties ?? {}) as Record<string, unknown>,
    ...(brandId ? { brandId } : {}),
  };
}
