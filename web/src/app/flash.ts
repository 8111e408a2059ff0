/** A message for the next page, e.g. "the customer was erased" after leaving the erased profile. */
let pending: string | undefined;

export function setFlash(message: string): void {
  pending = message;
}

export function peekFlash(): string | undefined {
  return pending;
}

/** Called once the page has shown the message, so a later visit does not show it again. */
export function clearFlash(): void {
  pending = undefined;
}
