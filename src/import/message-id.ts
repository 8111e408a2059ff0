import { createHash } from "node:crypto";

/**
 * A messageId derived from what a line says, for lines that bring none: the same line of the
 * same source always gets the same id, so importing a file again stores nothing twice (the
 * store drops a repeated source + messageId).
 */
export function derivedMessageId(sourceId: string, content: string): string {
  return `imp-${createHash("sha256").update(sourceId).update("\u0000").update(content).digest("hex").slice(0, 32)}`;
}

/**
 * A 21-bit fingerprint of content, to tell a repeated row from a different row with the same
 * id. Small on purpose: it is kept for every event of an import, packed with a line number
 * into one number (see {@link packLine}); a false "same" has odds of 1 in 2 million.
 */
export function contentDigest(content: string): number {
  return createHash("sha1").update(content).digest().readUInt32BE(0) & 0x1fffff;
}

const DIGEST = 0x200000;

/** A line number and a digest in one number (lines up to 2^31). */
export const packLine = (line: number, digest: number): number => line * DIGEST + digest;
export const unpackLine = (packed: number): { line: number; digest: number } => ({
  line: Math.floor(packed / DIGEST),
  digest: packed % DIGEST,
});

/**
 * A 48-bit number standing for a string, as a compact map key for strings an import must
 * remember (one per event or group); two different strings share one with odds of 1 in 10^14.
 */
export function keyHash(text: string): number {
  return createHash("sha1").update(text).digest().readUIntBE(0, 6);
}
