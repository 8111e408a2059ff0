import type { FastifyInstance } from "fastify";
import { hashPassword } from "../../src/core/access/password.js";
import type { Role } from "../../src/core/access/user.js";
import { buildApp, type AppDeps } from "../../src/http/build-app.js";
import type { Store } from "../../src/storage/store.js";
import { freshStore } from "./databases.js";
import { seedSources } from "./world.js";

export interface TestApp {
  app: FastifyInstance;
  store: Store;
  keys: Record<"till" | "shop" | "wine", string>;
  cleanup: () => Promise<void>;
}

/** The real app in-process on a fresh database, with a small group of sources and their keys. */
export async function testApp(
  engine: "sqlite" | "postgres",
  overrides: Partial<AppDeps> = {},
): Promise<TestApp> {
  const { store, cleanup } = await freshStore(engine);
  const sources = await seedSources(store);
  const keys = {
    till: (await store.sources.createWriteKey(sources.till.id)).key,
    shop: (await store.sources.createWriteKey(sources.shop.id)).key,
    wine: (await store.sources.createWriteKey(sources.wine.id)).key,
  };
  const app = await buildApp({
    store,
    phoneRegion: "CH",
    sessionTtlHours: 1,
    maxPendingIngests: 64,
    logLevel: "silent",
    version: "test",
    ...overrides,
  });
  return {
    app,
    store,
    keys,
    cleanup: async () => {
      await app.close();
      await cleanup();
    },
  };
}

export const basic = (key: string) => `Basic ${Buffer.from(`${key}:`).toString("base64")}`;

/** Creates a user and returns a bearer token for it. */
export async function loginAs(t: TestApp, role: Role): Promise<string> {
  const email = `${role}-${Math.random().toString(36).slice(2)}@example.test`;
  await t.store.users.create({
    email,
    name: role,
    role,
    passwordHash: await hashPassword("correct-horse"),
  });
  const res = await t.app.inject({
    method: "POST",
    url: "/api/auth/login",
    payload: { email, password: "correct-horse", issueToken: true },
  });
  return (res.json() as { token: string }).token;
}
