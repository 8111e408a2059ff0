import { useEffect } from "react";

/** "Anna Muster · cxloop" in the browser tab and history. */
export function useDocumentTitle(title: string | undefined): void {
  useEffect(() => {
    document.title = title ? `${title} · cxloop` : "cxloop";
  }, [title]);
}
