import { createHash } from "node:crypto";

/**
 * A messageId derived from what a line says, for lines that bring none: the same line of the
 * same source always gets the same id, so importing a file again stores nothing twice (the
 * store drops a repeated source + messageId).
 */
export function derivedMessageId(sourceId: string, content: string): string {
  return `imp-${createHash("sha256").update(sourceId).update("\u0000").update(content).digest("hex").slice(0, 32)}`;
}

/** A short fingerprint of content, to tell a repeated row from a different row with the same id. */
export function contentDigest(content: string): string {
  return createHash("sha1").update(content).digest("base64");
}
