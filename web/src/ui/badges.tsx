import type { ConsentStatus, IdentifierType } from "../api/contract.js";
import { useReferenceData } from "../app/reference-data.js";
import { useI18n } from "../i18n/i18n.js";
import { ChannelIcon, isChannel } from "./channel-icon.js";

export function ChannelBadge({ channel }: { channel: string }) {
  const { t } = useI18n();
  return (
    <span className="badge badge-channel" data-channel={channel}>
      <ChannelIcon channel={channel} />
      {isChannel(channel) ? t(`channel.${channel}`) : channel}
    </span>
  );
}

/** Ten hues that stay apart; a brand keeps its colour because it is chosen by its id. */
const BRAND_HUES = [212, 14, 145, 280, 38, 340, 180, 95, 250, 0];

export function brandHue(brandId: string): number {
  let hash = 0;
  for (const char of brandId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return BRAND_HUES[hash % BRAND_HUES.length] ?? 212;
}

export function BrandBadge({ brandId }: { brandId: string }) {
  const { brandName } = useReferenceData();
  const hue = brandHue(brandId);
  return (
    <span
      className="badge badge-brand"
      data-brand={brandId}
      style={{
        color: `hsl(${hue} 65% 30%)`,
        background: `hsl(${hue} 80% 95%)`,
        borderColor: `hsl(${hue} 55% 80%)`,
      }}
    >
      {brandName(brandId)}
    </span>
  );
}

export function IdentifierBadge({ type }: { type: IdentifierType }) {
  const { t } = useI18n();
  return (
    <span className="badge badge-identifier" data-identifier-type={type}>
      {t(`identifier.${type}`)}
    </span>
  );
}

export function ConsentBadge({ status }: { status: ConsentStatus | "none" }) {
  const { t } = useI18n();
  return (
    <span className={`badge badge-consent consent-${status}`} data-status={status}>
      {t(`consent.status.${status}`)}
    </span>
  );
}
