import { useEffect, useRef, useState } from "react";
import { api } from "../api/endpoints.js";
import { useApi } from "../api/use-api.js";
import { clearFlash, peekFlash } from "../app/flash.js";
import { Link, navigate, useLocation } from "../app/router.js";
import { useI18n } from "../i18n/i18n.js";
import { ErrorBanner } from "../ui/error-banner.js";
import { Empty, Loading, PageHeader } from "../ui/page.js";
import { firstOf } from "./identifiers.js";
import { StatsBar } from "./stats-bar.js";
import { useDebounced } from "./use-debounced.js";
import { useDocumentTitle } from "../app/use-document-title.js";

const LIMIT = 50;
const MAX_LIMIT = 200;

/** Customer search: the query lives in the URL (?q=), so back and reload keep it. */
export function SearchPage() {
  const { t, dateTime } = useI18n();
  useDocumentTitle(t("customers.title"));
  const location = useLocation();
  const q = location.query.get("q") ?? "";
  const [flash] = useState(peekFlash);
  useEffect(clearFlash, []);
  const [text, setText] = useState(q);
  const settled = useDebounced(text.trim(), 250);
  const lastSettled = useRef(settled);

  // Typing writes the URL once the text has settled; back and forward write the text.
  useEffect(() => {
    if (settled === lastSettled.current) return;
    lastSettled.current = settled;
    if (settled !== q) {
      navigate(settled ? `/customers?q=${encodeURIComponent(settled)}` : "/customers", {
        replace: true,
      });
    }
  }, [settled, q]);
  useEffect(() => {
    if (q !== lastSettled.current) setText(q);
  }, [q]);

  // "Load more" raises the limit for this query; a new query starts at the first page again.
  const [more, setMore] = useState({ q, limit: LIMIT });
  const limit = more.q === q ? more.limit : LIMIT;
  const results = useApi((signal) => api.searchCustomers(q, limit, signal), [q, limit]);
  const rows = results.data ?? [];
  const full = rows.length >= limit;

  return (
    <div className="page">
      <PageHeader title={t("customers.title")}>
        <StatsBar />
      </PageHeader>
      {flash && (
        <p className="banner banner-success" role="status">
          {flash}
        </p>
      )}
      <div className="search">
        <label className="visually-hidden" htmlFor="customer-search">
          {t("customers.searchLabel")}
        </label>
        <input
          id="customer-search"
          type="search"
          className="search-input"
          placeholder={t("customers.searchPlaceholder")}
          value={text}
          autoFocus
          autoComplete="off"
          spellCheck={false}
          onChange={(e) => setText(e.target.value)}
        />
      </div>
      <ErrorBanner error={results.error} onRetry={results.reload} />
      <div className="table-caption muted" aria-live="polite">
        {results.loading
          ? t("common.loading")
          : q
            ? t(full ? "customers.resultsMore" : "customers.results", { count: rows.length })
            : t("customers.recent")}
        {full && limit < MAX_LIMIT && !results.loading && (
          <button
            type="button"
            className="button button-small"
            onClick={() => setMore({ q, limit: Math.min(MAX_LIMIT, limit + LIMIT) })}
          >
            {t("customers.loadMore")}
          </button>
        )}
      </div>
      {results.data && rows.length === 0 ? (
        <Empty>{q ? t("customers.noResults", { q }) : t("customers.empty")}</Empty>
      ) : results.data ? (
        <table className="table table-hover" data-testid="customer-results">
          <thead>
            <tr>
              <th>{t("customers.col.name")}</th>
              <th>{t("customers.col.email")}</th>
              <th>{t("customers.col.loyaltyCard")}</th>
              <th>{t("customers.col.phone")}</th>
              <th className="align-right">{t("customers.col.updated")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((p) => {
              const href = `/customers/${encodeURIComponent(p.id)}`;
              return (
                <tr key={p.id} className="clickable" onClick={() => navigate(href)}>
                  <td>
                    <Link
                      to={href}
                      className={p.displayName ? "strong" : "muted"}
                      onClick={(e) => e.stopPropagation()}
                    >
                      {p.displayName ?? t("customers.anonymous")}
                    </Link>
                  </td>
                  <td>{firstOf(p.identifiers, "email") ?? t("common.none")}</td>
                  <td className="mono">
                    {firstOf(p.identifiers, "loyalty_card") ?? t("common.none")}
                  </td>
                  <td className="mono">{firstOf(p.identifiers, "phone") ?? t("common.none")}</td>
                  <td className="align-right nowrap">{dateTime(p.updatedAt)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : (
        !results.error && <Loading />
      )}
    </div>
  );
}
