import { z } from "zod";
import { Channel } from "./channel.js";

export const Slug = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9-]*$/, "lowercase letters, digits and dashes");

export const Brand = z.object({
  id: Slug,
  name: z.string().min(1).max(200),
  createdAt: z.number().int(),
});
export type Brand = z.infer<typeof Brand>;

export const Source = z.object({
  id: Slug,
  name: z.string().min(1).max(200),
  brandId: Slug,
  channel: Channel,
  /** A trusted source (a till's end-of-day upload) keeps its own timestamps. */
  trusted: z.boolean(),
  createdAt: z.number().int(),
});
export type Source = z.infer<typeof Source>;

export const WriteKeyInfo = z.object({
  id: z.string(),
  sourceId: Slug,
  /** The first characters, so people can tell keys apart; the key itself is stored hashed. */
  prefix: z.string(),
  createdAt: z.number().int(),
  revokedAt: z.number().int().nullable(),
});
export type WriteKeyInfo = z.infer<typeof WriteKeyInfo>;
