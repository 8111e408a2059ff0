/** Limits of the Segment HTTP tracking API, which cxloop keeps so existing clients behave the same. */
export const TrackingLimits = {
  maxEventBytes: 32 * 1024,
  maxBatchBytes: 500 * 1024,
  maxBatchEvents: 2500,
} as const;
