import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseJourney } from "../../src/core/journeys/journey-definition.js";
import { JourneyWorker } from "../../src/journeys/journey-worker.js";
import type { Store } from "../../src/storage/store.js";
import { engines, freshStore } from "../support/databases.js";
import { event, seedSources } from "../support/world.js";

const birthdayJourney = (() => {
  const parsed = parseJourney({
    id: "birthday",
    version: 1,
    name: "Geburtstag",
    entry: { type: "date_trait", trait: "birthday", time: "09:00" },
    reentry: { type: "every_time" },
    start: "gift",
    steps: {
      gift: { type: "update_trait", trait: "lastBirthdayGreeting", value: "sent", next: "end" },
      end: { type: "exit" },
    },
  });
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.value;
})();

describe.each(await engines())("date-trait entries on %s", (engine) => {
  let store: Store;
  let cleanup: () => Promise<void>;

  beforeEach(async () => {
    ({ store, cleanup } = await freshStore(engine));
    const src = await seedSources(store);
    const people: [string, unknown][] = [
      ["u-today", "1983-05-05"],
      ["u-swiss", "05.05.1990"],
      ["u-tomorrow", "1983-05-06"],
      ["u-garbage", "not a date"],
      ["u-number", 19830505],
    ];
    await store.ingest.ingest(
      people.map(([userId, birthday]) =>
        event(src.shop, {
          type: "identify",
          userId,
          traits: { birthday, timezone: "Europe/Zurich" },
        }),
      ),
    );
    const version = await store.journeys.saveVersion(birthdayJourney, "test");
    await store.journeys.setStatus(
      "birthday",
      "published",
      version,
      Date.parse("2026-05-01T00:00:00Z"),
    );
  });
  afterEach(() => cleanup());

  const entered = async () => {
    const ids: string[] = [];
    for (const userId of ["u-today", "u-swiss", "u-tomorrow", "u-garbage", "u-number"]) {
      const id = (await store.profiles.findByIdentifier({ type: "user_id", value: userId }))!;
      if ((await store.journeys.runsOfProfile(id, "birthday")).length > 0) ids.push(userId);
    }
    return ids;
  };

  it("customers whose birthday is today enter once, at 9:00 local time; a second scan or process adds nothing", async () => {
    await new JourneyWorker(store).runOnce(Date.parse("2026-05-05T06:30:00Z"));
    expect(await entered()).toEqual([]);
    await new JourneyWorker(store).runOnce(Date.parse("2026-05-05T07:05:00Z"));
    expect(await entered()).toEqual(["u-today", "u-swiss"]);
    const again = new JourneyWorker(store);
    await again.runOnce(Date.parse("2026-05-05T12:00:00Z"));
    await again.runOnce(Date.parse("2026-05-05T18:00:00Z"));
    expect(await entered()).toEqual(["u-today", "u-swiss"]);
    const id = (await store.profiles.findByIdentifier({ type: "user_id", value: "u-today" }))!;
    const [run] = await store.journeys.runsOfProfile(id, "birthday");
    expect(run).toMatchObject({ status: "completed", trigger: { name: "Date Reached" } });
    expect((await store.profiles.get(id))?.traits[""]).toMatchObject({
      lastBirthdayGreeting: "sent",
    });
    // next year: again
    await new JourneyWorker(store).runOnce(Date.parse("2027-05-05T07:05:00Z"));
    expect(await store.journeys.runsOfProfile(id, "birthday")).toHaveLength(2);
  });
});
