import { api } from "../api/endpoints.js";
import { useApi } from "../api/use-api.js";
import { useI18n } from "../i18n/i18n.js";

/**
 * Chooses one of the stored segments. A journey naming a segment that no longer exists keeps
 * the name shown (marked missing) instead of silently switching to another.
 */
export function SegmentPicker({
  value,
  onChange,
  label,
}: {
  value: string;
  onChange: (segmentId: string) => void;
  label: string;
}) {
  const { t, number } = useI18n();
  const segments = useApi((signal) => api.segments(signal), []);
  const list = segments.data ?? [];
  const known = list.some((s) => s.definition.id === value);
  return (
    <select
      className="select"
      aria-label={label}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      data-testid="segment-picker"
    >
      <option value="" disabled>
        {segments.loading ? t("common.loading") : t("segments.pick")}
      </option>
      {value !== "" && !known && !segments.loading && (
        <option value={value}>{t("segments.missing", { id: value })}</option>
      )}
      {list.map((s) => (
        <option key={s.definition.id} value={s.definition.id}>
          {s.definition.name} ({number(s.members)})
        </option>
      ))}
    </select>
  );
}
