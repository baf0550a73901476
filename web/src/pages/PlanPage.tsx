import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Form,
  Input,
  Modal,
  Row,
  Select,
  Statistic,
  Switch,
  Table,
  Tag,
} from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, fieldErrors, unwrap, type paths } from '../api/client';
import { useSession } from '../auth';
import { ErrorAlert, healthColors } from '../components/common';
import { key, useI18n } from '../i18n';

type ListCreate = paths['/api/v1/lists']['post']['requestBody']['content']['application/json'];
const listKinds = ['task', 'challenge', 'rectification', 'directive'] as const;

/** A plan: its settings, its health in numbers, and its lists. */
export default function PlanPage() {
  const id = Number(useParams().id);
  const { t } = useI18n();
  const { can } = useSession();
  const [creating, setCreating] = useState(false);
  const plan = useQuery({
    queryKey: ['plan', id],
    queryFn: () => unwrap(api.GET('/api/v1/plans/{id}', { params: { path: { id } } })),
  });
  const summary = useQuery({
    queryKey: ['plan', id, 'summary'],
    queryFn: () => unwrap(api.GET('/api/v1/plans/{id}/summary', { params: { path: { id } } })),
  });
  const lists = useQuery({
    queryKey: ['lists', id],
    queryFn: () => unwrap(api.GET('/api/v1/lists', { params: { query: { planId: id } } })),
  });
  if (plan.error) {
    return <ErrorAlert error={plan.error} />;
  }
  const p = plan.data;
  return (
    <div>
      <Card title={p ? `${p.code} · ${p.title}` : t('common.loading')} loading={plan.isLoading} size="small">
        {p && (
          <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 4 }}>
            <Descriptions.Item label={t('plans.owner')}>{p.ownerOrgName}</Descriptions.Item>
            <Descriptions.Item label={t('plans.period')}>
              {p.periodStart} ~ {p.periodEnd}
            </Descriptions.Item>
            <Descriptions.Item label={t('plans.cycle')}>
              {t(key('cycle', p.reportCycle))} · {t('plans.dueDay')} {p.reportDueDay}
            </Descriptions.Item>
            <Descriptions.Item label={t('plans.warningDays')}>
              {p.warningDays} · {t('plans.tolerance')} {p.tolerancePct}
            </Descriptions.Item>
            <Descriptions.Item label={t('plans.categories')} span={2}>
              {p.categories.map((c) => (
                <Tag key={c}>{c}</Tag>
              ))}
            </Descriptions.Item>
            {p.description && (
              <Descriptions.Item label={t('plans.description')} span={4}>
                {p.description}
              </Descriptions.Item>
            )}
          </Descriptions>
        )}
      </Card>
      <Row gutter={[12, 12]} style={{ marginTop: 12 }}>
        {/* Every health has its card, 未开始 too, so that the cards add up to the total. */}
        {(['green', 'yellow', 'red', 'done_on_time', 'done_late', 'none'] as const).map((h) => (
          <Col key={h} xs={12} sm={6} lg={3}>
            <Card size="small" loading={summary.isLoading}>
              <Statistic
                title={t(key('health', h))}
                value={summary.data?.byHealth[h] ?? 0}
                styles={{ content: { color: healthColors[h] } }}
              />
            </Card>
          </Col>
        ))}
        <Col xs={12} sm={6} lg={3}>
          <Card size="small" loading={summary.isLoading}>
            <Statistic title={t('cockpit.total')} value={summary.data?.total ?? 0} />
          </Card>
        </Col>
      </Row>
      <Card
        title={t('plans.lists')}
        size="small"
        style={{ marginTop: 12 }}
        extra={
          can('plan.manage') && (
            <Button icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="list-create">
              {t('plans.newList')}
            </Button>
          )
        }
      >
        <ErrorAlert error={lists.error} />
        <Table
          size="small"
          rowKey="id"
          loading={lists.isLoading}
          dataSource={lists.data?.data}
          pagination={false}
          columns={[
            {
              title: t('plans.titleLabel'),
              dataIndex: 'title',
              render: (v: string, l) => <Link to={`/lists/${l.id}`}>{v}</Link>,
            },
            {
              title: t('lists.kind'),
              dataIndex: 'kind',
              width: 180,
              render: (v: string) => <Tag>{t(key('listKind', v))}</Tag>,
            },
            {
              title: t('lists.claimable'),
              dataIndex: 'claimable',
              width: 100,
              render: (v: boolean) => (v ? t('common.yes') : t('common.no')),
            },
          ]}
        />
      </Card>
      {creating && <ListForm planId={id} onClose={() => setCreating(false)} />}
    </div>
  );
}

function ListForm({ planId, onClose }: { planId: number; onClose: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const create = useMutation({
    mutationFn: (body: ListCreate) => unwrap(api.POST('/api/v1/lists', { body })),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['lists', planId] });
      message.success(t('common.done'));
      onClose();
    },
    onError: (err) => form.setFields(fieldErrors(err)),
  });
  return (
    <Modal
      open
      title={t('plans.newList')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={create.isPending}
      okText={t('common.save')}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ kind: 'task', claimable: false }}
        onFinish={(v: Omit<ListCreate, 'planId'>) => create.mutate({ ...v, planId })}
      >
        <Form.Item name="title" label={t('plans.titleLabel')} rules={[{ required: true }]}>
          <Input />
        </Form.Item>
        <Form.Item name="kind" label={t('lists.kind')}>
          <Select options={listKinds.map((k) => ({ value: k, label: t(key('listKind', k)) }))} />
        </Form.Item>
        <Form.Item name="description" label={t('plans.description')}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Form.Item name="claimable" label={t('lists.claimable')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
}
