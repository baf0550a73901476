import { useQuery } from '@tanstack/react-query';
import { Button, Card, Descriptions, Progress, Space, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import { ErrorAlert, HealthLamp, StateTag } from '../../components/common';
import { key, useI18n } from '../../i18n';
import { ActionModal, type ItemAction } from './ActionModal';
import {
  ReturnedNotice,
  ChildrenPanel,
  CommentsPanel,
  EventsPanel,
  FilesPanel,
  MilestonesPanel,
  ReportsPanel,
} from './panels';

/** The item page: state, health and deadline on top, the actions this user may take, then every detail. */
export default function ItemPage() {
  const id = Number(useParams().id);
  const { t } = useI18n();
  const [action, setAction] = useState<ItemAction | null>(null);
  const item = useQuery({
    queryKey: ['item', id],
    queryFn: () => unwrap(api.GET('/api/v1/items/{id}', { params: { path: { id } } })),
  });
  const files = useQuery({
    queryKey: ['item', id, 'files'],
    queryFn: () => unwrap(api.GET('/api/v1/items/{id}/files', { params: { path: { id } } })),
  });
  if (item.error) {
    return <ErrorAlert error={item.error} />;
  }
  const i = item.data;
  if (!i) {
    return <Card loading />;
  }
  return (
    <div>
      <Card size="small">
        <Space direction="vertical" style={{ width: '100%' }} size={4}>
          <Space wrap>
            <Link to={`/lists/${i.listId}`}>{t('ledger.title')}</Link>
            {i.parentId && <Link to={`/items/${i.parentId}`}>↑ {t('common.back')}</Link>}
          </Space>
          <Typography.Title level={4} style={{ margin: 0 }}>
            <Typography.Text type="secondary">{i.code}</Typography.Text> {i.title}
          </Typography.Title>
          <Space wrap size="middle" data-testid="item-status">
            <StateTag state={i.state} />
            <HealthLamp health={i.health} reasons={i.healthReasons} />
            <span>
              {t('item.deadline')}：
              <b data-testid="item-deadline">{i.ongoing ? t('item.ongoing') : i.deadline}</b>
            </span>
            <span style={{ width: 160, display: 'inline-block' }}>
              <Progress percent={i.progress} size="small" />
            </span>
          </Space>
          {i.state === 'returned' && <ReturnedNotice itemId={id} />}
          {i.healthReasons.length > 0 && (
            <div data-testid="health-reasons">
              {i.healthReasons.map((r) => (
                <Typography.Text
                  key={r.code + r.text}
                  type={r.level === 'red' ? 'danger' : 'warning'}
                  style={{ display: 'block' }}
                >
                  · {r.text}
                </Typography.Text>
              ))}
            </div>
          )}
          <Space wrap data-testid="item-actions">
            {i.actions.map((a) => (
              <Button
                key={a}
                type={
                  ['sign', 'approve', 'assign', 'claim', 'request_completion'].includes(a)
                    ? 'primary'
                    : 'default'
                }
                danger={['refuse', 'return', 'cancel', 'reject_extension'].includes(a)}
                onClick={() => setAction(a)}
                data-action={a}
              >
                {t(key('action', a))}
              </Button>
            ))}
            {i.actions.length === 0 && (
              <Typography.Text type="secondary">{t('item.noActions')}</Typography.Text>
            )}
          </Space>
        </Space>
      </Card>
      <Card size="small" style={{ marginTop: 12 }}>
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }}>
          <Descriptions.Item label={t('item.leadUnit')}>{i.leadUnitName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('item.coUnits')}>
            {i.coUnits.map((c) => c.name).join('、') || '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('item.leadLeader')}>{i.leadLeaderName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('item.responsible')}>{i.responsiblePerson ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('item.category')}>{i.category ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('item.source')}>{t(key('source', i.source))}</Descriptions.Item>
          <Descriptions.Item label={t('item.startDate')}>{i.startDate ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('item.priority')}>{t(key('priority', i.priority))}</Descriptions.Item>
          {i.target && (
            <Descriptions.Item label={t('item.target')}>
              {i.target.indicator}：{i.target.baseline ?? '—'} → {i.target.value ?? '—'} {i.target.unit ?? ''}
              （{t('item.current')} {i.target.current ?? '—'}）
            </Descriptions.Item>
          )}
          {i.tags.length > 0 && (
            <Descriptions.Item label={t('item.tags')}>
              {i.tags.map((g) => (
                <Tag key={g}>{g}</Tag>
              ))}
            </Descriptions.Item>
          )}
        </Descriptions>
        {i.description && (
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginTop: 8 }}>
            {i.description}
          </Typography.Paragraph>
        )}
        {i.results && (
          <>
            <Typography.Text strong>{t('item.results')}</Typography.Text>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{i.results}</Typography.Paragraph>
          </>
        )}
      </Card>
      <Card size="small" style={{ marginTop: 12 }}>
        <Tabs
          items={[
            {
              key: 'milestones',
              label: `${t('item.milestones')} ${i.milestones.length}`,
              children: <MilestonesPanel item={i} />,
            },
            { key: 'reports', label: t('item.reports'), children: <ReportsPanel itemId={id} /> },
            {
              key: 'files',
              label: `${t('item.files')} ${files.data?.data.length ?? ''}`,
              children: (
                <FilesPanel itemId={id} canUpload={i.can.uploadFiles} files={files.data?.data ?? []} />
              ),
            },
            {
              key: 'comments',
              label: t('item.comments'),
              children: <CommentsPanel itemId={id} can={i.can} />,
            },
            { key: 'events', label: t('item.events'), children: <EventsPanel itemId={id} /> },
            ...(i.childCount > 0 || i.can.split
              ? [
                  {
                    key: 'children',
                    label: `${t('item.children')} ${i.childCount}`,
                    children: <ChildrenPanel item={i} />,
                  },
                ]
              : []),
          ]}
        />
      </Card>
      {action && (
        <ActionModal
          itemId={id}
          action={action}
          deadline={i.deadline}
          leadUnitId={i.leadUnitId}
          files={files.data?.data ?? []}
          onClose={() => setAction(null)}
        />
      )}
    </div>
  );
}
