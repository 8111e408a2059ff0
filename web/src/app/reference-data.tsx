import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
  type ReactNode,
} from "react";
import type { Brand, Source } from "../api/contract.js";
import { api } from "../api/endpoints.js";

export interface ReferenceData {
  brands: Brand[];
  sources: Source[];
  brandName: (id: string) => string;
  sourceName: (id: string) => string;
  /** Loads brands and sources again, after one was created. */
  reload: () => Promise<void>;
}

const ReferenceContext = createContext<ReferenceData | undefined>(undefined);

/** Brands and sources, which many pages name; loaded once after login. */
export function ReferenceDataProvider({ children }: { children: ReactNode }) {
  const [brands, setBrands] = useState<Brand[]>([]);
  const [sources, setSources] = useState<Source[]>([]);

  const reload = useCallback(async () => {
    const [b, s] = await Promise.all([api.brands(), api.sources()]);
    setBrands(b);
    setSources(s);
  }, []);

  useEffect(() => {
    reload().catch((error: unknown) => console.error("brands and sources", error));
  }, [reload]);

  const value = useMemo<ReferenceData>(() => {
    const brandNames = new Map(brands.map((b) => [b.id, b.name]));
    const sourceNames = new Map(sources.map((s) => [s.id, s.name]));
    return {
      brands,
      sources,
      brandName: (id) => brandNames.get(id) ?? id,
      sourceName: (id) => sourceNames.get(id) ?? id,
      reload,
    };
  }, [brands, sources, reload]);
  return <ReferenceContext.Provider value={value}>{children}</ReferenceContext.Provider>;
}

export function useReferenceData(): ReferenceData {
  const value = useContext(ReferenceContext);
  if (!value) throw new Error("useReferenceData outside ReferenceDataProvider");
  return value;
}
