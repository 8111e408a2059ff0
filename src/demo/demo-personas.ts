import type { DemoPersona } from "./demo-customer.js";

/**
 * The hidden personas of seed 004 as numbers: how many customers each has and how they behave.
 * The persona capability has to rediscover them from the events.
 */
export const PERSONAS: readonly (readonly [DemoPersona, number])[] = [
  ["apero", 20],
  ["family", 25],
  ["senior", 20],
  ["digital", 20],
  ["bargain", 15],
];

export interface PersonaProfile {
  age: [number, number];
  tillPerWeek: number;
  card: number;
  account: number;
  webShop: number;
  webSessionsPerWeek: number;
  app: number;
  wineClub: number;
  recipes: number;
  facebook: number;
  newsletterOpenRate: number;
  reviewRate: number;
  serviceCalls: number;
  washingMachine: number;
  wineAffinity: number;
  emailConsent: number;
  crossBrand: number;
}

/** The behaviour behind each persona; the numbers are the averages the world is drawn from. */
export const PROFILES: Record<DemoPersona, PersonaProfile> = {
  apero: {
    age: [30, 62],
    tillPerWeek: 1.0,
    card: 0.93,
    account: 0.85,
    webShop: 0.3,
    webSessionsPerWeek: 0.5,
    app: 0.4,
    wineClub: 0.75,
    recipes: 0.65,
    facebook: 0.12,
    newsletterOpenRate: 0.35,
    reviewRate: 0.12,
    serviceCalls: 0.15,
    washingMachine: 0.025,
    wineAffinity: 0.8,
    emailConsent: 0.8,
    crossBrand: 0.7,
  },
  family: {
    age: [29, 48],
    tillPerWeek: 1.4,
    card: 0.95,
    account: 0.85,
    webShop: 0.45,
    webSessionsPerWeek: 0.6,
    app: 0.65,
    wineClub: 0.12,
    recipes: 0.4,
    facebook: 0.12,
    newsletterOpenRate: 0.25,
    reviewRate: 0.1,
    serviceCalls: 0.2,
    washingMachine: 0.06,
    wineAffinity: 0.2,
    emailConsent: 0.8,
    crossBrand: 0.45,
  },
  senior: {
    age: [62, 86],
    tillPerWeek: 1.3,
    card: 0.9,
    account: 0.3,
    webShop: 0.25,
    webSessionsPerWeek: 0.35,
    app: 0.08,
    wineClub: 0.25,
    recipes: 0.12,
    facebook: 0.03,
    newsletterOpenRate: 0.5,
    reviewRate: 0.08,
    serviceCalls: 0.6,
    washingMachine: 0.03,
    wineAffinity: 0.4,
    emailConsent: 0.86,
    crossBrand: 0.35,
  },
  digital: {
    age: [19, 32],
    tillPerWeek: 0.55,
    card: 0.72,
    account: 0.97,
    webShop: 0.4,
    webSessionsPerWeek: 0.7,
    app: 0.85,
    wineClub: 0.08,
    recipes: 0.35,
    facebook: 0.35,
    newsletterOpenRate: 0.12,
    reviewRate: 0.25,
    serviceCalls: 0.1,
    washingMachine: 0.03,
    wineAffinity: 0.25,
    emailConsent: 0.6,
    crossBrand: 0.5,
  },
  bargain: {
    age: [24, 72],
    tillPerWeek: 1.0,
    card: 0.97,
    account: 0.85,
    webShop: 0.3,
    webSessionsPerWeek: 0.5,
    app: 0.7,
    wineClub: 0.1,
    recipes: 0.15,
    facebook: 0.2,
    newsletterOpenRate: 0.45,
    reviewRate: 0.2,
    serviceCalls: 0.2,
    washingMachine: 0.07,
    wineAffinity: 0.3,
    emailConsent: 0.75,
    crossBrand: 0.5,
  },
};
