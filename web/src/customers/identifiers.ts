import type { Identifier, IdentifierType } from "../api/contract.js";

/** The first identifier of a type, e.g. the email shown in a result row. */
export function firstOf(identifiers: Identifier[], type: IdentifierType): string | undefined {
  return identifiers.find((i) => i.type === type)?.value;
}

/** "social" values are stored as "network:handle"; people write "@handle (network)". */
export function identifierText(identifier: Identifier): string {
  if (identifier.type === "social") {
    const [network, ...handle] = identifier.value.split(":");
    return `@${handle.join(":")} (${network})`;
  }
  return identifier.value;
}
