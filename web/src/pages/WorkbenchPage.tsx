import { useQuery } from '@tanstack/react-query';
import { Card, Col, Empty, Row, Tabs, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { api, unwrap } from '../api/client';
import { useSession } from '../auth';
import { ErrorAlert, formatTime, HealthLamp, StateTag } from '../components/common';
import { key, useI18n } from '../i18n';
import type { MessageKey } from '../i18n/zh-CN';

type Todo = Awaited<ReturnType<typeof fetchTodo>>;
const fetchTodo = () => unwrap(api.GET('/api/v1/me/todo'));

/** 工作台: what waits for me (待办) by kind, and what I did lately (已办). */
export default function WorkbenchPage() {
  const { t } = useI18n();
  const { me, can } = useSession();
  const todo = useQuery({ queryKey: ['me', 'todo'], queryFn: fetchTodo });
  const done = useQuery({ queryKey: ['me', 'done'], queryFn: () => unwrap(api.GET('/api/v1/me/done')) });
  // Each kind of work shows to those whose role does it: units sign and report, supervisors review.
  const handles = can('item.handle');
  const reviews = can('item.review') || can('report.review');
  const kinds = (
    [
      { key: 'toSign', label: 'workbench.toSign', shown: handles },
      { key: 'returned', label: 'workbench.returned', shown: handles },
      { key: 'reportsDue', label: 'workbench.reportsDue', shown: handles && can('report.submit') },
      { key: 'reportReviews', label: 'workbench.reportReviews', shown: reviews },
      { key: 'completionReviews', label: 'workbench.completions', shown: reviews },
      { key: 'extensionReviews', label: 'workbench.extensions', shown: reviews },
      { key: 'attention', label: 'workbench.attention', shown: can('item.instruct') },
    ] satisfies { key: keyof Todo; label: MessageKey; shown: boolean }[]
  ).filter((k) => k.shown);
  const data = todo.data;
  const firstBusy = data ? kinds.find((k) => data[k.key].total > 0)?.key : undefined;

  return (
    <div>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('workbench.greeting', { name: me?.displayName ?? '' })}
      </Typography.Title>
      <ErrorAlert error={todo.error} />
      <Row gutter={[12, 12]}>
        {kinds.map((k) => (
          <Col key={k.key} xs={12} sm={8} lg={4}>
            <Card size="small" loading={todo.isLoading}>
              <Typography.Text type="secondary">{t(k.label)}</Typography.Text>
              <div style={{ fontSize: 24 }} data-testid={`todo-${k.key}`}>
                {data?.[k.key].total ?? 0}
              </div>
            </Card>
          </Col>
        ))}
      </Row>
      <Row gutter={[12, 12]} style={{ marginTop: 12 }}>
        <Col xs={24} lg={16}>
          <Card title={t('workbench.todo')} size="small">
            {data && kinds.every((k) => data[k.key].total === 0) ? (
              <Empty description={t('workbench.nothing')} />
            ) : (
              <Tabs
                key={firstBusy}
                defaultActiveKey={firstBusy}
                items={kinds.map((k) => ({
                  key: k.key,
                  label: `${t(k.label)} ${data?.[k.key].total ?? ''}`,
                  children: <TodoList kind={k.key} todo={data} />,
                }))}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <Card title={t('workbench.recent')} size="small" loading={done.isLoading}>
            {done.data?.data.length ? (
              <Rows
                rows={done.data.data.slice(0, 15).map((e) => ({
                  key: e.id,
                  content: (
                    <div>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {formatTime(e.at)}
                      </Typography.Text>
                      <div>
                        <Tag>{eventLabel(t, e.kind)}</Tag>
                        <Link to={`/items/${e.itemId}`}>
                          {e.itemCode} {e.itemTitle}
                        </Link>
                      </div>
                    </div>
                  ),
                }))}
              />
            ) : (
              <Empty description={t('common.empty')} />
            )}
          </Card>
        </Col>
      </Row>
    </div>
  );
}

export function eventLabel(t: (k: MessageKey) => string, kind: string): string {
  const text = t(key('event', kind));
  return text.startsWith('event.') ? kind : text;
}

function TodoList({ kind, todo }: { kind: keyof Todo; todo: Todo | undefined }) {
  const { t } = useI18n();
  if (!todo) {
    return null;
  }
  if (kind === 'reportsDue' || kind === 'reportReviews') {
    return (
      <Rows
        rows={todo[kind].data.map((r) => ({
          key: r.id,
          extra: (
            <Link to={`/reports/${r.id}`} data-testid={`report-link-${r.id}`}>
              {kind === 'reportsDue' ? t('report.fill') : t('report.review')}
            </Link>
          ),
          content: (
            <>
              <Link to={`/items/${r.itemId}`}>
                {r.itemCode} {r.itemTitle}
              </Link>
              <div>
                <Typography.Text type="secondary">
                  {t('report.period')} {r.period} · {t('report.due')} {r.dueDate}{' '}
                </Typography.Text>
                {r.overdue && <Tag color="red">{t('report.late')}</Tag>}
                <StateTag state={r.state} prefix="reportState" />
              </div>
            </>
          ),
        }))}
      />
    );
  }
  return (
    <Rows
      rows={todo[kind].data.map((i) => ({
        key: i.id,
        extra: <HealthLamp health={i.health} reasons={i.healthReasons} />,
        content: (
          <>
            <Link to={`/items/${i.id}`} data-testid={`todo-item-${i.id}`}>
              {i.code} {i.title}
            </Link>
            <div>
              <StateTag state={i.state} />
              <Typography.Text type="secondary">
                {i.leadUnitName} · {t('item.deadline')} {i.deadline ?? t('item.ongoing')}
              </Typography.Text>
            </div>
          </>
        ),
      }))}
    />
  );
}

/** A plain list of rows: the workbench is the first page after sign-in and stays light. */
function Rows({ rows }: { rows: { key: number; content: ReactNode; extra?: ReactNode }[] }) {
  const { t } = useI18n();
  if (rows.length === 0) {
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('common.empty')} />;
  }
  return (
    <div>
      {rows.map((r) => (
        <div
          key={r.key}
          style={{
            display: 'flex',
            gap: 12,
            padding: '8px 0',
            borderBottom: '1px solid #f0f0f0',
            alignItems: 'center',
          }}
        >
          <div style={{ flex: 1, minWidth: 0 }}>{r.content}</div>
          {r.extra}
        </div>
      ))}
    </div>
  );
}
