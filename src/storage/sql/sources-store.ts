import type { Kysely } from "kysely";
import { createHash, randomBytes } from "node:crypto";
import { newId } from "../../core/shared/ids.js";
import { AppFailure, ErrorCode } from "../../core/shared/result.js";
import type { Channel } from "../../core/sources/channel.js";
import type { Brand, Source, WriteKeyInfo } from "../../core/sources/source.js";
import type { Database, SourcesTable, WriteKeysTable } from "../database-schema.js";

export const hashWriteKey = (key: string) => createHash("sha256").update(key).digest("hex");

const toSource = (r: SourcesTable): Source => ({
  id: r.id,
  name: r.name,
  brandId: r.brand_id,
  channel: r.channel as Channel,
  trusted: r.trusted === 1,
  createdAt: r.created_at,
});
const toKey = (r: WriteKeysTable): WriteKeyInfo => ({
  id: r.id,
  sourceId: r.source_id,
  prefix: r.prefix,
  createdAt: r.created_at,
  revokedAt: r.revoked_at,
});

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return (
    e.code === "23505" ||
    e.code === "SQLITE_CONSTRAINT_PRIMARYKEY" ||
    /UNIQUE/.test(e.message ?? "")
  );
}

/** Brands, their sources and the write keys sources send with. */
export class SourcesStore {
  constructor(private readonly db: Kysely<Database>) {}

  async createBrand(input: { id: string; name: string }, now = Date.now()): Promise<Brand> {
    try {
      await this.db
        .insertInto("brands")
        .values({ ...input, created_at: now })
        .execute();
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new AppFailure(
          { code: ErrorCode.conflict, message: `brand "${input.id}" already exists`, path: "id" },
          { cause: error },
        );
      }
      throw error;
    }
    return { ...input, createdAt: now };
  }

  async listBrands(): Promise<Brand[]> {
    const rows = await this.db.selectFrom("brands").selectAll().orderBy("name").execute();
    return rows.map((r) => ({ id: r.id, name: r.name, createdAt: r.created_at }));
  }

  async createSource(
    input: { id: string; name: string; brandId: string; channel: Channel; trusted: boolean },
    now = Date.now(),
  ): Promise<Source> {
    const brand = await this.db
      .selectFrom("brands")
      .select("id")
      .where("id", "=", input.brandId)
      .executeTakeFirst();
    if (!brand) {
      throw new AppFailure({
        code: ErrorCode.invalidInput,
        message: `brandId: no brand "${input.brandId}"`,
        path: "brandId",
      });
    }
    try {
      await this.db
        .insertInto("sources")
        .values({
          id: input.id,
          name: input.name,
          brand_id: input.brandId,
          channel: input.channel,
          trusted: input.trusted ? 1 : 0,
          created_at: now,
        })
        .execute();
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new AppFailure(
          { code: ErrorCode.conflict, message: `source "${input.id}" already exists`, path: "id" },
          { cause: error },
        );
      }
      throw error;
    }
    return { ...input, createdAt: now };
  }

  async listSources(): Promise<Source[]> {
    const rows = await this.db.selectFrom("sources").selectAll().orderBy("name").execute();
    return rows.map(toSource);
  }

  async getSource(id: string): Promise<Source | undefined> {
    const row = await this.db
      .selectFrom("sources")
      .selectAll()
      .where("id", "=", id)
      .executeTakeFirst();
    return row && toSource(row);
  }

  /** Returns the key once; only its hash is stored. */
  async createWriteKey(
    sourceId: string,
    now = Date.now(),
  ): Promise<{ key: string; info: WriteKeyInfo }> {
    if (!(await this.getSource(sourceId))) {
      throw new AppFailure({
        code: ErrorCode.notFound,
        message: `no source "${sourceId}"`,
        path: "sourceId",
      });
    }
    const key = `cxk_${randomBytes(24).toString("base64url")}`;
    const row: WriteKeysTable = {
      id: newId("wk", now),
      source_id: sourceId,
      key_hash: hashWriteKey(key),
      prefix: key.slice(0, 10),
      created_at: now,
      revoked_at: null,
    };
    await this.db.insertInto("write_keys").values(row).execute();
    return { key, info: toKey(row) };
  }

  async listWriteKeys(sourceId?: string): Promise<WriteKeyInfo[]> {
    let q = this.db.selectFrom("write_keys").selectAll().orderBy("created_at", "desc");
    if (sourceId) q = q.where("source_id", "=", sourceId);
    return (await q.execute()).map(toKey);
  }

  async revokeWriteKey(id: string, now = Date.now()): Promise<WriteKeyInfo> {
    await this.db
      .updateTable("write_keys")
      .set({ revoked_at: now })
      .where("id", "=", id)
      .where("revoked_at", "is", null)
      .execute();
    const row = await this.db
      .selectFrom("write_keys")
      .selectAll()
      .where("id", "=", id)
      .executeTakeFirst();
    if (!row) throw new AppFailure({ code: ErrorCode.notFound, message: `no write key "${id}"` });
    return toKey(row);
  }

  async findSourceByWriteKey(key: string): Promise<Source | undefined> {
    const row = await this.db
      .selectFrom("write_keys")
      .innerJoin("sources", "sources.id", "write_keys.source_id")
      .selectAll("sources")
      .where("write_keys.key_hash", "=", hashWriteKey(key))
      .where("write_keys.revoked_at", "is", null)
      .executeTakeFirst();
    return row && toSource(row);
  }
}
