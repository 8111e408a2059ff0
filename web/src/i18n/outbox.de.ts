/** German texts of the outbox's decisions on many messages at once. */
export const outboxDe = {
  "outbox.unknown.bulk":
    "{shown} Nachrichten mit unklarem Ergebnis in dieser Ansicht. Prüfen Sie im Protokoll des Anbieters, ob sie angekommen sind, und entscheiden Sie für alle (gemäss den Filtern oben) auf einmal:",
  "outbox.unknown.all": "Alle: {action}",
  "outbox.unknown.confirm": "Für alle Nachrichten mit unklarem Ergebnis: «{action}»?",
  "outbox.unknown.confirmText":
    "Gilt für jede Nachricht mit unklarem Ergebnis, die zu den Filtern passt, auch solche weiter unten in der Liste. Jede Nachricht wird nur einmal entschieden.",
  "outbox.unknown.done": "{n} Nachrichten entschieden.",
} as const;
