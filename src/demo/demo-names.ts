/** Names, places and mail domains of the demo's German-speaking, Swiss-flavoured customers. */

/** A list written as words separated by white space. */
export const words = (text: string): string[] => text.trim().split(/\s+/);

export const FEMALE_FIRST_NAMES = words(`
  Anna Sandra Nicole Barbara Daniela Monika Ursula Ruth Verena Brigitte Claudia Andrea Sarah
  Laura Lea Mia Lena Julia Céline Chantal Jasmin Franziska Regula Heidi Margrit Rosmarie
  Susanne Karin Corinne Tanja Michèle Nadja Simone Stefanie Katharina Johanna Sophie Elena
  Nina Lara Jana Selina Anja Bettina Gabriela Elisabeth Hanna Zoé Chiara Martina Jolanda
  Vreni Käthi Doris Jacqueline Esther Irène Salome Noemi Leonie
`);

export const MALE_FIRST_NAMES = words(`
  Daniel Thomas Peter Hans Christian Martin Andreas Markus Stefan Michael Urs Beat Reto
  Patrick Marco Lukas Simon David Jonas Noah Luca Fabian Matthias Roger René Bruno Walter
  Werner Kurt Heinz Jürg Rolf Adrian Pascal Roman Florian Dominik Tobias Samuel Nico Jan
  Philipp Raphael Sandro Mario Fritz Ueli Gérard André Jérôme Felix Elias Leon Timo Kevin
  Dario Silvan Cédric Severin Jörg
`);

export const LAST_NAMES = words(`
  Müller Meier Schmid Keller Weber Huber Schneider Meyer Steiner Fischer Gerber Brunner
  Baumann Frei Zimmermann Moser Widmer Wyss Graf Roth Suter Baumgartner Bachmann Studer
  Bühler Kälin Lüthi Küng Zürcher Jäggi Schär Brändli Käser Wüthrich Hürlimann Nüssli Egli
  Sutter Hofmann Marti Kunz Ammann Burri Bieri Hess Kaufmann Koller Vogel Arnold Stalder
  Zaugg Rüegg Böhlen Gächter Stöckli Schürch Häfliger Tanner Wenger Aebischer Fritsche
  Ziegler Frehner Gisler Imhof Lehmann Maurer Ritter Schwarz Wagner Berger Hofer Gruber
  Pichler Leitner Wimmer Eder Mayr Winkler Haas Schulz Becker Hoffmann Schäfer Koch Richter
  Krüger Wolf Neumann Schröder Rochat Favre Bonvin Perrin Rossi Bernasconi Crivelli Caflisch
  Derungs Cadruvi
`);

/** Mail domains with a weight; Austrian and German customers lean to their own providers. */
export const EMAIL_DOMAINS_CH: readonly (readonly [string, number])[] = [
  ["bluewin.ch", 26],
  ["gmail.com", 24],
  ["gmx.ch", 14],
  ["hotmail.com", 6],
  ["outlook.com", 5],
  ["sunrise.ch", 5],
  ["hispeed.ch", 4],
  ["icloud.com", 5],
  ["yahoo.com", 3],
  ["protonmail.ch", 3],
  ["gmx.net", 3],
  ["quickline.ch", 2],
];
export const EMAIL_DOMAINS_DE: readonly (readonly [string, number])[] = [
  ["gmx.de", 30],
  ["web.de", 25],
  ["gmail.com", 25],
  ["t-online.de", 15],
  ["outlook.de", 5],
];
export const EMAIL_DOMAINS_AT: readonly (readonly [string, number])[] = [
  ["gmx.at", 35],
  ["aon.at", 20],
  ["gmail.com", 30],
  ["chello.at", 15],
];

export interface DemoCity {
  name: string;
  postalCode: string;
  country: "CH" | "DE" | "AT";
  /** Where the customer mostly shops: the nearest Marktkorb store. */
  store: string;
  weight: number;
}

export const CITIES: readonly DemoCity[] = [
  { name: "Zürich", postalCode: "8004", country: "CH", store: "mk-zh-hb", weight: 22 },
  { name: "Zürich", postalCode: "8050", country: "CH", store: "mk-zh-oe", weight: 10 },
  { name: "Winterthur", postalCode: "8400", country: "CH", store: "mk-winti", weight: 9 },
  { name: "Bern", postalCode: "3011", country: "CH", store: "mk-bern", weight: 13 },
  { name: "Basel", postalCode: "4051", country: "CH", store: "mk-basel", weight: 11 },
  { name: "Luzern", postalCode: "6003", country: "CH", store: "mk-luzern", weight: 8 },
  { name: "St. Gallen", postalCode: "9000", country: "CH", store: "mk-sg", weight: 7 },
  { name: "Zug", postalCode: "6300", country: "CH", store: "mk-luzern", weight: 3 },
  { name: "Aarau", postalCode: "5000", country: "CH", store: "mk-aarau", weight: 4 },
  { name: "Baden", postalCode: "5400", country: "CH", store: "mk-aarau", weight: 3 },
  { name: "Thun", postalCode: "3600", country: "CH", store: "mk-bern", weight: 3 },
  { name: "Biel/Bienne", postalCode: "2502", country: "CH", store: "mk-bern", weight: 3 },
  { name: "Chur", postalCode: "7000", country: "CH", store: "mk-sg", weight: 2 },
  { name: "Schaffhausen", postalCode: "8200", country: "CH", store: "mk-winti", weight: 2 },
  { name: "Uster", postalCode: "8610", country: "CH", store: "mk-zh-oe", weight: 3 },
  { name: "Lausanne", postalCode: "1003", country: "CH", store: "mk-bern", weight: 2 },
  { name: "Konstanz", postalCode: "78462", country: "DE", store: "mk-sg", weight: 1 },
  { name: "Lörrach", postalCode: "79539", country: "DE", store: "mk-basel", weight: 1 },
  { name: "Bregenz", postalCode: "6900", country: "AT", store: "mk-sg", weight: 1 },
];

/** "Jürg Müller-Käser" → "juerg", "mueller-kaeser": what people type in a mail address. */
export function mailSpelling(name: string): string {
  return name
    .toLowerCase()
    .replace(/ä/g, "ae")
    .replace(/ö/g, "oe")
    .replace(/ü/g, "ue")
    .replace(/ß/g, "ss")
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9.-]/g, "");
}
