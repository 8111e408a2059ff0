import { z } from "zod";
import { ConsentPurpose, ConsentStatus } from "../../core/consent/consent.js";
import { IdentifierType, normalizeIdentifier } from "../../core/profiles/identifier.js";
import { AppFailure, ErrorCode } from "../../core/shared/result.js";
import type { CountryCode } from "libphonenumber-js";
import type { Store } from "../../storage/store.js";
import type { RouteRegistry } from "../route-registry.js";

const IdParam = z.object({ id: z.string().min(1).max(200) });
const notFound = (id: string) =>
  new AppFailure({ code: ErrorCode.notFound, message: `no customer "${id}"` });

/** The customer: search, the 360° view, the timeline, consent, export, erasure, merge undo. */
export function registerCustomerRoutes(
  registry: RouteRegistry,
  store: Store,
  phoneRegion: CountryCode,
) {
  registry.add({
    method: "GET",
    url: "/api/customers",
    summary: "Search customers by name, email, phone, loyalty card or user id",
    tag: "customers",
    permission: "customers:read",
    query: z.object({
      q: z.string().max(200).default(""),
      limit: z.coerce.number().int().min(1).max(200).default(25),
    }),
    handler: ({ query }) => {
      // People type cards and phones as printed: "2501 0815 4711", "079 555 01 23".
      const terms = [query.q.replace(/[\s-]/g, "")];
      const phone = normalizeIdentifier("phone", query.q, phoneRegion);
      if (phone) terms.push(phone.value);
      const card = normalizeIdentifier("loyalty_card", query.q, phoneRegion);
      if (card) terms.push(card.value.toLowerCase());
      return store.profiles.search(query.q, query.limit, terms);
    },
  });
  registry.add({
    method: "GET",
    url: "/api/customers/lookup",
    summary: "Find the customer an identifier belongs to",
    tag: "customers",
    permission: "customers:read",
    query: z.object({ type: IdentifierType, value: z.string().min(1).max(512) }),
    handler: async ({ query }) => {
      const id = normalizeIdentifier(query.type, query.value, phoneRegion);
      if (!id) {
        throw new AppFailure({
          code: ErrorCode.invalidInput,
          message: `query.value: not a valid ${query.type}`,
          path: "query.value",
        });
      }
      const profileId = await store.profiles.findByIdentifier(id);
      if (!profileId)
        throw new AppFailure({
          code: ErrorCode.notFound,
          message: `no customer with this ${query.type}`,
        });
      return { profileId };
    },
  });
  registry.add({
    method: "GET",
    url: "/api/customers/:id",
    summary: "The 360° view: identities, traits per brand, consents, merges",
    tag: "customers",
    permission: "customers:read",
    params: IdParam,
    handler: async ({ params }) =>
      (await store.profiles.get(params.id)) ?? Promise.reject(notFound(params.id)),
  });
  registry.add({
    method: "GET",
    url: "/api/customers/:id/events",
    summary:
      "Every touchpoint across brands and channels, newest first; page with before + beforeId of the last one",
    tag: "customers",
    permission: "customers:read",
    params: IdParam,
    query: z.object({
      before: z.coerce.number().int().optional(),
      beforeId: z.coerce.number().int().optional(),
      limit: z.coerce.number().int().min(1).max(1000).default(100),
    }),
    handler: async ({ params, query }) =>
      (await store.profiles.events(params.id, query)) ?? Promise.reject(notFound(params.id)),
  });
  registry.add({
    method: "PUT",
    url: "/api/customers/:id/consents",
    summary: "Record a consent change for one brand and purpose",
    tag: "consent",
    permission: "customers:write",
    params: IdParam,
    body: z.strictObject({
      brandId: z.string().min(1).max(64),
      purpose: ConsentPurpose,
      status: ConsentStatus,
      expiresAt: z.iso.datetime({ offset: true }).nullable().default(null),
    }),
    handler: async ({ params, body, user }) => {
      const brands = await store.sources.listBrands();
      if (!brands.some((b) => b.id === body.brandId)) {
        throw new AppFailure({
          code: ErrorCode.invalidInput,
          message: `body.brandId: no brand "${body.brandId}"`,
          path: "body.brandId",
        });
      }
      return store.profiles.setConsent(params.id, {
        brandId: body.brandId,
        purpose: body.purpose,
        status: body.status,
        source: `user:${user?.email ?? "api"}`,
        at: Date.now(),
        expiresAt: body.expiresAt === null ? null : Date.parse(body.expiresAt),
      });
    },
  });
  registry.add({
    method: "GET",
    url: "/api/customers/:id/export",
    summary: "Everything stored about the person, as JSON (right of access / portability)",
    tag: "privacy",
    permission: "customers:write",
    params: IdParam,
    handler: async ({ params, reply }) => {
      const data = await store.privacy.exportProfile(params.id);
      reply.header("content-disposition", `attachment; filename="cxloop-${params.id}.json"`);
      return data;
    },
  });
  registry.add({
    method: "DELETE",
    url: "/api/customers/:id",
    summary: "Erase the person: profile, merged profiles, identifiers, events, consents",
    tag: "privacy",
    permission: "customers:write",
    params: IdParam,
    handler: ({ params }) => store.privacy.erase(params.id),
  });
  registry.add({
    method: "POST",
    url: "/api/merges/:id/undo",
    summary: "Undo a merge: the merged profile gets its identifiers back",
    tag: "customers",
    permission: "customers:write",
    params: IdParam,
    handler: ({ params }) => store.profiles.undoMerge(params.id),
  });
  registry.add({
    method: "GET",
    url: "/api/stats",
    summary: "Counts of customers and events",
    tag: "customers",
    permission: "customers:read",
    handler: () => store.profiles.count(),
  });
  registry.add({
    method: "GET",
    url: "/api/events/recent",
    summary:
      "The newest events, newest first; with afterId the next ones after it, oldest of them first in time but returned newest first, never skipping any",
    tag: "events",
    permission: "events:read",
    query: z.object({
      afterId: z.coerce.number().int().min(0).optional(),
      limit: z.coerce.number().int().min(1).max(500).default(50),
    }),
    handler: ({ query }) => store.events.recent(query),
  });
}
