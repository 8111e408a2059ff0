/**
 * Why a line of an import file was rejected. Stable values: they are written to the errors
 * file, and people grep for them.
 */
export const ImportIssueCode = {
  /** Not parseable: bad JSON, a broken CSV quote, not a JSON object. */
  unparseable: "unparseable",
  /** The bytes are not valid UTF-8 (or the file has another encoding). */
  notUtf8: "not_utf8",
  /** A line or record longer than the import's limit (1 MB by default). */
  tooLong: "too_long",
  /** A CSV row with more or fewer fields than the header. */
  columnCount: "column_count",
  /** A value of the wrong type: "abc" where a number belongs, a bad date, a bad email. */
  invalidValue: "invalid_value",
  /** A column the mapping requires is empty. */
  missingValue: "missing_value",
  /** No userId, anonymousId or other identifier: the event belongs to nobody. */
  missingIdentity: "missing_identity",
  /** The event is over 32 KB, the tracking API's limit. */
  eventTooLarge: "event_too_large",
  /** The tracking call breaks a rule of the Segment spec (normalizeTrackingCall said no). */
  invalidEvent: "invalid_event",
  /** A consent cell that is not granted/denied/revoked (or yes/no/true/false/1/0). */
  invalidConsent: "invalid_consent",
  /** `__proto__`, `constructor` or `prototype` as a key, or JSON nested too deep. */
  forbiddenKey: "forbidden_key",
  /** Rows of one group (receipt) that come after rows of other groups. */
  groupSplit: "group_split",
  /** Rows of one group that disagree on a value that must be the same for the group. */
  groupConflict: "group_conflict",
  /** Another row of the group was rejected, so the group as a whole was not imported. */
  groupRejected: "group_rejected",
  /** Two different rows produce the same messageId: the second would be lost as a duplicate. */
  duplicateMessageId: "duplicate_message_id",
} as const;
export type ImportIssueCode = (typeof ImportIssueCode)[keyof typeof ImportIssueCode];

/** One problem of one line (or of one group of lines), as written to the errors file. */
export interface ImportIssue {
  /** 1-based line of the file where the rejected record starts. */
  line: number;
  /** The last line, when the record or group spans several lines. */
  lastLine?: number;
  /** The CSV column the problem is in. */
  column?: string;
  /** The field of the tracking call, e.g. `properties.total` or `context.traits.email`. */
  field?: string;
  code: ImportIssueCode;
  message: string;
  /** The offending value, shortened. */
  value?: string;
  /** The group (e.g. the receipt) the line belongs to. */
  group?: string;
}

const MAX_VALUE_CHARS = 200;

/** A value short enough to print in an error report. */
export function shortValue(value: unknown): string {
  const text = typeof value === "string" ? value : (JSON.stringify(value) ?? String(value));
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS)}…` : text;
}
