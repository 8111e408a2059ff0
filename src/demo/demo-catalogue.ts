/**
 * What the demo group sells and publishes: the supermarket's and wine club's products, the
 * recipe portal's recipes, the electronics store's appliances, and the stores. Ids are stable,
 * so journeys, recommendations and docs can name them.
 */

/** Rows of `a | b | c` cells, one per line; blank lines are skipped. */
function table(text: string): string[][] {
  return text
    .trim()
    .split("\n")
    .map((line) => line.split("|").map((cell) => cell.trim()))
    .filter((cells) => cells.length > 1);
}

export type ProductCategory =
  | "wine"
  | "antipasti"
  | "cheese"
  | "charcuterie"
  | "bakery"
  | "dairy"
  | "fruit_veg"
  | "pantry"
  | "meat_fish"
  | "drinks"
  | "snacks"
  | "household"
  | "baby"
  | "appliances"
  | "electronics"
  | "service";

export interface DemoProduct {
  id: string;
  name: string;
  category: ProductCategory;
  /** CHF. */
  price: number;
  /** What the product is about: "sparkling", "apero", "italian" … used to match recipes. */
  tags: string[];
}

function products(text: string): DemoProduct[] {
  return table(text).map(([id, name, category, price, tags]) => ({
    id: id ?? "",
    name: name ?? "",
    category: (category ?? "pantry") as ProductCategory,
    price: Number(price),
    tags: (tags ?? "").split(/\s+/).filter(Boolean),
  }));
}

/** The Bio Prosecco of seed 000: what Marco Fritsche buys at the till. */
export const PROSECCO_ID = "mk-wine-1001";

export const WINES = products(`
  mk-wine-1001 | Bio Prosecco DOC Casa dal Sole          | wine | 12.95 | sparkling prosecco italian apero bio
  mk-wine-1002 | Prosecco Superiore DOCG Colle Alto      | wine | 16.90 | sparkling prosecco italian apero
  mk-wine-1003 | Chianti Classico DOCG Poggio Rosso      | wine | 18.50 | red chianti italian pasta
  mk-wine-1004 | Rioja Crianza Viña Serena               | wine | 14.90 | red rioja spanish grill
  mk-wine-1005 | Riesling Kabinett Mosel Schieferhang    | wine | 15.50 | white riesling german asian
  mk-wine-1006 | Fendant du Valais AOC Rive Gauche       | wine | 13.90 | white fendant swiss fondue raclette
  mk-wine-1007 | Dôle du Valais AOC Pierre Grise         | wine | 16.50 | red dole swiss cheese
  mk-wine-1008 | Champagne Brut Maison Delorme           | wine | 39.90 | sparkling champagne french festive apero
  mk-wine-1009 | Primitivo di Manduria Terra Rossa       | wine | 13.50 | red primitivo italian grill
  mk-wine-1010 | Merlot del Ticino DOC Monte Lema        | wine | 21.90 | red merlot swiss risotto
  mk-wine-1011 | Grüner Veltliner Wachau Terrassen       | wine | 14.50 | white veltliner austrian asparagus
  mk-wine-1012 | Rosé de Provence Côte Douce             | wine | 12.90 | rose french summer apero
  mk-wine-1013 | Amarone della Valpolicella Villa Brina  | wine | 42.00 | red amarone italian festive
  mk-wine-1014 | Cava Brut Reserva Costa Brava           | wine |  9.95 | sparkling cava spanish apero
  mk-wine-1015 | Pinot Noir Bündner Herrschaft AOC       | wine | 24.50 | red pinot swiss game
  mk-wine-1016 | Chasselas Lavaux AOC Terrasses du Lac   | wine | 17.90 | white chasselas swiss fish apero
`);

/** The wine club's own selection: sold by Vinello only (its shop and Weinpost), not at the till. */
export const VINELLO_WINES = products(`
  vn-wine-2001 | Moscato d'Asti DOCG Bricco Dolce        | wine | 14.90 | sweet moscato italian dessert
  vn-wine-2002 | Sauternes AOC Château Lune d'Or          | wine | 34.00 | sweet sauternes french dessert festive
  vn-wine-2003 | Crémant d'Alsace Brut Maison Kessler     | wine | 17.50 | sparkling cremant french apero
  vn-wine-2004 | Franciacorta DOCG Brut Lago d'Iseo       | wine | 29.50 | sparkling franciacorta italian festive
  vn-wine-2005 | Barolo DOCG Serralunga Vigna Alta        | wine | 48.00 | red barolo italian festive game
  vn-wine-2006 | Sancerre AOC Les Caillottes              | wine | 26.90 | white sauvignon french fish
  vn-wine-2007 | Tawny Port 10 Anos Quinta do Rio         | wine | 32.00 | sweet port portuguese dessert cheese
  vn-wine-2008 | Gewurztraminer Alsace AOC Grand Vent     | wine | 19.90 | white gewuerztraminer french asian
  vn-wine-2009 | Œil-de-Perdrix Neuchâtel AOC Lac Clair   | wine | 18.50 | rose oeil-de-perdrix swiss apero summer
  vn-wine-2010 | Cornalin du Valais AOC Roc Noir          | wine | 27.50 | red cornalin swiss cheese game
  vn-wine-2011 | Vin Santo del Chianti DOC Podere Sole    | wine | 31.00 | sweet vin-santo italian dessert
`);

/** What a wine is, for the catalogue's attributes: style, grape, sweetness, region. */
export interface WineDetails {
  style: "sparkling" | "white" | "red" | "rose" | "sweet";
  grape: string;
  sweetness: string;
  region: string;
}

export const WINE_DETAILS: Record<string, WineDetails> = Object.fromEntries(
  table(`
  mk-wine-1001 | sparkling | glera              | brut      | veneto
  mk-wine-1002 | sparkling | glera              | extra-dry | veneto
  mk-wine-1003 | red       | sangiovese         | dry       | toscana
  mk-wine-1004 | red       | tempranillo        | dry       | rioja
  mk-wine-1005 | white     | riesling           | off-dry   | mosel
  mk-wine-1006 | white     | chasselas          | dry       | valais
  mk-wine-1007 | red       | gamay              | dry       | valais
  mk-wine-1008 | sparkling | chardonnay         | brut      | champagne
  mk-wine-1009 | red       | primitivo          | dry       | puglia
  mk-wine-1010 | red       | merlot             | dry       | ticino
  mk-wine-1011 | white     | gruener-veltliner  | dry       | wachau
  mk-wine-1012 | rose      | grenache           | dry       | provence
  mk-wine-1013 | red       | corvina            | dry       | valpolicella
  mk-wine-1014 | sparkling | macabeo            | brut      | penedes
  mk-wine-1015 | red       | pinot-noir         | dry       | graubuenden
  mk-wine-1016 | white     | chasselas          | dry       | lavaux
  vn-wine-2001 | sweet     | moscato            | sweet     | piemonte
  vn-wine-2002 | sweet     | semillon           | sweet     | bordeaux
  vn-wine-2003 | sparkling | pinot-blanc        | brut      | alsace
  vn-wine-2004 | sparkling | chardonnay         | brut      | lombardia
  vn-wine-2005 | red       | nebbiolo           | dry       | piemonte
  vn-wine-2006 | white     | sauvignon-blanc    | dry       | loire
  vn-wine-2007 | sweet     | touriga-nacional   | sweet     | douro
  vn-wine-2008 | white     | gewuerztraminer    | off-dry   | alsace
  vn-wine-2009 | rose      | pinot-noir         | dry       | neuchatel
  vn-wine-2010 | red       | cornalin           | dry       | valais
  vn-wine-2011 | sweet     | trebbiano          | sweet     | toscana
`).map(([id, style, grape, sweetness, region]) => [
    id ?? "",
    {
      style: (style ?? "red") as WineDetails["style"],
      grape: grape ?? "",
      sweetness: sweetness ?? "",
      region: region ?? "",
    },
  ]),
);

/** Every wine the wine club sells: the supermarket's and its own selection. */
export const CLUB_WINES: DemoProduct[] = [...WINES, ...VINELLO_WINES];

export const GROCERIES = products(`
  mk-2001 | Oliven Taggiasca entsteint               | antipasti   |  4.95 | apero italian
  mk-2002 | Getrocknete Tomaten in Olivenöl          | antipasti   |  3.95 | apero italian
  mk-2003 | Parmigiano Reggiano 24 Monate            | cheese      |  7.90 | apero italian pasta
  mk-2004 | Bresaola della Valtellina                | charcuterie |  8.50 | apero italian
  mk-2005 | Grissini Torinesi                        | bakery      |  2.95 | apero italian
  mk-2006 | Mozzarella di Bufala                     | cheese      |  3.60 | italian summer
  mk-2007 | Ricotta fresca                           | cheese      |  2.40 | italian
  mk-2008 | Gruyère AOP rezent                       | cheese      |  6.80 | swiss fondue
  mk-2009 | Raclettekäse Scheiben                    | cheese      |  9.90 | swiss raclette winter
  mk-2010 | Fondue moitié-moitié                     | cheese      | 14.50 | swiss fondue winter
  mk-2011 | Ruchbrot                                 | bakery      |  3.20 | swiss
  mk-2012 | Butterzopf                               | bakery      |  4.50 | swiss sunday
  mk-2013 | Vollmilch 1 l                            | dairy       |  1.70 | daily
  mk-2014 | Vorzugsbutter                            | dairy       |  3.20 | daily
  mk-2015 | Freilandeier 6 Stück                     | dairy       |  4.60 | daily
  mk-2016 | Naturejoghurt                            | dairy       |  0.90 | daily
  mk-2017 | Tomaten Rispen                           | fruit_veg   |  4.20 | italian summer
  mk-2018 | Auberginen                               | fruit_veg   |  3.50 | italian mediterranean
  mk-2019 | Zucchetti                                | fruit_veg   |  2.90 | mediterranean
  mk-2020 | Rüebli Bund                              | fruit_veg   |  2.40 | daily
  mk-2021 | Kartoffeln festkochend 2.5 kg            | fruit_veg   |  4.95 | swiss daily
  mk-2022 | Äpfel Gala                               | fruit_veg   |  3.80 | daily
  mk-2023 | Bananen Fairtrade                        | fruit_veg   |  2.60 | daily
  mk-2024 | Basilikum Topf                           | fruit_veg   |  2.95 | italian
  mk-2025 | Spaghetti No. 5                          | pantry      |  1.95 | italian pasta
  mk-2026 | Risottoreis Carnaroli                    | pantry      |  3.90 | italian risotto
  mk-2027 | Olivenöl extra vergine                   | pantry      |  9.50 | italian
  mk-2028 | Birchermüesli                            | pantry      |  4.90 | swiss daily
  mk-2029 | Kaffee Bohnen Crema                      | pantry      | 11.90 | daily
  mk-2030 | Milchschokolade Alpenmilch               | snacks      |  2.20 | swiss sweet
  mk-2031 | Paprika-Chips                            | snacks      |  3.40 | apero party
  mk-2032 | Pouletbrust Schweiz                      | meat_fish   | 12.90 | grill
  mk-2033 | Rindshackfleisch                         | meat_fish   |  8.90 | pasta
  mk-2034 | Lachsfilet ASC                           | meat_fish   | 11.50 | fish
  mk-2035 | Cervelat 2 Stück                         | meat_fish   |  3.90 | swiss grill
  mk-2036 | Kalbsgeschnetzeltes                      | meat_fish   | 16.90 | swiss festive
  mk-2037 | Mineralwasser 6 × 1.5 l                  | drinks      |  4.50 | daily
  mk-2038 | Lager-Bier 6 × 33 cl                     | drinks      |  7.90 | grill party
  mk-2039 | Apfelschorle                             | drinks      |  1.60 | daily
  mk-2040 | Waschmittel Color 2 l                    | household   | 12.50 | household
  mk-2041 | Haushaltpapier 4 Rollen                  | household   |  5.40 | household
  mk-2042 | Windeln Grösse 4                         | baby        | 16.90 | baby family
  mk-2043 | Babybrei Karotte                         | baby        |  1.60 | baby family
  mk-2044 | Spargeln grün                            | fruit_veg   |  6.90 | spring asparagus
  mk-2045 | Pesto alla Genovese                      | pantry      |  3.60 | italian pasta
  mk-2046 | Prosciutto crudo                         | charcuterie |  6.90 | apero italian
`);

/** The apéro basket of seed 000: olives, dried tomatoes, parmesan, bresaola. */
export const APERO_IDS = ["mk-2001", "mk-2002", "mk-2003", "mk-2004"] as const;

export const WASHING_MACHINES = products(`
  vt-5001 | Lavanta WM 814 Eco, 8 kg, A            | appliances | 1049.00 | washing_machine
  vt-5002 | Aquaris PerfectCare 9 kg               | appliances | 1290.00 | washing_machine
  vt-5003 | Nordwind W 7400, 7 kg                  | appliances |  749.00 | washing_machine
  vt-5004 | Bergquell Silent 8 kg                  | appliances | 1190.00 | washing_machine
  vt-5005 | Lavanta WM 1016 Steam, 10 kg           | appliances | 1590.00 | washing_machine
`);

export const ELECTRONICS = products(`
  vt-6001 | Kopfhörer Sonora ANC 700               | electronics | 199.00 | audio
  vt-6002 | Fernseher Lumivo 55" 4K                | electronics | 799.00 | tv
  vt-6003 | Kaffeevollautomat Bellacrema 300       | appliances  | 549.00 | coffee
  vt-6004 | Staubsauger-Roboter Kehrwisch R5       | appliances  | 379.00 | cleaning
  vt-6005 | Smartphone-Ladegerät 65 W              | electronics |  39.90 | accessory
  vt-6006 | Wasserkocher Alpina 1.7 l              | appliances  |  49.90 | kitchen
`);

export const SERVICES = products(`
  vt-9001 | Lieferung und Installation             | service |  89.00 | delivery
  vt-9002 | Altgeräte-Entsorgung                   | service |  39.00 | recycling
  vt-9003 | Garantieverlängerung 3 Jahre           | service | 129.00 | warranty
`);

export interface DemoRecipe {
  id: string;
  /** The German title (Kochlust's main site). */
  title: string;
  /** The English title; missing for recipes only published in German. */
  titleEn?: string;
  tags: string[];
  /** Tags and attribute values of the wines that go with it (matched against wines). */
  pairsWith: string[];
}

/** Kochlust's recipes: German title | English title ("-": German only) | tags | wines it pairs with. */
export const RECIPES: DemoRecipe[] = table(`
  kl-101 | Auberginen-Taschen mit Ricotta und Tomaten | Aubergine parcels with ricotta and tomatoes | apero italian vegetarian | prosecco sparkling
  kl-102 | Crostini mit Bresaola und Parmesan         | Crostini with bresaola and parmesan         | apero italian quick      | prosecco sparkling
  kl-103 | Bruschetta mit getrockneten Tomaten        | Bruschetta with sun-dried tomatoes          | apero italian vegetarian | prosecco rose
  kl-104 | Risotto mit Steinpilzen                    | Porcini risotto                             | italian risotto autumn   | merlot chianti
  kl-105 | Spaghetti al Pesto mit Bohnen              | Spaghetti al pesto with green beans         | italian pasta quick      | chasselas rose
  kl-106 | Älplermagronen mit Apfelmus                | -                                           | swiss classic            | dole pinot
  kl-107 | Zürcher Geschnetzeltes mit Rösti           | Zurich-style sliced veal with rösti         | swiss festive            | pinot chasselas
  kl-108 | Käsefondue moitié-moitié                   | Cheese fondue moitié-moitié                 | swiss fondue winter      | fendant chasselas
  kl-109 | Raclette-Abend für Gäste                   | A raclette evening for guests               | swiss raclette winter    | fendant dole
  kl-110 | Vitello tonnato                            | Vitello tonnato                             | italian apero summer     | prosecco chasselas
  kl-111 | Saltimbocca alla romana                    | Saltimbocca alla romana                     | italian festive          | chianti
  kl-112 | Grüne Spargeln mit Sauce hollandaise       | Green asparagus with hollandaise sauce      | spring asparagus         | veltliner riesling
  kl-113 | Bündner Gerstensuppe                       | -                                           | swiss winter soup        | pinot
  kl-114 | Birchermüesli nach Originalrezept          | The original Bircher muesli                 | swiss breakfast          |
  kl-115 | Aprikosenwähe                              | Apricot tart                                | swiss sweet summer       | riesling
  kl-116 | Tiramisù                                   | Tiramisù                                    | italian sweet            | prosecco
  kl-117 | Ofengemüse mit Feta                        | Roasted vegetables with feta                | vegetarian mediterranean | rose rioja
  kl-118 | Lachs aus dem Ofen mit Zitronenbutter      | Oven-baked salmon with lemon butter         | fish quick               | chasselas riesling
  kl-119 | Grillierte Pouletspiessli                  | Grilled chicken skewers                     | grill summer             | rose primitivo
  kl-120 | Caprese-Spiesse                            | Caprese skewers                             | apero italian summer     | prosecco rose
  kl-121 | Amuse-Bouches mit Champagner               | Champagne amuse-bouches                     | apero festive            | champagne sparkling
  kl-122 | Thai-Curry mit Gemüse                      | Thai vegetable curry                        | asian vegetarian         | riesling
  kl-123 | Prosecco-Zabaione mit Erdbeeren            | -                                           | italian sweet dessert    | prosecco glera sparkling
  kl-124 | Fritto misto di mare                       | Fritto misto: fried seafood                 | italian fish apero       | prosecco glera sparkling
  kl-125 | Risotto al Prosecco mit Zitrone            | Prosecco risotto with lemon                 | italian risotto          | prosecco glera sparkling
  kl-126 | Pappardelle mit Wildschweinragout          | Pappardelle with wild boar ragù             | italian pasta game autumn | chianti sangiovese red
  kl-127 | Bistecca alla fiorentina                   | Florentine T-bone steak                     | italian grill festive    | chianti sangiovese red
  kl-128 | Ribollita (toskanische Brotsuppe)          | Ribollita (Tuscan bread soup)               | italian vegetarian soup winter | chianti sangiovese
  kl-129 | Austern mit Schalotten-Vinaigrette         | Oysters with shallot vinaigrette            | fish festive apero       | champagne chardonnay sparkling
  kl-130 | Gougères (Käsewindbeutel)                  | Gougères (cheese puffs)                     | french apero             | champagne cremant sparkling
  kl-131 | Tortilla española                          | Spanish tortilla                            | spanish apero vegetarian | cava macabeo sparkling
  kl-132 | Pan con tomate mit Serranoschinken         | Pan con tomate with serrano ham             | spanish apero quick      | cava macabeo sparkling
  kl-133 | Elsässer Flammkuchen                       | Alsatian tarte flambée                      | french apero             | cremant pinot-blanc gewuerztraminer
  kl-134 | Paella valenciana                          | Paella valenciana                           | spanish festive          | rioja tempranillo rose
  kl-135 | Lammkoteletts mit Rosmarin                 | Lamb chops with rosemary                    | grill festive            | rioja tempranillo red
  kl-136 | Chili con carne                            | Chili con carne                             | party spicy              | primitivo red
  kl-137 | Orecchiette mit Cime di rapa               | Orecchiette with turnip tops                | italian pasta vegetarian | primitivo
  kl-138 | Brasato al Barolo                          | Beef braised in Barolo                      | italian festive winter   | barolo nebbiolo red
  kl-139 | Tajarin mit weissem Trüffel                | Tajarin with white truffle                  | italian pasta festive autumn | barolo nebbiolo
  kl-140 | Risotto all'Amarone                        | Amarone risotto                             | italian risotto winter   | amarone corvina
  kl-141 | Rehpfeffer mit Spätzli                     | Venison stew with spätzle                   | swiss game autumn        | pinot pinot-noir cornalin red
  kl-142 | Walliser Cholera                           | -                                           | swiss vegetarian classic | fendant chasselas
  kl-143 | Forellenfilets nach Müllerinart            | Trout meunière                              | fish swiss quick         | chasselas fendant white
  kl-144 | Egli-Knusperli mit Tartarsauce             | Crispy perch fillets with tartare sauce     | fish swiss               | chasselas white
  kl-145 | Wiener Schnitzel mit Kartoffelsalat        | Wiener schnitzel with potato salad          | austrian classic         | veltliner gruener-veltliner white
  kl-146 | Spargelrisotto                             | Asparagus risotto                           | italian risotto spring vegetarian | veltliner sauvignon
  kl-147 | Ziegenkäse-Tarte mit Honig                 | Goat's cheese tart with honey               | french vegetarian        | sauvignon sauvignon-blanc
  kl-148 | Moules marinières                          | Moules marinières (mussels in white wine)   | french fish              | sauvignon chasselas white
  kl-149 | Sushi-Bowl mit Lachs                       | Salmon sushi bowl                           | asian fish quick         | riesling
  kl-150 | Entenbrust mit Orangensauce                | Duck breast with orange sauce               | french festive           | pinot pinot-noir merlot
  kl-151 | Kürbisrisotto mit Salbei                   | Pumpkin risotto with sage                   | italian risotto autumn vegetarian | merlot chardonnay
  kl-152 | Pad Thai mit Crevetten                     | Pad thai with prawns                        | asian quick              | gewuerztraminer riesling
  kl-153 | Salade niçoise                             | Salade niçoise                              | french summer fish       | rose grenache
  kl-154 | Gazpacho                                   | Gazpacho                                    | spanish summer vegetarian | rose
  kl-155 | Crème brûlée                               | Crème brûlée                                | french sweet dessert     | sauternes moscato sweet
  kl-156 | Panna cotta mit Beeren                     | Panna cotta with berries                    | italian sweet dessert    | moscato sweet
  kl-157 | Foie-gras-Terrine mit Brioche              | Foie gras terrine with brioche              | french festive           | sauternes sweet
  kl-158 | Stilton mit Birnen und Baumnüssen          | Stilton with pears and walnuts              | cheese dessert           | port sweet
  kl-159 | Cantucci zum Eintunken                     | Cantucci for dipping                        | italian sweet            | vin-santo sweet
  kl-160 | Blinis mit Räucherlachs                    | Blinis with smoked salmon                   | apero festive fish       | sparkling champagne cremant
  kl-161 | Meringues mit Greyerzer Doppelrahm         | -                                           | swiss sweet              | moscato sweet
`).map(([id, title, titleEn, tags, pairs]) => ({
  id: id ?? "",
  title: title ?? "",
  ...(titleEn && titleEn !== "-" ? { titleEn } : {}),
  tags: (tags ?? "").split(/\s+/).filter(Boolean),
  pairsWith: (pairs ?? "").split(/\s+/).filter(Boolean),
}));

/** Recipes that go with a wine: the recommendation of seed 000 ("passend zu Ihrem Prosecco"). */
export function recipesForWine(wine: DemoProduct): DemoRecipe[] {
  return RECIPES.filter((r) => r.pairsWith.some((tag) => wine.tags.includes(tag)));
}

export interface DemoStore {
  id: string;
  name: string;
  city: string;
}

export const MARKTKORB_STORES: DemoStore[] = table(`
  mk-zh-hb  | Marktkorb Zürich Hauptbahnhof | Zürich
  mk-zh-oe  | Marktkorb Zürich Oerlikon     | Zürich
  mk-winti  | Marktkorb Winterthur Neuwiesen | Winterthur
  mk-bern   | Marktkorb Bern Bahnhof        | Bern
  mk-basel  | Marktkorb Basel Marktplatz    | Basel
  mk-luzern | Marktkorb Luzern Pilatusplatz | Luzern
  mk-sg     | Marktkorb St. Gallen Neumarkt | St. Gallen
  mk-aarau  | Marktkorb Aarau Telli         | Aarau
`).map(([id, name, city]) => ({ id: id ?? "", name: name ?? "", city: city ?? "" }));

export const VOLTARO_STORES: DemoStore[] = table(`
  vt-zh    | Voltaro Zürich Letzipark | Zürich
  vt-winti | Voltaro Winterthur       | Winterthur
  vt-bern  | Voltaro Bern Westside    | Bern
  vt-basel | Voltaro Basel Stücki     | Basel
`).map(([id, name, city]) => ({ id: id ?? "", name: name ?? "", city: city ?? "" }));

export const ALL_PRODUCTS: DemoProduct[] = [
  ...WINES,
  ...VINELLO_WINES,
  ...GROCERIES,
  ...WASHING_MACHINES,
  ...ELECTRONICS,
  ...SERVICES,
];

export function productById(id: string): DemoProduct {
  const product = ALL_PRODUCTS.find((p) => p.id === id);
  if (!product) throw new Error(`no demo product "${id}"`);
  return product;
}

/** A product as a line item of the Segment e-commerce spec. */
export function lineItem(product: DemoProduct, quantity = 1) {
  return {
    product_id: product.id,
    sku: product.id,
    name: product.name,
    category: product.category,
    price: product.price,
    quantity,
  };
}
