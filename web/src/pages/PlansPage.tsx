import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Table,
  Tag,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api, fieldErrors, formLevelError, unwrap, type paths } from '../api/client';
import { useSession } from '../auth';
import { ErrorAlert } from '../components/common';
import { OrgPicker } from '../components/pickers';
import { key, useI18n } from '../i18n';

type PlanCreate = paths['/api/v1/plans']['post']['requestBody']['content']['application/json'];

/** 方案与清单: the plans the user may see, and a new one for supervisors. */
export default function PlansPage() {
  const { t } = useI18n();
  const { can } = useSession();
  const [current, setCurrent] = useState(1);
  const [q, setQ] = useState('');
  const [creating, setCreating] = useState(false);
  const plans = useQuery({
    queryKey: ['plans', current, q],
    queryFn: () =>
      unwrap(api.GET('/api/v1/plans', { params: { query: { current, pageSize: 20, q: q || undefined } } })),
  });
  return (
    <Card
      title={t('plans.title')}
      extra={
        <Space>
          <Input.Search allowClear placeholder={t('common.search')} onSearch={setQ} style={{ width: 200 }} />
          {can('plan.manage') && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setCreating(true)}
              data-testid="plan-create"
            >
              {t('plans.new')}
            </Button>
          )}
        </Space>
      }
    >
      <ErrorAlert error={plans.error} />
      <Table
        size="small"
        rowKey="id"
        loading={plans.isLoading}
        dataSource={plans.data?.data}
        scroll={{ x: 800 }}
        pagination={{
          current,
          pageSize: 20,
          total: plans.data?.total,
          onChange: setCurrent,
          showSizeChanger: false,
        }}
        columns={[
          { title: t('plans.code'), dataIndex: 'code', width: 140 },
          {
            title: t('plans.titleLabel'),
            dataIndex: 'title',
            render: (v: string, p) => <Link to={`/plans/${p.id}`}>{v}</Link>,
          },
          { title: t('plans.owner'), dataIndex: 'ownerOrgName', width: 180 },
          {
            title: t('plans.period'),
            width: 200,
            render: (_, p) => `${p.periodStart} ~ ${p.periodEnd}`,
          },
          {
            title: t('plans.cycle'),
            dataIndex: 'reportCycle',
            width: 90,
            render: (v: string) => t(key('cycle', v)),
          },
          {
            title: t('plans.state'),
            dataIndex: 'state',
            width: 90,
            render: (v: string) => (
              <Tag color={v === 'active' ? 'green' : 'default'}>{t(key('plans', v))}</Tag>
            ),
          },
        ]}
      />
      {creating && <PlanForm onClose={() => setCreating(false)} />}
    </Card>
  );
}

function PlanForm({ onClose }: { onClose: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const create = useMutation({
    mutationFn: (body: PlanCreate) => unwrap(api.POST('/api/v1/plans', { body })),
    onSuccess: async (plan) => {
      await queryClient.invalidateQueries({ queryKey: ['plans'] });
      message.success(t('common.done'));
      onClose();
      void navigate(`/plans/${plan.id}`);
    },
    onError: (err) => form.setFields(fieldErrors(err)),
  });
  const submit = (v: {
    code: string;
    title: string;
    description?: string;
    ownerOrgId?: number;
    period: [Dayjs, Dayjs];
    reportCycle: PlanCreate['reportCycle'];
    reportDueDay?: number;
    warningDays?: number;
    tolerancePct?: number;
    categories?: string[];
  }) =>
    create.mutate({
      code: v.code,
      title: v.title,
      description: v.description || null,
      ownerOrgId: v.ownerOrgId,
      periodStart: v.period[0].format('YYYY-MM-DD'),
      periodEnd: v.period[1].format('YYYY-MM-DD'),
      reportCycle: v.reportCycle,
      reportDueDay: v.reportDueDay,
      warningDays: v.warningDays,
      tolerancePct: v.tolerancePct,
      categories: v.categories,
    });
  return (
    <Modal
      open
      title={t('plans.new')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={create.isPending}
      okText={t('common.save')}
      width={640}
    >
      <ErrorAlert error={formLevelError(create.error)} />
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{
          reportCycle: 'monthly',
          reportDueDay: 25,
          warningDays: 7,
          tolerancePct: 15,
          period: [dayjs().startOf('year'), dayjs().endOf('year')],
        }}
      >
        <Space.Compact block>
          <Form.Item
            name="code"
            label={t('plans.code')}
            rules={[{ required: true }]}
            style={{ width: '35%' }}
          >
            <Input placeholder="QH2026" />
          </Form.Item>
          <Form.Item
            name="title"
            label={t('plans.titleLabel')}
            rules={[{ required: true }]}
            style={{ width: '65%' }}
          >
            <Input />
          </Form.Item>
        </Space.Compact>
        <Form.Item name="description" label={t('plans.description')}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Form.Item name="ownerOrgId" label={t('plans.owner')}>
          <OrgPicker />
        </Form.Item>
        <Form.Item name="period" label={t('plans.period')} rules={[{ required: true }]}>
          <DatePicker.RangePicker style={{ width: '100%' }} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="reportCycle" label={t('plans.cycle')}>
            <Select
              style={{ width: 120 }}
              options={['weekly', 'biweekly', 'monthly', 'quarterly'].map((c) => ({
                value: c,
                label: t(key('cycle', c)),
              }))}
            />
          </Form.Item>
          <Form.Item name="reportDueDay" label={t('plans.dueDay')}>
            <InputNumber min={1} max={92} />
          </Form.Item>
          <Form.Item name="warningDays" label={t('plans.warningDays')}>
            <InputNumber min={0} max={90} />
          </Form.Item>
          <Form.Item name="tolerancePct" label={t('plans.tolerance')}>
            <InputNumber min={0} max={100} />
          </Form.Item>
        </Space>
        <Form.Item name="categories" label={t('plans.categories')}>
          <Select
            mode="tags"
            tokenSeparators={[',', '，', '、']}
            placeholder="经济发展、公共服务、生态环保、社会进步"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
