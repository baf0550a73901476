import { InboxOutlined } from '@ant-design/icons';
import { Alert, App, Button, Modal, Space, Table, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { ApiError, downloadFile, uploadFile, type paths } from '../api/client';
import { ErrorAlert } from '../components/common';
import { key, useI18n } from '../i18n';

type ImportResult =
  paths['/api/v1/lists/{id}/import']['post']['responses'][200]['content']['application/json'];
type ImportRow = ImportResult['rows'][number];

const actionColors: Record<ImportRow['action'], string> = {
  create: 'blue',
  update: 'gold',
  unchanged: 'default',
  skip: 'default',
};

/**
 * Import of a task list from Excel or CSV: the file is first checked on the server (a dry run) and
 * every row shown with what will happen and what is wrong; only a clean sheet can be imported.
 */
export function SheetImport(props: { listId: number; onClose: () => void; onImported: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [file, setFile] = useState<File>();
  const [preview, setPreview] = useState<ImportResult>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const url = `/api/v1/lists/${props.listId}/import`;

  const check = async (f: File) => {
    setFile(f);
    setPreview(undefined);
    setError(undefined);
    setBusy(true);
    try {
      setPreview(await uploadFile<ImportResult>(`${url}?dryRun=true`, f, () => undefined));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const commit = async () => {
    if (!file) {
      return;
    }
    setBusy(true);
    try {
      const done = await uploadFile<ImportResult>(url, file, () => undefined);
      void message.success(t('sheets.done', { created: done.created, updated: done.updated }));
      props.onImported();
      props.onClose();
    } catch (err) {
      setError(err);
      if (err instanceof ApiError && err.code === 'validation_failed') {
        await check(file);
      }
    } finally {
      setBusy(false);
    }
  };

  const problems = preview?.errors.length ?? 0;
  const changes = (preview?.created ?? 0) + (preview?.updated ?? 0);
  return (
    <Modal
      open
      width={1100}
      title={t('sheets.importTitle')}
      onCancel={props.onClose}
      footer={
        <Space>
          <Button onClick={props.onClose}>{t('common.cancel')}</Button>
          <Button
            type="primary"
            loading={busy && preview !== undefined}
            disabled={!preview || problems > 0 || changes === 0}
            onClick={() => void commit()}
            data-testid="sheet-import-confirm"
          >
            {t('sheets.confirm')}
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
        {t('sheets.hint')}{' '}
        <Typography.Link
          onClick={() =>
            void downloadFile('/api/v1/lists/import-template', 'template.xlsx').catch((err: unknown) =>
              setError(err),
            )
          }
          data-testid="sheet-template"
        >
          {t('sheets.template')}
        </Typography.Link>
      </Typography.Paragraph>
      <Upload.Dragger
        accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
        multiple={false}
        showUploadList={false}
        beforeUpload={(f) => {
          void check(f);
          return false;
        }}
        disabled={busy}
        data-testid="sheet-import-file"
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p>{busy && !preview ? t('sheets.checking') : (file?.name ?? t('sheets.pick'))}</p>
      </Upload.Dragger>
      <div style={{ marginTop: 12 }}>
        <ErrorAlert error={error} />
      </div>
      {preview && (
        <>
          <Space wrap style={{ margin: '8px 0' }}>
            <Typography.Text>
              {t('sheets.read', { sheet: preview.sheet, n: preview.rows.length })}
            </Typography.Text>
            <Tag color="blue">
              {t('sheets.action.create')} {preview.created}
            </Tag>
            <Tag color="gold">
              {t('sheets.action.update')} {preview.updated}
            </Tag>
            <Tag>
              {t('sheets.action.unchanged')} {preview.unchanged}
            </Tag>
            <Tag>
              {t('sheets.action.skip')} {preview.skipped}
            </Tag>
          </Space>
          {problems > 0 && (
            <Alert
              type="error"
              showIcon
              style={{ marginBottom: 8 }}
              message={t('sheets.hasErrors', { n: problems })}
              description={preview.errors
                .filter((e) => !e.field.startsWith('row '))
                .map((e) => e.message)
                .join('；')}
            />
          )}
          {preview.notes.length > 0 && (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 8 }}
              message={preview.notes.map((n) => (
                <div key={n}>{n}</div>
              ))}
            />
          )}
          {problems === 0 && changes === 0 && (
            <Alert type="info" showIcon style={{ marginBottom: 8 }} message={t('sheets.nothing')} />
          )}
          <Table<ImportRow>
            size="small"
            rowKey="row"
            dataSource={preview.rows}
            pagination={{ pageSize: 50, hideOnSinglePage: true }}
            scroll={{ x: 1000, y: 420 }}
            columns={[
              { title: t('sheets.row'), dataIndex: 'row', width: 56, fixed: 'left' },
              { title: t('item.title'), dataIndex: 'title', width: 240, fixed: 'left' },
              {
                title: t('sheets.action'),
                dataIndex: 'action',
                width: 100,
                render: (v: ImportRow['action'], r) =>
                  r.errors.length > 0 ? (
                    <Tag color="red">{t('sheets.rowProblem')}</Tag>
                  ) : (
                    <Tag color={actionColors[v]}>{t(key('sheets.action', v))}</Tag>
                  ),
              },
              {
                // Problems come right after the task, so that a row that stops the import is seen at once.
                title: t('sheets.problems'),
                key: 'problems',
                width: 280,
                render: (_: unknown, r) => (
                  <>
                    {r.errors.map((e) => (
                      <Typography.Text key={e} type="danger" style={{ display: 'block' }}>
                        {e}
                      </Typography.Text>
                    ))}
                    {r.notes.map((n) => (
                      <Typography.Text key={n} type="secondary" style={{ display: 'block' }}>
                        {n}
                      </Typography.Text>
                    ))}
                  </>
                ),
              },
              { title: t('item.code'), dataIndex: 'code', width: 120 },
              { title: t('item.category'), dataIndex: 'category', width: 90 },
              {
                title: t('item.leadUnit'),
                dataIndex: 'leadUnit',
                width: 140,
                render: (v: ImportRow['leadUnit']) => v?.name,
              },
              {
                title: t('item.coUnits'),
                dataIndex: 'coUnits',
                width: 160,
                render: (v: ImportRow['coUnits']) => v.map((u) => u.name).join('、'),
              },
              {
                title: t('item.deadline'),
                dataIndex: 'deadline',
                width: 100,
                render: (v: string | null, r) => (r.ongoing ? t('item.ongoing') : v),
              },
              {
                title: t('sheets.milestones'),
                dataIndex: 'milestones',
                width: 60,
                render: (v: ImportRow['milestones']) =>
                  v.length > 0 ? (
                    <span title={v.map((m) => `${m.dueDate} ${m.title}`).join('\n')}>{v.length}</span>
                  ) : (
                    ''
                  ),
              },
            ]}
          />
        </>
      )}
    </Modal>
  );
}
