/** What customers write and say in the demo: reviews, Facebook comments, call notes (German). */

export interface ReviewText {
  title: string;
  text: string;
}

const review = (title: string, text: string): ReviewText => ({ title, text });

/** The first text of a list (the scripted stories use these). */
export function pickText(texts: ReviewText[]): ReviewText {
  const text = texts[0];
  if (!text) throw new Error("no review text");
  return text;
}

/** Reviews of the Marktkorb web shop and stores on Kaufsiegel, by stars (1…5). */
export const MARKTKORB_REVIEWS: Record<1 | 2 | 3 | 4 | 5, ReviewText[]> = {
  1: [
    review(
      "Lieferung zu spät",
      "Die Lieferung kam zwei Stunden nach dem Zeitfenster und ohne Anruf. So plane ich nicht mehr mit euch.",
    ),
    review(
      "Ware fehlte",
      "Die Hälfte der Bestellung fehlte, das Geld wurde trotzdem abgebucht. Sehr ärgerlich.",
    ),
    review("Enttäuscht", "Gekühlte Produkte kamen warm an. Der Kundendienst war nicht erreichbar."),
  ],
  2: [
    review(
      "Verbesserungsbedarf",
      "Bestellung war ok, aber die Lieferfenster sind immer ausgebucht und der Checkout ist kompliziert.",
    ),
    review("Naja", "Obst war nicht mehr frisch. Die Verpackung übertrieben mit Plastik."),
  ],
  3: [
    review(
      "Durchschnittlich",
      "Alles angekommen, aber die Auswahl online ist kleiner als in der Filiale.",
    ),
    review(
      "Geht so",
      "Lieferung pünktlich, ein Ersatzprodukt ohne Rückfrage. Die Korbkarte-Punkte kamen erst spät.",
    ),
  ],
  4: [
    review(
      "Gut und bequem",
      "Bestellung einfach, Abholung in der Filiale hat gut geklappt. Die App könnte übersichtlicher sein.",
    ),
    review("Zuverlässig", "Pünktlich geliefert, frische Ware. Gerne wieder."),
    review("Empfehlenswert", "Gute Auswahl an Bio-Produkten, freundlicher Fahrer."),
  ],
  5: [
    review(
      "Super Service",
      "Schnelle Lieferung, alles frisch und vollständig. Die Korbkarte-Aktionen lohnen sich!",
    ),
    review("Top", "Seit ich online bestelle, spare ich mir den Samstagseinkauf. Sehr zufrieden."),
    review(
      "Sehr freundlich",
      "Beratung an der Weintheke war ausgezeichnet, der Prosecco-Tipp ein Treffer.",
    ),
  ],
};

/** Reviews of Voltaro purchases. */
export const VOLTARO_REVIEWS: Record<1 | 2 | 3 | 4 | 5, ReviewText[]> = {
  1: [
    review(
      "Nie wieder",
      "Lieferung verschoben, Installation nicht gemacht, Hotline hängt nur in der Warteschlange.",
    ),
  ],
  2: [
    review(
      "Preis zu hoch",
      "Online war das gleiche Gerät deutlich günstiger, die Filiale wollte nicht entgegenkommen.",
    ),
  ],
  3: [review("Okay", "Gerät gut, aber die Lieferung dauerte länger als angekündigt.")],
  4: [
    review(
      "Gute Beratung",
      "Der Verkäufer kannte sich aus und hat mir ehrlich abgeraten vom teureren Modell.",
    ),
    review("Passt", "Faire Preise mit Korbkarte-Rabatt, Lieferung wie vereinbart."),
  ],
  5: [
    review(
      "Top Beratung in Winterthur",
      "Preis verhandelt, Lieferung und Entsorgung der alten Maschine inklusive. Läuft leise und spart Wasser.",
    ),
    review(
      "Sehr zufrieden",
      "Schnelle Lieferung, saubere Installation, altes Gerät gleich mitgenommen.",
    ),
  ],
};

export interface SocialText {
  text: string;
  tone: "positive" | "neutral" | "negative";
}

export const FACEBOOK_COMMENTS: SocialText[] = [
  { text: "Super Aktion diese Woche, die Aprikosen sind der Hammer! 🍑", tone: "positive" },
  {
    text: "Danke für das Rezept mit den Auberginen-Taschen, gab es gestern beim Apéro.",
    tone: "positive",
  },
  { text: "Die neue Filiale am Bahnhof ist toll, endlich auch am Abend offen.", tone: "positive" },
  { text: "Mit der Korbkarte im Laden und online punkten, top gelöst.", tone: "positive" },
  { text: "Gibt es den Bio Prosecco auch in der Magnumflasche?", tone: "neutral" },
  { text: "Wann kommt die Fondue-Saison wieder? 🧀", tone: "neutral" },
  { text: "Hat jemand das neue Birchermüesli probiert?", tone: "neutral" },
  {
    text: "Schon wieder ist das Aktionsprodukt am Samstagmorgen ausverkauft. Ärgerlich!",
    tone: "negative",
  },
  {
    text: "Warum ist die App bei der Kasse immer so langsam? Die digitale Korbkarte lädt ewig.",
    tone: "negative",
  },
  { text: "Die Lieferung kam heute wieder zu spät, und niemand ruft zurück.", tone: "negative" },
  { text: "Viel zu viel Plastikverpackung beim Gemüse, das geht besser.", tone: "negative" },
];

export interface CallTopic {
  topic: string;
  notes: string[];
  resolvedRate: number;
}

/** Why people call the Marktkorb service line. */
export const SERVICE_CALL_TOPICS: CallTopic[] = [
  {
    topic: "Lieferung",
    notes: ["Lieferung verspätet, Gutschrift CHF 10 erfasst", "Fehlende Artikel nachgeliefert"],
    resolvedRate: 0.8,
  },
  {
    topic: "Korbkarte",
    notes: [
      "Karte verloren, Ersatzkarte bestellt",
      "Punkte eines Einkaufs fehlten, manuell gutgeschrieben",
    ],
    resolvedRate: 0.95,
  },
  {
    topic: "Webshop-Login",
    notes: ["Passwort zurückgesetzt", "Konto mit Korbkarte verknüpft"],
    resolvedRate: 0.9,
  },
  {
    topic: "Produktfrage",
    notes: [
      "Frage zu Allergenen im Pesto beantwortet",
      "Verfügbarkeit Bio-Prosecco in Filiale Bern geprüft",
    ],
    resolvedRate: 1,
  },
  {
    topic: "Reklamation",
    notes: ["Verdorbene Ware, Rückerstattung veranlasst", "Kassenfehler, Differenz erstattet"],
    resolvedRate: 0.7,
  },
];
