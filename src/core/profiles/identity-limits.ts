import type { IdentifierType } from "./identifier.js";

/**
 * How many identifiers of a type one profile may hold. Beyond the limit, an event never adds
 * another one and never merges two profiles: the guard against over-merging.
 */
export type IdentityLimits = Record<IdentifierType, number>;

export const defaultIdentityLimits: IdentityLimits = {
  user_id: 1,
  loyalty_card: 1,
  email: 5,
  phone: 5,
  social: 20,
  anonymous_id: Number.POSITIVE_INFINITY,
};
