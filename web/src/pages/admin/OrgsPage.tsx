import { EditOutlined, ImportOutlined, PlusOutlined, SwapOutlined, TeamOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Row,
  Select,
  Space,
  Spin,
  Tree,
  TreeSelect,
  Typography,
} from 'antd';
import { useMemo, useRef, useState, type ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { api, unwrap, type paths } from '../../api/client';
import { useSession } from '../../auth';
import { ErrorAlert, formatTime } from '../../components/common';
import { key, useI18n } from '../../i18n';
import { OrgImportModal } from './OrgImportModal';
import {
  indexOrgs,
  KindTag,
  orgKinds,
  orgTreeOptions,
  useOrgTree,
  testId,
  useShowError,
  type OrgKind,
  type OrgNode,
} from './shared';

type OrgCreate = paths['/api/v1/orgs']['post']['requestBody']['content']['application/json'];
type OrgUpdate = NonNullable<
  paths['/api/v1/orgs/{id}']['patch']['requestBody']
>['content']['application/json'];

interface TreeItem {
  key: number;
  title: ReactNode;
  children: TreeItem[];
}

/** The tree with only the matching nodes, their ancestors and subtrees (all of it when the search is empty). */
function filterTree(nodes: OrgNode[], q: string): OrgNode[] {
  if (!q) {
    return nodes;
  }
  const out: OrgNode[] = [];
  for (const n of nodes) {
    // A match keeps its whole subtree (a county found by name shows its townships).
    if (n.name.includes(q) || n.code.toLowerCase().includes(q.toLowerCase())) {
      out.push(n);
      continue;
    }
    const children = filterTree(n.children, q);
    if (children.length > 0) {
      out.push({ ...n, children });
    }
  }
  return out;
}

function allIds(nodes: OrgNode[], out: number[] = []): number[] {
  for (const n of nodes) {
    out.push(n.id);
    allIds(n.children, out);
  }
  return out;
}

type Dialog =
  { kind: 'create'; parentId: number | null } | { kind: 'edit' } | { kind: 'move' } | { kind: 'import' };

/** 组织机构: the organisation tree, a detail panel, and forms to create, edit, move and import. */
export default function OrgsPage() {
  const { t } = useI18n();
  const { can } = useSession();
  const navigate = useNavigate();
  const tree = useOrgTree();
  const [search, setSearch] = useState('');
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const [expanded, setExpanded] = useState<number[] | null>(null);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const manage = can('org.manage');
  const detailRef = useRef<HTMLDivElement>(null);
  const select = (id: number | null) => {
    setSelectedId(id);
    // On a phone the detail panel sits below the tree: bring it into view.
    if (id !== null && window.innerWidth < 768) {
      setTimeout(() => detailRef.current?.scrollIntoView({ behavior: 'smooth', block: 'start' }), 0);
    }
  };

  const roots = useMemo(() => tree.data ?? [], [tree.data]);
  const byId = useMemo(() => indexOrgs(roots), [roots]);
  const filtered = useMemo(() => filterTree(roots, search.trim()), [roots, search]);
  const selected = selectedId === null ? undefined : byId.get(selectedId);

  const toItems = (nodes: OrgNode[]): TreeItem[] =>
    nodes.map((n) => ({
      key: n.id,
      title: (
        <span data-org-code={n.code} style={{ whiteSpace: 'normal', wordBreak: 'break-all' }}>
          {n.name} <KindTag kind={n.kind} />
        </span>
      ),
      children: toItems(n.children),
    }));

  // Searching opens every branch that matched; otherwise the first two levels start open.
  const expandedKeys = search.trim()
    ? allIds(filtered)
    : (expanded ?? [...roots.map((r) => r.id), ...roots.flatMap((r) => r.children.map((c) => c.id))]);

  const pathNames = (node: OrgNode) =>
    node.path
      .split('/')
      .filter(Boolean)
      .map((id) => byId.get(Number(id))?.name ?? `#${id}`)
      .join(' / ');

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} md={10} xl={8}>
        <Card
          size="small"
          title={t('admin.orgTree')}
          extra={
            manage ? (
              <Space size={4}>
                <Button
                  size="small"
                  icon={<ImportOutlined />}
                  onClick={() => setDialog({ kind: 'import' })}
                  data-testid="org-import"
                >
                  {t('org.import')}
                </Button>
                <Button
                  size="small"
                  type="primary"
                  icon={<PlusOutlined />}
                  onClick={() => setDialog({ kind: 'create', parentId: selected?.id ?? null })}
                  data-testid="org-create"
                >
                  {t('common.create')}
                </Button>
              </Space>
            ) : null
          }
        >
          <Input.Search
            allowClear
            size="small"
            placeholder={t('org.search')}
            onChange={(e) => setSearch(e.target.value)}
            style={{ marginBottom: 8 }}
            data-testid="org-search"
          />
          <ErrorAlert error={tree.error} />
          {tree.isLoading ? (
            <Spin />
          ) : filtered.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
          ) : (
            <div style={{ maxHeight: 'calc(100vh - 240px)', minHeight: 200, overflow: 'auto' }}>
              <Tree<TreeItem>
                blockNode
                showLine
                treeData={toItems(filtered)}
                expandedKeys={expandedKeys}
                onExpand={(keys) => setExpanded(keys.map(Number))}
                selectedKeys={selectedId === null ? [] : [selectedId]}
                onSelect={(keys) => select(keys.length ? Number(keys[0]) : null)}
                data-testid="org-tree"
              />
            </div>
          )}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('org.count', { n: byId.size })}
          </Typography.Text>
        </Card>
      </Col>
      <Col xs={24} md={14} xl={16} ref={detailRef}>
        <Card
          size="small"
          title={selected?.name}
          extra={
            selected ? (
              <Space size={4} wrap>
                {can('user.read') && (
                  <Button
                    size="small"
                    icon={<TeamOutlined />}
                    onClick={() => void navigate(`/admin/users?orgId=${selected.id}`)}
                  >
                    {t('org.users')}
                  </Button>
                )}
                {manage && (
                  <>
                    <Button
                      size="small"
                      icon={<PlusOutlined />}
                      onClick={() => setDialog({ kind: 'create', parentId: selected.id })}
                      data-testid="org-create-child"
                    >
                      {t('org.create')}
                    </Button>
                    <Button
                      size="small"
                      icon={<EditOutlined />}
                      onClick={() => setDialog({ kind: 'edit' })}
                      data-testid="org-edit"
                    >
                      {t('common.edit')}
                    </Button>
                    <Button
                      size="small"
                      icon={<SwapOutlined />}
                      onClick={() => setDialog({ kind: 'move' })}
                      data-testid="org-move"
                    >
                      {t('org.move')}
                    </Button>
                  </>
                )}
              </Space>
            ) : null
          }
        >
          {selected ? (
            <Descriptions
              size="small"
              bordered
              column={1}
              data-testid="org-detail"
              items={[
                { key: 'code', label: t('org.code'), children: selected.code },
                { key: 'name', label: t('org.name'), children: selected.name },
                { key: 'kind', label: t('org.kind'), children: <KindTag kind={selected.kind} /> },
                {
                  key: 'parent',
                  label: t('org.parent'),
                  children:
                    selected.parentId === null
                      ? t('org.noParent')
                      : (byId.get(selected.parentId)?.name ?? `#${selected.parentId}`),
                },
                { key: 'path', label: t('org.path'), children: pathNames(selected) },
                { key: 'sort', label: t('org.sortOrder'), children: selected.sortOrder },
                { key: 'children', label: t('org.children'), children: selected.children.length },
                { key: 'created', label: t('org.createdAt'), children: formatTime(selected.createdAt) },
                { key: 'updated', label: t('org.updatedAt'), children: formatTime(selected.updatedAt) },
              ]}
            />
          ) : (
            <Empty description={t('org.select')} />
          )}
        </Card>
      </Col>
      {dialog?.kind === 'create' && (
        <OrgFormModal
          mode="create"
          roots={roots}
          parentId={dialog.parentId}
          onClose={(id) => {
            setDialog(null);
            if (id) {
              setSelectedId(id);
            }
          }}
        />
      )}
      {dialog?.kind === 'edit' && selected && (
        <OrgFormModal mode="edit" roots={roots} org={selected} onClose={() => setDialog(null)} />
      )}
      {dialog?.kind === 'move' && selected && (
        <OrgFormModal mode="move" roots={roots} org={selected} onClose={() => setDialog(null)} />
      )}
      {dialog?.kind === 'import' && (
        <OrgImportModal roots={roots} defaultParent={selected} onClose={() => setDialog(null)} />
      )}
    </Row>
  );
}

interface OrgFormValues {
  code?: string;
  name?: string;
  kind?: OrgKind;
  parentId?: number | null;
  sortOrder?: number | null;
}

/** Create an organisation, edit one (code, name, kind, order) or move it under another parent. */
function OrgFormModal(
  props: { roots: OrgNode[]; onClose: (createdId?: number) => void } & (
    { mode: 'create'; parentId: number | null } | { mode: 'edit' | 'move'; org: OrgNode }
  ),
) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const showError = useShowError();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<OrgFormValues>();
  const org = props.mode === 'create' ? undefined : props.org;

  const save = useMutation({
    mutationFn: async (v: OrgFormValues) => {
      if (props.mode === 'create') {
        const body: OrgCreate = {
          code: v.code ?? '',
          name: v.name ?? '',
          kind: v.kind ?? 'department',
          parentId: v.parentId ?? null,
          ...(v.sortOrder === null || v.sortOrder === undefined ? {} : { sortOrder: v.sortOrder }),
        };
        return unwrap(api.POST('/api/v1/orgs', { body }));
      }
      const body: OrgUpdate =
        props.mode === 'move'
          ? { parentId: v.parentId ?? null }
          : {
              code: v.code,
              name: v.name,
              kind: v.kind,
              ...(v.sortOrder === null || v.sortOrder === undefined ? {} : { sortOrder: v.sortOrder }),
            };
      return unwrap(api.PATCH('/api/v1/orgs/{id}', { params: { path: { id: props.org.id } }, body }));
    },
    onSuccess: async (out) => {
      void message.success(t('common.done'));
      await queryClient.invalidateQueries({ queryKey: ['orgs'] });
      props.onClose(props.mode === 'create' ? out.id : undefined);
    },
    onError: (err) => showError(err, form),
  });

  const title =
    props.mode === 'create' ? t('org.createRoot') : props.mode === 'edit' ? t('org.edit') : t('org.move');
  const initialValues: OrgFormValues =
    props.mode === 'create'
      ? { parentId: props.parentId, kind: 'department' }
      : {
          code: props.org.code,
          name: props.org.name,
          kind: props.org.kind,
          sortOrder: props.org.sortOrder,
          parentId: props.org.parentId,
        };

  return (
    <Modal
      open
      title={org ? `${title} · ${org.name}` : title}
      onCancel={() => props.onClose()}
      onOk={() => form.submit()}
      okText={t('common.save')}
      okButtonProps={{ loading: save.isPending, ...testId('org-save') }}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={initialValues}
        onFinish={(v) => save.mutate(v)}
        requiredMark={false}
      >
        {props.mode !== 'move' && (
          <>
            <Form.Item name="code" label={t('org.code')} rules={[{ required: true, max: 64 }]}>
              <Input placeholder="QH-XN-DT" autoComplete="off" />
            </Form.Item>
            <Form.Item name="name" label={t('org.name')} rules={[{ required: true, max: 200 }]}>
              <Input autoComplete="off" />
            </Form.Item>
            <Form.Item name="kind" label={t('org.kind')} rules={[{ required: true }]}>
              <Select options={orgKinds.map((k) => ({ value: k, label: t(key('orgKind', k)) }))} />
            </Form.Item>
          </>
        )}
        {props.mode !== 'edit' && (
          <Form.Item
            name="parentId"
            label={t('org.parent')}
            extra={props.mode === 'move' ? t('org.moveHint') : undefined}
          >
            <TreeSelect
              allowClear
              showSearch={{ treeNodeFilterProp: 'title' }}
              treeDefaultExpandedKeys={
                props.mode === 'create' && props.parentId ? [props.parentId] : undefined
              }
              treeData={orgTreeOptions(props.roots, org?.path)}
              placeholder={t('org.noParent')}
            />
          </Form.Item>
        )}
        {props.mode !== 'move' && (
          <Form.Item name="sortOrder" label={t('org.sortOrder')}>
            <InputNumber min={0} max={1_000_000} style={{ width: '100%' }} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
