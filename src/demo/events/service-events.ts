import type { DemoCustomer } from "../demo-customer.js";
import type { DemoSourceId } from "../demo-sources.js";
import { SERVICE_CALL_TOPICS, type CallTopic } from "../demo-texts.js";
import type { Random } from "../random.js";
import type { DemoLog } from "./demo-log.js";

const AGENTS = ["Sandra K.", "Mehmet A.", "Claudia R.", "Jonas W.", "Fabienne M."];

/** How the agent's telephony system finds the caller: the number shown, else what they say. */
function callerTraits(c: DemoCustomer): Record<string, unknown> {
  if (c.phone) return { phone: c.phone };
  if (c.loyaltyCard) return { loyaltyCard: c.loyaltyCard };
  return { email: c.email };
}

/** One completed phone call with its topic, duration and the agent's note. */
export function serviceCall(
  log: DemoLog,
  c: DemoCustomer,
  sourceId: DemoSourceId & ("marktkorb-service" | "voltaro-phone"),
  at: number,
  call: { topic: string; note: string; resolved: boolean; durationSeconds: number; agent: string },
): void {
  const n = log.next("call", 310001);
  log.add(sourceId, at, {
    type: "track",
    event: "Call Completed",
    anonymousId: `call-${n}`,
    context: { traits: callerTraits(c) },
    properties: {
      call_id: `call-${n}`,
      direction: "inbound",
      topic: call.topic,
      note: call.note,
      resolved: call.resolved,
      duration_seconds: call.durationSeconds,
      agent: call.agent,
    },
  });
}

/** Calls to the Marktkorb service line (Monday to Saturday, 8 to 18). */
export function generateServiceCalls(rng: Random, log: DemoLog, c: DemoCustomer): void {
  const cal = log.cal;
  const calls = rng.count(c.habits.serviceCalls);
  for (let i = 0; i < calls; i++) {
    const day = cal.lastShopDay(rng.int(c.joinDay, cal.days));
    if (day < c.joinDay) continue;
    const topic: CallTopic =
      c.persona === "senior" && rng.chance(0.4)
        ? (SERVICE_CALL_TOPICS.find((t) => t.topic === "Webshop-Login") as CallTopic)
        : rng.pick(SERVICE_CALL_TOPICS);
    serviceCall(log, c, "marktkorb-service", cal.at(day, rng.around(13, 3, 8, 17.8)), {
      topic: topic.topic,
      note: rng.pick(topic.notes),
      resolved: rng.chance(topic.resolvedRate),
      durationSeconds: rng.int(90, 900),
      agent: rng.pick(AGENTS),
    });
  }
}
