import { DeleteOutlined, EditOutlined, PlusOutlined, SendOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Form,
  Input,
  Modal,
  Popconfirm,
  Row,
  Segmented,
  Select,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, fieldErrors, unwrap, type paths } from '../../api/client';
import { useSession } from '../../auth';
import { ErrorAlert, HealthLamp, StateTag } from '../../components/common';
import { OrgPicker } from '../../components/pickers';
import { key, useI18n } from '../../i18n';
import {
  fromDay,
  MarkedText,
  meetingFormats,
  meetingKinds,
  PublishModal,
  selectedStyle,
  toDay,
  type MeetingDetail,
  type MeetingRow,
  type Span,
} from './shared';

type MeetingUpdate = paths['/api/v1/meetings/{id}']['patch']['requestBody']['content']['application/json'];
type DecisionCreate =
  paths['/api/v1/meetings/{id}/decisions']['post']['requestBody']['content']['application/json'];

/** One meeting: its particulars, its decisions and the items they became, its report text. */
export default function MeetingPage() {
  const id = Number(useParams().id);
  const { t } = useI18n();
  const { can } = useSession();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const manage = can('meeting.manage');
  const [editing, setEditing] = useState(false);
  const [decision, setDecision] = useState<MeetingRow | 'new' | null>(null);
  const [chosen, setChosen] = useState<number[]>([]);
  const [publishing, setPublishing] = useState(false);
  const [focus, setFocus] = useState<number | null>(null);
  const [view, setView] = useState<'normalized' | 'original'>('normalized');
  const meeting = useQuery({
    queryKey: ['meeting', id],
    queryFn: () => unwrap(api.GET('/api/v1/meetings/{id}', { params: { path: { id } } })),
  });
  const remove = useMutation({
    mutationFn: (decisionId: number) =>
      unwrap(
        api.DELETE('/api/v1/meetings/{id}/decisions/{decisionId}', {
          params: { path: { id, decisionId } },
        }),
      ),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['meeting', id] });
      message.success(t('common.done'));
    },
    onError: (err) => message.error(err.message),
  });
  const m = meeting.data;
  const focused = m?.decisions.find((d) => d.id === focus);
  const spans = useMemo<Span[]>(
    () =>
      focused && focused.sourceStart !== null && focused.sourceEnd !== null
        ? [{ start: focused.sourceStart, end: focused.sourceEnd, style: selectedStyle, focus: true }]
        : [],
    [focused],
  );
  if (meeting.error) {
    return <ErrorAlert error={meeting.error} />;
  }
  const drafts = (m?.decisions ?? []).filter((d) => d.state === 'draft').map((d) => d.id);
  return (
    <div>
      <Card
        size="small"
        loading={meeting.isLoading}
        title={
          m && (
            <Space>
              {m.title}
              <Tag>{t(key('meetings.kind', m.kind))}</Tag>
              <Tag color={m.state === 'published' ? 'success' : 'default'}>
                {t(key('meetings.state', m.state))}
              </Tag>
            </Space>
          )
        }
        extra={
          manage && (
            <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="meeting-edit">
              {t('meetings.edit')}
            </Button>
          )
        }
      >
        {m && (
          <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 4 }}>
            <Descriptions.Item label={t('meetings.date')}>
              {m.date ?? '—'}{' '}
              {m.dateInferred && (
                <Tooltip title={t('meetings.dateInferredHint')}>
                  <Tag color="orange">{t('meetings.dateInferred')}</Tag>
                </Tooltip>
              )}
            </Descriptions.Item>
            <Descriptions.Item label={t('meetings.formatLabel')}>
              {m.format ? t(key('meetings.format', m.format)) : '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('meetings.place')}>{m.place ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('meetings.chair')}>{m.chair ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('meetings.owner')}>{m.ownerOrgName}</Descriptions.Item>
            <Descriptions.Item label={t('meetings.plan')}>
              {m.planId ? <Link to={`/plans/${m.planId}`}>{m.planTitle}</Link> : '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('meetings.participants')} span={2}>
              {m.participants.map((p, i) => (
                <Tooltip key={i} title={p.titles.join('、')}>
                  <Tag>
                    {p.name}
                    {p.role ? `（${p.role}）` : ''}
                  </Tag>
                </Tooltip>
              ))}
            </Descriptions.Item>
            {m.agenda && (
              <Descriptions.Item label={t('meetings.agenda')} span={4}>
                {m.agenda}
              </Descriptions.Item>
            )}
          </Descriptions>
        )}
      </Card>

      <Card
        size="small"
        style={{ marginTop: 12 }}
        title={
          m
            ? `${t('meetings.decisions')} · ${t('meetings.decisionCount', {
                published: m.publishedCount,
                total: m.decisionCount,
              })}`
            : t('meetings.decisions')
        }
        extra={
          manage && (
            <Space>
              <Button icon={<PlusOutlined />} onClick={() => setDecision('new')} data-testid="decision-add">
                {t('meetings.addDecision')}
              </Button>
              <Button
                type="primary"
                icon={<SendOutlined />}
                data-testid="meeting-publish"
                disabled={drafts.length === 0}
                onClick={() => {
                  if (chosen.length === 0 && drafts.length === 0) {
                    message.info(t('meetings.nothingToPublish'));
                    return;
                  }
                  setPublishing(true);
                }}
              >
                {t('meetings.publish')}
              </Button>
            </Space>
          )
        }
      >
        <Table<MeetingRow>
          size="small"
          rowKey="id"
          data-testid="decisions"
          dataSource={m?.decisions}
          pagination={false}
          rowSelection={
            manage
              ? {
                  selectedRowKeys: chosen,
                  onChange: (keys) => setChosen(keys as number[]),
                  getCheckboxProps: (d) => ({ disabled: d.state !== 'draft' }),
                }
              : undefined
          }
          onRow={(d) => ({
            onClick: () => setFocus(d.id),
            style: d.id === focus ? { background: '#fffbe6', cursor: 'pointer' } : { cursor: 'pointer' },
          })}
          columns={[
            { title: '#', dataIndex: 'seq', width: 48 },
            { title: t('meetings.decisionText'), dataIndex: 'text' },
            {
              title: t('meetings.speaker'),
              dataIndex: 'speaker',
              width: 90,
              render: (v: string | null) => v ?? '—',
            },
            {
              title: t('meetings.deadline'),
              dataIndex: 'deadline',
              width: 110,
              render: (v: string | null) => v ?? '—',
            },
            {
              title: t('meetings.leadUnit'),
              dataIndex: 'unitName',
              width: 160,
              render: (v: string | null, d) =>
                v ??
                (d.suggestedUnit ? (
                  <Typography.Text type="secondary">{d.suggestedUnit}</Typography.Text>
                ) : (
                  '—'
                )),
            },
            {
              title: t('meetings.item'),
              dataIndex: 'itemId',
              width: 220,
              render: (_: unknown, d) =>
                d.itemId ? (
                  <Space size={4} onClick={(e) => e.stopPropagation()}>
                    <Link to={`/items/${d.itemId}`}>{d.itemCode}</Link>
                    {d.itemState && <StateTag state={d.itemState} />}
                    {d.itemHealth && <HealthLamp health={d.itemHealth} withText={false} />}
                  </Space>
                ) : (
                  <Tag>{t(key('meetings.decisionState', d.state))}</Tag>
                ),
            },
            ...(manage
              ? [
                  {
                    width: 80,
                    render: (_: unknown, d: MeetingRow) =>
                      d.state === 'draft' && (
                        <Space size={0} onClick={(e) => e.stopPropagation()}>
                          <Button
                            type="text"
                            size="small"
                            icon={<EditOutlined />}
                            onClick={() => setDecision(d)}
                          />
                          <Popconfirm
                            title={t('meetings.deleteDecisionConfirm')}
                            onConfirm={() => remove.mutate(d.id)}
                          >
                            <Button type="text" size="small" danger icon={<DeleteOutlined />} />
                          </Popconfirm>
                        </Space>
                      ),
                  },
                ]
              : []),
          ]}
        />
      </Card>

      <Card
        size="small"
        style={{ marginTop: 12 }}
        title={t('meetings.sourceText')}
        extra={
          m?.originalText && (
            <Segmented
              value={view}
              onChange={(v) => setView(v as 'normalized' | 'original')}
              options={[
                { value: 'normalized', label: t('meetings.showNormalized') },
                { value: 'original', label: t('meetings.showOriginal') },
              ]}
            />
          )
        }
      >
        {m?.sourceText ? (
          view === 'normalized' || !m.originalText ? (
            <MarkedText text={m.sourceText} spans={spans} />
          ) : (
            <MarkedText text={m.originalText} spans={[]} style={{ background: '#fafafa' }} />
          )
        ) : (
          <Typography.Text type="secondary">{t('meetings.noSource')}</Typography.Text>
        )}
      </Card>

      {editing && m && <MeetingForm meeting={m} onClose={() => setEditing(false)} />}
      {decision && <DecisionForm meetingId={id} decision={decision} onClose={() => setDecision(null)} />}
      {publishing && m && (
        <PublishModal
          meetingId={id}
          decisionIds={chosen.length > 0 ? chosen : drafts}
          planId={m.planId}
          onClose={() => setPublishing(false)}
          onDone={() => setChosen([])}
        />
      )}
    </div>
  );
}

interface MeetingValues extends Omit<MeetingUpdate, 'date'> {
  date?: Dayjs | null;
}

function MeetingForm({ meeting, onClose }: { meeting: MeetingDetail; onClose: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<MeetingValues>();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const save = useMutation({
    mutationFn: (body: MeetingUpdate) =>
      unwrap(api.PATCH('/api/v1/meetings/{id}', { params: { path: { id: meeting.id } }, body })),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['meeting', meeting.id] });
      await queryClient.invalidateQueries({ queryKey: ['meetings'] });
      message.success(t('common.done'));
      onClose();
    },
    onError: (err) => form.setFields(fieldErrors(err) as never),
  });
  return (
    <Modal
      open
      title={t('meetings.edit')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      okText={t('common.save')}
    >
      <Form<MeetingValues>
        form={form}
        layout="vertical"
        initialValues={{
          title: meeting.title,
          kind: meeting.kind,
          date: toDay(meeting.date),
          place: meeting.place,
          format: meeting.format,
          chair: meeting.chair,
          agenda: meeting.agenda,
        }}
        onFinish={(v) =>
          save.mutate({
            title: v.title,
            kind: v.kind,
            date: fromDay(v.date),
            place: v.place || null,
            format: v.format ?? null,
            chair: v.chair || null,
            agenda: v.agenda || null,
          })
        }
      >
        <Form.Item name="title" label={t('meetings.name')} rules={[{ required: true }]}>
          <Input />
        </Form.Item>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="kind" label={t('meetings.kindLabel')}>
              <Select options={meetingKinds.map((k) => ({ value: k, label: t(key('meetings.kind', k)) }))} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="date" label={t('meetings.date')}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="format" label={t('meetings.formatLabel')}>
              <Select
                allowClear
                options={meetingFormats.map((f) => ({ value: f, label: t(key('meetings.format', f)) }))}
              />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="chair" label={t('meetings.chair')}>
              <Input />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="place" label={t('meetings.place')}>
          <Input />
        </Form.Item>
        <Form.Item name="agenda" label={t('meetings.agenda')}>
          <Input.TextArea rows={3} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface DecisionValues {
  text: string;
  speaker?: string | null;
  deadline?: Dayjs | null;
  unitId?: number | null;
}

function DecisionForm({
  meetingId,
  decision,
  onClose,
}: {
  meetingId: number;
  decision: MeetingRow | 'new';
  onClose: () => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<DecisionValues>();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const save = useMutation({
    mutationFn: (body: DecisionCreate) =>
      decision === 'new'
        ? unwrap(api.POST('/api/v1/meetings/{id}/decisions', { params: { path: { id: meetingId } }, body }))
        : unwrap(
            api.PATCH('/api/v1/meetings/{id}/decisions/{decisionId}', {
              params: { path: { id: meetingId, decisionId: decision.id } },
              body,
            }),
          ),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['meeting', meetingId] });
      message.success(t('common.done'));
      onClose();
    },
    onError: (err) => form.setFields(fieldErrors(err) as never),
  });
  const d = decision === 'new' ? null : decision;
  return (
    <Modal
      open
      title={d ? t('meetings.editDecision') : t('meetings.addDecision')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      okText={t('common.save')}
    >
      <Form<DecisionValues>
        form={form}
        layout="vertical"
        initialValues={{
          text: d?.text ?? '',
          speaker: d?.speaker ?? null,
          deadline: toDay(d?.deadline),
          unitId: d?.unitId ?? null,
        }}
        onFinish={(v) =>
          save.mutate({
            text: v.text,
            speaker: v.speaker || null,
            deadline: fromDay(v.deadline),
            unitId: v.unitId ?? null,
          })
        }
      >
        <Form.Item name="text" label={t('meetings.decisionText')} rules={[{ required: true }]}>
          <Input.TextArea rows={4} />
        </Form.Item>
        <Form.Item name="speaker" label={t('meetings.speaker')}>
          <Input />
        </Form.Item>
        <Form.Item name="deadline" label={t('meetings.deadline')}>
          <DatePicker />
        </Form.Item>
        <Form.Item
          name="unitId"
          label={t('meetings.leadUnit')}
          extra={d?.suggestedUnit ? t('meetings.suggestedUnit', { name: d.suggestedUnit }) : undefined}
        >
          <OrgPicker />
        </Form.Item>
      </Form>
    </Modal>
  );
}
