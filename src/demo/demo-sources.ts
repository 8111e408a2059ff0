import type { Channel } from "../core/sources/channel.js";

/** The demo organisation: a Swiss retail cooperative with four brands. Fictional names. */
export const DEMO_ORGANISATION = "Genossenschaft Alpenkorb";

export const DEMO_BRANDS = [
  { id: "marktkorb", name: "Marktkorb" },
  { id: "vinello", name: "Vinello Weinclub" },
  { id: "kochlust", name: "Kochlust" },
  { id: "voltaro", name: "Voltaro" },
] as const;
export type DemoBrandId = (typeof DEMO_BRANDS)[number]["id"];

/** The supermarket's loyalty card, accepted by every brand of the group. */
export const LOYALTY_CARD_NAME = "Korbkarte";

export interface DemoSource {
  id: string;
  name: string;
  brandId: DemoBrandId;
  channel: Channel;
  trusted: boolean;
}

/**
 * Every touchpoint the demo's events come from. Tills and other server-side systems are
 * trusted (their historic timestamps are kept); browsers, apps and partners are not.
 */
export const DEMO_SOURCES = [
  {
    id: "marktkorb-korbkarte",
    name: "Korbkarte Kundenstamm",
    brandId: "marktkorb",
    channel: "other",
    trusted: true,
  },
  {
    id: "marktkorb-till",
    name: "Marktkorb Kasse",
    brandId: "marktkorb",
    channel: "store",
    trusted: true,
  },
  {
    id: "marktkorb-web",
    name: "Marktkorb Webshop",
    brandId: "marktkorb",
    channel: "web",
    trusted: false,
  },
  {
    id: "marktkorb-app",
    name: "Marktkorb App",
    brandId: "marktkorb",
    channel: "app",
    trusted: false,
  },
  {
    id: "marktkorb-instore",
    name: "Marktkorb Weinberater-Tablet",
    brandId: "marktkorb",
    channel: "app",
    trusted: false,
  },
  {
    id: "marktkorb-newsletter",
    name: "Marktkorb Newsletter",
    brandId: "marktkorb",
    channel: "email",
    trusted: true,
  },
  {
    id: "marktkorb-facebook",
    name: "Marktkorb Facebook-Seite",
    brandId: "marktkorb",
    channel: "social",
    trusted: true,
  },
  {
    id: "marktkorb-reviews",
    name: "Marktkorb auf Kaufsiegel",
    brandId: "marktkorb",
    channel: "review_portal",
    trusted: true,
  },
  {
    id: "marktkorb-service",
    name: "Marktkorb Kundendienst (Telefon)",
    brandId: "marktkorb",
    channel: "phone",
    trusted: true,
  },
  {
    id: "vinello-shop",
    name: "Vinello Weinshop",
    brandId: "vinello",
    channel: "web",
    trusted: false,
  },
  {
    id: "vinello-newsletter",
    name: "Vinello Weinpost",
    brandId: "vinello",
    channel: "email",
    trusted: true,
  },
  {
    id: "kochlust-web",
    name: "Kochlust Rezeptportal",
    brandId: "kochlust",
    channel: "web",
    trusted: false,
  },
  {
    id: "voltaro-store",
    name: "Voltaro Filialen (Kasse und Beratung)",
    brandId: "voltaro",
    channel: "store",
    trusted: true,
  },
  {
    id: "voltaro-web",
    name: "Voltaro Onlineshop",
    brandId: "voltaro",
    channel: "web",
    trusted: false,
  },
  {
    id: "voltaro-search",
    name: "Voltaro Suchmaschinenanzeigen",
    brandId: "voltaro",
    channel: "search",
    trusted: true,
  },
  {
    id: "voltaro-pricecompare",
    name: "Voltaro auf Preisradar",
    brandId: "voltaro",
    channel: "price_comparison",
    trusted: true,
  },
  {
    id: "voltaro-reviews",
    name: "Voltaro auf Kaufsiegel",
    brandId: "voltaro",
    channel: "review_portal",
    trusted: true,
  },
  {
    id: "voltaro-facebook",
    name: "Voltaro Facebook-Seite",
    brandId: "voltaro",
    channel: "social",
    trusted: true,
  },
  {
    id: "voltaro-print",
    name: "Voltaro Prospekt (QR-Codes)",
    brandId: "voltaro",
    channel: "print",
    trusted: true,
  },
  {
    id: "voltaro-phone",
    name: "Voltaro Filialtelefon",
    brandId: "voltaro",
    channel: "phone",
    trusted: true,
  },
] as const satisfies readonly DemoSource[];

export type DemoSourceId = (typeof DEMO_SOURCES)[number]["id"];
