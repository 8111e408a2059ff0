import { useState } from "react";
import type { MessageTemplate } from "../api/contract.js";
import { api } from "../api/endpoints.js";
import { useApi } from "../api/use-api.js";
import { useReferenceData } from "../app/reference-data.js";
import { Link, navigate } from "../app/router.js";
import { useDocumentTitle } from "../app/use-document-title.js";
import { useSession } from "../auth/session.js";
import { useI18n } from "../i18n/i18n.js";
import { BrandBadge, ChannelBadge } from "../ui/badges.js";
import { ErrorBanner } from "../ui/error-banner.js";
import { Empty, Loading, PageHeader, Panel } from "../ui/page.js";
import { BrandSettingsPanel } from "./brand-settings-panel.js";
import { LayoutsPanel } from "./layouts-panel.js";
import { RulesPanel } from "./rules-panel.js";

export const templateHref = (id: string) => `/templates/${encodeURIComponent(id)}`;

const tabs = ["templates", "layouts", "brands", "rules"] as const;
type Tab = (typeof tabs)[number];

/** Templates by brand and channel; layouts, brand settings and the rules in their own tabs. */
export function TemplatesPage() {
  const { t } = useI18n();
  useDocumentTitle(t("templates.title"));
  const session = useSession();
  const [tab, setTab] = useState<Tab>("templates");
  return (
    <div className="page">
      <PageHeader title={t("templates.title")}>
        {session.can("settings:write") && (
          <Link to="/templates/new" className="button button-primary">
            {t("templates.new")}
          </Link>
        )}
      </PageHeader>
      <div className="tabs templates-tabs" role="tablist">
        {tabs.map((name) => (
          <button
            key={name}
            type="button"
            role="tab"
            aria-selected={tab === name}
            className={tab === name ? "tab active" : "tab"}
            onClick={() => setTab(name)}
          >
            {t(`templates.tab.${name}`)}
          </button>
        ))}
      </div>
      {tab === "templates" && <TemplateList />}
      {tab === "rules" && <RulesPanel />}
      {tab === "brands" && <BrandSettingsPanel />}
      {tab === "layouts" && <LayoutsPanel />}
    </div>
  );
}

function TemplateList() {
  const { t } = useI18n();
  const { brandName } = useReferenceData();
  const templates = useApi((signal) => api.templates(signal), []);
  if (templates.error) return <ErrorBanner error={templates.error} onRetry={templates.reload} />;
  if (!templates.data) return <Loading />;
  if (templates.data.length === 0) return <Empty>{t("templates.empty")}</Empty>;

  const byBrand = new Map<string, MessageTemplate[]>();
  for (const tpl of templates.data) {
    byBrand.set(tpl.brandId, [...(byBrand.get(tpl.brandId) ?? []), tpl]);
  }
  const brands = [...byBrand.keys()].sort((a, b) => brandName(a).localeCompare(brandName(b)));
  return (
    <>
      {brands.map((brandId) => (
        <Panel key={brandId} title={brandName(brandId)} id={`templates-${brandId}`}>
          <table className="table table-hover" data-testid="templates-table">
            <thead>
              <tr>
                <th>{t("templates.field.name")}</th>
                <th>{t("templates.field.channel")}</th>
                <th>{t("templates.field.brand")}</th>
                <th>{t("templates.field.layout")}</th>
                <th>{t("templates.col.languages")}</th>
              </tr>
            </thead>
            <tbody>
              {(byBrand.get(brandId) ?? [])
                .sort((a, b) => a.channel.localeCompare(b.channel) || a.name.localeCompare(b.name))
                .map((tpl) => (
                  <tr
                    key={tpl.id}
                    className="clickable"
                    data-template-id={tpl.id}
                    onClick={() => navigate(templateHref(tpl.id))}
                  >
                    <td>
                      <Link
                        to={templateHref(tpl.id)}
                        className="strong"
                        onClick={(e) => e.stopPropagation()}
                      >
                        {tpl.name}
                      </Link>
                      <div className="mono muted small">{tpl.id}</div>
                    </td>
                    <td>
                      <ChannelBadge channel={tpl.channel} />
                    </td>
                    <td>
                      <BrandBadge brandId={tpl.brandId} />
                    </td>
                    <td className="mono small">{tpl.layoutId ?? t("common.none")}</td>
                    <td>
                      {(["de", "en"] as const)
                        .filter((l) => tpl.content[l])
                        .map((l) => l.toUpperCase())
                        .join(" · ")}
                    </td>
                  </tr>
                ))}
            </tbody>
          </table>
        </Panel>
      ))}
    </>
  );
}
