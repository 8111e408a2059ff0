import { useState } from "react";
import { useI18n } from "../i18n/i18n.js";

/** Copies text; where the clipboard API is missing (plain http), selects the text instead. */
export function CopyButton({ text, targetId }: { text: string; targetId?: string }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
    } catch {
      const target = targetId ? document.getElementById(targetId) : null;
      if (target) window.getSelection()?.selectAllChildren(target);
    }
  };
  return (
    <button type="button" className="button button-small" onClick={() => void copy()}>
      {copied ? t("common.copied") : t("common.copy")}
    </button>
  );
}
