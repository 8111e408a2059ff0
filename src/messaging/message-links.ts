import { createHmac, timingSafeEqual } from "node:crypto";

const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64url");

/**
 * Signed links in messages: unsubscribe, open pixel and click redirect name the message by
 * its ledger key and carry an HMAC, so nobody can unsubscribe someone else or turn the click
 * redirect into an open redirect.
 */
export class MessageLinks {
  constructor(
    private readonly secret: Buffer,
    /** Where the public routes answer, e.g. https://cx.example.com (no trailing slash). */
    readonly publicUrl: string,
  ) {}

  private mac(text: string): string {
    return createHmac("sha256", this.secret).update(text).digest("base64url").slice(0, 22);
  }

  token(ledgerKey: string): string {
    return `${b64(ledgerKey)}.${this.mac(`m:${ledgerKey}`)}`;
  }

  /** The ledger key a token names, or undefined if it was not made here. */
  verify(token: string): string | undefined {
    const [encoded, mac] = token.split(".");
    if (!encoded || !mac || token.length > 600) return undefined;
    const ledgerKey = Buffer.from(encoded, "base64url").toString("utf8");
    return same(mac, this.mac(`m:${ledgerKey}`)) ? ledgerKey : undefined;
  }

  unsubscribeUrl(ledgerKey: string): string {
    return `${this.publicUrl}/u/${this.token(ledgerKey)}`;
  }

  openUrl(ledgerKey: string): string {
    return `${this.publicUrl}/o/${this.token(ledgerKey)}`;
  }

  clickUrl(ledgerKey: string, url: string): string {
    const sig = this.mac(`c:${ledgerKey}:${url}`);
    return `${this.publicUrl}/c/${this.token(ledgerKey)}?u=${encodeURIComponent(url)}&s=${sig}`;
  }

  verifyClick(ledgerKey: string, url: string, sig: string): boolean {
    return same(sig, this.mac(`c:${ledgerKey}:${url}`));
  }

  /**
   * Every http(s) link of an email goes through the click redirect (the unsubscribe link
   * excepted), and an invisible pixel reports the open.
   */
  track(html: string, ledgerKey: string): string {
    const unsubscribe = this.unsubscribeUrl(ledgerKey);
    const linked = html.replace(
      /(<a\s[^>]*?href=")(https?:\/\/[^"]+)(")/gi,
      (all, pre: string, href: string, post: string) => {
        const url = href.replace(/&amp;/g, "&");
        if (url === unsubscribe) return all;
        return `${pre}${this.clickUrl(ledgerKey, url).replace(/&/g, "&amp;")}${post}`;
      },
    );
    const pixel = `<img src="${this.openUrl(ledgerKey)}" width="1" height="1" alt="" style="display:block;height:1px;width:1px;border:0" />`;
    return /<\/body>/i.test(linked)
      ? linked.replace(/<\/body>/i, `${pixel}</body>`)
      : linked + pixel;
  }
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
