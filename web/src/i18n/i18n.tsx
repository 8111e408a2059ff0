import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
  type ReactNode,
} from "react";
import { de, type MessageKey, type Messages } from "./de.js";
import { en } from "./en.js";

export type Locale = "de" | "en";
export const locales: readonly Locale[] = ["de", "en"];
const dictionaries: Record<Locale, Messages> = { de, en };
/** Dates and numbers as people in Switzerland (German) and the UK (English) write them. */
const formatLocales: Record<Locale, string> = { de: "de-CH", en: "en-GB" };
const STORAGE_KEY = "cxloop.locale";

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export interface I18n {
  locale: Locale;
  setLocale: (locale: Locale) => void;
  t: Translate;
  dateTime: (ms: number) => string;
  date: (ms: number) => string;
  day: (ms: number) => string;
  time: (ms: number) => string;
  /** Hours and minutes only, for lists grouped by day. */
  clock: (ms: number) => string;
  number: (value: number, options?: Intl.NumberFormatOptions) => string;
}

function storedLocale(): Locale {
  try {
    const value = window.localStorage.getItem(STORAGE_KEY);
    return value === "en" || value === "de" ? value : "de";
  } catch {
    return "de";
  }
}

const I18nContext = createContext<I18n | undefined>(undefined);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(storedLocale);

  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  const setLocale = useCallback((next: Locale) => {
    setLocaleState(next);
    try {
      window.localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Private mode: the choice lasts for this page only.
    }
  }, []);

  const value = useMemo<I18n>(() => {
    const messages = dictionaries[locale];
    const tag = formatLocales[locale];
    const dateTimeFormat = new Intl.DateTimeFormat(tag, {
      dateStyle: "medium",
      timeStyle: "short",
    });
    const dateFormat = new Intl.DateTimeFormat(tag, { dateStyle: "medium" });
    const dayFormat = new Intl.DateTimeFormat(tag, {
      weekday: "long",
      day: "numeric",
      month: "long",
      year: "numeric",
    });
    const clockFormat = new Intl.DateTimeFormat(tag, { hour: "2-digit", minute: "2-digit" });
    const timeFormat = new Intl.DateTimeFormat(tag, {
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    return {
      locale,
      setLocale,
      t: (key, params) => {
        const text = messages[key];
        if (!params) return text;
        return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
          name in params ? String(params[name]) : whole,
        );
      },
      dateTime: (ms) => dateTimeFormat.format(ms),
      date: (ms) => dateFormat.format(ms),
      day: (ms) => dayFormat.format(ms),
      time: (ms) => timeFormat.format(ms),
      clock: (ms) => clockFormat.format(ms),
      number: (n, options) => new Intl.NumberFormat(tag, options).format(n),
    };
  }, [locale, setLocale]);

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error("useI18n outside I18nProvider");
  return value;
}

export type { MessageKey };
