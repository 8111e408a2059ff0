import { randomBytes } from "node:crypto";

/**
 * Time-ordered ids (48-bit ms timestamp + 80 random bits, hex): sortable by creation and
 * unique across processes without coordination.
 */
export function newId(prefix: string, now = Date.now()): string {
  const time = now.toString(16).padStart(12, "0");
  return `${prefix}_${time}${randomBytes(10).toString("hex")}`;
}
