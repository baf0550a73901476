import {
  CheckOutlined,
  DeleteOutlined,
  EyeOutlined,
  PlusOutlined,
  ScheduleOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  DatePicker,
  Form,
  Image,
  Input,
  InputNumber,
  List,
  Modal,
  Popconfirm,
  Progress,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Timeline,
  Typography,
  Upload,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, fieldErrors, formLevelError, unwrap, uploadFile, type paths } from '../../api/client';
import { ErrorAlert, formatTime, HealthLamp, StateTag, todayInShanghai } from '../../components/common';
import { OrgPicker } from '../../components/pickers';
import { key, useI18n } from '../../i18n';
import { eventLabel } from '../WorkbenchPage';

type Item = paths['/api/v1/items/{id}']['get']['responses'][200]['content']['application/json'];
type FileRow =
  paths['/api/v1/items/{id}/files']['get']['responses'][200]['content']['application/json']['data'][number];

function useInvalidateItem(itemId: number) {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: ['item', itemId] });
}

/** 节点: the milestones on a timeline, planned backwards from the deadline (倒排工期) and marked done. */
export function MilestonesPanel({ item }: { item: Item }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const invalidate = useInvalidateItem(item.id);
  const [adding, setAdding] = useState(false);
  const [generating, setGenerating] = useState(false);
  const [marking, setMarking] = useState<number | null>(null);
  const today = todayInShanghai();
  const remove = useMutation({
    mutationFn: (mid: number) =>
      unwrap(
        api.DELETE('/api/v1/items/{id}/milestones/{milestoneId}', {
          params: { path: { id: item.id, milestoneId: mid } },
        }),
      ),
    onSuccess: () => invalidate(),
    onError: (err) => message.error(err.message),
  });
  return (
    <div data-testid="milestones">
      {item.can.planMilestones && (
        <Space style={{ marginBottom: 12 }}>
          <Button icon={<PlusOutlined />} onClick={() => setAdding(true)}>
            {t('item.addMilestone')}
          </Button>
          {item.deadline && (
            <Button icon={<ScheduleOutlined />} onClick={() => setGenerating(true)}>
              {t('item.generateMilestones')}
            </Button>
          )}
        </Space>
      )}
      {item.milestones.length === 0 ? (
        <Typography.Text type="secondary">{t('common.empty')}</Typography.Text>
      ) : (
        <Timeline
          items={item.milestones.map((m) => {
            const color = m.doneOn ? '#52c41a' : m.dueDate < today ? '#f5222d' : '#1677ff';
            return {
              key: m.id,
              color,
              content: (
                <div data-testid="milestone" data-done={m.doneOn ? 'true' : 'false'}>
                  <b>
                    {m.seq}. {m.title}
                  </b>{' '}
                  <Typography.Text type="secondary">
                    {t('item.due')} {m.dueDate}
                  </Typography.Text>
                  {m.doneOn && (
                    <Tag color="green" style={{ marginLeft: 8 }}>
                      {t('item.doneOn')} {m.doneOn}
                    </Tag>
                  )}
                  {m.deliverable && (
                    <div>
                      {t('item.deliverable')}：{m.deliverable}
                    </div>
                  )}
                  {m.doneNote && <div>{m.doneNote}</div>}
                  <Space size="small">
                    {!m.doneOn && item.can.markMilestones && (
                      <Button
                        size="small"
                        type="link"
                        icon={<CheckOutlined />}
                        onClick={() => setMarking(m.id)}
                      >
                        {t('item.markDone')}
                      </Button>
                    )}
                    {!m.doneOn && item.can.planMilestones && (
                      <Popconfirm title={t('common.delete')} onConfirm={() => remove.mutate(m.id)}>
                        <Button size="small" type="link" danger icon={<DeleteOutlined />} />
                      </Popconfirm>
                    )}
                  </Space>
                </div>
              ),
            };
          })}
        />
      )}
      {adding && <MilestoneForm item={item} onClose={() => setAdding(false)} />}
      {generating && <GenerateForm item={item} onClose={() => setGenerating(false)} />}
      {marking !== null && <DoneForm item={item} milestoneId={marking} onClose={() => setMarking(null)} />}
    </div>
  );
}

function MilestoneForm({ item, onClose }: { item: Item; onClose: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm();
  const invalidate = useInvalidateItem(item.id);
  const add = useMutation({
    mutationFn: (v: { title: string; dueDate: Dayjs; deliverable?: string }) =>
      unwrap(
        api.POST('/api/v1/items/{id}/milestones', {
          params: { path: { id: item.id } },
          body: {
            title: v.title,
            dueDate: v.dueDate.format('YYYY-MM-DD'),
            deliverable: v.deliverable || null,
          },
        }),
      ),
    onSuccess: async () => {
      await invalidate();
      onClose();
    },
    onError: (err) => form.setFields(fieldErrors(err) as never),
  });
  return (
    <Modal
      open
      title={t('item.addMilestone')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={add.isPending}
    >
      <ErrorAlert error={formLevelError(add.error)} />
      <Form form={form} layout="vertical" onFinish={(v: Parameters<typeof add.mutate>[0]) => add.mutate(v)}>
        <Form.Item name="title" label={t('plans.titleLabel')} rules={[{ required: true }]}>
          <Input />
        </Form.Item>
        <Form.Item name="dueDate" label={t('item.due')} rules={[{ required: true }]}>
          <DatePicker />
        </Form.Item>
        <Form.Item name="deliverable" label={t('item.deliverable')}>
          <Input />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function GenerateForm({ item, onClose }: { item: Item; onClose: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm();
  const invalidate = useInvalidateItem(item.id);
  const gen = useMutation({
    mutationFn: (v: { titles: string; intervalDays?: number; workingDays?: boolean }) =>
      unwrap(
        api.POST('/api/v1/items/{id}/milestones/generate', {
          params: { path: { id: item.id } },
          body: {
            titles: v.titles
              .split('\n')
              .map((s) => s.trim())
              .filter(Boolean),
            intervalDays: v.intervalDays ?? undefined,
            workingDays: v.workingDays ?? false,
          },
        }),
      ),
    onSuccess: async () => {
      await invalidate();
      onClose();
    },
    onError: (err) => form.setFields(fieldErrors(err) as never),
  });
  return (
    <Modal
      open
      title={`${t('item.generateMilestones')} · ${t('item.deadline')} ${item.deadline}`}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={gen.isPending}
    >
      <ErrorAlert error={formLevelError(gen.error)} />
      <Form
        form={form}
        layout="vertical"
        onFinish={(v: Parameters<typeof gen.mutate>[0]) => gen.mutate(v)}
        initialValues={{ workingDays: true }}
      >
        <Form.Item name="titles" label={t('item.milestoneTitles')} rules={[{ required: true }]}>
          <Input.TextArea rows={5} placeholder={'方案制定\n组织实施\n验收总结'} />
        </Form.Item>
        <Space>
          <Form.Item name="intervalDays" label={t('common.days', { n: '' })}>
            <InputNumber min={1} max={366} />
          </Form.Item>
          <Form.Item name="workingDays" label={t('item.workingDays')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}

function DoneForm({ item, milestoneId, onClose }: { item: Item; milestoneId: number; onClose: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm();
  const invalidate = useInvalidateItem(item.id);
  const done = useMutation({
    mutationFn: (v: { note?: string; doneOn?: Dayjs }) =>
      unwrap(
        api.POST('/api/v1/items/{id}/milestones/{milestoneId}/done', {
          params: { path: { id: item.id, milestoneId } },
          body: { note: v.note || undefined, doneOn: v.doneOn?.format('YYYY-MM-DD') },
        }),
      ),
    onSuccess: async () => {
      await invalidate();
      onClose();
    },
    onError: (err) => form.setFields(fieldErrors(err) as never),
  });
  return (
    <Modal
      open
      title={t('item.markDone')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={done.isPending}
    >
      <ErrorAlert error={formLevelError(done.error)} />
      <Form form={form} layout="vertical" onFinish={(v: Parameters<typeof done.mutate>[0]) => done.mutate(v)}>
        <Form.Item name="doneOn" label={t('item.doneOn')}>
          <DatePicker />
        </Form.Item>
        <Form.Item name="note" label={t('review.note')}>
          <Input.TextArea rows={3} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 进展报告 of the item by period, for every unit that reports on it. */
export function ReportsPanel({ itemId }: { itemId: number }) {
  const { t } = useI18n();
  const reports = useQuery({
    queryKey: ['item', itemId, 'reports'],
    queryFn: () => unwrap(api.GET('/api/v1/items/{id}/reports', { params: { path: { id: itemId } } })),
  });
  return (
    <Table
      size="small"
      rowKey="id"
      loading={reports.isLoading}
      dataSource={reports.data?.data}
      scroll={{ x: 700 }}
      pagination={{ pageSize: 12, hideOnSinglePage: true }}
      columns={[
        { title: t('report.period'), dataIndex: 'period', width: 90 },
        {
          title: t('report.unit'),
          dataIndex: 'orgName',
          render: (v: string, r) => (
            <>
              {v} {r.isLead && <Tag>{t('item.leadUnit')}</Tag>}
            </>
          ),
        },
        { title: t('report.due'), dataIndex: 'dueDate', width: 110 },
        {
          title: t('report.state'),
          dataIndex: 'state',
          width: 150,
          render: (v: string, r) => (
            <>
              <StateTag state={v} prefix="reportState" />
              {r.late && <Tag color="orange">{t('report.late')}</Tag>}
              {r.missed && <Tag color="red">{t('report.missed')}</Tag>}
            </>
          ),
        },
        {
          title: t('report.percent'),
          dataIndex: 'percent',
          width: 120,
          render: (v: number | null) => (v === null ? '—' : <Progress percent={v} size="small" />),
        },
        {
          title: t('report.progressText'),
          dataIndex: 'progressText',
          ellipsis: true,
        },
        {
          title: '',
          width: 70,
          render: (_, r) => <Link to={`/reports/${r.id}`}>{t('item.viewReport')}</Link>,
        },
      ]}
    />
  );
}

const previewable = (mime: string) => mime.startsWith('image/') || mime === 'application/pdf';

/** 佐证材料: the evidence files, previewed in place (images, PDF) and uploaded with progress. */
export function FilesPanel({
  itemId,
  canUpload,
  files,
}: {
  itemId: number;
  canUpload: boolean;
  files: FileRow[];
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [progress, setProgress] = useState<number | null>(null);
  const [preview, setPreview] = useState<FileRow | null>(null);
  return (
    <div>
      {canUpload && (
        <Upload
          showUploadList={false}
          customRequest={({ file }) => {
            setProgress(0);
            uploadFile(`/api/v1/items/${itemId}/files`, file as File, setProgress)
              .then(async () => {
                message.success(t('common.done'));
                await queryClient.invalidateQueries({ queryKey: ['item', itemId] });
              })
              .catch((err: Error) => message.error(err.message))
              .finally(() => setProgress(null));
          }}
        >
          <Button icon={<UploadOutlined />} loading={progress !== null} data-testid="file-upload">
            {progress !== null ? t('item.uploading', { p: progress }) : t('item.upload')}
          </Button>
        </Upload>
      )}
      {progress !== null && <Progress percent={progress} size="small" />}
      <List
        size="small"
        dataSource={files}
        locale={{ emptyText: t('item.noFiles') }}
        renderItem={(f) => (
          <List.Item
            actions={[
              previewable(f.mime) ? (
                <Button key="p" type="link" size="small" icon={<EyeOutlined />} onClick={() => setPreview(f)}>
                  {t('common.preview')}
                </Button>
              ) : null,
              <a key="d" href={`/api/v1/files/${f.id}?download`}>
                {t('common.download')}
              </a>,
            ]}
          >
            <List.Item.Meta
              title={f.name}
              description={`${(f.size / 1024).toFixed(1)} KB · ${f.mime} · ${formatTime(f.createdAt)}`}
            />
          </List.Item>
        )}
      />
      {preview && (
        <Modal open title={preview.name} footer={null} width={900} onCancel={() => setPreview(null)}>
          {preview.mime.startsWith('image/') ? (
            <Image src={`/api/v1/files/${preview.id}`} alt={preview.name} style={{ maxWidth: '100%' }} />
          ) : (
            <iframe
              title={preview.name}
              src={`/api/v1/files/${preview.id}`}
              style={{ width: '100%', height: '70vh', border: 0 }}
            />
          )}
        </Modal>
      )}
    </div>
  );
}

/** 意见与批示: comments, and leaders' instructions. */
export function CommentsPanel({ itemId, can }: { itemId: number; can: Item['can'] }) {
  const { t } = useI18n();
  const [form] = Form.useForm();
  const queryClient = useQueryClient();
  const comments = useQuery({
    queryKey: ['item', itemId, 'comments'],
    queryFn: () => unwrap(api.GET('/api/v1/items/{id}/comments', { params: { path: { id: itemId } } })),
  });
  const post = useMutation({
    mutationFn: (v: { kind: 'comment' | 'instruction'; body: string }) =>
      unwrap(api.POST('/api/v1/items/{id}/comments', { params: { path: { id: itemId } }, body: v })),
    onSuccess: async () => {
      form.resetFields();
      await queryClient.invalidateQueries({ queryKey: ['item', itemId] });
    },
    onError: (err) => form.setFields(fieldErrors(err) as never),
  });
  return (
    <div>
      <List
        size="small"
        loading={comments.isLoading}
        dataSource={comments.data?.data}
        locale={{ emptyText: t('common.empty') }}
        renderItem={(c) => (
          <List.Item>
            <List.Item.Meta
              title={
                <Space>
                  {c.kind === 'instruction' && <Tag color="red">{t('item.instruction')}</Tag>}
                  <b>{c.authorName}</b>
                  <Typography.Text type="secondary">{formatTime(c.createdAt)}</Typography.Text>
                </Space>
              }
              description={<span style={{ whiteSpace: 'pre-wrap', color: 'inherit' }}>{c.body}</span>}
            />
          </List.Item>
        )}
      />
      {can.comment && (
        <Form
          form={form}
          layout="vertical"
          onFinish={(v: Parameters<typeof post.mutate>[0]) => post.mutate(v)}
          initialValues={{ kind: can.instruct ? 'instruction' : 'comment' }}
        >
          {can.instruct && (
            <Form.Item name="kind" label={t('item.commentKind')}>
              <Select
                style={{ width: 140 }}
                options={[
                  { value: 'comment', label: t('item.commentKindComment') },
                  { value: 'instruction', label: t('item.commentKindInstruction') },
                ]}
              />
            </Form.Item>
          )}
          <Form.Item name="body" rules={[{ required: true }]}>
            <Input.TextArea rows={3} placeholder={t('item.commentPlaceholder')} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={post.isPending}>
            {t('item.send')}
          </Button>
        </Form>
      )}
    </div>
  );
}

/** Why the item was sent back (退回), on top of the page, so the unit sees it before anything else. */
export function ReturnedNotice({ itemId }: { itemId: number }) {
  const { t } = useI18n();
  const events = useQuery({
    queryKey: ['item', itemId, 'events'],
    queryFn: () => unwrap(api.GET('/api/v1/items/{id}/events', { params: { path: { id: itemId } } })),
  });
  const last = (events.data?.data ?? []).filter((e) => e.kind === 'return').at(-1);
  if (!last) {
    return null;
  }
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="returned-notice"
      message={`${t('item.returnedBy', { name: last.actorName ?? '' })} · ${formatTime(last.at)}`}
      description={<span style={{ whiteSpace: 'pre-wrap' }}>{last.note ?? ''}</span>}
    />
  );
}

/** 全过程记录: every event on the item, oldest first. */
export function EventsPanel({ itemId }: { itemId: number }) {
  const { t } = useI18n();
  const events = useQuery({
    queryKey: ['item', itemId, 'events'],
    queryFn: () => unwrap(api.GET('/api/v1/items/{id}/events', { params: { path: { id: itemId } } })),
  });
  return (
    <Timeline
      data-testid="events"
      items={(events.data?.data ?? []).map((e) => ({
        key: e.id,
        content: (
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {formatTime(e.at)} · {e.actorName ?? ''}
            </Typography.Text>
            <div>
              <Tag>{eventLabel(t, e.kind)}</Tag>
              {e.fromState && e.toState && e.fromState !== e.toState && (
                <>
                  {t(key('state', e.fromState))} → {t(key('state', e.toState))}
                </>
              )}
            </div>
            {e.note && <div style={{ whiteSpace: 'pre-wrap' }}>{e.note}</div>}
          </div>
        ),
      }))}
    />
  );
}

/** 分解: child items for subordinate units; their progress rolls up to this one. */
export function ChildrenPanel({ item }: { item: Item }) {
  const { t } = useI18n();
  const [form] = Form.useForm();
  const queryClient = useQueryClient();
  const children = useQuery({
    queryKey: ['item', item.id, 'children'],
    queryFn: () =>
      unwrap(api.GET('/api/v1/items', { params: { query: { parentId: item.id, pageSize: 100 } } })),
  });
  const split = useMutation({
    mutationFn: (v: { rows: { unitId: number; title: string; deadline?: Dayjs }[] }) =>
      unwrap(
        api.POST('/api/v1/items/{id}/children', {
          params: { path: { id: item.id } },
          body: {
            children: v.rows.map((r) => ({
              unitId: r.unitId,
              title: r.title,
              deadline: r.deadline?.format('YYYY-MM-DD') ?? null,
            })),
          },
        }),
      ),
    onSuccess: async () => {
      form.resetFields();
      await queryClient.invalidateQueries({ queryKey: ['item', item.id] });
    },
    onError: (err) => form.setFields(fieldErrors(err) as never),
  });
  return (
    <div>
      <Table
        size="small"
        rowKey="id"
        loading={children.isLoading}
        dataSource={children.data?.data}
        pagination={false}
        columns={[
          { title: t('item.code'), dataIndex: 'code', width: 120 },
          {
            title: t('item.title'),
            dataIndex: 'title',
            render: (v: string, r) => <Link to={`/items/${r.id}`}>{v}</Link>,
          },
          { title: t('item.leadUnit'), dataIndex: 'leadUnitName', width: 140 },
          {
            title: t('item.state'),
            dataIndex: 'state',
            width: 100,
            render: (v: string) => <StateTag state={v} />,
          },
          {
            title: t('item.health'),
            dataIndex: 'health',
            width: 110,
            render: (v: string, r) => <HealthLamp health={v} reasons={r.healthReasons} />,
          },
          { title: t('item.progress'), dataIndex: 'progress', width: 80, render: (v: number) => `${v}%` },
        ]}
      />
      {item.can.split && (
        <Form
          form={form}
          layout="vertical"
          onFinish={(v: Parameters<typeof split.mutate>[0]) => split.mutate(v)}
          initialValues={{ rows: [{}] }}
          style={{ marginTop: 12 }}
        >
          <Typography.Text strong>{t('item.split')}</Typography.Text>
          <ErrorAlert error={formLevelError(split.error)} />
          <Form.List name="rows">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <Space key={f.key} align="baseline" wrap>
                    <Form.Item name={[f.name, 'unitId']} rules={[{ required: true }]}>
                      <OrgPicker placeholder={t('action.unit')} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'title']} rules={[{ required: true }]}>
                      <Input placeholder={t('item.title')} style={{ width: 260 }} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'deadline']}>
                      <DatePicker placeholder={t('item.deadline')} />
                    </Form.Item>
                    <DeleteOutlined onClick={() => remove(f.name)} />
                  </Space>
                ))}
                <Space>
                  <Button type="dashed" icon={<PlusOutlined />} onClick={() => add()}>
                    {t('common.create')}
                  </Button>
                  <Button type="primary" htmlType="submit" loading={split.isPending}>
                    {t('item.split')}
                  </Button>
                </Space>
              </>
            )}
          </Form.List>
        </Form>
      )}
    </div>
  );
}
