import type { ImportMapping } from "./import-mapping.js";

/**
 * The `till-receipts` preset: a till's export with one row per line item,
 *
 *     receipt_id,time,store,loyalty_card,sku,article,category,quantity,price
 *     4711,03.05.2026 18:42,Zürich HB,2501 0000 7777,7610000123,Prosecco DOC,Wein,1,12.95
 *
 * (`,` or `;` as delimiter; `time` as `dd.mm.yyyy HH:MM[:SS]` or ISO, Zurich time unless it
 * carries an offset; `price` the unit price; `quantity` a count or a weight). The rows of one
 * receipt — same store and receipt_id, adjacent in the file — become one `Order Completed`
 * event with `products`, `store`, `order_id`, `currency` CHF and `total` = Σ price × quantity,
 * on the profile of the loyalty card. Receipts without a loyalty card are anonymous
 * purchases: they are skipped and counted, not reported as errors. The messageId
 * `receipt-{store}-{receipt_id}` assumes receipt numbers are unique per store; for a till
 * that restarts its numbering, copy this mapping and add `{time}` to the template.
 */
export const tillReceiptsPreset = {
  description: "till export, one row per line item, grouped into one Order Completed per receipt",
  csv: { delimiter: "auto", decimalComma: false, encoding: "utf-8" },
  event: { type: "track", name: "Order Completed" },
  identity: { loyaltyCard: "loyalty_card" },
  withoutIdentity: "skip",
  timestamp: {
    column: "time",
    format: ["dd.mm.yyyy HH:MM:SS", "dd.mm.yyyy HH:MM", "iso"],
    timeZone: "Europe/Zurich",
  },
  messageId: "receipt-{store}-{receipt_id}",
  groupBy: ["store", "receipt_id"],
  properties: { order_id: "receipt_id", store: "store" },
  constants: { currency: "CHF" },
  traits: {},
  consents: {},
  items: {
    into: "products",
    fields: {
      product_id: "sku",
      sku: "sku",
      name: "article",
      category: "category",
      quantity: { column: "quantity", type: "number", required: false },
      price: { column: "price", type: "number", required: true },
    },
    total: { into: "total", price: "price", quantity: "quantity" },
  },
} satisfies ImportMapping;

export const importPresets: Record<string, ImportMapping> = {
  "till-receipts": tillReceiptsPreset,
};
