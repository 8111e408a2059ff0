import type { Channel } from "../sources/channel.js";

/**
 * Whether a channel reaches a customer who has these kinds of identifier: an email address
 * for email, a phone for SMS, an app installation (an id from the app) for push. Other
 * channels (webhook, web) reach everyone: the brand's system decides.
 */
export function channelReaches(identifierTypes: ReadonlySet<string>, channel: Channel): boolean {
  if (channel === "email") return identifierTypes.has("email");
  if (channel === "sms" || channel === "phone") return identifierTypes.has("phone");
  if (channel === "push" || channel === "app")
    return identifierTypes.has("anonymous_id") || identifierTypes.has("user_id");
  return true;
}
