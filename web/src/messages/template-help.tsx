import { Fragment } from "react";
import { useI18n } from "../i18n/i18n.js";

const VARIABLES = [
  ["{{ customer.first_name }}", "templates.help.firstName"],
  ["{{ customer.name }}", "templates.help.name"],
  ["{{ event.properties.products[0].name }}", "templates.help.event"],
  ["{{ brand.name }}", "templates.help.brand"],
  ["{{ message.unsubscribe_url }}", "templates.help.unsubscribe"],
  ['{% assign recipes = wine.product_id | recommend: "recipe", 2 %}', "templates.help.recommend"],
  ["{{ wine.price | money }}", "templates.help.money"],
] as const;

/** What a template can use: the customer, the event, the brand, links and filters. */
export function TemplateHelp() {
  const { t } = useI18n();
  return (
    <details className="panel template-help" open>
      <summary className="strong">{t("templates.help.title")}</summary>
      <dl className="facts small">
        {VARIABLES.map(([code, key]) => (
          <Fragment key={code}>
            <dt>
              <code>{code}</code>
            </dt>
            <dd>{t(key)}</dd>
          </Fragment>
        ))}
      </dl>
    </details>
  );
}
