import type { outboxDe } from "./outbox.de.js";

export const outboxEn: Record<keyof typeof outboxDe, string> = {
  "outbox.unknown.bulk":
    "{shown} messages with an unknown outcome in this view. Check the provider's log for whether they arrived, and decide for all of them (as filtered above) at once:",
  "outbox.unknown.all": "All: {action}",
  "outbox.unknown.confirm": "For every message with an unknown outcome: “{action}”?",
  "outbox.unknown.confirmText":
    "Applies to every message with an unknown outcome that matches the filters, also those further down the list. Each message is decided once.",
  "outbox.unknown.done": "{n} messages decided.",
};
