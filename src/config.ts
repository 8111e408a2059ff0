import type { CountryCode } from "libphonenumber-js";
import { z } from "zod";
import { IdentifierType } from "./core/profiles/identifier.js";
import { defaultIdentityLimits, type IdentityLimits } from "./core/profiles/identity-limits.js";

/** `loyalty_card=2,email=3`: per-type limits of identifiers per profile, over the defaults. */
const IdentityLimitsText = z.string().transform((text, ctx): IdentityLimits => {
  const limits = { ...defaultIdentityLimits };
  for (const part of text
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [type, value] = part.split("=").map((p) => p.trim());
    const parsedType = IdentifierType.safeParse(type);
    const n = value === "unlimited" ? Number.POSITIVE_INFINITY : Number(value);
    if (!parsedType.success || !(n >= 1) || (Number.isFinite(n) && !Number.isInteger(n))) {
      ctx.addIssue({
        code: "custom",
        message: `"${part}" is not <identifier type>=<whole number ≥ 1 | unlimited>`,
      });
      return limits;
    }
    limits[parsedType.data] = n;
  }
  return limits;
});

export const Config = z.object({
  databaseUrl: z.string().min(1),
  port: z.coerce.number().int().min(0).max(65535),
  host: z.string().min(1),
  logLevel: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]),
  /** Region for phone numbers written without a country code. */
  phoneRegion: z
    .string()
    .length(2)
    .transform((s) => s.toUpperCase() as CountryCode),
  sessionTtlHours: z.coerce.number().positive(),
  /** Ingest requests waiting for the database beyond this are answered 429 with Retry-After. */
  maxPendingIngests: z.coerce.number().int().positive(),
  identityLimits: IdentityLimitsText,
  /** SMTP server for email (smtp://user:pass@host:587); without it emails go to the outbox. */
  smtpUrl: z
    .string()
    .regex(/^smtps?:\/\//, "smtp://… or smtps://…")
    .optional(),
  /**
   * Messages the delivery stage hands over together: one commit per window and parallel SMTP
   * connections, but a crash leaves up to this many in doubt ("unknown"). 1 = strictest.
   */
  deliveryWindow: z.coerce.number().int().min(1).max(64),
  /** Where customers reach this server: unsubscribe, open and click links point here. */
  publicUrl: z
    .string()
    .regex(/^https?:\/\/[^/]+(\/.*)?$/, "an http(s) address")
    .transform((u) => u.replace(/\/+$/, ""))
    .optional(),
});
export type Config = z.infer<typeof Config>;

export const defaultDatabaseUrl = "./data/cxloop.db";

/** The one place that reads the environment; flags given on the command line win. */
export function loadConfig(
  env: NodeJS.ProcessEnv,
  overrides: Partial<Record<keyof Config, unknown>> = {},
): Config {
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
  const parsed = Config.safeParse({
    databaseUrl: env.DATABASE_URL ?? defaultDatabaseUrl,
    port: env.PORT ?? 3000,
    host: env.HOST ?? "127.0.0.1",
    logLevel: env.LOG_LEVEL ?? "info",
    phoneRegion: env.PHONE_REGION ?? "CH",
    sessionTtlHours: env.SESSION_TTL_HOURS ?? 12,
    maxPendingIngests: env.MAX_PENDING_INGESTS ?? 64,
    identityLimits: env.IDENTITY_LIMITS ?? "",
    smtpUrl: env.SMTP_URL || undefined,
    publicUrl: env.PUBLIC_URL || undefined,
    deliveryWindow: env.DELIVERY_WINDOW ?? 1,
    ...defined,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`configuration: ${issue?.path.join(".")}: ${issue?.message}`);
  }
  return parsed.data;
}
