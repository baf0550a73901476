import { ReloadOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import {
  Alert,
  AutoComplete,
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Form,
  Input,
  Row,
  Select,
  Space,
  Table,
  Tag,
  Typography,
  type TableColumnsType,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { api, unwrap, type paths } from '../../api/client';
import { ErrorAlert, formatTime } from '../../components/common';
import { key, useI18n } from '../../i18n';
import { JsonBlock, useShowError } from './shared';

type AuditQuery = NonNullable<paths['/api/v1/audit']['get']['parameters']['query']>;
type AuditEntry =
  paths['/api/v1/audit']['get']['responses'][200]['content']['application/json']['data'][number];
type Outcome = NonNullable<AuditQuery['outcome']>;
type Verify = paths['/api/v1/audit/verify']['get']['responses'][200]['content']['application/json'];

const outcomeColors: Record<Outcome, string> = { ok: 'success', denied: 'warning', failed: 'error' };

/** Prefixes an auditor filters by most often (the server takes an exact action or a prefix ending in a dot). */
const actionHints = [
  'auth.',
  'auth.login',
  'user.',
  'user.create',
  'user.assign_roles',
  'user.reset_password',
  'user.disable',
  'user.unlock',
  'session.',
  'token.',
  'org.',
  'org.import',
  'settings.',
  'plan.',
  'item.',
  'report.',
  'milestone.',
];

interface FilterValues {
  actorName?: string;
  action?: string;
  entityType?: string;
  entityId?: string;
  outcome?: Outcome;
  time?: [Dayjs | null, Dayjs | null] | null;
}

const filterNames = ['actorName', 'action', 'entityType', 'entityId', 'outcome', 'from', 'to'] as const;

/** 审计日志: the hash-chained audit trail, filtered and paged, with a check of the chain. */
export default function AuditPage() {
  const { t } = useI18n();
  const showError = useShowError();
  const [params, setParams] = useSearchParams();
  const [form] = Form.useForm<FilterValues>();
  const [verified, setVerified] = useState<Verify | null>(null);

  const num = (name: string, fallback: number) => {
    const v = Number(params.get(name));
    return Number.isInteger(v) && v > 0 ? v : fallback;
  };
  const current = num('current', 1);
  const pageSize = Math.min(num('pageSize', 20), 200);
  const query: AuditQuery = { current, pageSize };
  for (const name of filterNames) {
    const v = params.get(name);
    if (v) {
      (query as Record<string, string | number>)[name] = v;
    }
  }

  const entries = useQuery({
    queryKey: ['audit', query],
    queryFn: () => unwrap(api.GET('/api/v1/audit', { params: { query } })),
    placeholderData: keepPreviousData,
  });

  const verify = useMutation({
    mutationFn: () => unwrap(api.GET('/api/v1/audit/verify')),
    onSuccess: (out) => setVerified(out),
    onError: (err) => showError(err),
  });

  const apply = (v: FilterValues) => {
    const next = new URLSearchParams();
    const set = (k: string, value: string | undefined | null) => {
      if (value && value.trim()) {
        next.set(k, value.trim());
      }
    };
    set('actorName', v.actorName);
    set('action', v.action);
    set('entityType', v.entityType);
    set('entityId', v.entityId);
    set('outcome', v.outcome);
    set('from', v.time?.[0]?.toISOString());
    set('to', v.time?.[1]?.toISOString());
    if (params.get('pageSize')) {
      next.set('pageSize', params.get('pageSize')!);
    }
    setParams(next, { replace: true });
  };
  const page = (current: number, pageSize: number) => {
    const next = new URLSearchParams(params);
    next.set('current', String(current));
    next.set('pageSize', String(pageSize));
    setParams(next, { replace: true });
  };
  const showSeq = (seq: number) => {
    // Entries are newest first: the page holding `seq` follows from the newest entry's number.
    const newest = entries.data?.data[0]?.seq;
    if (newest === undefined || filterNames.some((n) => params.get(n))) {
      form.resetFields();
      setParams(new URLSearchParams({ pageSize: String(pageSize) }), { replace: true });
      return;
    }
    const newestOverall = newest + (current - 1) * pageSize;
    page(Math.floor((newestOverall - seq) / pageSize) + 1, pageSize);
  };

  const initial: FilterValues = {
    actorName: params.get('actorName') ?? undefined,
    action: params.get('action') ?? undefined,
    entityType: params.get('entityType') ?? undefined,
    entityId: params.get('entityId') ?? undefined,
    outcome: (params.get('outcome') as Outcome | null) ?? undefined,
    time:
      params.get('from') || params.get('to')
        ? [
            params.get('from') ? dayjs(params.get('from')) : null,
            params.get('to') ? dayjs(params.get('to')) : null,
          ]
        : null,
  };

  const columns: TableColumnsType<AuditEntry> = [
    { title: t('audit.seq'), dataIndex: 'seq', width: 70, fixed: 'left' },
    { title: t('audit.at'), dataIndex: 'at', width: 140, render: (v: string) => formatTime(v) },
    {
      title: t('audit.actor'),
      dataIndex: 'actorName',
      width: 130,
      render: (v: string | null, e) => v ?? (e.actorId === null ? '—' : `#${e.actorId}`),
    },
    {
      title: t('audit.action'),
      dataIndex: 'action',
      width: 170,
      render: (v: string) => <Typography.Text code>{v}</Typography.Text>,
    },
    {
      title: t('audit.target'),
      width: 130,
      render: (_v, e) => (e.entityType ? `${e.entityType}${e.entityId ? ` #${e.entityId}` : ''}` : '—'),
    },
    {
      title: t('audit.outcome'),
      dataIndex: 'outcome',
      width: 80,
      render: (v: string) => (
        <Tag color={outcomeColors[v as Outcome] ?? 'default'}>
          {v in outcomeColors ? t(key('outcome', v)) : v}
        </Tag>
      ),
    },
    { title: t('audit.ip'), dataIndex: 'ip', width: 120, render: (v: string | null) => v ?? '—' },
  ];

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Card
        size="small"
        title={t('admin.audit')}
        extra={
          <Space size={4}>
            <Button
              size="small"
              icon={<ReloadOutlined />}
              onClick={() => void entries.refetch()}
              aria-label={t('common.refresh')}
            />
            <Button
              size="small"
              type="primary"
              icon={<SafetyCertificateOutlined />}
              loading={verify.isPending}
              onClick={() => verify.mutate()}
              data-testid="audit-verify"
            >
              {t('admin.verify')}
            </Button>
          </Space>
        }
      >
        {verified &&
          (verified.ok ? (
            <Alert
              type="success"
              showIcon
              closable={{ onClose: () => setVerified(null) }}
              title={t('admin.chainOk')}
              description={t('admin.chainOkDetail', { n: verified.entries })}
              style={{ marginBottom: 12 }}
              data-testid="audit-verify-result"
              data-ok="true"
            />
          ) : (
            <Alert
              type="error"
              showIcon
              title={t('admin.chainBroken')}
              description={t('admin.chainBrokenDetail', {
                seq: verified.problem?.seq ?? '?',
                reason: verified.problem?.reason ?? '',
              })}
              action={
                verified.problem ? (
                  <Button size="small" onClick={() => showSeq(verified.problem!.seq)}>
                    {t('admin.showEntry')}
                  </Button>
                ) : undefined
              }
              style={{ marginBottom: 12 }}
              data-testid="audit-verify-result"
              data-ok="false"
            />
          ))}
        <Form<FilterValues>
          form={form}
          layout="vertical"
          initialValues={initial}
          onFinish={apply}
          size="small"
        >
          <Row gutter={8}>
            <Col xs={12} sm={8} lg={4}>
              <Form.Item name="actorName" label={t('audit.actor')}>
                <Input allowClear placeholder="admin" data-testid="audit-filter-actor" />
              </Form.Item>
            </Col>
            <Col xs={12} sm={8} lg={4}>
              <Form.Item name="action" label={t('audit.action')} tooltip={t('audit.actionHint')}>
                <AutoComplete
                  allowClear
                  options={actionHints.map((a) => ({ value: a }))}
                  showSearch={{
                    filterOption: (input, option) => String(option?.value ?? '').startsWith(input),
                  }}
                  placeholder="user."
                  data-testid="audit-filter-action"
                />
              </Form.Item>
            </Col>
            <Col xs={12} sm={8} lg={3}>
              <Form.Item name="entityType" label={t('audit.entityType')}>
                <AutoComplete
                  allowClear
                  options={[
                    'user',
                    'org',
                    'item',
                    'report',
                    'milestone',
                    'plan',
                    'list',
                    'token',
                    'session',
                  ].map((v) => ({ value: v }))}
                  placeholder="user"
                />
              </Form.Item>
            </Col>
            <Col xs={12} sm={8} lg={3}>
              <Form.Item name="entityId" label={t('audit.entityId')}>
                <Input allowClear />
              </Form.Item>
            </Col>
            <Col xs={12} sm={8} lg={3}>
              <Form.Item name="outcome" label={t('audit.outcome')}>
                <Select
                  allowClear
                  options={(Object.keys(outcomeColors) as Outcome[]).map((o) => ({
                    value: o,
                    label: t(key('outcome', o)),
                  }))}
                  data-testid="audit-filter-outcome"
                />
              </Form.Item>
            </Col>
            <Col xs={24} sm={16} lg={7}>
              <Form.Item name="time" label={t('audit.time')}>
                <DatePicker.RangePicker
                  showTime={{ format: 'HH:mm' }}
                  format="YYYY-MM-DD HH:mm"
                  allowEmpty={[true, true]}
                  style={{ width: '100%' }}
                />
              </Form.Item>
            </Col>
          </Row>
          <Space>
            <Button type="primary" htmlType="submit" data-testid="audit-search">
              {t('common.search')}
            </Button>
            <Button
              onClick={() => {
                form.setFieldsValue({
                  actorName: undefined,
                  action: undefined,
                  entityType: undefined,
                  entityId: undefined,
                  outcome: undefined,
                  time: null,
                });
                setParams(new URLSearchParams(), { replace: true });
              }}
            >
              {t('common.reset')}
            </Button>
          </Space>
        </Form>
      </Card>
      <Card size="small">
        <ErrorAlert error={entries.error} />
        <Table<AuditEntry>
          size="small"
          rowKey="seq"
          loading={entries.isFetching}
          dataSource={entries.data?.data ?? []}
          columns={columns}
          scroll={{ x: 'max-content' }}
          data-testid="audit-table"
          expandable={{
            expandedRowRender: (e) => <AuditDetails entry={e} />,
          }}
          pagination={{
            current,
            pageSize,
            total: entries.data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: [20, 50, 100, 200],
            size: 'small',
            showTotal: (n) => t('common.total', { n }),
            onChange: page,
          }}
        />
      </Card>
    </Space>
  );
}

function AuditDetails({ entry }: { entry: AuditEntry }) {
  const { t } = useI18n();
  const has = (v: unknown) => v !== null && v !== undefined;
  return (
    <div data-testid={`audit-details-${entry.seq}`}>
      <Descriptions
        size="small"
        column={{ xs: 1, md: 2 }}
        items={[
          { key: 'req', label: t('audit.requestId'), children: entry.requestId ?? '—' },
          {
            key: 'hash',
            label: t('audit.hash'),
            children: (
              <Typography.Text code copyable style={{ fontSize: 11, wordBreak: 'break-all' }}>
                {entry.hash}
              </Typography.Text>
            ),
          },
        ]}
      />
      {!has(entry.before) && !has(entry.after) ? (
        <Typography.Text type="secondary">{t('audit.noDetails')}</Typography.Text>
      ) : (
        <Row gutter={[12, 12]}>
          {has(entry.before) && (
            <Col xs={24} md={has(entry.after) ? 12 : 24}>
              <Typography.Text type="secondary">{t('audit.before')}</Typography.Text>
              <JsonBlock value={entry.before} />
            </Col>
          )}
          {has(entry.after) && (
            <Col xs={24} md={has(entry.before) ? 12 : 24}>
              <Typography.Text type="secondary">{t('audit.after')}</Typography.Text>
              <JsonBlock value={entry.after} />
            </Col>
          )}
        </Row>
      )}
    </div>
  );
}
