import { z } from "zod";

/** admin: everything; analyst: read customers and data, no settings; agent: the service inbox. */
export const Role = z.enum(["admin", "analyst", "agent"]);
export type Role = z.infer<typeof Role>;

export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
  createdAt: number;
  disabledAt: number | null;
}

export type Permission = "customers:read" | "customers:write" | "settings:write" | "events:read";

const grants: Record<Role, Permission[]> = {
  admin: ["customers:read", "customers:write", "settings:write", "events:read"],
  analyst: ["customers:read", "events:read"],
  agent: ["customers:read"],
};

export function can(role: Role, permission: Permission): boolean {
  return grants[role].includes(permission);
}
