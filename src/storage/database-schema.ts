import type { ColumnType, Generated } from "kysely";

/**
 * Table shapes as Kysely sees them. JSON columns are TEXT on SQLite and JSONB on PostgreSQL:
 * written as JSON strings, read through `readJson`.
 */
type Json = ColumnType<unknown, string, string>;

export interface BrandsTable {
  id: string;
  name: string;
  created_at: number;
  /** The brand's message settings (senders, look, webhooks) as JSON; null until set. */
  messaging: ColumnType<unknown, string | null | undefined, string | null>;
}
export interface SourcesTable {
  id: string;
  name: string;
  brand_id: string;
  channel: string;
  trusted: number;
  created_at: number;
}
export interface WriteKeysTable {
  id: string;
  source_id: string;
  key_hash: string;
  prefix: string;
  created_at: number;
  revoked_at: number | null;
}
export interface ProfilesTable {
  id: string;
  created_at: number;
  updated_at: number;
  merged_into: string | null;
  display_name: string | null;
  search: string;
}
export interface IdentifiersTable {
  type: string;
  value: string;
  profile_id: string;
  created_at: number;
}
export interface TraitsTable {
  profile_id: string;
  brand_id: string;
  traits: Json;
  updated_at: number;
}
export interface EventsTable {
  id: Generated<number>;
  message_id: string;
  source_id: string;
  brand_id: string;
  channel: string;
  type: string;
  name: string;
  profile_id: string;
  user_id: string | null;
  anonymous_id: string | null;
  timestamp: number;
  received_at: number;
  properties: Json;
  traits: Json;
  context: Json;
}
export interface ConsentsTable {
  profile_id: string;
  brand_id: string;
  purpose: string;
  status: string;
  source: string;
  at: number;
  expires_at: number | null;
}
export interface ConsentHistoryTable extends ConsentsTable {
  id: Generated<number>;
  recorded_at: number;
}
export interface MergesTable {
  id: string;
  winner_id: string;
  loser_id: string;
  via: Json;
  moved: Json;
  repointed: Json;
  created_at: number;
  undone_at: number | null;
}
export interface ErasedIdentifiersTable {
  hash: string;
  erased_at: number;
}
export interface UsersTable {
  id: string;
  email: string;
  name: string;
  role: string;
  password_hash: string;
  created_at: number;
  disabled_at: number | null;
}
export interface SessionsTable {
  token_hash: string;
  user_id: string;
  created_at: number;
  expires_at: number;
}
export interface SettingsTable {
  key: string;
  value: string;
}

export interface JourneysTable {
  id: string;
  name: string;
  status: string;
  published_version: number | null;
  published_at: number | null;
  created_at: number;
  updated_at: number;
}
export interface JourneyVersionsTable {
  journey_id: string;
  version: number;
  definition: Json;
  created_at: number;
  created_by: string;
}
export interface JourneyRunsTable {
  id: string;
  journey_id: string;
  version: number;
  profile_id: string;
  instance_key: string | null;
  status: string;
  step_id: string;
  waiting: ColumnType<unknown, string | null, string | null>;
  due_at: number | null;
  claimed_until: number | null;
  trigger: ColumnType<unknown, string | null, string | null>;
  variants: Json;
  entered_at: number;
  updated_at: number;
  ended_at: number | null;
  exit_reason: string | null;
  mode: string;
}
export interface SendLedgerTable {
  ledger_key: string;
  run_id: string;
  journey_id: string;
  version: number;
  step_id: string;
  profile_id: string;
  channel: string;
  brand_id: string;
  template_id: string;
  status: string;
  attempts: number;
  last_error: string | null;
  created_at: number;
  updated_at: number;
  sent_at: number | null;
  purpose: string;
  transactional: number;
  priority: number;
  test: number;
  sender_id: string | null;
  next_attempt_at: number | null;
  claimed_until: number | null;
  reason: string | null;
  transport: string | null;
  recipient: string | null;
  subject: string | null;
  body_html: string | null;
  body_text: string | null;
  payload: ColumnType<unknown, string | null | undefined, string | null>;
  items: ColumnType<unknown, string | null | undefined, string | null>;
  provider_id: string | null;
  opened_at: number | null;
  clicked_at: number | null;
}

export interface MessageTemplatesTable {
  id: string;
  brand_id: string;
  channel: string;
  name: string;
  layout_id: string | null;
  content: Json;
  updated_at: number;
  updated_by: string;
}

export interface MessageLayoutsTable {
  id: string;
  brand_id: string;
  name: string;
  mjml: string;
  partials: Json;
  updated_at: number;
  updated_by: string;
}

export interface JourneyStepCountsTable {
  journey_id: string;
  version: number;
  step_id: string;
  what: string;
  count: number;
}

export interface WorkerLeasesTable {
  name: string;
  owner: string;
  until: number;
}

export interface CatalogItemsTable {
  id: string;
  kind: string;
  brand_id: string;
  category: string | null;
  item: Json;
  created_at: number;
  updated_at: number;
}
export interface CatalogPairsTable {
  context_id: string;
  item_id: string;
  customers: number;
}

export interface SegmentsTable {
  id: string;
  name: string;
  definition: Json;
  created_at: number;
  updated_at: number;
  updated_by: string;
  built_at: number | null;
  /** Customers the build in progress has checked (for its progress bar). */
  build_done: Generated<number>;
}
export interface SegmentMembersTable {
  segment_id: string;
  profile_id: string;
  entered_at: number;
}
export interface SegmentChangesTable {
  id: Generated<number>;
  segment_id: string;
  profile_id: string;
  change: string;
  at: number;
  initial: number;
}

export interface SegmentTouchesTable {
  profile_id: string;
  at: number;
}

export interface Database {
  brands: BrandsTable;
  sources: SourcesTable;
  write_keys: WriteKeysTable;
  profiles: ProfilesTable;
  identifiers: IdentifiersTable;
  traits: TraitsTable;
  events: EventsTable;
  consents: ConsentsTable;
  consent_history: ConsentHistoryTable;
  merges: MergesTable;
  erased_identifiers: ErasedIdentifiersTable;
  users: UsersTable;
  sessions: SessionsTable;
  settings: SettingsTable;
  journeys: JourneysTable;
  journey_versions: JourneyVersionsTable;
  journey_runs: JourneyRunsTable;
  send_ledger: SendLedgerTable;
  worker_leases: WorkerLeasesTable;
  catalog_items: CatalogItemsTable;
  catalog_pairs: CatalogPairsTable;
  message_templates: MessageTemplatesTable;
  message_layouts: MessageLayoutsTable;
  journey_step_counts: JourneyStepCountsTable;
  segments: SegmentsTable;
  segment_members: SegmentMembersTable;
  segment_changes: SegmentChangesTable;
  segment_touches: SegmentTouchesTable;
}

export function readJson<T = Record<string, unknown>>(value: unknown): T {
  return (typeof value === "string" ? JSON.parse(value) : value) as T;
}
