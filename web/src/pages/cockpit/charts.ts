/**
 * The cockpit's chart options, as plain functions of the API's reply: no React, no ECharts instance.
 */
import type { CustomSeriesRenderItem } from 'echarts';
import type { paths } from '../../api/client';
import { healthColors } from '../../components/common';
import { key, type Translate } from '../../i18n';
import type { EChartsCoreOption } from 'echarts/core';
import { mapRegionNames, type MapName } from './maps';

export type Cockpit = paths['/api/v1/cockpit']['get']['responses'][200]['content']['application/json'];
export type HealthCounts = Cockpit['byHealth'];
export type Health = keyof HealthCounts;

export const healthOrder: Health[] = ['green', 'yellow', 'red', 'done_on_time', 'done_late', 'none'];
export const stateOrder: (keyof Cockpit['byState'])[] = [
  'draft',
  'assigned',
  'accepted',
  'in_progress',
  'completion_requested',
  'completed',
  'returned',
  'extension_requested',
  'suspended',
  'cancelled',
];

const DAY = 86_400_000;
const ms = (date: string) => Date.parse(`${date}T00:00:00+08:00`);

interface Look {
  dark: boolean;
  /** Larger type for the wall display. */
  big: boolean;
}
const fontSize = (look: Look) => (look.big ? 15 : 12);
const muted = (look: Look) => (look.dark ? '#8ba3c7' : '#8c8c8c');

export function healthPie(c: Cockpit, t: Translate, look: Look): EChartsCoreOption {
  return {
    tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
    legend: { bottom: 0, textStyle: { fontSize: fontSize(look) } },
    series: [
      {
        type: 'pie',
        radius: ['42%', '68%'],
        center: ['50%', '45%'],
        // the legend names the slices; the labels only count, so they never crowd each other out
        label: { formatter: '{c}', fontSize: fontSize(look) },
        labelLine: { length: 6, length2: 6 },
        data: healthOrder
          .filter((h) => c.byHealth[h] > 0)
          .map((h) => ({
            name: t(key('health', h)),
            value: c.byHealth[h],
            itemStyle: { color: healthColors[h] },
          })),
      },
    ],
  };
}

export function stateBar(c: Cockpit, t: Translate, look: Look): EChartsCoreOption {
  return {
    tooltip: { trigger: 'axis' },
    grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: {
      type: 'category',
      inverse: true,
      data: stateOrder.map((s) => t(key('state', s))),
      axisLabel: { fontSize: fontSize(look) },
    },
    series: [
      {
        type: 'bar',
        data: stateOrder.map((s) => c.byState[s]),
        itemStyle: { color: '#1677ff' },
        label: { show: true, position: 'right', fontSize: fontSize(look) },
        barMaxWidth: 18,
      },
    ],
  };
}

export function trendChart(c: Cockpit, t: Translate, look: Look): EChartsCoreOption {
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0, textStyle: { fontSize: fontSize(look) } },
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    xAxis: {
      type: 'category',
      data: c.trend.map((m) => m.month),
      axisLabel: { fontSize: fontSize(look) },
    },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      {
        name: t('cockpit.trendDue'),
        type: 'bar',
        data: c.trend.map((m) => m.due),
        itemStyle: { color: '#8c9eff' },
        barMaxWidth: 22,
      },
      {
        name: t('cockpit.trendCompleted'),
        type: 'bar',
        data: c.trend.map((m) => m.completed),
        itemStyle: { color: '#1677ff' },
        barMaxWidth: 22,
      },
      {
        name: t('cockpit.trendOnTime'),
        type: 'line',
        data: c.trend.map((m) => m.completedOnTime),
        itemStyle: { color: healthColors.green },
      },
    ],
  };
}

/** The label of a ranking row: the root itself is marked as such. */
export function unitLabel(c: Cockpit, row: Cockpit['ranking'][number], t: Translate): string {
  return c.root && row.orgId === c.root.orgId ? t('cockpit.self', { name: row.name }) : row.name;
}

function scoreColor(score: number): string {
  if (score >= 80) {
    return healthColors.green!;
  }
  if (score >= 50) {
    return '#1677ff';
  }
  if (score >= 0) {
    return healthColors.yellow!;
  }
  return healthColors.red!;
}

export function rankingChart(c: Cockpit, t: Translate, look: Look, limit: number): EChartsCoreOption {
  const rows = c.ranking.slice(0, limit);
  const labelWidth = look.big ? 180 : 140;
  const pct = (v: number | null) => (v === null ? '—' : `${Math.round(v * 100)}%`);
  return {
    tooltip: {
      trigger: 'item',
      formatter: (p: { dataIndex: number }) => {
        const r = rows[p.dataIndex];
        if (!r) {
          return '';
        }
        return [
          `<b>${escapeHtml(unitLabel(c, r, t))}</b>`,
          `${t('cockpit.score')}: ${r.score}`,
          `${t('cockpit.total')}: ${r.total} · ${t('cockpit.completed')}: ${r.completed}`,
          `${t('cockpit.red')}: ${r.red} · ${t('cockpit.yellow')}: ${r.yellow}`,
          `${t('cockpit.completionRate')}: ${pct(r.completionRate)} · ${t('cockpit.onTimeRate')}: ${pct(r.onTimeRate)}`,
        ].join('<br/>');
      },
    },
    // a fixed label column: names are truncated to it rather than pushed off the canvas
    grid: { left: labelWidth + 16, right: 40, top: 8, bottom: 24 },
    xAxis: { type: 'value', axisLabel: { color: muted(look) } },
    yAxis: {
      type: 'category',
      inverse: true,
      data: rows.map((r) => unitLabel(c, r, t)),
      axisLabel: { fontSize: fontSize(look), width: labelWidth, overflow: 'truncate' },
    },
    series: [
      {
        type: 'bar',
        data: rows.map((r) => ({ value: r.score, itemStyle: { color: scoreColor(r.score) } })),
        label: { show: true, position: 'right', fontSize: fontSize(look) },
        barMaxWidth: 18,
      },
    ],
  };
}

export function categoriesChart(c: Cockpit, t: Translate, look: Look): EChartsCoreOption {
  const cats = c.categories.map((k) => k.category ?? t('cockpit.uncategorised'));
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0, textStyle: { fontSize: fontSize(look) } },
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', inverse: true, data: cats, axisLabel: { fontSize: fontSize(look) } },
    series: healthOrder.map((h) => ({
      name: t(key('health', h)),
      type: 'bar',
      stack: 'health',
      data: c.categories.map((k) => k.byHealth[h]),
      itemStyle: { color: healthColors[h] },
      barMaxWidth: 22,
    })),
  };
}

export type RegionLevel = 'red' | 'yellow' | 'green' | 'empty';
export const regionColors: Record<RegionLevel, string> = {
  red: healthColors.red!,
  yellow: healthColors.yellow!,
  green: healthColors.green!,
  empty: '#d9d9d9',
};

/**
 * A region's colour on the map: red when at least a tenth of its items are red, yellow when it has
 * any red or at least a tenth yellow, green otherwise; grey when it has no items.
 */
export function regionLevel(r: { total: number; byHealth: HealthCounts }): RegionLevel {
  if (r.total === 0) {
    return 'empty';
  }
  const { red, yellow } = r.byHealth;
  if (red / r.total >= 0.1) {
    return 'red';
  }
  if (red > 0 || yellow / r.total >= 0.1) {
    return 'yellow';
  }
  return 'green';
}

/**
 * Which map shows the regions: the one most of the root's children are features of; failing that, the
 * one the root itself is a feature of (a city's handler sees the city on the province's map).
 */
export function pickMap(
  c: Cockpit,
): { map: MapName; regions: { name: string; total: number; byHealth: HealthCounts }[] } | null {
  let best: { map: MapName; n: number } | null = null;
  for (const map of Object.keys(mapRegionNames) as MapName[]) {
    const n = c.regions.filter((r) => mapRegionNames[map].has(r.name)).length;
    if (n > 0 && (!best || n > best.n)) {
      best = { map, n };
    }
  }
  if (best) {
    const names = mapRegionNames[best.map];
    return { map: best.map, regions: c.regions.filter((r) => names.has(r.name)) };
  }
  if (c.root) {
    for (const map of Object.keys(mapRegionNames) as MapName[]) {
      if (mapRegionNames[map].has(c.root.name)) {
        return { map, regions: [{ name: c.root.name, total: c.total, byHealth: c.byHealth }] };
      }
    }
  }
  return null;
}

export function mapChart(
  picked: NonNullable<ReturnType<typeof pickMap>>,
  t: Translate,
  look: Look,
): EChartsCoreOption {
  const byName = new Map(picked.regions.map((r) => [r.name, r]));
  return {
    tooltip: {
      trigger: 'item',
      formatter: (p: { name: string }) => {
        const r = byName.get(p.name);
        if (!r) {
          return `${escapeHtml(p.name)}<br/>${t('cockpit.mapEmpty')}`;
        }
        return [
          `<b>${escapeHtml(p.name)}</b> · ${t('cockpit.items', { n: r.total })}`,
          ...healthOrder
            .filter((h) => r.byHealth[h] > 0)
            .map((h) => `${t(key('health', h))}: ${r.byHealth[h]}`),
        ].join('<br/>');
      },
    },
    series: [
      {
        type: 'map',
        map: picked.map,
        roam: false,
        layoutCenter: ['50%', '50%'],
        layoutSize: '95%',
        selectedMode: false,
        label: {
          show: true,
          fontSize: look.big ? 13 : 10,
          color: look.dark ? '#fff' : '#333',
          formatter: (p: { name: string }) => shortPlace(p.name),
        },
        itemStyle: { areaColor: regionColors.empty, borderColor: look.dark ? '#0b1a33' : '#fff' },
        emphasis: { label: { show: true }, itemStyle: { areaColor: '#69b1ff' } },
        data: picked.regions.map((r) => ({
          name: r.name,
          value: r.total,
          itemStyle: { areaColor: regionColors[regionLevel(r)] },
        })),
      },
    ],
  };
}

/** 海西蒙古族藏族自治州 → 海西, 西宁市 → 西宁: the short names people say. */
export function shortPlace(name: string): string {
  const m = /^(.{2,}?)(?:蒙古族|[回土撒藏羌彝]族)*(?:自治州|自治县|地区|市|县|区|州)$/.exec(name);
  return m?.[1] ?? name;
}

/** The Gantt chart: one row per item from start to deadline, milestones as diamonds, a line for today. */
export function ganttChart(c: Cockpit, t: Translate, look: Look): EChartsCoreOption {
  const rows = c.gantt;
  const today = ms(c.asOf);
  const starts = rows.map((r) => {
    const first = r.milestones[0]?.dueDate;
    const s = r.startDate ?? (first && first < r.deadline ? first : null);
    return s ? ms(s) : ms(r.deadline) - 30 * DAY;
  });
  const ends = rows.map((r) => ms(r.deadline));
  const min = Math.min(today, ...starts) - 7 * DAY;
  const max = Math.max(today, ...ends) + 7 * DAY;
  const textColor = look.dark ? '#e6f0ff' : '#333';
  const labelWidth = look.big ? 260 : 210;

  const renderItem: CustomSeriesRenderItem = (params, api) => {
    const row = api.value(0) as number;
    const start = api.coord([api.value(1), row]);
    const end = api.coord([api.value(2), row]);
    const size = api.size?.([0, 1]) as number[];
    const height = Math.max(6, (size[1] ?? 20) * 0.5);
    const x = start[0] ?? 0;
    const width = Math.max(2, (end[0] ?? 0) - x);
    const y = (start[1] ?? 0) - height / 2;
    const progress = (api.value(3) as number) / 100;
    const color = api.visual('color') as string;
    const bounds = params.coordSys as unknown as { x: number; y: number; width: number; height: number };
    const clip = (r: { x: number; y: number; width: number; height: number }) => {
      const x1 = Math.max(r.x, bounds.x);
      const x2 = Math.min(r.x + r.width, bounds.x + bounds.width);
      return x2 > x1 ? { ...r, x: x1, width: x2 - x1 } : null;
    };
    const bar = clip({ x, y, width, height });
    const done = clip({ x, y, width: width * progress, height });
    return {
      type: 'group',
      children: [
        ...(bar ? [{ type: 'rect' as const, shape: bar, style: { fill: color, opacity: 0.35 } }] : []),
        ...(done ? [{ type: 'rect' as const, shape: done, style: { fill: color } }] : []),
      ],
    };
  };

  const milestoneData = rows.flatMap((r, i) =>
    r.milestones.map((m) => {
      const late = !m.doneOn && m.dueDate < c.asOf;
      const color = m.doneOn ? healthColors.green : late ? healthColors.red : healthColors.yellow;
      return {
        value: [ms(m.dueDate), i],
        name: m.title,
        itemStyle: {
          color: m.doneOn ? color : look.dark ? '#0b1a33' : '#fff',
          borderColor: color,
          borderWidth: 2,
        },
        milestone: m,
      };
    }),
  );

  return {
    tooltip: {
      trigger: 'item',
      formatter: (p: { seriesIndex: number; dataIndex: number }) => {
        if (p.seriesIndex === 0) {
          const r = rows[p.dataIndex];
          if (!r) {
            return '';
          }
          return [
            `<b>${escapeHtml(r.code)} ${escapeHtml(r.title)}</b>`,
            escapeHtml(r.unitName ?? ''),
            `${t('cockpit.start')}: ${r.startDate ?? '—'} · ${t('cockpit.deadline')}: ${r.deadline}`,
            `${t(key('health', r.health))} · ${r.progress}%`,
          ].join('<br/>');
        }
        const m = milestoneData[p.dataIndex]?.milestone;
        if (!m) {
          return '';
        }
        return [
          `${t('cockpit.milestone')} ${m.seq}: <b>${escapeHtml(m.title)}</b>`,
          `${m.dueDate} · ${m.doneOn ? `${t('cockpit.milestoneDone')} ${m.doneOn}` : t('cockpit.milestonePending')}`,
        ].join('<br/>');
      },
    },
    grid: { left: labelWidth + 16, right: 24, top: 28, bottom: 8 },
    xAxis: {
      type: 'time',
      position: 'top',
      min,
      max,
      splitLine: { show: true, lineStyle: { opacity: 0.3 } },
      axisLabel: {
        formatter: { year: '{yyyy}', month: '{yyyy}-{MM}', day: '{MM}-{dd}' },
        color: muted(look),
      },
    },
    yAxis: {
      type: 'category',
      inverse: true,
      data: rows.map((r) => `${r.code} ${r.title}`),
      axisLabel: {
        width: labelWidth,
        overflow: 'truncate',
        color: textColor,
        fontSize: fontSize(look),
      },
      axisTick: { show: false },
    },
    series: [
      {
        type: 'custom',
        renderItem,
        encode: { x: [1, 2], y: 0 },
        data: rows.map((r, i) => ({
          value: [i, starts[i], ends[i], r.progress],
          itemStyle: { color: healthColors[r.health] },
        })),
      },
      {
        type: 'scatter',
        symbol: 'diamond',
        symbolSize: look.big ? 14 : 11,
        z: 3,
        data: milestoneData.map(({ milestone: _m, ...d }) => d),
        markLine: {
          silent: true,
          symbol: 'none',
          lineStyle: { color: healthColors.red, type: 'dashed', width: 1.5 },
          label: { formatter: t('cockpit.today'), color: healthColors.red, position: 'start' },
          data: [{ xAxis: today }],
        },
      },
    ],
  };
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
