/** Exhaustiveness guard: a new variant of a tagged union cannot be forgotten in a switch. */
export function assertNever(value: never): never {
  throw new Error(`unexpected variant: ${JSON.stringify(value)}`);
}
