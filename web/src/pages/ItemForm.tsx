import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { App, Button, DatePicker, Drawer, Form, Input, InputNumber, Select, Space, Switch } from 'antd';
import type { Dayjs } from 'dayjs';
import { useNavigate } from 'react-router';
import { api, fieldErrors, formLevelError, unwrap, type paths } from '../api/client';
import { ErrorAlert } from '../components/common';
import { OrgPicker, UserPicker } from '../components/pickers';
import { key, useI18n } from '../i18n';

type ItemCreate = paths['/api/v1/items']['post']['requestBody']['content']['application/json'];
type List = paths['/api/v1/lists/{id}']['get']['responses'][200]['content']['application/json'];
type Plan = paths['/api/v1/plans/{id}']['get']['responses'][200]['content']['application/json'];

interface Values {
  code: string;
  title: string;
  description?: string;
  category?: string;
  source?: ItemCreate['source'];
  leadLeaderId?: number;
  leadUnitId?: number;
  coUnitIds?: number[];
  responsiblePerson?: string;
  targetIndicator?: string;
  targetUnit?: string;
  targetBaseline?: number;
  targetValue?: number;
  startDate?: Dayjs;
  deadline?: Dayjs;
  ongoing?: boolean;
  priority?: ItemCreate['priority'];
  milestones?: { title: string; dueDate: Dayjs; deliverable?: string }[];
}

/** New item (事项) in a list, with its milestones (节点); the item starts as a draft to assign. */
export function ItemForm(props: { list: List; plan: Plan; onClose: () => void; onCreated: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const ongoing = Form.useWatch('ongoing', form);
  const create = useMutation({
    mutationFn: async (v: Values) => {
      const item = await unwrap(
        api.POST('/api/v1/items', {
          body: {
            listId: props.list.id,
            code: v.code,
            title: v.title,
            description: v.description || null,
            category: v.category ?? null,
            source: v.source,
            leadLeaderId: v.leadLeaderId ?? null,
            leadUnitId: v.leadUnitId ?? null,
            coUnitIds: v.coUnitIds,
            responsiblePerson: v.responsiblePerson || null,
            targetIndicator: v.targetIndicator || null,
            targetUnit: v.targetUnit || null,
            targetBaseline: v.targetBaseline ?? null,
            targetValue: v.targetValue ?? null,
            startDate: v.startDate?.format('YYYY-MM-DD') ?? null,
            deadline: v.ongoing ? null : (v.deadline?.format('YYYY-MM-DD') ?? null),
            ongoing: v.ongoing ?? false,
            priority: v.priority,
          },
        }),
      );
      for (const [i, m] of (v.milestones ?? []).entries()) {
        try {
          await unwrap(
            api.POST('/api/v1/items/{id}/milestones', {
              params: { path: { id: item.id } },
              body: {
                title: m.title,
                dueDate: m.dueDate.format('YYYY-MM-DD'),
                deliverable: m.deliverable || null,
              },
            }),
          );
        } catch (err) {
          // The item exists; say which milestone failed and open the item to fix it there.
          message.error(`${t('item.milestones')} ${i + 1}: ${(err as Error).message}`);
        }
      }
      return item;
    },
    onSuccess: (item) => {
      message.success(t('common.done'));
      props.onCreated();
      props.onClose();
      void navigate(`/items/${item.id}`);
    },
    onError: (err) => form.setFields(fieldErrors(err) as never),
  });
  return (
    <Drawer
      open
      title={`${t('ledger.newItem')} · ${props.list.title}`}
      size={640}
      onClose={props.onClose}
      extra={
        <Space>
          <Button onClick={props.onClose}>{t('common.cancel')}</Button>
          <Button
            type="primary"
            loading={create.isPending}
            onClick={() => form.submit()}
            data-testid="item-save"
          >
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      <ErrorAlert error={formLevelError(create.error)} />
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => create.mutate(v)}
        initialValues={{ source: 'plan', priority: 'normal', ongoing: false }}
      >
        <Space.Compact block>
          <Form.Item
            name="code"
            label={t('item.newCode')}
            rules={[{ required: true }]}
            style={{ width: '40%' }}
          >
            <Input />
          </Form.Item>
          <Form.Item name="category" label={t('item.category')} style={{ width: '60%' }}>
            <Select allowClear options={props.plan.categories.map((c) => ({ value: c, label: c }))} />
          </Form.Item>
        </Space.Compact>
        <Form.Item name="title" label={t('item.title')} rules={[{ required: true }]}>
          <Input />
        </Form.Item>
        <Form.Item name="description" label={t('item.description')}>
          <Input.TextArea rows={3} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="source" label={t('item.source')}>
            <Select
              style={{ width: 140 }}
              options={['plan', 'meeting', 'instruction', 'inspection'].map((s) => ({
                value: s,
                label: t(key('source', s)),
              }))}
            />
          </Form.Item>
          <Form.Item name="priority" label={t('item.priority')}>
            <Select
              style={{ width: 90 }}
              options={['high', 'normal', 'low'].map((p) => ({ value: p, label: t(key('priority', p)) }))}
            />
          </Form.Item>
          <Form.Item name="leadLeaderId" label={t('item.leadLeader')}>
            <UserPicker role="leader" style={{ width: 220 }} />
          </Form.Item>
        </Space>
        <Form.Item name="leadUnitId" label={t('item.leadUnit')}>
          <OrgPicker />
        </Form.Item>
        <Form.Item name="coUnitIds" label={t('item.coUnits')}>
          <OrgPicker multiple />
        </Form.Item>
        <Form.Item name="responsiblePerson" label={t('item.responsible')}>
          <Input />
        </Form.Item>
        <Space wrap>
          <Form.Item name="startDate" label={t('item.startDate')}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="deadline" label={t('item.deadline')} rules={[{ required: !ongoing }]}>
            <DatePicker disabled={!!ongoing} data-testid="item-deadline" />
          </Form.Item>
          <Form.Item name="ongoing" label={t('item.ongoing')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Space>
        <Space wrap>
          <Form.Item name="targetIndicator" label={t('item.targetIndicator')}>
            <Input style={{ width: 200 }} />
          </Form.Item>
          <Form.Item name="targetUnit" label={t('item.targetUnit')}>
            <Input style={{ width: 80 }} />
          </Form.Item>
          <Form.Item name="targetBaseline" label={t('item.targetBaseline')}>
            <InputNumber />
          </Form.Item>
          <Form.Item name="targetValue" label={t('item.targetValue')}>
            <InputNumber />
          </Form.Item>
        </Space>
        <Form.List name="milestones">
          {(fields, { add, remove }) => (
            <>
              <div style={{ marginBottom: 8 }}>{t('item.milestones')}</div>
              {fields.map((f) => (
                <Space key={f.key} align="baseline" wrap>
                  <Form.Item name={[f.name, 'title']} rules={[{ required: true }]}>
                    <Input placeholder={t('plans.titleLabel')} data-testid={`milestone-title-${f.name}`} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'dueDate']} rules={[{ required: true }]}>
                    <DatePicker placeholder={t('item.due')} data-testid={`milestone-due-${f.name}`} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'deliverable']}>
                    <Input placeholder={t('item.deliverable')} />
                  </Form.Item>
                  <MinusCircleOutlined onClick={() => remove(f.name)} />
                </Space>
              ))}
              <Button type="dashed" onClick={() => add()} icon={<PlusOutlined />} data-testid="milestone-add">
                {t('item.addMilestone')}
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Drawer>
  );
}
