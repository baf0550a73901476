import {
  CheckOutlined,
  RollbackOutlined,
  SaveOutlined,
  SendOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Collapse,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Modal,
  Progress,
  Select,
  Space,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, fieldErrors, formLevelError, unwrap, uploadFile, type paths } from '../api/client';
import { ErrorAlert, StateTag } from '../components/common';
import { useI18n } from '../i18n';

type Report = paths['/api/v1/reports/{id}']['get']['responses'][200]['content']['application/json'];
type Fields = paths['/api/v1/reports/{id}/submit']['post']['requestBody']['content']['application/json'];

interface Values {
  progressText?: string;
  percent?: number;
  indicatorValue?: number | null;
  problems?: string | null;
  nextSteps?: string | null;
  fileIds?: number[];
}

/** Where a new report starts: its own draft, or else the unit's last filed report (report once, reuse). */
function startingValues(r: Report): { values: Values; prefilled: boolean } {
  const own = r.state !== 'pending' || r.progressText !== null;
  const src = own ? r : (r.previous ?? r);
  return {
    prefilled: !own && r.previous !== null,
    values: {
      progressText: src.progressText ?? undefined,
      percent: src.percent ?? undefined,
      indicatorValue: src.indicatorValue,
      problems: src.problems,
      nextSteps: src.nextSteps,
      fileIds: own ? r.files.map((f) => f.id) : [],
    },
  };
}

/**
 * 月报: the report form, pre-filled from the last period, "no change" in one tap, evidence with upload
 * progress; one column so it works on a phone. Supervisors see the filed report and approve or return it.
 */
export default function ReportFormPage() {
  const id = Number(useParams().id);
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [progress, setProgress] = useState<number | null>(null);
  const [returning, setReturning] = useState(false);
  const report = useQuery({
    queryKey: ['report', id],
    queryFn: () => unwrap(api.GET('/api/v1/reports/{id}', { params: { path: { id } } })),
  });
  const r = report.data;
  const itemFiles = useQuery({
    queryKey: ['item', r?.itemId, 'files'],
    enabled: !!r,
    queryFn: () => unwrap(api.GET('/api/v1/items/{id}/files', { params: { path: { id: r!.itemId } } })),
  });
  const start = r ? startingValues(r) : null;
  useEffect(() => {
    // The form follows the report as the server last sent it (after a save, a refetch brings it back).
    if (r) {
      form.setFieldsValue(startingValues(r).values);
    }
  }, [r, form]);

  const done = async () => {
    await queryClient.invalidateQueries();
    message.success(t('common.done'));
  };
  const body = (v: Values): Fields => ({
    progressText: v.progressText ?? '',
    percent: v.percent,
    indicatorValue: v.indicatorValue ?? null,
    problems: v.problems || null,
    nextSteps: v.nextSteps || null,
    fileIds: v.fileIds ?? [],
  });
  const save = useMutation({
    mutationFn: (v: Values) =>
      unwrap(api.PATCH('/api/v1/reports/{id}', { params: { path: { id } }, body: body(v) })),
    onSuccess: done,
    onError: (err) => form.setFields(fieldErrors(err) as never),
  });
  const submit = useMutation({
    mutationFn: (v: Values) =>
      unwrap(api.POST('/api/v1/reports/{id}/submit', { params: { path: { id } }, body: body(v) })),
    onSuccess: done,
    onError: (err) => form.setFields(fieldErrors(err) as never),
  });
  const noChange = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/reports/{id}/no-change', { params: { path: { id } } })),
    onSuccess: done,
  });
  const review = useMutation({
    mutationFn: (b: { decision: 'approve' | 'return'; note?: string }) =>
      unwrap(api.POST('/api/v1/reports/{id}/review', { params: { path: { id } }, body: b })),
    onSuccess: async () => {
      setReturning(false);
      await done();
    },
  });

  if (report.error) {
    return <ErrorAlert error={report.error} />;
  }
  if (!r) {
    return <Card loading />;
  }
  const files = itemFiles.data?.data ?? [];
  return (
    <Card
      size="small"
      style={{ maxWidth: 760, margin: '0 auto' }}
      title={
        <Space direction="vertical" size={0} style={{ whiteSpace: 'normal' }}>
          <Link to={`/items/${r.itemId}`}>
            {r.itemCode} {r.itemTitle}
          </Link>
          <Typography.Text type="secondary" style={{ fontSize: 13, fontWeight: 'normal' }}>
            {r.orgName} · {t('report.period')} {r.period} · {t('report.due')} {r.dueDate}
          </Typography.Text>
        </Space>
      }
      extra={<StateTag state={r.state} prefix="reportState" />}
    >
      <ErrorAlert
        error={[save.error, submit.error, noChange.error, review.error].map(formLevelError).find(Boolean)}
      />
      {r.late && <Tag color="orange">{t('report.late')}</Tag>}
      {r.missed && <Tag color="red">{t('report.missed')}</Tag>}
      {r.state === 'returned' && r.reviewNote && (
        <Alert
          type="warning"
          showIcon
          title={`${t('report.returnReason')}：${r.reviewNote}`}
          style={{ marginBottom: 12 }}
        />
      )}
      {r.can.write ? (
        <>
          {start?.prefilled && (
            <Alert type="info" showIcon title={t('report.prefilled')} style={{ marginBottom: 12 }} />
          )}
          {r.previous && (
            <Button
              block
              size="large"
              icon={<CheckOutlined />}
              loading={noChange.isPending}
              onClick={() => noChange.mutate()}
              style={{ marginBottom: 12 }}
              data-testid="report-no-change"
            >
              {t('report.noChange')}
              <Typography.Text type="secondary" style={{ marginLeft: 8, fontSize: 12 }}>
                {t('report.noChangeHint')}
              </Typography.Text>
            </Button>
          )}
          <Form form={form} layout="vertical" onFinish={(v) => submit.mutate(v)}>
            <Form.Item name="progressText" label={t('report.progressText')} rules={[{ required: true }]}>
              <Input.TextArea rows={5} data-testid="report-progress" />
            </Form.Item>
            <Form.Item name="percent" label={t('report.percent')} rules={[{ required: true }]}>
              <InputNumber
                min={0}
                max={100}
                precision={0}
                suffix="%"
                style={{ width: '100%' }}
                inputMode="numeric"
              />
            </Form.Item>
            <Form.Item name="indicatorValue" label={t('report.indicatorValue')}>
              <InputNumber style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item name="problems" label={t('report.problems')}>
              <Input.TextArea rows={2} />
            </Form.Item>
            <Form.Item name="nextSteps" label={t('report.nextSteps')}>
              <Input.TextArea rows={2} />
            </Form.Item>
            <Form.Item name="fileIds" label={t('report.files')}>
              <Select mode="multiple" options={files.map((f) => ({ value: f.id, label: f.name }))} />
            </Form.Item>
            <Upload
              showUploadList={false}
              customRequest={({ file }) => {
                setProgress(0);
                uploadFile(`/api/v1/items/${r.itemId}/files`, file as File, setProgress)
                  .then(async (f) => {
                    await queryClient.invalidateQueries({ queryKey: ['item', r.itemId, 'files'] });
                    form.setFieldValue('fileIds', [
                      ...((form.getFieldValue('fileIds') as number[] | undefined) ?? []),
                      f.id,
                    ]);
                  })
                  .catch((err: Error) => message.error(err.message))
                  .finally(() => setProgress(null));
              }}
            >
              <Button icon={<UploadOutlined />} block data-testid="report-upload">
                {progress !== null ? t('item.uploading', { p: progress }) : t('item.upload')}
              </Button>
            </Upload>
            {progress !== null && <Progress percent={progress} size="small" />}
            <Space style={{ marginTop: 16, width: '100%' }} direction="vertical">
              <Button
                type="primary"
                htmlType="submit"
                block
                size="large"
                icon={<SendOutlined />}
                loading={submit.isPending}
                data-testid="report-submit"
              >
                {t('report.submit')}
              </Button>
              <Button
                block
                icon={<SaveOutlined />}
                loading={save.isPending}
                onClick={() => save.mutate(form.getFieldsValue())}
              >
                {t('report.saveDraft')}
              </Button>
            </Space>
          </Form>
        </>
      ) : (
        <Descriptions size="small" column={1} bordered>
          <Descriptions.Item label={t('report.progressText')}>
            <span style={{ whiteSpace: 'pre-wrap' }}>{r.progressText ?? '—'}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('report.percent')}>{r.percent ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('report.indicatorValue')}>{r.indicatorValue ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('report.problems')}>{r.problems ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('report.nextSteps')}>{r.nextSteps ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('report.files')}>
            {r.files.map((f) => (
              <div key={f.id}>
                <a href={`/api/v1/files/${f.id}`} target="_blank" rel="noreferrer">
                  {f.name}
                </a>
              </div>
            ))}
          </Descriptions.Item>
          {r.noChange && (
            <Descriptions.Item label={t('report.noChange')}>{t('common.yes')}</Descriptions.Item>
          )}
        </Descriptions>
      )}
      {r.can.review && (
        <Space style={{ marginTop: 16 }}>
          <Button
            type="primary"
            icon={<CheckOutlined />}
            loading={review.isPending}
            onClick={() => review.mutate({ decision: 'approve' })}
            data-testid="report-approve"
          >
            {t('report.approve')}
          </Button>
          <Button
            danger
            icon={<RollbackOutlined />}
            onClick={() => setReturning(true)}
            data-testid="report-return"
          >
            {t('report.return')}
          </Button>
        </Space>
      )}
      {r.coUnitReports.length > 0 && (
        <Collapse
          style={{ marginTop: 16 }}
          items={r.coUnitReports.map((c) => ({
            key: c.id,
            label: (
              <Space>
                {c.orgName}
                <StateTag state={c.state} prefix="reportState" />
              </Space>
            ),
            children: (
              <div style={{ whiteSpace: 'pre-wrap' }}>
                {c.progressText ?? '—'}
                {c.percent !== null && <div>{`${t('report.percent')}: ${c.percent}%`}</div>}
              </div>
            ),
          }))}
        />
      )}
      {returning && (
        <ReturnModal
          busy={review.isPending}
          onCancel={() => setReturning(false)}
          onOk={(note) => review.mutate({ decision: 'return', note })}
        />
      )}
    </Card>
  );
}

export function ReturnModal(props: { busy: boolean; onCancel: () => void; onOk: (note: string) => void }) {
  const { t } = useI18n();
  const [note, setNote] = useState('');
  return (
    <Modal
      open
      title={t('report.return')}
      onCancel={props.onCancel}
      okButtonProps={{ danger: true, disabled: !note.trim(), id: 'return-ok' }}
      confirmLoading={props.busy}
      onOk={() => props.onOk(note.trim())}
    >
      <Input.TextArea
        rows={3}
        value={note}
        onChange={(e) => setNote(e.target.value)}
        placeholder={t('report.returnReason')}
      />
    </Modal>
  );
}
