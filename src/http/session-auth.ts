import type { FastifyRequest } from "fastify";
import { can, type Permission, type User } from "../core/access/user.js";
import { AppFailure, ErrorCode } from "../core/shared/result.js";
import type { UsersStore } from "../storage/sql/users-store.js";

export const SESSION_COOKIE = "cxloop_session";

declare module "fastify" {
  interface FastifyInstance {
    users: UsersStore;
  }
}

export function sessionTokenOf(request: FastifyRequest): string | undefined {
  const auth = request.headers.authorization;
  if (auth?.startsWith("Bearer ")) return auth.slice(7).trim() || undefined;
  const cookie = request.headers.cookie ?? "";
  for (const part of cookie.split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === SESSION_COOKIE) {
      try {
        return decodeURIComponent(rest.join("="));
      } catch {
        return undefined; // a mangled cookie is no session, not an error
      }
    }
  }
  return undefined;
}

/** The logged-in user, or a 401/403 that says why. */
export async function requireUser(
  request: FastifyRequest,
  permission: Permission | "login",
): Promise<User> {
  const token = sessionTokenOf(request);
  const user = token ? await request.server.users.userOfSession(token) : undefined;
  if (!user) {
    throw new AppFailure({
      code: ErrorCode.unauthorized,
      message: "log in first (session cookie or bearer token)",
    });
  }
  if (permission !== "login" && !can(user.role, permission)) {
    throw new AppFailure({
      code: ErrorCode.forbidden,
      message: `the role ${user.role} may not do this (needs ${permission})`,
    });
  }
  return user;
}
