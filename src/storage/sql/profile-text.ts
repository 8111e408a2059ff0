import type { Identifier } from "../../core/profiles/identifier.js";

/** The name people see in lists: "firstName lastName", or `name`. */
export function displayNameOf(traits: Record<string, unknown>): string | undefined {
  const first = typeof traits.firstName === "string" ? traits.firstName.trim() : "";
  const last = typeof traits.lastName === "string" ? traits.lastName.trim() : "";
  const full = `${first} ${last}`.trim();
  if (full) return full.slice(0, 200);
  return typeof traits.name === "string" && traits.name.trim()
    ? traits.name.trim().slice(0, 200)
    : undefined;
}

/** Lower-cased text the customer search matches against: name and strong identifiers. */
export function searchTextOf(displayName: string | null, ids: Identifier[]): string {
  const parts = [
    displayName ?? "",
    ...ids.filter((i) => i.type !== "anonymous_id").map((i) => i.value),
  ];
  return parts.join(" ").toLowerCase().slice(0, 2000);
}
