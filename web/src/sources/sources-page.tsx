import { Fragment, useState } from "react";
import { useReferenceData } from "../app/reference-data.js";
import { useSession } from "../auth/session.js";
import { useI18n } from "../i18n/i18n.js";
import { BrandBadge, ChannelBadge } from "../ui/badges.js";
import { Empty, PageHeader, Panel } from "../ui/page.js";
import { CreateBrandForm } from "./create-brand-form.js";
import { CreateSourceForm } from "./create-source-form.js";
import { KeysPanel } from "./keys-panel.js";
import { useDocumentTitle } from "../app/use-document-title.js";

/** Brands, the sources that send their events, and the write keys sources send with. */
export function SourcesPage() {
  const { t, date } = useI18n();
  useDocumentTitle(t("sources.title"));
  const { brands, sources } = useReferenceData();
  const session = useSession();
  const admin = session.can("settings:write");
  const [open, setOpen] = useState<string>();

  return (
    <div className="page">
      <PageHeader title={t("sources.title")} />
      <Panel title={t("sources.sources")} id="sources">
        {sources.length === 0 ? (
          <Empty>{t("sources.noSources")}</Empty>
        ) : (
          <table className="table" data-testid="sources-table">
            <thead>
              <tr>
                <th>{t("sources.col.name")}</th>
                <th>{t("sources.col.id")}</th>
                <th>{t("sources.col.channel")}</th>
                <th>{t("sources.col.brand")}</th>
                <th title={t("sources.trustedHint")}>{t("sources.col.trusted")}</th>
                <th>{t("sources.col.created")}</th>
                {admin && <th />}
              </tr>
            </thead>
            <tbody>
              {sources.map((s) => (
                <Fragment key={s.id}>
                  <tr data-source-id={s.id}>
                    <td className="strong">{s.name}</td>
                    <td className="mono">{s.id}</td>
                    <td>
                      <ChannelBadge channel={s.channel} />
                    </td>
                    <td>
                      <BrandBadge brandId={s.brandId} />
                    </td>
                    <td>{s.trusted ? t("common.yes") : t("common.no")}</td>
                    <td className="nowrap">{date(s.createdAt)}</td>
                    {admin && (
                      <td className="align-right">
                        <button
                          type="button"
                          className="button button-small"
                          aria-expanded={open === s.id}
                          aria-controls={`keys-${s.id}`}
                          onClick={() => setOpen(open === s.id ? undefined : s.id)}
                        >
                          {open === s.id ? t("sources.hideKeys") : t("sources.showKeys")}
                        </button>
                      </td>
                    )}
                  </tr>
                  {admin && open === s.id && (
                    <tr className="expanded">
                      <td colSpan={7} id={`keys-${s.id}`}>
                        <KeysPanel source={s} />
                      </td>
                    </tr>
                  )}
                </Fragment>
              ))}
            </tbody>
          </table>
        )}
        {!admin && <p className="muted small">{t("keys.adminOnly")}</p>}
        <p className="muted small">{t("sources.trustedHint")}</p>
      </Panel>
      {admin && <CreateSourceForm />}
      <Panel title={t("sources.brands")} id="brands">
        {brands.length === 0 ? (
          <Empty>{t("sources.noBrands")}</Empty>
        ) : (
          <ul className="brand-list">
            {brands.map((b) => (
              <li key={b.id}>
                <BrandBadge brandId={b.id} /> <span className="mono muted small">{b.id}</span>
              </li>
            ))}
          </ul>
        )}
        {admin && <CreateBrandForm />}
      </Panel>
    </div>
  );
}
