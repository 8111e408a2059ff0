import type { Identifier } from "../api/contract.js";
import { useI18n } from "../i18n/i18n.js";
import { IdentifierBadge } from "../ui/badges.js";
import { Empty, Panel } from "../ui/page.js";
import { identifierText } from "./identifiers.js";

/** Every identifier that points to the customer, strongest first (as the API sorts them). */
export function IdentitiesPanel({ identifiers }: { identifiers: Identifier[] }) {
  const { t } = useI18n();
  return (
    <Panel title={t("customer.identities")} id="identities">
      {identifiers.length === 0 ? (
        <Empty>{t("common.none")}</Empty>
      ) : (
        <ul className="identifier-list">
          {identifiers.map((i) => (
            <li key={`${i.type}:${i.value}`} data-identifier-type={i.type}>
              <IdentifierBadge type={i.type} />
              <span className="mono break">{identifierText(i)}</span>
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}
