import { ImportOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Card, Input, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api, unwrap, type paths } from '../../api/client';
import { useSession } from '../../auth';
import { ErrorAlert } from '../../components/common';
import { key, useI18n } from '../../i18n';
import { meetingKinds } from './shared';

type Query = NonNullable<paths['/api/v1/meetings']['get']['parameters']['query']>;

/** The meetings of the user's subtree, newest first. */
export default function MeetingsPage() {
  const { t } = useI18n();
  const { can } = useSession();
  const navigate = useNavigate();
  const [query, setQuery] = useState<Query>({ current: 1, pageSize: 20 });
  const meetings = useQuery({
    queryKey: ['meetings', query],
    queryFn: () => unwrap(api.GET('/api/v1/meetings', { params: { query } })),
    placeholderData: keepPreviousData,
  });
  return (
    <Card
      size="small"
      title={t('meetings.list')}
      extra={
        can('meeting.manage') && (
          <Button
            type="primary"
            icon={<ImportOutlined />}
            data-testid="meeting-import"
            onClick={() => void navigate('/intake')}
          >
            {t('meetings.import')}
          </Button>
        )
      }
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search
          allowClear
          placeholder={t('common.search')}
          onSearch={(q) => setQuery({ ...query, q: q || undefined, current: 1 })}
          style={{ width: 220 }}
        />
        <Select
          allowClear
          placeholder={t('meetings.filterKind')}
          style={{ width: 160 }}
          options={meetingKinds.map((k) => ({ value: k, label: t(key('meetings.kind', k)) }))}
          onChange={(kind?: Query['kind']) => setQuery({ ...query, kind, current: 1 })}
        />
        <Select
          allowClear
          placeholder={t('meetings.filterState')}
          style={{ width: 120 }}
          options={(['draft', 'published'] as const).map((s) => ({
            value: s,
            label: t(key('meetings.state', s)),
          }))}
          onChange={(state?: Query['state']) => setQuery({ ...query, state, current: 1 })}
        />
      </Space>
      <ErrorAlert error={meetings.error} />
      <Table
        size="small"
        rowKey="id"
        loading={meetings.isFetching}
        dataSource={meetings.data?.data}
        pagination={{
          current: query.current,
          pageSize: query.pageSize,
          total: meetings.data?.total ?? 0,
          showSizeChanger: true,
          onChange: (current, pageSize) => setQuery({ ...query, current, pageSize }),
        }}
        columns={[
          {
            title: t('meetings.date'),
            dataIndex: 'date',
            width: 110,
            render: (v: string | null) => v ?? '—',
          },
          {
            title: t('meetings.name'),
            dataIndex: 'title',
            render: (v: string, m) => <Link to={`/meetings/${m.id}`}>{v}</Link>,
          },
          {
            title: t('meetings.kindLabel'),
            dataIndex: 'kind',
            width: 130,
            render: (v: string) => <Tag>{t(key('meetings.kind', v))}</Tag>,
          },
          { title: t('meetings.owner'), dataIndex: 'ownerOrgName', width: 180 },
          {
            title: t('meetings.decisions'),
            width: 110,
            render: (_: unknown, m) => `${m.publishedCount}/${m.decisionCount}`,
          },
          {
            title: t('meetings.filterState'),
            dataIndex: 'state',
            width: 90,
            render: (v: string) => (
              <Tag color={v === 'published' ? 'success' : 'default'}>{t(key('meetings.state', v))}</Tag>
            ),
          },
        ]}
      />
    </Card>
  );
}
