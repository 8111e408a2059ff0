import type { I18n, MessageKey } from "../i18n/i18n.js";
import { de } from "../i18n/de.js";

const has = (key: string) => Object.prototype.hasOwnProperty.call(de, key);

/** A readable label for a trait key; unknown keys stay as they are. */
export function traitLabel(key: string, { t }: I18n): string {
  const id = `trait.${key}`;
  return has(id) ? t(id as MessageKey) : key;
}

const str = (value: unknown) => (typeof value === "string" && value.trim() ? value.trim() : "");

function displayName(type: "language" | "region", code: string, i18n: I18n): string {
  try {
    return new Intl.DisplayNames([i18n.locale], { type }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** Street, postal code and city, country: as on an envelope, on one line. */
function addressText(a: Record<string, unknown>, i18n: I18n): string {
  const street = str(a.street) || [str(a.line1), str(a.line2)].filter(Boolean).join(" ");
  const place = [str(a.postalCode) || str(a.postal_code) || str(a.zip), str(a.city)]
    .filter(Boolean)
    .join(" ");
  const country = str(a.country);
  const parts = [street, place, country && displayName("region", country, i18n)].filter(Boolean);
  return parts.length > 0 ? parts.join(", ") : JSON.stringify(a);
}

/** A trait's value for people: yes/no, dates, addresses, languages; the rest as it is. */
export function traitValue(key: string, value: unknown, i18n: I18n): string {
  const { t } = i18n;
  if (value === null || value === undefined || value === "") return t("common.none");
  if (typeof value === "boolean") return t(value ? "common.yes" : "common.no");
  if (typeof value === "object") {
    if (!Array.isArray(value) && (key === "address" || "city" in value || "street" in value))
      return addressText(value as Record<string, unknown>, i18n);
    return JSON.stringify(value);
  }
  if (typeof value === "string") {
    if (/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(value)) {
      const ms = Date.parse(value);
      if (Number.isFinite(ms)) return value.length > 10 ? i18n.dateTime(ms) : i18n.date(ms);
    }
    if (key === "gender" && has(`trait.gender.${value}`))
      return t(`trait.gender.${value}` as MessageKey);
    if (key === "language" && /^[a-z]{2}(-[A-Z]{2})?$/.test(value))
      return displayName("language", value, i18n);
    if (key === "country" && /^[A-Z]{2}$/.test(value)) return displayName("region", value, i18n);
  }
  return String(value);
}
