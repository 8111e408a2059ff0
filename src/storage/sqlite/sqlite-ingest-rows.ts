import type Sqlite from "better-sqlite3";
import type { Insertable } from "kysely";
import type { Identifier } from "../../core/profiles/identifier.js";
import { emptyIdentityView, type IdentityView } from "../../core/profiles/identity-resolution.js";
import type { EventsTable, IdentifiersTable } from "../database-schema.js";
import { addRow, type IngestRows, type ProfileText } from "../sql/ingest-rows.js";

/**
 * The ingest hot path on SQLite: point lookups and single-row inserts through cached
 * prepared statements on the connection Kysely holds for the transaction. An in-process
 * B-tree lookup costs microseconds, so row-at-a-time beats building large IN lists.
 */
export class SqliteIngestRows implements IngestRows {
  private readonly statements;

  constructor(sqlite: Sqlite.Database) {
    this.statements = {
      messageExists: sqlite
        .prepare("select 1 from events where source_id = ? and message_id = ?")
        .pluck(),
      anyErased: sqlite.prepare("select 1 from erased_identifiers limit 1").pluck(),
      erased: sqlite.prepare("select 1 from erased_identifiers where hash = ?").pluck(),
      profileOf: sqlite
        .prepare("select profile_id from identifiers where type = ? and value = ?")
        .pluck(),
      identifiersOf: sqlite.prepare(
        "select type, value, profile_id from identifiers where profile_id = ? and type != 'anonymous_id'",
      ),
      insertProfile: sqlite.prepare(
        "insert into profiles (id, created_at, updated_at, merged_into, display_name, search) values (?, ?, ?, null, null, '')",
      ),
      upsertIdentifier: sqlite.prepare(
        "insert into identifiers (type, value, profile_id, created_at) values (?, ?, ?, ?) on conflict (type, value) do update set profile_id = excluded.profile_id",
      ),
      // A profile without a name takes the newest name of a profile merged into it.
      displayName: sqlite
        .prepare(
          `select coalesce((select display_name from profiles where id = @id),
             (select display_name from profiles where merged_into = @id and display_name is not null
              order by updated_at desc limit 1))`,
        )
        .pluck(),
      updateProfileText: sqlite.prepare(
        "update profiles set updated_at = ?, display_name = ?, search = ? where id = ?",
      ),
      insertEvent: sqlite.prepare(
        `insert into events (message_id, source_id, brand_id, channel, type, name, profile_id, user_id, anonymous_id,
           timestamp, received_at, properties, traits, context) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         on conflict (source_id, message_id) do nothing`,
      ),
    };
  }

  existingMessageIds(_trx: unknown, sourceId: string, messageIds: string[]): Set<string> {
    const existing = new Set<string>();
    for (const id of messageIds)
      if (this.statements.messageExists.get(sourceId, id)) existing.add(id);
    return existing;
  }

  anyErased(): boolean {
    return this.statements.anyErased.get() !== undefined;
  }

  erasedAmong(_trx: unknown, hashes: string[]): Set<string> {
    return new Set(hashes.filter((h) => this.statements.erased.get(h) !== undefined));
  }

  lockIdentities(): void {
    // BEGIN IMMEDIATE already holds the database's one write lock.
  }

  loadIdentityView(_trx: unknown, ids: Identifier[]): IdentityView {
    const view = emptyIdentityView();
    const profiles = new Set<string>();
    for (const id of ids) {
      const profileId = this.statements.profileOf.get(id.type, id.value) as string | undefined;
      if (!profileId) continue;
      profiles.add(profileId);
      addRow(view, { type: id.type, value: id.value, profile_id: profileId });
    }
    for (const profileId of profiles) {
      for (const row of this.statements.identifiersOf.all(profileId) as {
        type: string;
        value: string;
        profile_id: string;
      }[]) {
        addRow(view, row);
      }
    }
    return view;
  }

  insertProfiles(_trx: unknown, ids: string[], now: number): void {
    for (const id of ids) this.statements.insertProfile.run(id, now, now);
  }

  upsertIdentifiers(_trx: unknown, rows: IdentifiersTable[]): void {
    for (const r of rows)
      this.statements.upsertIdentifier.run(r.type, r.value, r.profile_id, r.created_at);
  }

  insertEvents(_trx: unknown, rows: Insertable<EventsTable>[]): number {
    let stored = 0;
    for (const r of rows) {
      stored += this.statements.insertEvent.run(
        r.message_id,
        r.source_id,
        r.brand_id,
        r.channel,
        r.type,
        r.name,
        r.profile_id,
        r.user_id ?? null,
        r.anonymous_id ?? null,
        r.timestamp,
        r.received_at,
        r.properties,
        r.traits,
        r.context,
      ).changes;
    }
    return stored;
  }

  displayNames(_trx: unknown, profileIds: string[]): Map<string, string | null> {
    return new Map(
      profileIds.map((id) => [
        id,
        (this.statements.displayName.get({ id }) as string | null) ?? null,
      ]),
    );
  }

  updateProfileTexts(_trx: unknown, rows: ProfileText[], now: number): void {
    for (const r of rows) this.statements.updateProfileText.run(now, r.displayName, r.search, r.id);
  }
}
