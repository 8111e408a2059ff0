import type { Store } from "../storage/store.js";

// PLACEHOLDER: being replaced by the demo-world work.
export async function demoWorldLoaded(store: Store): Promise<boolean> {
  return (await store.sources.listBrands()).length > 0;
}
export async function loadDemoWorld(
  _store: Store,
  _options: { onProgress?: (done: number, total: number, step?: string) => void } = {},
): Promise<void> {
  throw new Error("demo world not implemented yet");
}
