import { isConsentGiven } from "../core/consent/consent.js";
import { assertNever } from "../core/shared/assert-never.js";
import { newId } from "../core/shared/ids.js";
import { advanceRun, type AdvanceContext, type RunInput } from "../core/journeys/advance-run.js";
import type { JourneyDefinition } from "../core/journeys/journey-definition.js";
import {
  decideEntry,
  isSegmentEvent,
  listensToSegments,
  segmentEventName,
} from "../core/journeys/journey-entry.js";
import type { JourneyCommand, JourneyRun } from "../core/journeys/journey-run.js";
import { channelReaches } from "../core/profiles/reachability.js";
import { AppFailure, ErrorCode } from "../core/shared/result.js";
import { timeZoneOf } from "../messaging/message-facts.js";
import type { JourneyWrites } from "../storage/sql/journey-store.js";
import type { SegmentChangeRow } from "../storage/sql/segment-store.js";
import type { Store } from "../storage/store.js";
import { FactsBook, pendingOf, withPending } from "./facts-book.js";

type TriggerEvent = NonNullable<JourneyRun["trigger"]>;

/**
 * Runs published journeys: events start runs and move waiting ones, due runs are advanced by
 * `tick`, and commands are carried out. Every send is written to the send ledger first, keyed
 * by run, step and version, so a replay never sends twice; the delivery stage (Deliverer)
 * takes it from there.
 */
export class JourneyRunner {
  private published: {
    until: number;
    definitions: { definition: JourneyDefinition; publishedAt: number }[];
  } = { until: 0, definitions: [] };
  private readonly versions = new Map<string, JourneyDefinition>();

  constructor(
    private readonly store: Store,
    private readonly options: {
      leaseMs?: number;
      batchSize?: number;
      defaultTimeZone?: string;
      /** Test mode: how long every wait lasts (default 5 s). */
      testWaitMs?: number;
    } = {},
  ) {}

  /** Published definitions, re-read every few seconds so publishing reaches every process. */
  private async definitions(
    now: number,
  ): Promise<{ definition: JourneyDefinition; publishedAt: number }[]> {
    if (this.published.until > now) return this.published.definitions;
    const definitions: { definition: JourneyDefinition; publishedAt: number }[] = [];
    for (const journey of await this.store.journeys.list()) {
      if (journey.status !== "published" || journey.publishedVersion === null) continue;
      const definition = await this.store.journeys.version(journey.id, journey.publishedVersion);
      if (definition) definitions.push({ definition, publishedAt: journey.publishedAt ?? 0 });
    }
    this.published = { until: now + 2_000, definitions };
    return definitions;
  }

  /** A stored version of a journey: versions never change once saved, so they are kept. */
  private async version(journeyId: string, version: number) {
    const key = `${journeyId}\u0000${version}`;
    const known = this.versions.get(key);
    if (known) return known;
    const definition = await this.store.journeys.version(journeyId, version);
    if (definition) this.versions.set(key, definition);
    return definition;
  }

  /** Whether any journey is published (journeys react to events from then on). */
  async hasPublished(now = Date.now()): Promise<boolean> {
    return (await this.definitions(now)).length > 0;
  }

  private async context(
    profileId: string,
    mode: JourneyRun["mode"] = "live",
    facts: FactsBook = new FactsBook(this.store),
  ): Promise<AdvanceContext> {
    const known = await facts.of(profileId);
    const traits = known?.traits ?? {};
    const consents = known?.consents ?? [];
    const addresses = known?.identifierTypes ?? new Set<string>();
    return {
      traits,
      hasConsent: (brandId, purpose) =>
        isConsentGiven(
          consents.find((c) => c.brandId === brandId && c.purpose === purpose),
          Date.now(),
        ),
      segments: facts.segmentsOf(known?.canonicalId ?? profileId),
      reachable: (channel) => channelReaches(addresses, channel),
      timeZone: timeZoneOf(traits, this.options.defaultTimeZone ?? "Europe/Zurich"),
      ...(mode === "test" ? { testWaitMs: this.options.testWaitMs ?? 5_000 } : {}),
    };
  }

  /**
   * Stored events reach the journeys: goals and exits first, then waits, then new entries.
   * `eventId` makes a replay harmless: a run started by an event has an id derived from it.
   */
  async onEvents(
    events: {
      eventId: number;
      profileId: string;
      brandId?: string;
      name: string;
      properties: Record<string, unknown>;
      timestamp: number;
      receivedAt: number;
    }[],
    now = Date.now(),
    /** The feed position after these events, saved in the same transaction as their effects. */
    feedCursor?: number,
  ): Promise<void> {
    const definitions = await this.definitions(now);
    if (definitions.length === 0) {
      if (feedCursor !== undefined) await this.store.journeys.setFeedCursor(feedCursor);
      return;
    }
    // The batch's writes go to the database in one transaction at the end (one commit, not
    // several per event); runs written earlier in the batch are seen through `pending`.
    const writes: JourneyWrites = { runs: [], sends: [], counts: [], feedCursor };
    // What the batch's customers are and have is read for all of them at once.
    const facts = new FactsBook(this.store);
    await facts.load(events.map((e) => e.profileId));
    const preloaded = new Set(facts.canonicalIds());
    const stored = await this.store.journeys.runsOfProfiles([...preloaded]);
    const pending = new Map<string, Map<string, JourneyRun>>();
    let seen = 0;
    for (const event of events) {
      for (; seen < writes.runs.length; seen++) {
        const run = writes.runs[seen] as JourneyRun;
        const ofProfile = pending.get(run.profileId) ?? new Map<string, JourneyRun>();
        ofProfile.set(run.id, run);
        pending.set(run.profileId, ofProfile);
      }
      const profileId = (await facts.of(event.profileId))?.canonicalId;
      // Segment entries and exits reach journeys from the segment feed only: a tracked event
      // of that name moves and starts nothing.
      if (!profileId || isSegmentEvent(event.name)) continue;
      const trigger: TriggerEvent = {
        name: event.name,
        properties: event.properties,
        timestamp: event.timestamp,
        ...(event.brandId ? { brandId: event.brandId } : {}),
      };
      const live = { ...(await this.context(profileId, "live", facts)), event: trigger };
      // A customer merged into another while the batch ran was not read with it.
      const storedRuns = preloaded.has(profileId)
        ? (stored.get(profileId) ?? [])
        : await this.store.journeys.runsOfProfile(profileId);
      const runs = withPending(storedRuns, pending.get(profileId));
      for (const run of runs) {
        if (run.status !== "waiting" && run.status !== "active") continue;
        const definition = await this.version(run.journeyId, run.version);
        const context =
          run.mode === "test"
            ? { ...(await this.context(profileId, "test", facts)), event: trigger }
            : live;
        if (definition)
          await this.step(
            run,
            definition,
            { type: "event", event: trigger },
            now,
            context,
            writes,
            facts,
          );
      }
      for (const { definition, publishedAt } of definitions) {
        // Events received before the journey went live are history, not triggers.
        if (event.receivedAt < publishedAt) continue;
        // Only the segment feed enters segment journeys: a tracked "Segment Entered" cannot.
        if (definition.entry.type === "segment") continue;
        const runId = `run_${definition.id}_${event.eventId}`;
        const previous = runs.filter((r) => r.journeyId === definition.id && r.id !== runId);
        if (runs.some((r) => r.id === runId)) continue; // this event already started it
        const decision = decideEntry(
          definition,
          trigger,
          live,
          previous.filter((r) => r.mode === "live"),
          now,
        );
        if (decision.enter)
          await this.start(
            definition,
            profileId,
            trigger,
            decision.instanceKey,
            now,
            live,
            runId,
            "live",
            writes,
            facts,
          );
      }
    }
    await this.store.journeys.saveBatch(writes);
  }

  /**
   * Segment entries and exits reach journeys: they start journeys with a segment entry (a run
   * per change, so a replay starts nothing twice), and reach running runs as the events
   * "Segment Entered" / "Segment Left" (`properties.segment_id`) — a goal, an exit or a wait can
   * name them ("leave the win-back journey when no longer lapsed"). Changes from a segment's
   * first build, and those before a journey was published, start nothing.
   */
  async onSegmentChanges(
    changes: SegmentChangeRow[],
    now = Date.now(),
    /** The segment feed read up to here, saved with what the changes caused. */
    cursor?: number,
  ): Promise<number> {
    const writes: JourneyWrites = { runs: [], sends: [], counts: [], segmentCursor: cursor };
    const published = await this.definitions(now);
    const entering = published.filter((d) => d.definition.entry.type === "segment");
    const relevant = changes.filter((c) => !c.initial);
    const facts = new FactsBook(this.store);
    await facts.load(relevant.map((c) => c.profileId));
    const stored = await this.store.journeys.runsOfProfiles(facts.canonicalIds());
    let started = 0;
    for (const change of relevant) {
      const profileId = (await facts.of(change.profileId))?.canonicalId;
      if (!profileId) continue;
      const trigger: TriggerEvent = {
        name: segmentEventName[change.change],
        properties: { segment_id: change.segmentId },
        timestamp: change.at,
      };
      const context = { ...(await this.context(profileId, "live", facts)), event: trigger };
      const runs = () => withPending(stored.get(profileId) ?? [], pendingOf(writes, profileId));
      for (const run of runs()) {
        if (run.status !== "waiting" && run.status !== "active") continue;
        // Not the run this change started, nor one started by something that came after it.
        if (run.id.endsWith(`_seg${change.id}`) || (run.trigger?.timestamp ?? 0) > change.at)
          continue;
        const definition = await this.version(run.journeyId, run.version);
        if (definition && listensToSegments(definition))
          await this.step(
            run,
            definition,
            { type: "event", event: trigger },
            now,
            context,
            writes,
            facts,
          );
      }
      for (const { definition, publishedAt } of entering) {
        if (change.at < publishedAt) continue;
        const runId = `run_${definition.id}_seg${change.id}`;
        const all = runs();
        if (all.some((r) => r.id === runId)) continue;
        const previous = all.filter((r) => r.journeyId === definition.id && r.mode === "live");
        if (!decideEntry(definition, trigger, context, previous, now).enter) continue;
        await this.start(
          definition,
          profileId,
          trigger,
          null,
          now,
          context,
          runId,
          "live",
          writes,
          facts,
        );
        started++;
      }
    }
    await this.store.journeys.saveBatch(writes);
    return started;
  }

  private async start(
    definition: JourneyDefinition,
    profileId: string,
    trigger: TriggerEvent | null,
    instanceKey: string | null,
    now: number,
    context: AdvanceContext,
    runId = newId("run", now),
    mode: JourneyRun["mode"] = "live",
    writes?: JourneyWrites,
    facts?: FactsBook,
  ): Promise<JourneyRun> {
    const run: JourneyRun = {
      id: runId,
      journeyId: definition.id,
      version: definition.version,
      profileId,
      instanceKey,
      status: "active",
      stepId: definition.start,
      waiting: null,
      trigger,
      variants: {},
      enteredAt: now,
      updatedAt: now,
      endedAt: null,
      exitReason: null,
      mode,
    };
    return this.step(run, definition, { type: "start" }, now, context, writes, facts);
  }

  /**
   * Starts a run that no stored event triggered (a date trait reached): `runId` is derived
   * from the occurrence, so a second scan of the same day starts nothing. Returns false when
   * the run exists already.
   */
  async enter(
    definition: JourneyDefinition,
    profileId: string,
    trigger: TriggerEvent,
    runId: string,
    now = Date.now(),
  ): Promise<boolean> {
    if (await this.store.journeys.run(runId)) return false;
    const context = { ...(await this.context(profileId)), event: trigger };
    await this.start(definition, profileId, trigger, null, now, context, runId);
    return true;
  }

  /** Published definitions (re-read every few seconds). */
  async publishedDefinitions(now = Date.now()): Promise<JourneyDefinition[]> {
    return (await this.definitions(now)).map((d) => d.definition);
  }

  /**
   * Test mode: sends a chosen customer through the published version now, every wait
   * shortened to seconds, delivering the real messages (caps and quiet hours do not apply;
   * consent does). `trigger` stands in for the entry event ("a Prosecco at the till").
   */
  async startTest(
    journeyId: string,
    profileId: string,
    trigger: TriggerEvent | null,
    now = Date.now(),
  ): Promise<JourneyRun> {
    const published = (await this.definitions(0)).find((d) => d.definition.id === journeyId);
    if (!published)
      throw new AppFailure({
        code: ErrorCode.conflict,
        message: `journey "${journeyId}" is not published`,
      });
    const canonical = await this.store.profiles.canonicalId(profileId);
    if (!canonical)
      throw new AppFailure({ code: ErrorCode.notFound, message: `no customer "${profileId}"` });
    const context = { ...(await this.context(canonical, "test")), event: trigger ?? undefined };
    return this.start(
      published.definition,
      canonical,
      trigger,
      null,
      now,
      context,
      newId("test", now),
      "test",
    );
  }

  private async step(
    run: JourneyRun,
    definition: JourneyDefinition,
    input: RunInput,
    now: number,
    context: AdvanceContext,
    /** A batch to add the writes to (saved together by the caller); else saved at once. */
    writes?: JourneyWrites,
    facts?: FactsBook,
  ): Promise<JourneyRun> {
    const result = advanceRun(run, definition, input, now, context);
    // The run is saved before its commands (or with them, in a batch): a crash replays them,
    // and the ledger stops doubles.
    if (writes) writes.runs.push(result.run);
    else await this.store.journeys.saveRun(result.run);
    await this.execute(result.run, definition, result.commands, now, writes, facts);
    return result.run;
  }

  private async execute(
    run: JourneyRun,
    definition: JourneyDefinition,
    commands: JourneyCommand[],
    now: number,
    writes?: JourneyWrites,
    facts?: FactsBook,
  ) {
    const counts: { stepId: string; what: string }[] = [];
    for (const command of commands) {
      switch (command.type) {
        case "send": {
          const entry = {
            ledgerKey: command.ledgerKey,
            runId: run.id,
            journeyId: run.journeyId,
            version: run.version,
            stepId: command.stepId,
            profileId: run.profileId,
            channel: command.channel,
            brandId: command.brandId,
            templateId: command.templateId,
            purpose: command.purpose,
            transactional: command.transactional,
            priority: command.priority,
            test: run.mode === "test",
            senderId: command.senderId,
          };
          if (writes) writes.sends.push({ entry, now });
          else await this.store.journeys.reserveSend(entry, now);
          break;
        }
        case "update_trait":
          await this.store.profiles.setTrait(run.profileId, "", command.trait, command.value, now);
          facts?.forget(run.profileId);
          break;
        case "hand_over": {
          const target = (await this.definitions(now)).find(
            (d) => d.definition.id === command.journeyId,
          )?.definition;
          if (target && target.id !== definition.id) {
            await this.start(
              target,
              run.profileId,
              run.trigger,
              null,
              now,
              await this.context(run.profileId, run.mode, facts),
              // Derived from the handing run, so a replay hands over once.
              `${run.id}>${target.id}`.slice(0, 200),
              run.mode,
              writes,
              facts,
            );
          }
          break;
        }
        case "record":
          if (run.mode === "live") counts.push({ stepId: command.stepId, what: command.what });
          break;
        default:
          assertNever(command);
      }
    }
    if (writes)
      for (const c of counts)
        writes.counts.push({ journeyId: run.journeyId, version: run.version, ...c });
    else if (counts.length > 0)
      await this.store.journeys.countSteps(run.journeyId, run.version, counts);
  }

  /** Advances the runs whose time has come; returns how many. Call it from a worker loop. */
  async tick(now = Date.now()): Promise<number> {
    const due = await this.store.journeys.claimDueRuns(
      now,
      this.options.batchSize ?? 500,
      this.options.leaseMs ?? 60_000,
    );
    const writes: JourneyWrites = { runs: [], sends: [], counts: [] };
    const facts = new FactsBook(this.store);
    await facts.load(due.map((r) => r.profileId));
    for (const run of due) {
      const definition = await this.version(run.journeyId, run.version);
      if (definition)
        await this.step(
          run,
          definition,
          { type: "due" },
          now,
          await this.context(run.profileId, run.mode, facts),
          writes,
          facts,
        );
    }
    // One transaction for the batch; a crash before it leaves the runs claimed until their
    // lease ends, then they are advanced again (the ledger keys make that harmless).
    await this.store.journeys.saveBatch(writes);
    return due.length;
  }
}
