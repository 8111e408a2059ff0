import { randomUUID } from "node:crypto";

/**
 * Time-ordered ids (48-bit ms timestamp + 80 random bits, hex): sortable by creation and
 * unique across processes without coordination.
 */
export function newId(prefix: string, now = Date.now()): string {
  const time = now.toString(16).padStart(12, "0");
  // randomUUID draws from a cached entropy pool; randomBytes would cost a system call per id.
  return `${prefix}_${time}${randomUUID().replace(/-/g, "").slice(12, 32)}`;
}
