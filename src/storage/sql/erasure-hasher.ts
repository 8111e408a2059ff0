import type { Kysely } from "kysely";
import { createHmac, randomBytes } from "node:crypto";
import { identifierKey, type Identifier } from "../../core/profiles/identifier.js";
import type { Database } from "../database-schema.js";

/** Keyed hash of an identifier: erased people are recognised without keeping their data. */
export type ErasureHasher = (id: Identifier) => string;

export async function loadErasureHasher(db: Kysely<Database>): Promise<ErasureHasher> {
  await db
    .insertInto("settings")
    .values({ key: "erasure_secret", value: randomBytes(32).toString("hex") })
    .onConflict((oc) => oc.column("key").doNothing())
    .execute();
  const row = await db
    .selectFrom("settings")
    .select("value")
    .where("key", "=", "erasure_secret")
    .executeTakeFirstOrThrow();
  const secret = Buffer.from(row.value, "hex");
  return (id) => createHmac("sha256", secret).update(identifierKey(id)).digest("hex");
}
