import { UploadOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Form,
  Input,
  Modal,
  Segmented,
  Table,
  TreeSelect,
  Typography,
  Upload,
} from 'antd';
import { useState } from 'react';
import { api, ApiError, unwrap, type paths } from '../../api/client';
import { useI18n } from '../../i18n';
import { testId, type OrgNode } from './shared';

type ImportBody = paths['/api/v1/orgs/import']['post']['requestBody']['content']['application/json'];
type ImportResult = paths['/api/v1/orgs/import']['post']['responses'][200]['content']['application/json'];

/** One problem of a rejected import: the server names each as `row N.field`, or a whole-file field. */
export interface ImportProblem {
  key: number;
  row: number | null;
  field: string;
  message: string;
}

/** Reads the row-by-row report out of a validation error (`details: [{ field: 'row 3.kind', message }]`). */
export function importProblems(err: unknown): ImportProblem[] {
  if (!(err instanceof ApiError) || !Array.isArray(err.details)) {
    return [];
  }
  return (err.details as { field?: string; message?: string }[]).map((d, i) => {
    const field = (d.field ?? '').replace(/^body\./, '');
    const m = /^row (\d+)(?:\.(.+))?$/.exec(field);
    return {
      key: i,
      row: m ? Number(m[1]) : null,
      field: m ? (m[2] ?? '') : field,
      message: d.message ?? '',
    };
  });
}

interface CodeOption {
  value: string;
  title: string;
  children: CodeOption[];
}

/** Import organisations from CSV or JSON (pasted or from a file), with the server's report of every bad row. */
export function OrgImportModal({
  roots,
  defaultParent,
  onClose,
}: {
  roots: OrgNode[];
  defaultParent?: OrgNode;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [format, setFormat] = useState<ImportBody['format']>('csv');
  const [content, setContent] = useState('');
  const [parentCode, setParentCode] = useState<string | undefined>(defaultParent?.code);
  const [problems, setProblems] = useState<ImportProblem[]>([]);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [otherError, setOtherError] = useState<string | null>(null);

  const run = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/orgs/import', {
          body: { format, content, ...(parentCode ? { parentCode } : {}) },
        }),
      ),
    onMutate: () => {
      setProblems([]);
      setResult(null);
      setOtherError(null);
    },
    onSuccess: async (out) => {
      setResult(out);
      void message.success(t('org.importResult', { ...out }));
      await queryClient.invalidateQueries({ queryKey: ['orgs'] });
    },
    onError: (err) => {
      const list = err instanceof ApiError && err.status === 400 ? importProblems(err) : [];
      if (list.length > 0) {
        setProblems(list);
      } else {
        setOtherError(err.message);
      }
    },
  });

  // Code options for the default parent: a TreeSelect whose values are codes.
  const codeTree = (nodes: OrgNode[]): CodeOption[] =>
    nodes.map((n) => ({ value: n.code, title: `${n.name}（${n.code}）`, children: codeTree(n.children) }));

  return (
    <Modal
      open
      width={760}
      title={t('org.importTitle')}
      onCancel={onClose}
      footer={[
        <Button key="close" onClick={onClose}>
          {t('common.cancel')}
        </Button>,
        <Button
          key="ok"
          type="primary"
          loading={run.isPending}
          disabled={!content.trim()}
          onClick={() => run.mutate()}
          {...testId('org-import-submit')}
        >
          {t('org.importSubmit')}
        </Button>,
      ]}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('org.importHint')}
      </Typography.Paragraph>
      <Form layout="vertical" requiredMark={false}>
        <Form.Item label={t('org.importFormat')}>
          <Segmented
            value={format}
            onChange={(v) => setFormat(v as ImportBody['format'])}
            options={[
              { value: 'csv', label: 'CSV' },
              { value: 'json', label: 'JSON' },
            ]}
          />
          <Upload
            accept=".csv,.json,.txt,text/csv,application/json"
            showUploadList={false}
            beforeUpload={(file) => {
              void file.text().then((text) => {
                setContent(text);
                if (/\.json$/i.test(file.name)) {
                  setFormat('json');
                } else if (/\.csv$/i.test(file.name)) {
                  setFormat('csv');
                }
              });
              return false;
            }}
          >
            <Button icon={<UploadOutlined />} style={{ marginInlineStart: 8 }} data-testid="org-import-file">
              {t('org.importFile')}
            </Button>
          </Upload>
        </Form.Item>
        <Form.Item label={t('org.importContent')}>
          <Input.TextArea
            value={content}
            onChange={(e) => setContent(e.target.value)}
            autoSize={{ minRows: 6, maxRows: 14 }}
            spellCheck={false}
            style={{ fontFamily: 'monospace', fontSize: 12 }}
            placeholder={
              format === 'csv'
                ? 'code,name,kind,parent_code\nQH-XN-DT-QJZ,桥头镇,乡镇,QH-XN-DT'
                : '[{"code":"QH-XN-DT-QJZ","name":"桥头镇","kind":"township","parentCode":"QH-XN-DT"}]'
            }
            data-testid="org-import-content"
          />
        </Form.Item>
        <Form.Item label={t('org.importParent')}>
          <TreeSelect
            allowClear
            showSearch={{ treeNodeFilterProp: 'title' }}
            value={parentCode}
            onChange={(v: string | undefined) => setParentCode(v)}
            treeData={codeTree(roots)}
          />
        </Form.Item>
      </Form>
      {otherError && <Alert type="error" showIcon title={otherError} style={{ marginBottom: 12 }} />}
      {result && (
        <Alert
          type="success"
          showIcon
          title={t('org.importResult', { ...result })}
          style={{ marginBottom: 12 }}
          data-testid="org-import-result"
        />
      )}
      {problems.length > 0 && (
        <>
          <Alert
            type="error"
            showIcon
            title={t('org.importErrors', { n: problems.length })}
            style={{ marginBottom: 8 }}
          />
          <Table<ImportProblem>
            size="small"
            rowKey="key"
            dataSource={problems}
            pagination={problems.length > 10 ? { pageSize: 10, size: 'small' } : false}
            scroll={{ x: 480 }}
            data-testid="org-import-errors"
            columns={[
              {
                title: t('org.importRow'),
                dataIndex: 'row',
                width: 70,
                render: (r: number | null) => r ?? '—',
              },
              { title: t('org.importField'), dataIndex: 'field', width: 120 },
              { title: t('org.importMessage'), dataIndex: 'message' },
            ]}
          />
        </>
      )}
    </Modal>
  );
}
