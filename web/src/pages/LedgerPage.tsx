import {
  DownloadOutlined,
  PlusOutlined,
  SettingOutlined,
  SendOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Form,
  Input,
  Modal,
  Popover,
  Progress,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { ColumnsType, SorterResult } from 'antd/es/table/interface';
import type { Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { api, ApiError, downloadFile, unwrap, type paths } from '../api/client';
import { useSession } from '../auth';
import { ErrorAlert, HealthLamp, StateTag } from '../components/common';
import { OrgPicker, UserPicker } from '../components/pickers';
import { key, useI18n } from '../i18n';
import type { MessageKey } from '../i18n/zh-CN';
import { ItemForm } from './ItemForm';
import { SheetImport } from './SheetImport';

type ItemQuery = NonNullable<paths['/api/v1/items']['get']['parameters']['query']>;
type ItemRow = paths['/api/v1/items']['get']['responses'][200]['content']['application/json']['data'][number];

const healths = ['green', 'yellow', 'red', 'done_on_time', 'done_late', 'none'];
const states = [
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
const sortable: Record<string, [ItemQuery['sort'], ItemQuery['sort']]> = {
  deadline: ['deadline', '-deadline'],
  code: ['code', 'code'],
  progress: ['progress', '-progress'],
  updatedAt: ['-updatedAt', '-updatedAt'],
};

interface Filters {
  health?: string[];
  state?: string[];
  unitId?: number;
  leaderId?: number;
  category?: string;
  due?: [Dayjs | null, Dayjs | null] | null;
  q?: string;
}

const COLUMNS_KEY = 'luoshi.ledger.columns';

/** 台账: a list's items with filters, sorting, column settings, health lamps and bulk assignment. */
export default function LedgerPage() {
  const listId = Number(useParams().id);
  const { t } = useI18n();
  const { can } = useSession();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const [search] = useSearchParams();
  const [form] = Form.useForm<Filters>();
  const [filters, setFilters] = useState<Filters>(() => ({
    health: search.get('health')?.split(',').filter(Boolean),
    state: search.get('state')?.split(',').filter(Boolean),
  }));
  const [current, setCurrent] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [sort, setSort] = useState<ItemQuery['sort']>('deadline');
  const [selected, setSelected] = useState<ItemRow[]>([]);
  const [assigning, setAssigning] = useState(false);
  const [creating, setCreating] = useState(false);
  const [importing, setImporting] = useState(false);
  const [exporting, setExporting] = useState(false);
  const [hidden, setHidden] = useState<string[]>(() => {
    try {
      return JSON.parse(
        localStorage.getItem(COLUMNS_KEY) ?? '["coUnits","priority","updatedAt"]',
      ) as string[];
    } catch {
      return [];
    }
  });

  const list = useQuery({
    queryKey: ['list', listId],
    queryFn: () => unwrap(api.GET('/api/v1/lists/{id}', { params: { path: { id: listId } } })),
  });
  const planId = list.data?.planId;
  const plan = useQuery({
    queryKey: ['plan', planId],
    enabled: planId !== undefined,
    queryFn: () => unwrap(api.GET('/api/v1/plans/{id}', { params: { path: { id: planId! } } })),
  });
  const query: ItemQuery = {
    listId,
    current,
    pageSize,
    sort,
    health: filters.health?.length ? filters.health.join(',') : undefined,
    state: filters.state?.length ? filters.state.join(',') : undefined,
    unitId: filters.unitId,
    leaderId: filters.leaderId,
    category: filters.category,
    due_after: filters.due?.[0]?.format('YYYY-MM-DD'),
    due_before: filters.due?.[1]?.format('YYYY-MM-DD'),
    q: filters.q || undefined,
  };
  const items = useQuery({
    queryKey: ['items', query],
    queryFn: () => unwrap(api.GET('/api/v1/items', { params: { query } })),
    placeholderData: keepPreviousData,
  });

  const allColumns: (ColumnsType<ItemRow>[number] & { key: string; label: MessageKey })[] = useMemo(
    () => [
      {
        key: 'code',
        label: 'item.code',
        title: t('item.code'),
        dataIndex: 'code',
        width: 120,
        sorter: true,
        fixed: 'left',
      },
      {
        key: 'title',
        label: 'item.title',
        title: t('item.title'),
        dataIndex: 'title',
        width: 320,
        render: (v: string, r) => (
          <Link to={`/items/${r.id}`} data-testid={`ledger-item-${r.id}`}>
            {v}
            {r.childCount > 0 && <Tag style={{ marginLeft: 4 }}>+{r.childCount}</Tag>}
          </Link>
        ),
      },
      {
        key: 'category',
        label: 'item.category',
        title: t('item.category'),
        dataIndex: 'category',
        width: 100,
      },
      {
        key: 'leadLeader',
        label: 'item.leadLeader',
        title: t('item.leadLeader'),
        dataIndex: 'leadLeaderName',
        width: 100,
      },
      {
        key: 'leadUnit',
        label: 'item.leadUnit',
        title: t('item.leadUnit'),
        dataIndex: 'leadUnitName',
        width: 150,
      },
      {
        key: 'coUnits',
        label: 'item.coUnits',
        title: t('item.coUnits'),
        dataIndex: 'coUnits',
        width: 180,
        render: (v: ItemRow['coUnits']) => v.map((c) => c.name).join('、'),
      },
      {
        key: 'deadline',
        label: 'item.deadline',
        title: t('item.deadline'),
        dataIndex: 'deadline',
        width: 110,
        sorter: true,
        render: (v: string | null, r) => (r.ongoing ? t('item.ongoing') : v),
      },
      {
        key: 'state',
        label: 'item.state',
        title: t('item.state'),
        dataIndex: 'state',
        width: 100,
        render: (v: string) => <StateTag state={v} />,
      },
      {
        key: 'health',
        label: 'item.health',
        title: t('item.health'),
        dataIndex: 'health',
        width: 110,
        render: (v: string, r) => <HealthLamp health={v} reasons={r.healthReasons} />,
      },
      {
        key: 'progress',
        label: 'item.progress',
        title: t('item.progress'),
        dataIndex: 'progress',
        width: 120,
        sorter: true,
        render: (v: number) => <Progress percent={v} size="small" />,
      },
      {
        key: 'priority',
        label: 'item.priority',
        title: t('item.priority'),
        dataIndex: 'priority',
        width: 70,
        render: (v: string) => t(key('priority', v)),
      },
      {
        key: 'updatedAt',
        label: 'common.refresh',
        title: '更新',
        dataIndex: 'updatedAt',
        width: 110,
        sorter: true,
        render: (v: string) => v.slice(0, 10),
      },
    ],
    [t],
  );
  const columns = allColumns.filter((c) => !hidden.includes(c.key));

  const onFilter = (v: Filters) => {
    setFilters(v);
    setCurrent(1);
  };

  const assignable = can('item.assign');
  const bulkAssign = useMutation({
    mutationFn: async (unitId: number) => {
      const failures: string[] = [];
      for (const row of selected) {
        try {
          await unwrap(
            api.POST('/api/v1/items/{id}/actions', {
              params: { path: { id: row.id } },
              body: { action: 'assign', unitId },
            }),
          );
        } catch (err) {
          failures.push(`${row.code}: ${err instanceof ApiError ? err.message : String(err)}`);
        }
      }
      return failures;
    },
    onSuccess: async (failures) => {
      await queryClient.invalidateQueries({ queryKey: ['items'] });
      setSelected([]);
      setAssigning(false);
      if (failures.length) {
        modal.error({ title: t('common.error'), content: failures.map((f) => <div key={f}>{f}</div>) });
      } else {
        message.success(t('common.done'));
      }
    },
  });

  const exportSheet = async () => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) {
      if (v !== undefined && k !== 'current' && k !== 'pageSize') {
        params.set(k, String(v));
      }
    }
    setExporting(true);
    try {
      await downloadFile(`/api/v1/items/export?${params.toString()}`, 'ledger.xlsx');
    } catch (err) {
      void message.error(err instanceof ApiError ? err.message : String(err));
    } finally {
      setExporting(false);
    }
  };

  if (list.error) {
    // A list that does not exist or lies outside the user's scope: nothing to act on, only why.
    return <ErrorAlert error={list.error} />;
  }
  return (
    <Card
      size="small"
      title={
        <Space wrap>
          {plan.data && <Link to={`/plans/${plan.data.id}`}>{plan.data.title}</Link>}
          <span>/</span>
          <span>{list.data?.title ?? t('ledger.title')}</span>
          {list.data && <Tag>{t(key('listKind', list.data.kind))}</Tag>}
        </Space>
      }
      extra={
        <Space>
          {assignable && (
            <Button
              icon={<SendOutlined />}
              disabled={selected.length === 0}
              onClick={() => setAssigning(true)}
              data-testid="bulk-assign"
            >
              {t('ledger.bulkAssign')}
              {selected.length > 0 && ` (${selected.length})`}
            </Button>
          )}
          {can('item.manage') && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setCreating(true)}
              data-testid="item-create"
            >
              {t('ledger.newItem')}
            </Button>
          )}
          {can('item.manage') && (
            <Button icon={<UploadOutlined />} onClick={() => setImporting(true)} data-testid="sheet-import">
              {t('sheets.import')}
            </Button>
          )}
          <Button
            icon={<DownloadOutlined />}
            loading={exporting}
            onClick={() => void exportSheet()}
            data-testid="sheet-export"
          >
            {t('sheets.export')}
          </Button>
          <Popover
            trigger="click"
            title={t('common.columns')}
            content={
              <Checkbox.Group
                style={{ display: 'flex', flexDirection: 'column' }}
                value={allColumns.map((c) => c.key).filter((k) => !hidden.includes(k))}
                options={allColumns.map((c) => ({ value: c.key, label: t(c.label) }))}
                onChange={(shown) => {
                  const h = allColumns.map((c) => c.key).filter((k) => !shown.includes(k));
                  setHidden(h);
                  localStorage.setItem(COLUMNS_KEY, JSON.stringify(h));
                }}
              />
            }
          >
            <Button icon={<SettingOutlined />} aria-label={t('common.columns')} />
          </Popover>
        </Space>
      }
    >
      <ErrorAlert error={items.error} />
      <Form
        form={form}
        layout="inline"
        onFinish={onFilter}
        initialValues={filters}
        style={{ marginBottom: 12, rowGap: 8 }}
      >
        <Form.Item name="health">
          <Select
            mode="multiple"
            allowClear
            placeholder={t('item.health')}
            style={{ minWidth: 140 }}
            options={healths.map((h) => ({ value: h, label: t(key('health', h)) }))}
            data-testid="filter-health"
          />
        </Form.Item>
        <Form.Item name="state">
          <Select
            mode="multiple"
            allowClear
            placeholder={t('item.state')}
            style={{ minWidth: 140 }}
            options={states.map((s) => ({ value: s, label: t(key('state', s)) }))}
          />
        </Form.Item>
        <Form.Item name="unitId">
          <OrgPicker placeholder={t('item.leadUnit')} />
        </Form.Item>
        <Form.Item name="leaderId">
          <UserPicker role="leader" placeholder={t('item.leadLeader')} />
        </Form.Item>
        {(plan.data?.categories.length ?? 0) > 0 && (
          <Form.Item name="category">
            <Select
              allowClear
              placeholder={t('item.category')}
              style={{ minWidth: 120 }}
              options={plan.data!.categories.map((c) => ({ value: c, label: c }))}
            />
          </Form.Item>
        )}
        <Form.Item name="due">
          <DatePicker.RangePicker
            allowEmpty={[true, true]}
            placeholder={[t('ledger.dueAfter'), t('ledger.dueBefore')]}
          />
        </Form.Item>
        <Form.Item name="q">
          <Input allowClear placeholder={t('ledger.keyword')} style={{ width: 160 }} />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" data-testid="filter-submit">
            {t('common.search')}
          </Button>
          <Button
            onClick={() => {
              // resetFields would go back to the initial values, which are the filters in force: clear each.
              form.setFieldsValue({
                health: undefined,
                state: undefined,
                unitId: undefined,
                leaderId: undefined,
                category: undefined,
                due: undefined,
                q: undefined,
              });
              onFilter({});
            }}
          >
            {t('common.reset')}
          </Button>
        </Space>
      </Form>
      <Table<ItemRow>
        size="small"
        rowKey="id"
        loading={items.isFetching}
        dataSource={items.data?.data}
        columns={columns}
        scroll={{ x: 1100 }}
        locale={{ emptyText: t('ledger.noMatch') }}
        rowSelection={
          assignable
            ? {
                selectedRowKeys: selected.map((r) => r.id),
                onChange: (_keys, rows) => setSelected(rows),
                getCheckboxProps: (r) => ({ disabled: r.state !== 'draft', title: t('ledger.draftOnly') }),
              }
            : undefined
        }
        onChange={(pagination, _f, sorter) => {
          const s = sorter as SorterResult<ItemRow>;
          const field = String(s.columnKey ?? '');
          setSort(s.order && sortable[field] ? sortable[field][s.order === 'ascend' ? 0 : 1] : 'deadline');
          setCurrent(pagination.current ?? 1);
          setPageSize(pagination.pageSize ?? 20);
        }}
        pagination={{
          current,
          pageSize,
          total: items.data?.total,
          showSizeChanger: true,
          showTotal: (n) => t('common.total', { n }),
        }}
      />
      {assigning && (
        <AssignModal
          count={selected.length}
          busy={bulkAssign.isPending}
          onCancel={() => setAssigning(false)}
          onOk={(unitId) => bulkAssign.mutate(unitId)}
        />
      )}
      {importing && (
        <SheetImport
          listId={listId}
          onClose={() => setImporting(false)}
          onImported={() => void queryClient.invalidateQueries({ queryKey: ['items'] })}
        />
      )}
      {creating && list.data && plan.data && (
        <ItemForm
          list={list.data}
          plan={plan.data}
          onClose={() => setCreating(false)}
          onCreated={() => void queryClient.invalidateQueries({ queryKey: ['items'] })}
        />
      )}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {selected.length > 0 && t('ledger.selected', { n: selected.length })}
      </Typography.Text>
    </Card>
  );
}

function AssignModal(props: {
  count: number;
  busy: boolean;
  onCancel: () => void;
  onOk: (unitId: number) => void;
}) {
  const { t } = useI18n();
  const [unitId, setUnitId] = useState<number>();
  return (
    <Modal
      open
      title={`${t('ledger.bulkAssign')} · ${t('ledger.selected', { n: props.count })}`}
      onCancel={props.onCancel}
      okButtonProps={{ disabled: !unitId, id: 'bulk-assign-ok' }}
      confirmLoading={props.busy}
      onOk={() => unitId && props.onOk(unitId)}
    >
      <Form layout="vertical">
        <Form.Item label={t('action.unit')} required>
          <OrgPicker
            value={unitId}
            onChange={(v) => setUnitId(typeof v === 'number' ? v : undefined)}
            style={{ width: '100%' }}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
