import { LOCALES, type DemoCustomer } from "../demo-customer.js";
import type { DemoSourceId } from "../demo-sources.js";
import type { Random } from "../random.js";
import type { DemoLog } from "./demo-log.js";
import { pageOf } from "./event-helpers.js";

const USER_AGENTS = [
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
  "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36",
];

/**
 * One person's browsers on one web site. Each browser has its own anonymous cookie id; until
 * the person logs in on a browser, its events are anonymous (identity resolution has to stitch
 * them to the customer when the login comes). A visitor without a customer never logs in.
 */
export class WebVisitor {
  private readonly linked = new Set<string>();
  private readonly cookies: string[];

  constructor(
    private readonly rng: Random,
    private readonly log: DemoLog,
    readonly customer: DemoCustomer | null,
    readonly sourceId: DemoSourceId,
    readonly host: string,
    prefix: string,
    browsers = 1,
  ) {
    this.cookies = Array.from({ length: browsers }, () => `${prefix}-${rng.hex(16)}`);
  }

  /**
   * A visit starting at `at` in one of the person's browsers (random unless `browser` says
   * which); `referrer` is where the visitor came from.
   */
  session(
    at: number,
    referrer?: string,
    campaign?: Record<string, unknown>,
    browser?: number,
  ): WebSession {
    const cookie = (
      browser === undefined ? this.rng.pick(this.cookies) : this.cookies[browser]
    ) as string;
    return new WebSession(this.rng, this.log, this, cookie, this.linked, at, referrer, campaign);
  }
}

export class WebSession {
  private t: number;
  private loggedIn: boolean;
  private lastUrl: string | undefined;
  private readonly userAgent: string;

  constructor(
    private readonly rng: Random,
    private readonly log: DemoLog,
    private readonly visitor: WebVisitor,
    readonly cookie: string,
    private readonly linked: Set<string>,
    at: number,
    referrer?: string,
    private readonly campaign?: Record<string, unknown>,
  ) {
    this.t = at;
    this.loggedIn = linked.has(cookie);
    this.lastUrl = referrer;
    this.userAgent = USER_AGENTS[parseInt(cookie.slice(-2), 16) % USER_AGENTS.length] as string;
  }

  get time(): number {
    return this.t;
  }

  get isLoggedIn(): boolean {
    return this.loggedIn;
  }

  /** Lets time pass in the session (reading, thinking). */
  wait(minSeconds: number, maxSeconds: number): this {
    this.t += Math.round((minSeconds + this.rng.next() * (maxSeconds - minSeconds)) * 1000);
    return this;
  }

  private ids() {
    const c = this.visitor.customer;
    return this.loggedIn && c?.userId
      ? { userId: c.userId, anonymousId: this.cookie }
      : { anonymousId: this.cookie };
  }

  private context(extra: Record<string, unknown> = {}) {
    const c = this.visitor.customer;
    return {
      locale: c ? LOCALES[c.language] : "de-CH",
      timezone: "Europe/Zurich",
      userAgent: this.userAgent,
      ...(this.campaign ? { campaign: this.campaign } : {}),
      ...extra,
    };
  }

  page(path: string, title: string, properties: Record<string, unknown> = {}): this {
    this.wait(8, 70);
    const page = pageOf(this.visitor.host, path, title, this.lastUrl);
    this.lastUrl = page.url;
    this.log.add(this.visitor.sourceId, this.t, {
      type: "page",
      name: title,
      ...this.ids(),
      properties: { ...page, ...properties },
      context: this.context({ page }),
    });
    return this;
  }

  track(event: string, properties: Record<string, unknown> = {}): this {
    return this.trackOn(this.visitor.sourceId, event, properties);
  }

  /**
   * An event another source reports about this browser: a search ad click, a review widget, a
   * price comparison's referral all carry the site's cookie id.
   */
  trackOn(sourceId: DemoSourceId, event: string, properties: Record<string, unknown> = {}): this {
    this.wait(5, 50);
    this.log.add(sourceId, this.t, {
      type: "track",
      event,
      ...this.ids(),
      properties,
      context: this.context(this.lastUrl ? { page: { url: this.lastUrl } } : {}),
    });
    return this;
  }

  /** The customer logs in (or signs up): identify links this browser's cookie to the account. */
  login(traits: Record<string, unknown> = {}): this {
    const c = this.visitor.customer;
    if (!c?.userId || this.loggedIn) return this;
    this.wait(10, 40);
    this.loggedIn = true;
    this.linked.add(this.cookie);
    this.log.add(this.visitor.sourceId, this.t, {
      type: "identify",
      userId: c.userId,
      anonymousId: this.cookie,
      traits,
      context: this.context(),
    });
    return this;
  }

  /** A browser that was never logged in logs in before the visit ends, so no cookie stays a stranger. */
  finish(): void {
    if (!this.linked.has(this.cookie)) this.login();
  }
}
