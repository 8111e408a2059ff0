import { recommendFor } from "../catalog/recommend-for.js";
import { CatalogItemKind } from "../core/catalog/catalog-item.js";
import type { Store } from "../storage/store.js";
import { Deliverer } from "./deliverer.js";
import type { RecommendItems } from "./message-scope.js";
import { outboxTransport, smtpTransport, type EmailTransport } from "./email-transport.js";
import { MessageLinks } from "./message-links.js";

export interface Messaging {
  deliverer: Deliverer;
  links: MessageLinks;
  email: EmailTransport;
  close(): void;
}

/**
 * The messaging adapters of one process: email via SMTP when `smtpUrl` is set (else the
 * local outbox), signed links for `publicUrl`, and the delivery stage over the send ledger.
 */
export async function openMessaging(
  store: Store,
  options: {
    smtpUrl?: string;
    publicUrl: string;
    /** Messages handed over together (see `DelivererOptions.window`). */
    window?: number;
    onError?: (error: unknown) => void;
  },
): Promise<Messaging> {
  const links = new MessageLinks(await store.messages.linkSecret(), options.publicUrl);
  const email = options.smtpUrl ? smtpTransport(options.smtpUrl) : outboxTransport;
  const deliverer = new Deliverer(store, email, links, {
    recommend: catalogRecommender(store),
    window: options.window,
    onError: options.onError,
  });
  return { deliverer, links, email, close: () => email.close() };
}

/** Templates' `recommend` filter, backed by the stored catalogue. */
export function catalogRecommender(store: Store): RecommendItems {
  return async ({ contextItemId, kind, n, language, exclude }) => {
    const parsedKind = CatalogItemKind.safeParse(kind);
    if (!parsedKind.success) return [];
    const found = await recommendFor(store, {
      contextItemId,
      kind: parsedKind.data,
      n,
      language,
      exclude,
    });
    return found.map((r) => ({
      id: r.item.id,
      kind: r.item.kind,
      title: r.text.title,
      url: r.text.url ?? null,
      image_url: r.text.imageUrl ?? null,
      summary: r.text.summary ?? null,
      category: r.item.category ?? null,
      attributes: r.item.attributes,
      tags: r.item.tags,
    }));
  };
}
