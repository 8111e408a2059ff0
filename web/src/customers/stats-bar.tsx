import { api } from "../api/endpoints.js";
import { useApi } from "../api/use-api.js";
import { useI18n } from "../i18n/i18n.js";

/** How many customers and events there are, at a glance. */
export function StatsBar() {
  const { t, number } = useI18n();
  const stats = useApi((signal) => api.stats(signal), []);
  if (!stats.data) return null;
  return (
    <dl className="stats" data-testid="stats">
      <div>
        <dt>{t("customers.statsProfiles")}</dt>
        <dd>{number(stats.data.profiles)}</dd>
      </div>
      <div>
        <dt>{t("customers.statsEvents")}</dt>
        <dd>{number(stats.data.events)}</dd>
      </div>
    </dl>
  );
}
