import { DashboardOutlined, ExpandOutlined, LogoutOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import {
  Badge,
  Button,
  Card,
  Col,
  ConfigProvider,
  Empty,
  Row,
  Segmented,
  Select,
  Space,
  Spin,
  Statistic,
  Tag,
  Tooltip,
  Typography,
  theme,
} from 'antd';
import { lazy, Suspense, useEffect, useMemo, useState, type CSSProperties, type ReactNode } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import { ErrorAlert, healthColors } from '../../components/common';
import { key, useI18n } from '../../i18n';
import {
  categoriesChart,
  ganttChart,
  healthOrder,
  healthPie,
  mapChart,
  pickMap,
  rankingChart,
  regionColors,
  regionLevel,
  stateBar,
  trendChart,
  unitLabel,
} from './charts';
import type { ChartProps } from './Chart';
import { loadMap, prefetchMaps } from './maps';

const WALL_BG = '#061329';
const WALL_CARD = '#0b1f3f';

interface Look {
  dark: boolean;
  big: boolean;
}

/*
 * ECharts lives in the Chart chunk. The page asks for it right after sending its API requests (see the
 * effect below), so it downloads and compiles while the figures are being fetched.
 */
const loadChart = () => import('./Chart');
const LazyChart = lazy(loadChart);

function Chart(props: ChartProps) {
  return (
    <Suspense fallback={<div style={{ height: props.height }} />}>
      <LazyChart {...props} />
    </Suspense>
  );
}

function Panel({
  title,
  extra,
  children,
  look,
}: {
  title: ReactNode;
  extra?: ReactNode;
  children: ReactNode;
  look: Look;
}) {
  return (
    <Card
      size="small"
      title={title}
      extra={extra}
      style={{ height: '100%', ...(look.dark ? { background: WALL_CARD, borderColor: '#1d3b6a' } : {}) }}
      styles={{ body: { padding: 12 } }}
    >
      {children}
    </Card>
  );
}

function useClock(enabled: boolean): string {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    if (!enabled) {
      return;
    }
    const timer = setInterval(() => setNow(new Date()), 1000);
    return () => clearInterval(timer);
  }, [enabled]);
  return new Intl.DateTimeFormat('zh-CN', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
  }).format(now);
}

const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);

/** The cockpit (驾驶舱); with `wall`, the full-screen wall display (大屏) that refreshes itself. */
export default function CockpitPage({ wall = false }: { wall?: boolean }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const planParam = Number(params.get('planId'));
  const planId = Number.isInteger(planParam) && planParam > 0 ? planParam : undefined;
  const [distribution, setDistribution] = useState<'health' | 'state'>('health');
  const clock = useClock(wall);
  const look: Look = useMemo(() => ({ dark: wall, big: wall }), [wall]);
  // the wall aims at one 1080p screen: shorter charts, fewer ranked units, a scrolling Gantt
  const topHeight = wall ? 300 : 340;
  const rankingRows = wall ? 10 : 15;

  const plans = useQuery({
    queryKey: ['plans', 'cockpit-options'],
    queryFn: () => unwrap(api.GET('/api/v1/plans', { params: { query: { pageSize: 200 } } })),
  });
  const cockpit = useQuery({
    queryKey: ['cockpit', planId ?? null],
    queryFn: () => unwrap(api.GET('/api/v1/cockpit', { params: { query: planId ? { planId } : {} } })),
    placeholderData: keepPreviousData,
    refetchInterval: wall ? 60_000 : false,
    refetchIntervalInBackground: wall,
  });
  const c = cockpit.data;
  // after the queries' effects have sent the requests: the charts' code and the map outlines
  useEffect(() => {
    void loadChart();
    prefetchMaps();
  }, []);

  const picked = useMemo(() => (c ? pickMap(c) : null), [c]);
  // the map's outlines come in a chunk of their own, so the other charts need not wait for them
  const geo = useQuery({
    queryKey: ['cockpit-geo', picked?.map],
    queryFn: () => loadMap(picked!.map),
    enabled: !!picked,
    staleTime: Infinity,
  });
  const mapReady = !!picked && geo.data?.name === picked.map;

  const options = useMemo(() => {
    if (!c) {
      return null;
    }
    return {
      health: healthPie(c, t, look),
      state: stateBar(c, t, look),
      trend: trendChart(c, t, look),
      ranking: rankingChart(c, t, look, rankingRows),
      categories: categoriesChart(c, t, look),
      gantt: c.gantt.length ? ganttChart(c, t, look) : null,
    };
  }, [c, t, look, rankingRows]);
  // apart from the others, so the map's late arrival does not redraw every chart
  const mapOption = useMemo(
    () => (picked && mapReady ? mapChart(picked, t, look) : null),
    [picked, mapReady, t, look],
  );

  const selectPlan = (value: number | 'all') => {
    const next = new URLSearchParams(params);
    if (value === 'all') {
      next.delete('planId');
    } else {
      next.set('planId', String(value));
    }
    setParams(next, { replace: true });
  };
  const query = planId ? `?planId=${planId}` : '';

  const planSelect = (
    <Select
      value={planId ?? 'all'}
      onChange={selectPlan}
      style={{ minWidth: 240, maxWidth: 420 }}
      loading={plans.isLoading}
      showSearch={{ optionFilterProp: 'label' }}
      aria-label={t('cockpit.plan')}
      data-testid="cockpit-plan"
      options={[
        { value: 'all' as const, label: t('cockpit.wholeOrg') },
        ...(plans.data?.data ?? []).map((p) => ({ value: p.id, label: `${p.code} ${p.title}` })),
      ]}
    />
  );

  const numberStyle: CSSProperties = wall ? { fontSize: 40, fontWeight: 600 } : { fontSize: 26 };
  const cards: { key: string; title: string; value: ReactNode; color?: string; testId: string }[] = c
    ? [
        { key: 'total', title: t('cockpit.total'), value: c.total, testId: 'cockpit-total' },
        ...healthOrder.map((h) => ({
          key: h,
          title: t(key('health', h)),
          value: c.byHealth[h],
          color: healthColors[h],
          testId: `cockpit-health-${h}`,
        })),
        {
          key: 'rate',
          title: t('cockpit.completionRate'),
          value: pct(c.completionRate),
          testId: 'cockpit-completion-rate',
        },
      ]
    : [];

  const honour = c ? c.ranking.filter((r) => r.total > 0).slice(0, 3) : [];
  const lagging = c
    ? [...c.ranking]
        .filter((r) => r.red > 0)
        .sort((a, b) => b.red - a.red || a.score - b.score)
        .slice(0, 3)
    : [];

  const chartHeight = wall ? 300 : 280;
  const body = (
    <div
      data-testid="cockpit"
      data-state={c ? 'ready' : 'loading'}
      style={
        wall
          ? { minHeight: '100vh', background: WALL_BG, color: '#e6f0ff', padding: '12px 20px 20px' }
          : undefined
      }
    >
      <div
        style={{
          display: 'flex',
          flexWrap: 'wrap',
          gap: 12,
          alignItems: 'center',
          justifyContent: 'space-between',
          marginBottom: 12,
        }}
      >
        <Space size="middle" wrap>
          <Typography.Title level={wall ? 2 : 4} style={{ margin: 0 }}>
            <DashboardOutlined /> {t('cockpit.titleOf', { name: c?.root?.name ?? '' })}
          </Typography.Title>
          {planSelect}
          {c && (
            <Typography.Text type="secondary">
              {t('cockpit.asOf', { date: c.asOf })}
              {wall ? ` · ${t('cockpit.autoRefresh')}` : ''}
            </Typography.Text>
          )}
          {cockpit.isFetching && <Spin size="small" />}
        </Space>
        {wall ? (
          <Space size="middle">
            <span data-testid="cockpit-clock" style={{ fontSize: 22, fontVariantNumeric: 'tabular-nums' }}>
              {clock}
            </span>
            <Button
              icon={<ExpandOutlined />}
              onClick={() => void document.documentElement.requestFullscreen?.().catch(() => undefined)}
            >
              {t('cockpit.fullscreen')}
            </Button>
            <Button
              icon={<LogoutOutlined />}
              data-testid="cockpit-exit-wall"
              onClick={() => {
                if (document.fullscreenElement) {
                  void document.exitFullscreen().catch(() => undefined);
                }
                void navigate(`/cockpit${query}`);
              }}
            >
              {t('cockpit.exitWall')}
            </Button>
          </Space>
        ) : (
          <Button
            type="primary"
            icon={<ExpandOutlined />}
            data-testid="cockpit-open-wall"
            onClick={() => void navigate(`/wall${query}`)}
          >
            {t('cockpit.wall')}
          </Button>
        )}
      </div>

      <ErrorAlert error={cockpit.error} />
      {!c && cockpit.isLoading && (
        <div style={{ padding: 64, textAlign: 'center' }}>
          <Spin size="large" />
        </div>
      )}

      {c && options && (
        <>
          <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
            {cards.map((card) => (
              <Col key={card.key} xs={12} sm={8} md={6} xl={3}>
                <Card
                  size="small"
                  style={{
                    height: '100%',
                    ...(look.dark ? { background: WALL_CARD, borderColor: '#1d3b6a' } : {}),
                  }}
                >
                  <Statistic
                    title={
                      card.color ? <Badge color={card.color} text={card.title} /> : <span>{card.title}</span>
                    }
                    value={typeof card.value === 'number' ? card.value : undefined}
                    formatter={() => (
                      <span data-testid={card.testId} style={{ ...numberStyle, color: card.color }}>
                        {card.value}
                      </span>
                    )}
                  />
                  {card.key === 'rate' && (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t('cockpit.onTimeRate')} {pct(c.onTimeRate)}
                    </Typography.Text>
                  )}
                </Card>
              </Col>
            ))}
          </Row>

          <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
            <Col xs={24} lg={10}>
              <Panel
                look={look}
                title={t('cockpit.map')}
                extra={
                  <Space size={8} wrap>
                    {(['red', 'yellow', 'green', 'empty'] as const).map((level) => (
                      <Badge
                        key={level}
                        color={regionColors[level]}
                        text={
                          <span style={{ fontSize: 12 }}>
                            {t(
                              (
                                {
                                  red: 'cockpit.mapRed',
                                  yellow: 'cockpit.mapYellow',
                                  green: 'cockpit.mapGreen',
                                  empty: 'cockpit.mapEmpty',
                                } as const
                              )[level],
                            )}
                          </span>
                        }
                      />
                    ))}
                  </Space>
                }
              >
                {picked ? (
                  <Spin spinning={!mapReady}>
                    <Chart
                      option={mapOption}
                      map={mapReady ? geo.data : undefined}
                      height={topHeight}
                      testId="cockpit-map"
                      dark={wall}
                    />
                  </Spin>
                ) : (
                  <div data-testid="cockpit-map" style={{ minHeight: 120 }}>
                    <Typography.Paragraph type="secondary">{t('cockpit.noMap')}</Typography.Paragraph>
                    <Space size={[8, 8]} wrap>
                      {c.regions.map((r) => (
                        <Tooltip
                          key={r.orgId}
                          title={healthOrder
                            .filter((h) => r.byHealth[h] > 0)
                            .map((h) => `${t(key('health', h))} ${r.byHealth[h]}`)
                            .join(' · ')}
                        >
                          <Tag color={r.total ? regionColors[regionLevel(r)] : undefined}>
                            {r.name} {r.total}
                          </Tag>
                        </Tooltip>
                      ))}
                    </Space>
                  </div>
                )}
              </Panel>
            </Col>
            <Col xs={24} md={12} lg={7}>
              <Panel
                look={look}
                title={t('cockpit.distribution')}
                extra={
                  <Segmented
                    size="small"
                    value={distribution}
                    onChange={(v) => setDistribution(v === 'state' ? 'state' : 'health')}
                    options={[
                      { value: 'health', label: t('cockpit.byHealth') },
                      { value: 'state', label: t('cockpit.byState') },
                    ]}
                  />
                }
              >
                <Chart
                  option={distribution === 'health' ? options.health : options.state}
                  height={topHeight}
                  testId="cockpit-distribution"
                  dark={wall}
                />
              </Panel>
            </Col>
            <Col xs={24} md={12} lg={7}>
              <Panel look={look} title={t('cockpit.trend')}>
                <Chart option={options.trend} height={topHeight} testId="cockpit-trend" dark={wall} />
              </Panel>
            </Col>
          </Row>

          <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
            <Col xs={24} lg={12}>
              <Panel
                look={look}
                title={
                  <Tooltip title={t('cockpit.scoreHint')}>
                    <span>{t('cockpit.ranking')}</span>
                  </Tooltip>
                }
              >
                {c.ranking.length ? (
                  <Chart
                    option={options.ranking}
                    height={Math.max(chartHeight - 60, Math.min(c.ranking.length, rankingRows) * 26 + 30)}
                    testId="cockpit-ranking"
                    dark={wall}
                  />
                ) : (
                  <div data-testid="cockpit-ranking">
                    <Empty description={t('cockpit.empty')} />
                  </div>
                )}
                <Row gutter={12} style={{ marginTop: 8 }}>
                  <Col span={12}>
                    <Typography.Text strong style={{ color: healthColors.red }}>
                      {t('cockpit.honourList')}
                    </Typography.Text>
                    <ol style={{ margin: '4px 0 0', paddingLeft: 20 }} data-testid="cockpit-honour">
                      {honour.length ? (
                        honour.map((r) => (
                          <li key={r.orgId}>
                            {unitLabel(c, r, t)} · {r.score}
                          </li>
                        ))
                      ) : (
                        <li style={{ listStyle: 'none' }}>{t('cockpit.noneListed')}</li>
                      )}
                    </ol>
                  </Col>
                  <Col span={12}>
                    <Typography.Text strong>{t('cockpit.blackList')}</Typography.Text>
                    <ol style={{ margin: '4px 0 0', paddingLeft: 20 }} data-testid="cockpit-lagging">
                      {lagging.length ? (
                        lagging.map((r) => (
                          <li key={r.orgId}>
                            {unitLabel(c, r, t)} · {t('cockpit.red')} {r.red}
                          </li>
                        ))
                      ) : (
                        <li style={{ listStyle: 'none' }}>{t('cockpit.noneListed')}</li>
                      )}
                    </ol>
                  </Col>
                </Row>
              </Panel>
            </Col>
            <Col xs={24} lg={12}>
              <Panel look={look} title={t('cockpit.categories')}>
                <Chart
                  option={options.categories}
                  height={Math.max(chartHeight, c.categories.length * 34 + 60)}
                  testId="cockpit-categories"
                  dark={wall}
                />
              </Panel>
            </Col>
          </Row>

          <Panel
            look={look}
            title={t('cockpit.gantt')}
            extra={<Typography.Text type="secondary">{t('cockpit.ganttHint')}</Typography.Text>}
          >
            {options.gantt ? (
              <div style={{ maxHeight: wall ? 380 : 640, overflowY: 'auto' }}>
                <Chart
                  option={options.gantt}
                  height={c.gantt.length * (wall ? 30 : 26) + 50}
                  testId="cockpit-gantt"
                  dark={wall}
                  onClick={(e) => {
                    const row = c.gantt[e.dataIndex];
                    if (!wall && e.seriesIndex === 0 && row) {
                      void navigate(`/items/${row.itemId}`);
                    }
                  }}
                />
              </div>
            ) : (
              <div data-testid="cockpit-gantt">
                <Empty description={t('cockpit.empty')} />
              </div>
            )}
          </Panel>
        </>
      )}
    </div>
  );

  return wall ? (
    <ConfigProvider theme={{ algorithm: theme.darkAlgorithm, token: { colorBgContainer: WALL_CARD } }}>
      {body}
    </ConfigProvider>
  ) : (
    body
  );
}
