import { download, request } from "./api-client.js";
import type {
  Brand,
  BrandMessagingInput,
  BrandMessagingView,
  Channel,
  Consent,
  ConsentPurpose,
  ConsentStatus,
  ErasureReport,
  InFlightPolicy,
  JourneyDefinition,
  JourneyStats,
  JourneyStatus,
  JourneySummary,
  MergeRecord,
  Profile360,
  SimulationLogEntry,
  SimulationRequest,
  ProfileSummary,
  SessionUser,
  Source,
  Stats,
  StoredEvent,
  WriteKeyInfo,
  ExampleEvent,
  Message,
  UnknownResolution,
  MessageLayout,
  MessageQuery,
  MessageSummary,
  MessageTemplate,
  MessagingRules,
  TemplatePreview,
  TemplatePreviewRequest,
  SegmentDefinition,
  SegmentDetail,
  SegmentMemberRow,
  SegmentPreview,
  SegmentRule,
  StoredSegment,
} from "./contract.js";

const enc = encodeURIComponent;

/** One typed function per management API call the web app makes. */
export const api = {
  login: (email: string, password: string) =>
    request<{ user: SessionUser; token: string }>("/api/auth/login", {
      method: "POST",
      body: { email, password },
    }),
  logout: () => request<{ ok: boolean }>("/api/auth/logout", { method: "POST" }),
  me: (signal?: AbortSignal) => request<SessionUser>("/api/auth/me", { signal }),

  stats: (signal?: AbortSignal) => request<Stats>("/api/stats", { signal }),
  searchCustomers: (q: string, limit: number, signal?: AbortSignal) =>
    request<ProfileSummary[]>("/api/customers", { query: { q, limit }, signal }),
  customer: (id: string, signal?: AbortSignal) =>
    request<Profile360>(`/api/customers/${enc(id)}`, { signal }),
  customerEvents: (
    id: string,
    options: { before?: number; beforeId?: number; limit: number },
    signal?: AbortSignal,
  ) => request<StoredEvent[]>(`/api/customers/${enc(id)}/events`, { query: options, signal }),
  setConsent: (
    id: string,
    change: {
      brandId: string;
      purpose: ConsentPurpose;
      status: ConsentStatus;
      expiresAt: string | null;
    },
  ) => request<Consent[]>(`/api/customers/${enc(id)}/consents`, { method: "PUT", body: change }),
  exportCustomer: (id: string) => download(`/api/customers/${enc(id)}/export`, `cxloop-${id}.json`),
  eraseCustomer: (id: string) =>
    request<ErasureReport>(`/api/customers/${enc(id)}`, { method: "DELETE" }),
  undoMerge: (mergeId: string) =>
    request<MergeRecord>(`/api/merges/${enc(mergeId)}/undo`, { method: "POST" }),

  recentEvents: (afterId: number | undefined, limit: number, signal?: AbortSignal) =>
    request<StoredEvent[]>("/api/events/recent", { query: { afterId, limit }, signal }),

  brands: (signal?: AbortSignal) => request<Brand[]>("/api/brands", { signal }),
  createBrand: (brand: { id: string; name: string }) =>
    request<Brand>("/api/brands", { method: "POST", body: brand }),
  sources: (signal?: AbortSignal) => request<Source[]>("/api/sources", { signal }),
  createSource: (source: {
    id: string;
    name: string;
    brandId: string;
    channel: Channel;
    trusted: boolean;
  }) => request<Source>("/api/sources", { method: "POST", body: source }),
  writeKeys: (sourceId: string, signal?: AbortSignal) =>
    request<WriteKeyInfo[]>(`/api/sources/${enc(sourceId)}/keys`, { signal }),
  createWriteKey: (sourceId: string) =>
    request<{ key: string; info: WriteKeyInfo }>(`/api/sources/${enc(sourceId)}/keys`, {
      method: "POST",
    }),
  revokeWriteKey: (keyId: string) =>
    request<WriteKeyInfo>(`/api/keys/${enc(keyId)}/revoke`, { method: "POST" }),

  journeys: (signal?: AbortSignal) => request<JourneySummary[]>("/api/journeys", { signal }),

  segments: (signal?: AbortSignal) => request<StoredSegment[]>("/api/segments", { signal }),
  segment: (id: string, signal?: AbortSignal) =>
    request<SegmentDetail>(`/api/segments/${enc(id)}`, { signal }),
  saveSegment: (definition: SegmentDefinition) =>
    request<StoredSegment & { created: boolean; ruleChanged: boolean }>(
      `/api/segments/${enc(definition.id)}`,
      { method: "PUT", body: definition, query: { build: "auto" } },
    ),
  deleteSegment: (id: string) =>
    request<{ deleted: string }>(`/api/segments/${enc(id)}`, { method: "DELETE" }),
  previewSegment: (rule: SegmentRule, signal?: AbortSignal) =>
    request<SegmentPreview>("/api/segments/preview", {
      method: "POST",
      body: { rule },
      signal,
    }),
  segmentMembers: (id: string, options: { limit: number; offset: number }, signal?: AbortSignal) =>
    request<{ total: number; members: SegmentMemberRow[] }>(`/api/segments/${enc(id)}/members`, {
      query: options,
      signal,
    }),
  customerSegments: (id: string, signal?: AbortSignal) =>
    request<{ id: string; name: string; since: number }[]>(`/api/customers/${enc(id)}/segments`, {
      signal,
    }),
  journeyVersion: (id: string, version: number, signal?: AbortSignal) =>
    request<JourneyDefinition>(`/api/journeys/${enc(id)}/versions/${version}`, { signal }),
  journeyStats: (id: string, signal?: AbortSignal) =>
    request<JourneyStats>(`/api/journeys/${enc(id)}/stats`, { signal }),
  /** Saves the definition as the journey's next version; 400 names the path of the first fault. */
  saveJourney: (definition: unknown) =>
    request<{ id: string; version: number }>("/api/journeys", {
      method: "POST",
      body: definition,
    }),
  setJourneyStatus: (
    id: string,
    change: { status: JourneyStatus; version?: number; inFlight?: InFlightPolicy },
  ) => request<JourneySummary>(`/api/journeys/${enc(id)}/status`, { method: "POST", body: change }),
  simulateJourney: (simulation: SimulationRequest) =>
    request<SimulationLogEntry[]>("/api/journeys/simulate", { method: "POST", body: simulation }),

  /** Test mode: one customer through the published version now, waits of seconds, real sends. */
  testJourney: (id: string, test: { customerId: string; event?: ExampleEvent }) =>
    request<{ id: string; journeyId: string; version: number }>(`/api/journeys/${enc(id)}/test`, {
      method: "POST",
      body: test,
    }),

  messages: (query: MessageQuery, signal?: AbortSignal) =>
    request<MessageSummary[]>("/api/messages", { query: { ...query }, signal }),
  message: (key: string, signal?: AbortSignal) =>
    request<Message>(`/api/messages/${enc(key)}`, { signal }),
  /** A person's decision on a message held as unknown after a crash; 409 once it is decided. */
  resolveAllUnknown: (body: {
    action: UnknownResolution;
    journeyId?: string;
    brandId?: string;
    channel?: string;
  }) =>
    request<{ resolved: number; action: UnknownResolution }>("/api/messages/resolve-unknown", {
      method: "POST",
      body,
    }),
  resolveMessage: (key: string, action: UnknownResolution) =>
    request<Message>(`/api/messages/${enc(key)}/resolve`, { method: "POST", body: { action } }),
  customerMessages: (id: string, limit: number, signal?: AbortSignal) =>
    request<MessageSummary[]>(`/api/customers/${enc(id)}/messages`, { query: { limit }, signal }),
  templates: (signal?: AbortSignal) => request<MessageTemplate[]>("/api/templates", { signal }),
  template: (id: string, signal?: AbortSignal) =>
    request<MessageTemplate>(`/api/templates/${enc(id)}`, { signal }),
  saveTemplate: (template: MessageTemplate) =>
    request<MessageTemplate>(`/api/templates/${enc(template.id)}`, {
      method: "PUT",
      body: template,
    }),
  /** Renders without sending; 400 names the part at fault, e.g. body.template.body. */
  previewTemplate: (preview: TemplatePreviewRequest, signal?: AbortSignal) =>
    request<TemplatePreview>("/api/templates/preview", { method: "POST", body: preview, signal }),
  layouts: (signal?: AbortSignal) => request<MessageLayout[]>("/api/layouts", { signal }),
  /** Creates or replaces a layout; 400 names the field, e.g. body.mjml or body.partials.x. */
  saveLayout: (layout: MessageLayout) =>
    request<MessageLayout>(`/api/layouts/${enc(layout.id)}`, { method: "PUT", body: layout }),
  brandMessaging: (brandId: string, signal?: AbortSignal) =>
    request<BrandMessagingView>(`/api/brands/${enc(brandId)}/messaging`, { signal }),
  /** A gateway secret of null keeps the stored one; 400 names the field, e.g. body.senders.0.address. */
  saveBrandMessaging: (brandId: string, settings: BrandMessagingInput) =>
    request<BrandMessagingView>(`/api/brands/${enc(brandId)}/messaging`, {
      method: "PUT",
      body: settings,
    }),
  messagingRules: (signal?: AbortSignal) =>
    request<MessagingRules>("/api/messaging/rules", { signal }),
  saveMessagingRules: (rules: MessagingRules) =>
    request<MessagingRules>("/api/messaging/rules", { method: "PUT", body: rules }),
};
