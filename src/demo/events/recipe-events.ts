import { RECIPES, recipesForWine, type DemoRecipe } from "../demo-catalogue.js";
import type { DemoCustomer } from "../demo-customer.js";
import type { Random } from "../random.js";
import type { DemoLog } from "./demo-log.js";
import { slug } from "./event-helpers.js";
import type { TillVisit } from "./till-events.js";
import { WebVisitor, type WebSession } from "./web-visitor.js";

export const KOCHLUST_HOST = "www.kochlust.ch";

export function viewRecipe(rng: Random, s: WebSession, recipe: DemoRecipe): void {
  s.page(`/rezepte/${recipe.id}-${slug(recipe.title)}`, `Rezept: ${recipe.title}`, {
    recipe_id: recipe.id,
  });
  s.track("Recipe Viewed", {
    recipe_id: recipe.id,
    title: recipe.title,
    tags: recipe.tags,
    pairs_with: recipe.pairsWith,
  });
  if (rng.chance(0.2))
    s.wait(60, 400).track("Recipe Saved", { recipe_id: recipe.id, title: recipe.title });
}

/**
 * Kochlust, the group's recipe portal: members log in (some with Facebook), browse recipes,
 * and look up recipes that go with the wine they just bought (seed 000's cross-brand link).
 */
export function generateRecipeEvents(
  rng: Random,
  log: DemoLog,
  c: DemoCustomer,
  visits: TillVisit[],
): WebVisitor | null {
  if (!c.habits.recipes || !c.userId) return null;
  const cal = log.cal;
  const visitor = new WebVisitor(rng, log, c, "kochlust-web", KOCHLUST_HOST, "kl", rng.int(1, 2));
  const fromDay = c.memberFrom.kochlust;
  if (fromDay === undefined || fromDay > cal.days) return null;
  const first = visitor.session(
    cal.at(fromDay, rng.around(18, 2, 7, 23)),
    "https://www.google.ch/",
  );
  first.page("/", "Kochlust – Rezepte für jeden Tag");
  first.login({
    firstName: c.firstName,
    lastName: c.lastName,
    email: c.email,
    ...(c.facebook ? { facebook: c.facebook } : {}),
    consents: c.consents.kochlust ?? {},
  });
  viewRecipe(rng, first, rng.pick(RECIPES));
  for (let day = fromDay + 1; day <= cal.days; day++) {
    if (!rng.chance(0.15 / 7)) continue;
    const s = visitor.session(cal.at(day, rng.around(17.5, 2.5, 6.5, 23)));
    for (const recipe of rng.sample(RECIPES, rng.int(1, 3))) viewRecipe(rng, s, recipe);
    s.finish();
  }
  for (const visit of visits) {
    const wine = visit.basket.items.find((i) => i.product.category === "wine")?.product;
    if (!wine || visit.day < fromDay || !rng.chance(0.2)) continue;
    const s = visitor.session(visit.at + Math.round((2 + rng.next() * 30) * 3_600_000));
    s.page("/suche", "Suche", { query: wine.tags[0] ?? "wein" });
    for (const recipe of rng.sample(recipesForWine(wine), 2)) viewRecipe(rng, s, recipe);
    s.finish();
  }
  return visitor;
}
