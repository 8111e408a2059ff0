import { ApiError } from "../api/api-client.js";
import type { MessageTemplate } from "../api/contract.js";

export type TemplateLanguage = "de" | "en";
/** The parts of a template a render or save error can name. */
export type TemplateField =
  "id" | "name" | "brandId" | "channel" | "layoutId" | "content" | "subject" | "preheader" | "body";

export interface FieldError {
  field: TemplateField;
  /** The language the error is in, when the server names one. */
  language?: TemplateLanguage;
  message: string;
}

const FIELDS = new Set<string>([
  "id",
  "name",
  "brandId",
  "channel",
  "layoutId",
  "content",
  "subject",
  "preheader",
  "body",
]);

/**
 * Where an API error belongs in the editor, read from its path: a render error names the part
 * (body.template.body, body.template.mjml), a save names the field (body.content.de.subject).
 */
export function fieldErrorOf(error: unknown): FieldError | undefined {
  if (!(error instanceof ApiError) || !error.path) return undefined;
  const parts = error.path
    .split(".")
    .filter((p, i) => !(i === 0 && p === "body"))
    .filter((p, i) => !(i === 0 && p === "template"));
  let language: TemplateLanguage | undefined;
  let field = parts[0];
  if (field === "content" && (parts[1] === "de" || parts[1] === "en")) {
    language = parts[1];
    field = parts[2] ?? "content";
  }
  // MJML errors come from the body's sections: the body is where to fix them.
  if (field === "mjml") field = "body";
  if (!field || !FIELDS.has(field)) return undefined;
  return { field: field as TemplateField, language, message: error.message };
}

/** The template as the API takes it: languages without a body are left out. */
export function templateForSave(draft: MessageTemplate): MessageTemplate {
  const content: MessageTemplate["content"] = {};
  for (const language of ["de", "en"] as const) {
    const text = draft.content[language];
    if (!text?.body.trim()) continue;
    content[language] = {
      body: text.body,
      ...(text.subject ? { subject: text.subject } : {}),
      ...(text.preheader ? { preheader: text.preheader } : {}),
    };
  }
  return { ...draft, content };
}

export function emptyTemplate(brandId: string): MessageTemplate {
  return {
    id: "",
    brandId,
    channel: "email",
    name: "",
    layoutId: null,
    content: { de: { subject: "", preheader: "", body: "" } },
  };
}
