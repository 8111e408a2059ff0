import type { Profile360 } from "../api/contract.js";

const str = (value: unknown) => (typeof value === "string" ? value.trim() : "");

/**
 * The profile's name, or one read from its traits when the profile has none (the server does
 * not always carry the name over when profiles merge).
 */
export function displayNameOf(profile: Profile360): string | undefined {
  if (profile.displayName) return profile.displayName;
  const sets = [profile.traits[""], ...Object.values(profile.traits)];
  for (const traits of sets) {
    if (!traits) continue;
    const full = `${str(traits.firstName)} ${str(traits.lastName)}`.trim() || str(traits.name);
    if (full) return full;
  }
  return undefined;
}
