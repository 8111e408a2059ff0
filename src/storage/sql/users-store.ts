import type { Kysely } from "kysely";
import { createHash, randomBytes } from "node:crypto";
import type { Role, User } from "../../core/access/user.js";
import { newId } from "../../core/shared/ids.js";
import { AppFailure, ErrorCode } from "../../core/shared/result.js";
import type { Database, UsersTable } from "../database-schema.js";

const toUser = (r: UsersTable): User => ({
  id: r.id,
  email: r.email,
  name: r.name,
  role: r.role as Role,
  createdAt: Number(r.created_at),
  disabledAt: r.disabled_at === null ? null : Number(r.disabled_at),
});
const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

/** Users of the web app and API, and their login sessions (stored hashed). */
export class UsersStore {
  constructor(private readonly db: Kysely<Database>) {}

  async create(
    input: { email: string; name: string; role: Role; passwordHash: string },
    now = Date.now(),
  ): Promise<User> {
    const row: UsersTable = {
      id: newId("usr", now),
      email: input.email.trim().toLowerCase(),
      name: input.name,
      role: input.role,
      password_hash: input.passwordHash,
      created_at: now,
      disabled_at: null,
    };
    const existing = await this.db
      .selectFrom("users")
      .select("id")
      .where("email", "=", row.email)
      .executeTakeFirst();
    if (existing) {
      throw new AppFailure({
        code: ErrorCode.conflict,
        message: `a user "${row.email}" exists`,
        path: "email",
      });
    }
    await this.db.insertInto("users").values(row).execute();
    return toUser(row);
  }

  async list(): Promise<User[]> {
    return (await this.db.selectFrom("users").selectAll().orderBy("email").execute()).map(toUser);
  }

  async findForLogin(email: string): Promise<{ user: User; passwordHash: string } | undefined> {
    const row = await this.db
      .selectFrom("users")
      .selectAll()
      .where("email", "=", email.trim().toLowerCase())
      .where("disabled_at", "is", null)
      .executeTakeFirst();
    return row && { user: toUser(row), passwordHash: row.password_hash };
  }

  async createSession(userId: string, ttlMs: number, now = Date.now()): Promise<string> {
    const token = randomBytes(32).toString("base64url");
    await this.db
      .insertInto("sessions")
      .values({
        token_hash: hashToken(token),
        user_id: userId,
        created_at: now,
        expires_at: now + ttlMs,
      })
      .execute();
    return token;
  }

  async userOfSession(token: string, now = Date.now()): Promise<User | undefined> {
    const row = await this.db
      .selectFrom("sessions")
      .innerJoin("users", "users.id", "sessions.user_id")
      .selectAll("users")
      .where("sessions.token_hash", "=", hashToken(token))
      .where("sessions.expires_at", ">", now)
      .where("users.disabled_at", "is", null)
      .executeTakeFirst();
    return row && toUser(row);
  }

  async deleteSession(token: string): Promise<void> {
    await this.db.deleteFrom("sessions").where("token_hash", "=", hashToken(token)).execute();
  }
}
