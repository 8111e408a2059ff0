import { locales, useI18n } from "../i18n/i18n.js";

const names = { de: "Deutsch", en: "English" } as const;

export function LanguageSwitch({ className = "language" }: { className?: string }) {
  const { t, locale, setLocale } = useI18n();
  return (
    <div className={className} role="group" aria-label={t("nav.language")}>
      {locales.map((l) => (
        <button
          key={l}
          type="button"
          lang={l}
          title={names[l]}
          className={l === locale ? "lang active" : "lang"}
          aria-pressed={l === locale}
          onClick={() => setLocale(l)}
        >
          {l.toUpperCase()}
        </button>
      ))}
    </div>
  );
}
