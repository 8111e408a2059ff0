import type { CountryCode } from "libphonenumber-js";
import { z } from "zod";

export const Config = z.object({
  databaseUrl: z.string().min(1),
  port: z.coerce.number().int().min(0).max(65535),
  host: z.string().min(1),
  logLevel: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]),
  /** Region for phone numbers written without a country code. */
  phoneRegion: z.string().length(2).transform((s) => s.toUpperCase() as CountryCode),
  sessionTtlHours: z.coerce.number().positive(),
  /** Ingest requests waiting for the database beyond this are answered 429 with Retry-After. */
  maxPendingIngests: z.coerce.number().int().positive(),
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
    ...defined,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`configuration: ${issue?.path.join(".")}: ${issue?.message}`);
  }
  return parsed.data;
}
