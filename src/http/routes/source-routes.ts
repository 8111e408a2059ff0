import { z } from "zod";
import { AppFailure, ErrorCode } from "../../core/shared/result.js";
import { Channel } from "../../core/sources/channel.js";
import { Brand, Slug, Source, WriteKeyInfo } from "../../core/sources/source.js";
import type { Store } from "../../storage/store.js";
import type { RouteRegistry } from "../route-registry.js";

const IdParam = z.object({ id: z.string().min(1).max(200) });

/** Brands, sources and their write keys: what the "Sources" page manages. */
export function registerSourceRoutes(registry: RouteRegistry, store: Store) {
  registry.add({
    method: "GET",
    url: "/api/brands",
    summary: "List brands",
    tag: "sources",
    permission: "customers:read",
    response: z.array(Brand),
    handler: () => store.sources.listBrands(),
  });
  registry.add({
    method: "POST",
    url: "/api/brands",
    summary: "Create a brand",
    tag: "sources",
    permission: "settings:write",
    body: z.strictObject({ id: Slug, name: z.string().trim().min(1).max(200) }),
    response: Brand,
    status: 201,
    handler: ({ body }) => store.sources.createBrand(body),
  });
  registry.add({
    method: "GET",
    url: "/api/sources",
    summary: "List sources",
    tag: "sources",
    permission: "customers:read",
    response: z.array(Source),
    handler: () => store.sources.listSources(),
  });
  registry.add({
    method: "POST",
    url: "/api/sources",
    summary: "Create a source of one brand and one channel",
    tag: "sources",
    permission: "settings:write",
    body: z.strictObject({
      id: Slug,
      name: z.string().trim().min(1).max(200),
      brandId: Slug,
      channel: Channel,
      trusted: z.boolean().default(false),
    }),
    response: Source,
    status: 201,
    handler: ({ body }) => store.sources.createSource(body),
  });
  registry.add({
    method: "GET",
    url: "/api/sources/:id/keys",
    summary: "List a source's write keys (prefixes only)",
    tag: "sources",
    permission: "settings:write",
    params: IdParam,
    response: z.array(WriteKeyInfo),
    handler: async ({ params }) => {
      if (!(await store.sources.getSource(params.id))) {
        throw new AppFailure({ code: ErrorCode.notFound, message: `no source "${params.id}"` });
      }
      return store.sources.listWriteKeys(params.id);
    },
  });
  registry.add({
    method: "POST",
    url: "/api/sources/:id/keys",
    summary: "Create a write key; the key is shown only in this answer",
    tag: "sources",
    permission: "settings:write",
    params: IdParam,
    response: z.object({ key: z.string(), info: WriteKeyInfo }),
    status: 201,
    handler: ({ params }) => store.sources.createWriteKey(params.id),
  });
  registry.add({
    method: "POST",
    url: "/api/keys/:id/revoke",
    summary: "Revoke a write key (takes effect within 5 seconds on every process)",
    tag: "sources",
    permission: "settings:write",
    params: IdParam,
    response: WriteKeyInfo,
    handler: ({ params }) => store.sources.revokeWriteKey(params.id),
  });
}
