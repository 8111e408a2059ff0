import { useI18n } from "../i18n/i18n.js";
import { BrandBadge } from "../ui/badges.js";
import { Empty, Panel } from "../ui/page.js";
import { traitLabel, traitValue } from "./trait-format.js";

/** Traits per brand: each brand knows the customer in its own way; "" holds the shared ones. */
export function TraitsPanel({ traits }: { traits: Record<string, Record<string, unknown>> }) {
  const i18n = useI18n();
  const { t } = i18n;
  const brands = Object.keys(traits).sort((a, b) =>
    a === "" ? -1 : b === "" ? 1 : a.localeCompare(b),
  );
  const nonEmpty = brands.filter((b) => Object.keys(traits[b] ?? {}).length > 0);
  return (
    <Panel title={t("customer.traits")} id="traits">
      {nonEmpty.length === 0 ? (
        <Empty>{t("traits.none")}</Empty>
      ) : (
        nonEmpty.map((brandId) => (
          <div key={brandId} className="trait-group" data-brand={brandId}>
            <h3>{brandId === "" ? t("traits.general") : <BrandBadge brandId={brandId} />}</h3>
            <dl className="facts">
              {Object.entries(traits[brandId] ?? {}).map(([key, value]) => (
                <div key={key} data-trait={key}>
                  <dt title={key}>{traitLabel(key, i18n)}</dt>
                  <dd className="break">{traitValue(key, value, i18n)}</dd>
                </div>
              ))}
            </dl>
          </div>
        ))
      )}
    </Panel>
  );
}
