import { ApiError } from "../api/api-client.js";
import type { MessageLayout } from "../api/contract.js";

export interface PartialRow {
  name: string;
  mjml: string;
}
export interface LayoutDraft {
  id: string;
  brandId: string;
  name: string;
  mjml: string;
  partials: PartialRow[];
}

export const NEW_LAYOUT_MJML = `<mjml>
  <mj-body background-color="{{ brand.colours.background }}">
    {{ content }}
  </mj-body>
</mjml>`;

export const layoutDraftOf = (layout: MessageLayout): LayoutDraft => ({
  id: layout.id,
  brandId: layout.brandId,
  name: layout.name,
  mjml: layout.mjml,
  partials: Object.entries(layout.partials).map(([name, mjml]) => ({ name, mjml })),
});

/** The layout as the API takes it: partials by name, rows without a name left out. */
export function layoutOf(draft: LayoutDraft): MessageLayout {
  const partials: Record<string, string> = {};
  for (const row of draft.partials) if (row.name.trim()) partials[row.name.trim()] = row.mjml;
  return {
    id: draft.id.trim(),
    brandId: draft.brandId,
    name: draft.name,
    mjml: draft.mjml,
    partials,
  };
}

/** Where a save error belongs: "name", "id", "brandId", "mjml" or "partials.<name>". */
export function layoutFieldOf(error: unknown): string | undefined {
  if (!(error instanceof ApiError) || !error.path) return undefined;
  const path = error.path.replace(/^body\./, "");
  if (/^(id|name|brandId|mjml)$/.test(path)) return path;
  const partial = /^partials\.([^.]+)/.exec(path);
  return partial ? `partials.${partial[1]}` : undefined;
}
