import { CatalogItem } from "../core/catalog/catalog-item.js";
import {
  CLUB_WINES,
  RECIPES,
  VINELLO_WINES,
  WINE_DETAILS,
  type DemoProduct,
  type DemoRecipe,
} from "./demo-catalogue.js";
import { slug } from "./events/event-helpers.js";
import { KOCHLUST_HOST } from "./events/recipe-events.js";
import { VINELLO_HOST } from "./events/wine-club-events.js";

const vinelloOnly = new Set(VINELLO_WINES.map((w) => w.id));

function wineItem(wine: DemoProduct): CatalogItem {
  const details = WINE_DETAILS[wine.id];
  if (!details) throw new Error(`no details for demo wine "${wine.id}"`);
  const url = `https://${VINELLO_HOST}/weine/${wine.id}-${slug(wine.name)}`;
  return CatalogItem.parse({
    id: wine.id,
    kind: "product",
    brandId: vinelloOnly.has(wine.id) ? "vinello" : "marktkorb",
    category: wine.category,
    attributes: { ...details },
    tags: wine.tags,
    pairsWith: [],
    price: wine.price,
    currency: "CHF",
    // Wine names are proper names: the same in both languages.
    locales: {
      de: { title: wine.name, url },
      en: { title: wine.name, url: `${url}?lang=en` },
    },
  });
}

function recipeItem(recipe: DemoRecipe): CatalogItem {
  const path = `${recipe.id}-${slug(recipe.title)}`;
  return CatalogItem.parse({
    id: recipe.id,
    kind: "recipe",
    brandId: "kochlust",
    attributes: {},
    tags: recipe.tags,
    pairsWith: recipe.pairsWith,
    locales: {
      de: { title: recipe.title, url: `https://${KOCHLUST_HOST}/rezepte/${path}` },
      ...(recipe.titleEn
        ? {
            en: {
              title: recipe.titleEn,
              url: `https://${KOCHLUST_HOST}/en/recipes/${recipe.id}-${slug(recipe.titleEn)}`,
            },
          }
        : {}),
    },
  });
}

/**
 * The demo catalogue as catalogue items: the wines of the supermarket and the wine club
 * (products with style, grape, sweetness and region) and Kochlust's recipes with what they
 * pair with. Some recipes exist only in German.
 */
export function demoCatalogItems(): CatalogItem[] {
  return [...CLUB_WINES.map(wineItem), ...RECIPES.map(recipeItem)];
}
