import type { Comparison, SegmentRule, SegmentTest } from "../api/contract.js";
import { useReferenceData } from "../app/reference-data.js";
import { useI18n } from "../i18n/i18n.js";
import { ConditionList } from "../journeys/condition-editor.js";
import { ChannelSelect, ConsentFields, PathTestFields } from "../journeys/condition-fields.js";

type RuleCondition = SegmentRule["conditions"][number];
type Group = Extract<RuleCondition, { type: "group" }>;

const testTypes: readonly SegmentTest["type"][] = ["trait", "consent", "reachable", "performed"];
const comparisons: readonly Comparison[] = ["gte", "gt", "eq", "neq", "lte", "lt"];

export function blankTest(type: SegmentTest["type"], brandId: string): SegmentTest {
  switch (type) {
    case "trait":
      return { type, path: "", op: "eq", value: "" };
    case "consent":
      return { type, brandId, purpose: "email_marketing", given: true };
    case "reachable":
      return { type, channel: "email", given: true };
    case "performed":
      return { type, event: "Order Completed", where: [], count: { op: "gte", value: 1 } };
  }
}

/** Whether a test holds as stated or the opposite (consent not given, not reachable). */
function GivenSelect(props: {
  label: string;
  given: boolean;
  yes: string;
  no: string;
  onChange: (given: boolean) => void;
}) {
  return (
    <select
      className="select"
      aria-label={props.label}
      value={props.given ? "yes" : "no"}
      onChange={(e) => props.onChange(e.target.value === "yes")}
    >
      <option value="yes">{props.yes}</option>
      <option value="no">{props.no}</option>
    </select>
  );
}

/** The fields of one test of a segment rule. */
function TestFields({ test, onChange }: { test: SegmentTest; onChange: (t: SegmentTest) => void }) {
  const { t } = useI18n();
  switch (test.type) {
    case "trait":
      return (
        <PathTestFields
          path={test.path}
          op={test.op}
          value={test.value}
          placeholder="city"
          onChange={(next) => onChange({ ...test, ...next })}
        />
      );
    case "consent":
      return (
        <>
          <ConsentFields
            brandId={test.brandId}
            purpose={test.purpose}
            onChange={(next) => onChange({ ...test, ...next })}
          />
          <GivenSelect
            label={t("segments.testType.consent")}
            given={test.given}
            yes={t("segments.given.yes")}
            no={t("segments.given.no")}
            onChange={(given) => onChange({ ...test, given })}
          />
        </>
      );
    case "reachable":
      return (
        <>
          <ChannelSelect
            value={test.channel}
            onChange={(channel) => onChange({ ...test, channel })}
          />
          <GivenSelect
            label={t("segments.testType.reachable")}
            given={test.given}
            yes={t("segments.reachable.yes")}
            no={t("segments.reachable.no")}
            onChange={(given) => onChange({ ...test, given })}
          />
        </>
      );
    case "performed":
      return <PerformedFields test={test} onChange={onChange} />;
  }
}

function PerformedFields({
  test,
  onChange,
}: {
  test: Extract<SegmentTest, { type: "performed" }>;
  onChange: (t: SegmentTest) => void;
}) {
  const { t } = useI18n();
  const { brands } = useReferenceData();
  const whole = (text: string) => Math.max(0, Math.floor(Number(text) || 0));
  return (
    <div className="performed">
      <div className="condition-line">
        <input
          aria-label={t("segments.performed.event")}
          placeholder="Order Completed"
          value={test.event}
          onChange={(e) => onChange({ ...test, event: e.target.value })}
        />
        <select
          className="select"
          aria-label={t("segments.performed.brand")}
          value={test.brandId ?? ""}
          onChange={(e) => {
            const { brandId: _, ...rest } = test;
            onChange(e.target.value ? { ...rest, brandId: e.target.value } : rest);
          }}
        >
          <option value="">{t("segments.performed.anyBrand")}</option>
          {brands.map((b) => (
            <option key={b.id} value={b.id}>
              {b.name}
            </option>
          ))}
        </select>
        <select
          className="select"
          aria-label={t("segments.performed.count")}
          value={test.count.op}
          onChange={(e) =>
            onChange({ ...test, count: { ...test.count, op: e.target.value as Comparison } })
          }
        >
          {comparisons.map((c) => (
            <option key={c} value={c}>
              {t(`segments.cmp.${c}`)}
            </option>
          ))}
        </select>
        <input
          type="number"
          min={0}
          className="input-narrow"
          aria-label={t("segments.performed.count")}
          value={test.count.value}
          onChange={(e) =>
            onChange({ ...test, count: { ...test.count, value: whole(e.target.value) } })
          }
        />
        <span className="muted small">× {t("segments.performed.within")}</span>
        <input
          type="number"
          min={1}
          className="input-narrow"
          aria-label={t("segments.performed.within")}
          title={t("segments.performed.withinHint")}
          placeholder={t("segments.performed.withinHint")}
          value={test.within?.days ?? ""}
          onChange={(e) => {
            const { within: _, ...rest } = test;
            const days = whole(e.target.value);
            onChange(days > 0 ? { ...rest, within: { days } } : rest);
          }}
        />
      </div>
      <div className="condition-line">
        <span className="muted small">{t("segments.performed.sum")}</span>
        <input
          aria-label={t("segments.performed.sum")}
          placeholder={t("segments.performed.sumHint")}
          value={test.sum?.path ?? ""}
          onChange={(e) => {
            const { sum, ...rest } = test;
            onChange(
              e.target.value
                ? {
                    ...rest,
                    sum: { op: sum?.op ?? "gte", value: sum?.value ?? 0, path: e.target.value },
                  }
                : rest,
            );
          }}
        />
        {test.sum && (
          <>
            <select
              className="select"
              aria-label={t("segments.performed.sum")}
              value={test.sum.op}
              onChange={(e) =>
                test.sum &&
                onChange({ ...test, sum: { ...test.sum, op: e.target.value as Comparison } })
              }
            >
              {comparisons.map((c) => (
                <option key={c} value={c}>
                  {t(`segments.cmp.${c}`)}
                </option>
              ))}
            </select>
            <input
              type="number"
              className="input-narrow"
              aria-label={t("journeys.conditions.value")}
              value={test.sum.value}
              onChange={(e) =>
                test.sum &&
                onChange({ ...test, sum: { ...test.sum, value: Number(e.target.value) || 0 } })
              }
            />
          </>
        )}
      </div>
      <ConditionList
        label={t("segments.performed.where")}
        value={test.where}
        onChange={(where) => onChange({ ...test, where })}
      />
    </div>
  );
}

function TestRow({
  test,
  onChange,
  onRemove,
  readOnly,
}: {
  test: SegmentTest;
  onChange: (t: SegmentTest) => void;
  onRemove?: () => void;
  readOnly?: boolean;
}) {
  const { t } = useI18n();
  const { brands } = useReferenceData();
  return (
    <div className="condition" data-testid="segment-condition">
      <select
        className="select"
        aria-label={t("journeys.conditions.type")}
        value={test.type}
        onChange={(e) =>
          onChange(blankTest(e.target.value as SegmentTest["type"], brands[0]?.id ?? ""))
        }
      >
        {testTypes.map((type) => (
          <option key={type} value={type}>
            {t(`segments.testType.${type}`)}
          </option>
        ))}
      </select>
      <TestFields test={test} onChange={onChange} />
      {!readOnly && onRemove && (
        <button
          type="button"
          className="button button-small button-danger-outline"
          aria-label={t("segments.remove")}
          onClick={onRemove}
        >
          ×
        </button>
      )}
    </div>
  );
}

/** A segment rule: all or any of its conditions, with one level of groups. */
export function RuleEditor({
  rule,
  onChange,
  readOnly,
}: {
  rule: SegmentRule;
  onChange: (rule: SegmentRule) => void;
  readOnly?: boolean;
}) {
  const { t } = useI18n();
  const { brands } = useReferenceData();
  const brand = brands[0]?.id ?? "";
  const set = (conditions: RuleCondition[]) => onChange({ ...rule, conditions });
  const replace = (i: number, c: RuleCondition) =>
    set(rule.conditions.map((old, j) => (j === i ? c : old)));
  const remove = (i: number) => set(rule.conditions.filter((_, j) => j !== i));
  const canRemove = rule.conditions.length > 1;
  return (
    <fieldset className="conditions segment-rule" disabled={readOnly} data-testid="rule-editor">
      <legend>{t("segments.rule")}</legend>
      <select
        className="select"
        aria-label={t("segments.rule")}
        value={rule.match}
        onChange={(e) => onChange({ ...rule, match: e.target.value as "all" | "any" })}
      >
        <option value="all">{t("segments.match.all")}</option>
        <option value="any">{t("segments.match.any")}</option>
      </select>
      {rule.conditions.map((c, i) =>
        c.type === "group" ? (
          <GroupBox
            key={i}
            group={c}
            onChange={(g) => replace(i, g)}
            onRemove={canRemove ? () => remove(i) : undefined}
            readOnly={readOnly}
          />
        ) : (
          <TestRow
            key={i}
            test={c}
            onChange={(test) => replace(i, test)}
            onRemove={canRemove ? () => remove(i) : undefined}
            readOnly={readOnly}
          />
        ),
      )}
      {!readOnly && (
        <div className="button-row">
          <button
            type="button"
            className="button button-small"
            onClick={() => set([...rule.conditions, blankTest("trait", brand)])}
          >
            {t("segments.addCondition")}
          </button>
          <button
            type="button"
            className="button button-small"
            onClick={() =>
              set([
                ...rule.conditions,
                { type: "group", match: "any", conditions: [blankTest("trait", brand)] },
              ])
            }
          >
            {t("segments.addGroup")}
          </button>
        </div>
      )}
    </fieldset>
  );
}

function GroupBox({
  group,
  onChange,
  onRemove,
  readOnly,
}: {
  group: Group;
  onChange: (g: Group) => void;
  onRemove?: () => void;
  readOnly?: boolean;
}) {
  const { t } = useI18n();
  const { brands } = useReferenceData();
  const set = (conditions: SegmentTest[]) => onChange({ ...group, conditions });
  return (
    <div className="segment-group" data-testid="segment-group">
      <div className="condition-line">
        <strong>{t("segments.group")}</strong>
        <select
          className="select"
          aria-label={t("segments.group")}
          value={group.match}
          onChange={(e) => onChange({ ...group, match: e.target.value as "all" | "any" })}
        >
          <option value="any">{t("segments.group.any")}</option>
          <option value="all">{t("segments.group.all")}</option>
        </select>
        {!readOnly && onRemove && (
          <button
            type="button"
            className="button button-small button-danger-outline"
            aria-label={t("segments.remove")}
            onClick={onRemove}
          >
            ×
          </button>
        )}
      </div>
      {group.conditions.map((c, i) => (
        <TestRow
          key={i}
          test={c}
          onChange={(test) => set(group.conditions.map((old, j) => (j === i ? test : old)))}
          onRemove={
            group.conditions.length > 1
              ? () => set(group.conditions.filter((_, j) => j !== i))
              : undefined
          }
          readOnly={readOnly}
        />
      ))}
      {!readOnly && (
        <button
          type="button"
          className="button button-small"
          onClick={() => set([...group.conditions, blankTest("trait", brands[0]?.id ?? "")])}
        >
          {t("segments.addCondition")}
        </button>
      )}
    </div>
  );
}
