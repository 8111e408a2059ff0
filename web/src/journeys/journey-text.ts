import type { Condition, Duration, JourneyEntry, JourneyStep } from "../api/contract.js";
import type { Translate } from "../i18n/i18n.js";
import type { Output } from "./journey-graph.js";

/** "1 d 2 h 30 min" */
export function durationText(d: Duration | undefined, t: Translate): string {
  if (!d) return "";
  const parts: string[] = [];
  if (d.days) parts.push(t("journeys.unit.days", { count: d.days }));
  if (d.hours) parts.push(t("journeys.unit.hours", { count: d.hours }));
  if (d.minutes) parts.push(t("journeys.unit.minutes", { count: d.minutes }));
  return parts.join(" ") || "0";
}

export function valueText(value: unknown): string {
  if (value === undefined) return "";
  if (Array.isArray(value)) return value.map(valueText).join(", ");
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** One condition in a line: "trait language eq de", "consent vinello/email_marketing". */
export function conditionText(c: Condition, t: Translate): string {
  switch (c.type) {
    case "trait":
    case "event":
      return `${t(`journeys.condition.${c.type}`)} ${c.path || "?"} ${t(`journeys.op.${c.op}`)} ${valueText(c.value)}`.trim();
    case "consent":
      return `${t("journeys.condition.consent")} ${c.brandId || "?"}/${t(`consent.purpose.${c.purpose}`)}`;
    case "segment":
      return `${t(c.member === false ? "journeys.condition.notInSegment" : "journeys.condition.inSegment")} ${c.segmentId}`;
    case "reachable":
      return `${t("journeys.condition.reachable")} ${t(`channel.${c.channel}`)}`;
  }
}

/** The key settings of a step, in one or two short lines for its node. */
export function stepSummary(step: JourneyStep, t: Translate): string[] {
  switch (step.type) {
    case "wait":
      return [durationText(step.duration, t)];
    case "wait_until_time":
      return [
        step.atLeast
          ? t("journeys.summary.timeAtLeast", {
              time: step.time,
              duration: durationText(step.atLeast, t),
            })
          : step.time,
      ];
    case "wait_for_event":
      return [
        step.event ? t("journeys.quoted", { text: step.event }) : t("journeys.summary.noEvent"),
        t("journeys.summary.timeout", { duration: durationText(step.timeout, t) }),
      ];
    case "branch":
      return step.paths.map(
        (p, i) =>
          `${t("journeys.output.path", { n: i + 1 })}: ${p.when.map((c) => conditionText(c, t)).join(" & ")}`,
      );
    case "split":
      return [
        step.variants
          .map(
            (v) => `${v.name} ${v.weight}${v.control ? ` (${t("journeys.split.control")})` : ""}`,
          )
          .join(" · "),
      ];
    case "send":
      return [
        `${t(`journeys.sendChannel.${step.channel}`)} · ${step.brandId || "?"}/${step.templateId || "?"}`,
      ];
    case "update_trait":
      return [`${step.trait || "?"} = ${valueText(step.value)}`];
    case "hand_over":
      return [`→ ${step.journeyId || "?"}`];
    case "exit":
      return [];
  }
}

export function entrySummary(entry: JourneyEntry, t: Translate): string {
  switch (entry.type) {
    case "event":
      return entry.event
        ? t("journeys.quoted", { text: entry.event })
        : t("journeys.summary.noEvent");
    case "segment":
      return t(
        entry.on === "enter" ? "journeys.entry.segmentEnter" : "journeys.entry.segmentLeave",
        {
          segment: entry.segmentId,
        },
      );
    case "date_trait":
      return `${entry.trait} ${entry.offsetDays >= 0 ? "+" : ""}${entry.offsetDays} · ${entry.time}`;
    case "hand_over":
      return t("journeys.entry.handOverOnly");
  }
}

/** What an output is called at its handle and on its edge. */
export function outputLabel(output: Output, t: Translate): string {
  switch (output.kind) {
    case "start":
      return t("journeys.output.start");
    case "next":
      return t("journeys.output.next");
    case "onEvent":
      return t("journeys.output.onEvent");
    case "onTimeout":
      return t("journeys.output.onTimeout");
    case "path":
      return t("journeys.output.path", { n: (output.index ?? 0) + 1 });
    case "otherwise":
      return t("journeys.output.otherwise");
    case "variant":
      return output.name ?? "";
  }
}
