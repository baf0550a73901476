import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, DatePicker, Form, Input, Modal, Select, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { api, fieldErrors, formLevelError, unwrap, type paths } from '../../api/client';
import { ErrorAlert } from '../../components/common';
import { OrgPicker } from '../../components/pickers';
import { key, useI18n } from '../../i18n';

type ActionBody = paths['/api/v1/items/{id}/actions']['post']['requestBody']['content']['application/json'];
export type ItemAction = ActionBody['action'];

/** Actions that must say why (the server refuses them without a reason). */
const needsReason: ItemAction[] = ['refuse', 'reroute', 'return', 'request_extension', 'suspend', 'cancel'];
const needsUnit: ItemAction[] = ['assign', 'reroute'];

interface Values {
  reason?: string;
  unitId?: number;
  newDeadline?: Dayjs;
  results?: string;
  fileIds?: number[];
}

/** One lifecycle action with its form and confirmation; the server decides, this only asks. */
export function ActionModal(props: {
  itemId: number;
  action: ItemAction;
  deadline: string | null;
  /** The item's lead unit, offered when assigning (交办) an item whose unit was chosen already. */
  leadUnitId?: number | null;
  files: { id: number; name: string }[];
  onClose: () => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const { action } = props;
  const run = useMutation({
    mutationFn: (v: Values) =>
      unwrap(
        api.POST('/api/v1/items/{id}/actions', {
          params: { path: { id: props.itemId } },
          body: {
            action,
            reason: v.reason || undefined,
            unitId: v.unitId,
            newDeadline: v.newDeadline?.format('YYYY-MM-DD'),
            results: v.results || undefined,
            fileIds: v.fileIds?.length ? v.fileIds : undefined,
          },
        }),
      ),
    onSuccess: async () => {
      await queryClient.invalidateQueries();
      message.success(t('common.done'));
      props.onClose();
    },
    onError: (err) => form.setFields(fieldErrors(err) as never),
  });
  const label = t(key('action', action));
  return (
    <Modal
      open
      title={label}
      okText={label}
      okButtonProps={{
        id: 'action-ok',
        danger: ['refuse', 'return', 'cancel', 'reject_extension'].includes(action),
      }}
      onOk={() => form.submit()}
      onCancel={props.onClose}
      confirmLoading={run.isPending}
    >
      <ErrorAlert error={formLevelError(run.error)} />
      <Typography.Paragraph>{t('action.confirm', { action: label })}</Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => run.mutate(v)}
        initialValues={{ unitId: action === 'assign' ? (props.leadUnitId ?? undefined) : undefined }}
      >
        {needsUnit.includes(action) && (
          <Form.Item name="unitId" label={t('action.unit')} rules={[{ required: true }]}>
            <OrgPicker />
          </Form.Item>
        )}
        {action === 'request_extension' && (
          <Form.Item name="newDeadline" label={t('action.newDeadline')} rules={[{ required: true }]}>
            <DatePicker
              disabledDate={(d) => !!props.deadline && d.isBefore(dayjs(props.deadline).add(1, 'day'), 'day')}
            />
          </Form.Item>
        )}
        {action === 'request_completion' && (
          <>
            <Form.Item name="results" label={t('action.results')} rules={[{ required: true }]}>
              <Input.TextArea rows={4} />
            </Form.Item>
            <Form.Item name="fileIds" label={t('action.files')}>
              <Select mode="multiple" options={props.files.map((f) => ({ value: f.id, label: f.name }))} />
            </Form.Item>
          </>
        )}
        {(needsReason.includes(action) || action === 'approve' || action === 'reject_extension') && (
          <Form.Item
            name="reason"
            label={t('action.reason')}
            rules={[{ required: needsReason.includes(action) }]}
          >
            <Input.TextArea rows={3} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
