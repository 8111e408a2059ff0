import { z } from "zod";

/** The medium of a touchpoint. Stored values never change. */
export const Channel = z.enum([
  "web",
  "app",
  "store",
  "email",
  "sms",
  "push",
  "social",
  "review_portal",
  "phone",
  "print",
  "search",
  "price_comparison",
  "other",
]);
export type Channel = z.infer<typeof Channel>;
