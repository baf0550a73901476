import { CheckOutlined, RollbackOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Popconfirm, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, unwrap } from '../api/client';
import { ErrorAlert, formatTime, HealthLamp, StateTag } from '../components/common';
import { useI18n } from '../i18n';
import { ReturnModal } from './ReportFormPage';

type Decision =
  | { kind: 'report'; id: number; decision: 'approve' | 'return'; note?: string }
  | {
      kind: 'item';
      id: number;
      action: 'approve' | 'return' | 'approve_extension' | 'reject_extension';
      reason?: string;
    };

/** 审核: filed reports, completion requests and extension requests, approved or returned in place. */
export default function ReviewPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [returning, setReturning] = useState<Decision | null>(null);
  const reports = useQuery({
    queryKey: ['review', 'reports'],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/reports', {
          params: { query: { toReview: 'true', state: 'submitted', pageSize: 100 } },
        }),
      ),
  });
  const completions = useQuery({
    queryKey: ['review', 'completions'],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/items', { params: { query: { state: 'completion_requested', pageSize: 100 } } }),
      ),
  });
  const extensions = useQuery({
    queryKey: ['review', 'extensions'],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/items', { params: { query: { state: 'extension_requested', pageSize: 100 } } }),
      ),
  });
  const decide = useMutation({
    mutationFn: (d: Decision): Promise<unknown> =>
      d.kind === 'report'
        ? unwrap(
            api.POST('/api/v1/reports/{id}/review', {
              params: { path: { id: d.id } },
              body: { decision: d.decision, note: d.note },
            }),
          )
        : unwrap(
            api.POST('/api/v1/items/{id}/actions', {
              params: { path: { id: d.id } },
              body: { action: d.action, reason: d.reason },
            }),
          ),
    onSuccess: async () => {
      setReturning(null);
      await queryClient.invalidateQueries();
      message.success(t('common.done'));
    },
    onError: (err) => message.error(err.message),
  });
  const approveButton = (d: Decision, testId: string) => (
    <Popconfirm title={t('review.approveConfirm')} onConfirm={() => decide.mutate(d)}>
      <Button size="small" type="primary" icon={<CheckOutlined />} data-testid={testId}>
        {t('report.approve')}
      </Button>
    </Popconfirm>
  );
  const returnButton = (d: Decision, testId: string) => (
    <Button
      size="small"
      danger
      icon={<RollbackOutlined />}
      onClick={() => setReturning(d)}
      data-testid={testId}
    >
      {t('report.return')}
    </Button>
  );
  const itemColumns = (kind: 'completion' | 'extension') => [
    { title: t('item.code'), dataIndex: 'code', width: 110 },
    {
      title: t('item.title'),
      dataIndex: 'title',
      render: (v: string, r: { id: number }) => <Link to={`/items/${r.id}`}>{v}</Link>,
    },
    { title: t('item.leadUnit'), dataIndex: 'leadUnitName', width: 140 },
    { title: t('item.deadline'), dataIndex: 'deadline', width: 110 },
    {
      title: t('item.health'),
      dataIndex: 'health',
      width: 110,
      render: (v: string, r: { healthReasons: { text: string }[] }) => (
        <HealthLamp health={v} reasons={r.healthReasons} />
      ),
    },
    {
      title: t('item.actions'),
      width: 180,
      render: (_: unknown, r: { id: number }) => (
        <Space>
          {approveButton(
            { kind: 'item', id: r.id, action: kind === 'completion' ? 'approve' : 'approve_extension' },
            `review-approve-${r.id}`,
          )}
          {returnButton(
            { kind: 'item', id: r.id, action: kind === 'completion' ? 'return' : 'reject_extension' },
            `review-return-${r.id}`,
          )}
        </Space>
      ),
    },
  ];
  return (
    <Card size="small" title={t('review.title')}>
      <ErrorAlert error={reports.error ?? completions.error ?? extensions.error} />
      <Tabs
        items={[
          {
            key: 'reports',
            label: `${t('review.reports')} ${reports.data?.total ?? ''}`,
            children: (
              <Table
                size="small"
                rowKey="id"
                loading={reports.isLoading}
                dataSource={reports.data?.data}
                scroll={{ x: 900 }}
                locale={{ emptyText: t('review.empty') }}
                expandable={{
                  expandedRowRender: (r) => (
                    <div style={{ whiteSpace: 'pre-wrap' }}>
                      <Typography.Text strong>{t('report.progressText')}：</Typography.Text>
                      {r.progressText}
                      {r.problems && (
                        <div>
                          <Typography.Text strong>{t('report.problems')}：</Typography.Text>
                          {r.problems}
                        </div>
                      )}
                      {r.files.map((f) => (
                        <div key={f.id}>
                          <a href={`/api/v1/files/${f.id}`} target="_blank" rel="noreferrer">
                            {f.name}
                          </a>
                        </div>
                      ))}
                    </div>
                  ),
                }}
                columns={[
                  {
                    title: t('item.title'),
                    dataIndex: 'itemTitle',
                    render: (v: string, r) => (
                      <Link to={`/reports/${r.id}`}>
                        {r.itemCode} {v}
                      </Link>
                    ),
                  },
                  { title: t('report.unit'), dataIndex: 'orgName', width: 140 },
                  { title: t('report.period'), dataIndex: 'period', width: 90 },
                  {
                    title: t('report.state'),
                    width: 150,
                    render: (_, r) => (
                      <>
                        <StateTag state={r.state} prefix="reportState" />
                        {r.late && <Tag color="orange">{t('report.late')}</Tag>}
                        {r.noChange && <Tag>{t('report.noChange')}</Tag>}
                      </>
                    ),
                  },
                  {
                    title: t('report.submitted'),
                    dataIndex: 'submittedAt',
                    width: 140,
                    render: (v: string) => formatTime(v),
                  },
                  {
                    title: t('item.actions'),
                    width: 180,
                    render: (_, r) => (
                      <Space>
                        {approveButton(
                          { kind: 'report', id: r.id, decision: 'approve' },
                          `review-report-approve-${r.id}`,
                        )}
                        {returnButton(
                          { kind: 'report', id: r.id, decision: 'return' },
                          `review-report-return-${r.id}`,
                        )}
                      </Space>
                    ),
                  },
                ]}
              />
            ),
          },
          ...(
            [
              ['completions', 'review.completions', completions, 'completion'],
              ['extensions', 'review.extensions', extensions, 'extension'],
            ] as const
          ).map(([key, label, query, kind]) => ({
            key,
            label: `${t(label)} ${query.data?.total ?? ''}`,
            children: (
              <Table
                size="small"
                rowKey="id"
                loading={query.isLoading}
                dataSource={query.data?.data}
                scroll={{ x: 900 }}
                locale={{ emptyText: t('review.empty') }}
                columns={itemColumns(kind)}
              />
            ),
          })),
        ]}
      />
      {returning && (
        <ReturnModal
          busy={decide.isPending}
          onCancel={() => setReturning(null)}
          onOk={(note) =>
            decide.mutate(
              returning.kind === 'report' ? { ...returning, note } : { ...returning, reason: note },
            )
          }
        />
      )}
    </Card>
  );
}
