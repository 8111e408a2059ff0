import {
  compareIdentifiers,
  identifierKey,
  isStrong,
  type Identifier,
  type IdentifierType,
} from "./identifier.js";
import type { IdentityLimits } from "./identity-limits.js";

/**
 * The part of the identity graph an ingest run has loaded: which profile each known
 * identifier points to and all identifiers of those profiles. Resolution reads and updates
 * it in memory, so a batch resolves every event against the effects of the ones before.
 */
export interface IdentityView {
  profileOf: Map<string, string>;
  identifiersOf: Map<string, Identifier[]>;
}

export function emptyIdentityView(): IdentityView {
  return { profileOf: new Map(), identifiersOf: new Map() };
}

export function addToView(view: IdentityView, profileId: string, ids: Identifier[]): void {
  const list = view.identifiersOf.get(profileId) ?? [];
  for (const id of ids) {
    const key = identifierKey(id);
    if (view.profileOf.get(key) === profileId) continue;
    view.profileOf.set(key, profileId);
    list.push(id);
  }
  view.identifiersOf.set(profileId, list);
}

export type MergeRefusal = "limit_exceeded" | "shared_device";

export interface IdentityPlan {
  /** The profile the event belongs to. */
  profileId: string;
  isNew: boolean;
  /** Identifiers of the event to attach to the profile. */
  attach: Identifier[];
  /** Profiles that turn out to be the same person, merged into `profileId`. */
  merges: { loserId: string; moved: Identifier[]; via: Identifier[] }[];
  refusedMerges: { profileId: string; reason: MergeRefusal }[];
  /** Identifiers of the event that were not attached anywhere (limits). */
  dropped: Identifier[];
}

function countByType(ids: Iterable<Identifier>): Map<IdentifierType, number> {
  const counts = new Map<IdentifierType, number>();
  for (const id of ids) counts.set(id.type, (counts.get(id.type) ?? 0) + 1);
  return counts;
}

function fitsLimits(ids: Identifier[], limits: IdentityLimits): boolean {
  for (const [type, n] of countByType(ids)) if (n > limits[type]) return false;
  return true;
}

const isKnown = (ids: Identifier[]) => ids.some((i) => isStrong(i.type));

/**
 * Decides which profile an event with these identifiers belongs to, and which profiles
 * merge. Rules: the profile of the strongest known identifier wins; another profile merges
 * into it only if the union keeps every per-type limit, and never when the only link is an
 * anonymous id between two known people (a shared in-store tablet). Pure: `newProfileId`
 * makes the id for a profile that must be created.
 */
export function resolveIdentity(
  view: IdentityView,
  identifiers: Identifier[],
  limits: IdentityLimits,
  newProfileId: () => string,
): IdentityPlan {
  const ids = [...identifiers].sort(compareIdentifiers);
  const linksByProfile = new Map<string, Identifier[]>();
  for (const id of ids) {
    const profileId = view.profileOf.get(identifierKey(id));
    if (profileId) linksByProfile.set(profileId, [...(linksByProfile.get(profileId) ?? []), id]);
  }
  const unknown = ids.filter((id) => !view.profileOf.has(identifierKey(id)));

  if (linksByProfile.size === 0) {
    const { kept, dropped } = keepWithinLimits([], unknown, limits);
    return {
      profileId: newProfileId(),
      isNew: true,
      attach: kept,
      merges: [],
      refusedMerges: [],
      dropped,
    };
  }

  // Profiles in order of their strongest link: the first is the candidate winner.
  const candidates = [...linksByProfile.entries()].sort((a, b) =>
    compareIdentifiers(a[1][0] as Identifier, b[1][0] as Identifier),
  );
  const [primaryId, primaryLinks] = candidates[0] as [string, Identifier[]];
  const primaryOwn = view.identifiersOf.get(primaryId) ?? [];
  const primaryViaStrong = primaryLinks.some((i) => isStrong(i.type));

  // A new strong identifier that the primary cannot take, where the primary was reached only
  // through an anonymous id: this is another person on a shared device, not the same one.
  const strongUnknown = unknown.filter((i) => isStrong(i.type));
  if (!primaryViaStrong && strongUnknown.length > 0) {
    if (!fitsLimits([...primaryOwn, ...strongUnknown], limits) && isKnown(primaryOwn)) {
      const { kept, dropped } = keepWithinLimits([], strongUnknown, limits);
      return {
        profileId: newProfileId(),
        isNew: true,
        attach: kept,
        merges: [],
        refusedMerges: [{ profileId: primaryId, reason: "shared_device" }],
        dropped,
      };
    }
  }

  const merged: Identifier[] = [...primaryOwn];
  const merges: IdentityPlan["merges"] = [];
  const refusedMerges: IdentityPlan["refusedMerges"] = [];
  for (const [otherId, links] of candidates.slice(1)) {
    const otherOwn = view.identifiersOf.get(otherId) ?? [];
    const viaStrong = links.some((i) => isStrong(i.type));
    if (!viaStrong && isKnown(otherOwn) && isKnown(merged)) {
      refusedMerges.push({ profileId: otherId, reason: "shared_device" });
    } else if (!fitsLimits([...merged, ...otherOwn], limits)) {
      refusedMerges.push({ profileId: otherId, reason: "limit_exceeded" });
    } else {
      merges.push({ loserId: otherId, moved: otherOwn, via: links });
      merged.push(...otherOwn);
    }
  }
  const { kept, dropped } = keepWithinLimits(merged, unknown, limits);
  return { profileId: primaryId, isNew: false, attach: kept, merges, refusedMerges, dropped };
}

function keepWithinLimits(
  existing: Identifier[],
  additions: Identifier[],
  limits: IdentityLimits,
): { kept: Identifier[]; dropped: Identifier[] } {
  const counts = countByType(existing);
  const kept: Identifier[] = [];
  const dropped: Identifier[] = [];
  for (const id of additions) {
    const n = counts.get(id.type) ?? 0;
    if (n < limits[id.type]) {
      kept.push(id);
      counts.set(id.type, n + 1);
    } else dropped.push(id);
  }
  return { kept, dropped };
}

/** Applies a plan to the in-memory view, so the next event of a batch sees its effect. */
export function applyIdentityPlan(view: IdentityView, plan: IdentityPlan): void {
  for (const merge of plan.merges) {
    addToView(view, plan.profileId, merge.moved);
    view.identifiersOf.delete(merge.loserId);
  }
  addToView(view, plan.profileId, plan.attach);
}
