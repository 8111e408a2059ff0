import type { Role } from "../api/contract.js";

/**
 * What each role may do, as the server checks it (src/core/access/user.ts). The UI hides what
 * a role may not do; the server still decides.
 */
export type Permission = "customers:read" | "customers:write" | "settings:write" | "events:read";

const grants: Record<Role, readonly Permission[]> = {
  admin: ["customers:read", "customers:write", "settings:write", "events:read"],
  analyst: ["customers:read", "events:read"],
  agent: ["customers:read"],
};

export function can(role: Role, permission: Permission): boolean {
  return grants[role].includes(permission);
}
