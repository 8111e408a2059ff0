import { BarChart } from "echarts/charts";
import { GridComponent, LegendComponent, TooltipComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";
import { useEffect, useRef } from "react";
import { useI18n } from "../i18n/i18n.js";

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

/** Entries (up) and exits (down) per day: how a segment grows and shrinks. */
export default function SegmentTrendChart({
  trend,
}: {
  trend: { day: string; entered: number; left: number }[];
}) {
  const { t, day } = useI18n();
  const element = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!element.current) return;
    const chart = echarts.init(element.current);
    chart.setOption({
      tooltip: { trigger: "axis" },
      legend: { data: [t("segments.trend.entered"), t("segments.trend.left")] },
      grid: { left: 40, right: 16, top: 36, bottom: 28 },
      xAxis: { type: "category", data: trend.map((d) => day(Date.parse(`${d.day}T12:00:00Z`))) },
      yAxis: { type: "value", minInterval: 1 },
      series: [
        {
          name: t("segments.trend.entered"),
          type: "bar",
          stack: "change",
          itemStyle: { color: "#15803d" },
          data: trend.map((d) => d.entered),
        },
        {
          name: t("segments.trend.left"),
          type: "bar",
          stack: "change",
          itemStyle: { color: "#b91c1c" },
          data: trend.map((d) => -d.left),
        },
      ],
    });
    const resize = () => chart.resize();
    window.addEventListener("resize", resize);
    return () => {
      window.removeEventListener("resize", resize);
      chart.dispose();
    };
  }, [trend, t, day]);
  return (
    <div
      ref={element}
      className="chart"
      data-testid="segment-trend"
      role="img"
      aria-label={t("segments.trend")}
    />
  );
}
