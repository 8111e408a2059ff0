import { z } from "zod";
import { verifyPassword } from "../../core/access/password.js";
import { AppFailure, ErrorCode } from "../../core/shared/result.js";
import type { Store } from "../../storage/store.js";
import type { RouteRegistry } from "../route-registry.js";
import { SESSION_COOKIE, sessionTokenOf } from "../session-auth.js";

const UserView = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.string(),
});
const Login = z.object({
  email: z.string().min(1).max(320),
  password: z.string().min(1).max(1000),
  /** API clients that cannot keep cookies ask for a bearer token; browsers get only the cookie. */
  issueToken: z.boolean().default(false),
});

export function registerAuthRoutes(registry: RouteRegistry, store: Store, sessionTtlHours: number) {
  const ttlMs = sessionTtlHours * 3_600_000;
  registry.add({
    method: "POST",
    url: "/api/auth/login",
    summary: "Log in; sets the HttpOnly session cookie (and returns a bearer token if issueToken)",
    tag: "auth",
    permission: "public",
    body: Login,
    response: z.object({ user: UserView, token: z.string().optional() }),
    handler: async ({ body, reply }) => {
      const found = await store.users.findForLogin(body.email);
      // Verify against a dummy hash when the user is unknown, so timing does not tell.
      const ok = await verifyPassword(
        body.password,
        found?.passwordHash ??
          "scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
      );
      if (!found || !ok) {
        throw new AppFailure({ code: ErrorCode.unauthorized, message: "wrong email or password" });
      }
      const token = await store.users.createSession(found.user.id, ttlMs);
      reply.header(
        "set-cookie",
        `${SESSION_COOKIE}=${token}; HttpOnly; SameSite=Lax; Path=/; Max-Age=${Math.floor(ttlMs / 1000)}`,
      );
      const { id, email, name, role } = found.user;
      return { user: { id, email, name, role }, ...(body.issueToken ? { token } : {}) };
    },
  });
  registry.add({
    method: "POST",
    url: "/api/auth/logout",
    summary: "End the session",
    tag: "auth",
    permission: "public",
    handler: async ({ request, reply }) => {
      const token = sessionTokenOf(request);
      if (token) await store.users.deleteSession(token);
      reply.header("set-cookie", `${SESSION_COOKIE}=; HttpOnly; SameSite=Lax; Path=/; Max-Age=0`);
      return { ok: true };
    },
  });
  registry.add({
    method: "GET",
    url: "/api/auth/me",
    summary: "The logged-in user",
    tag: "auth",
    permission: "login",
    response: UserView,
    handler: async ({ user }) => {
      const { id, email, name, role } = user as NonNullable<typeof user>;
      return { id, email, name, role };
    },
  });
}
