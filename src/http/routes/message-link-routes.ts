import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { ErrorCode } from "../../core/shared/result.js";
import { recordEngagement, unsubscribe } from "../../messaging/engagement.js";
import type { MessageLinks } from "../../messaging/message-links.js";
import type { Store } from "../../storage/store.js";
import type { Message } from "../../storage/sql/message-store.js";

// A 1×1 transparent GIF.
const PIXEL = Buffer.from("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7", "base64");

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title: string, body: string, lang: "de" | "en"): string {
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>${escapeHtml(title)}</title><style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#1f2937}button{font:inherit;padding:.6rem 1.2rem;border-radius:.4rem;border:0;background:#1f2937;color:#fff;cursor:pointer}</style></head><body>${body}</body></html>`;
}

const TEXT = {
  de: {
    title: "Abmelden",
    ask: (brand: string) => `Keine E-Mails von ${brand} mehr erhalten?`,
    button: "Abmelden",
    done: (brand: string) =>
      `Sie sind abgemeldet und erhalten keine Marketing-E-Mails von ${brand} mehr.`,
    unknown: "Dieser Link ist ungültig.",
  },
  en: {
    title: "Unsubscribe",
    ask: (brand: string) => `Stop receiving emails from ${brand}?`,
    button: "Unsubscribe",
    done: (brand: string) =>
      `You are unsubscribed and will get no more marketing emails from ${brand}.`,
    unknown: "This link is not valid.",
  },
};

function languageOf(request: FastifyRequest): "de" | "en" {
  const accept = String(request.headers["accept-language"] ?? "");
  return /^\s*en\b/i.test(accept) ? "en" : "de";
}

/**
 * The links in messages, answered without a login: one-click unsubscribe (a GET shows a page
 * with one button, so mail scanners that follow links unsubscribe nobody; a POST — the
 * button or the List-Unsubscribe-Post of RFC 8058 — revokes the consent), the open pixel and
 * the click redirect. Tokens are signed; an unknown or forged one changes nothing.
 */
export function registerMessageLinkRoutes(app: FastifyInstance, store: Store, links: MessageLinks) {
  async function messageOf(token: unknown): Promise<Message | undefined> {
    if (typeof token !== "string") return undefined;
    const key = links.verify(token);
    return key ? store.messages.message(key) : undefined;
  }
  async function brandName(brandId: string): Promise<string> {
    return (await store.sources.listBrands()).find((b) => b.id === brandId)?.name ?? brandId;
  }
  const invalid = (reply: FastifyReply, lang: "de" | "en") =>
    reply
      .code(404)
      .type("text/html; charset=utf-8")
      .send(page(TEXT[lang].title, `<p>${TEXT[lang].unknown}</p>`, lang));

  app.get("/u/:token", async (request, reply) => {
    const lang = languageOf(request);
    const message = await messageOf((request.params as { token?: unknown }).token);
    if (!message) return invalid(reply, lang);
    const brand = escapeHtml(await brandName(message.brandId));
    const t = TEXT[lang];
    return reply
      .type("text/html; charset=utf-8")
      .header("cache-control", "no-store")
      .send(
        page(
          t.title,
          `<h1>${t.title}</h1><p>${t.ask(brand)}</p><form method="post"><button type="submit">${t.button}</button></form>`,
          lang,
        ),
      );
  });

  app.post("/u/:token", async (request, reply) => {
    const lang = languageOf(request);
    const message = await messageOf((request.params as { token?: unknown }).token);
    if (!message) return invalid(reply, lang);
    await unsubscribe(store, message);
    const brand = escapeHtml(await brandName(message.brandId));
    return reply
      .type("text/html; charset=utf-8")
      .header("cache-control", "no-store")
      .send(
        page(
          TEXT[lang].title,
          `<h1>${TEXT[lang].title}</h1><p>${TEXT[lang].done(brand)}</p>`,
          lang,
        ),
      );
  });

  app.get("/o/:token", async (request, reply) => {
    const message = await messageOf((request.params as { token?: unknown }).token);
    if (message && (await store.messages.markEngagement(message.ledgerKey, "opened")))
      await recordEngagement(store, message, "Email Opened", {});
    return reply.type("image/gif").header("cache-control", "no-store, private").send(PIXEL);
  });

  app.get("/c/:token", async (request, reply) => {
    const query = request.query as { u?: unknown; s?: unknown };
    const message = await messageOf((request.params as { token?: unknown }).token);
    const url = typeof query.u === "string" ? query.u : "";
    const sig = typeof query.s === "string" ? query.s : "";
    if (!message || !/^https?:\/\//.test(url) || !links.verifyClick(message.ledgerKey, url, sig)) {
      return reply.code(404).send({
        error: { code: ErrorCode.notFound, message: "unknown or altered link", path: "url" },
      });
    }
    await store.messages.markEngagement(message.ledgerKey, "clicked");
    await recordEngagement(store, message, "Email Link Clicked", { url });
    return reply.redirect(url, 302);
  });
}
