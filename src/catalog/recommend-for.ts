import type { CatalogItemKind, CatalogLanguage } from "../core/catalog/catalog-item.js";
import { recommend, type Recommendation } from "../core/catalog/recommend.js";
import type { Store } from "../storage/store.js";

export interface RecommendForQuery {
  /** The item the customer bought or looked at (seed 000: the Prosecco). */
  contextItemId: string;
  kind: CatalogItemKind;
  n: number;
  language: CatalogLanguage;
  /** Item ids already sent to this customer. */
  exclude?: ReadonlySet<string> | readonly string[];
}

/**
 * Recommendations from the stored catalogue: loads the context item, the candidates of the
 * kind and what the context item's buyers used, then ranks with the pure `recommend`.
 * An unknown context item has no recommendations ([]), not an error: a template renders on.
 */
export async function recommendFor(
  store: Pick<Store, "catalog">,
  query: RecommendForQuery,
): Promise<Recommendation[]> {
  const context = await store.catalog.item(query.contextItemId);
  if (!context) return [];
  const [candidates, coOccurrence] = await Promise.all([
    store.catalog.candidates(query.kind),
    store.catalog.coOccurrence(context.id),
  ]);
  return recommend({
    context,
    candidates,
    kind: query.kind,
    n: query.n,
    language: query.language,
    exclude: new Set(query.exclude ?? []),
    coOccurrence,
  });
}
