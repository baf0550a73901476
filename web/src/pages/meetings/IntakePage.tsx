import { DeleteOutlined, InboxOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Form,
  Input,
  Row,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Tooltip,
  Typography,
  Upload,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api, fieldErrors, unwrap } from '../../api/client';
import { useSession } from '../../auth';
import { ErrorAlert } from '../../components/common';
import { OrgPicker } from '../../components/pickers';
import { key, useI18n } from '../../i18n';
import {
  changeColors,
  ChangeLegend,
  formatFromIntake,
  fromDay,
  guessKind,
  MarkedText,
  meetingFormats,
  meetingKinds,
  PublishModal,
  selectedStyle,
  sentenceSpan,
  toDay,
  toOriginal,
  unrepairedStyle,
  type ChangeKind,
  type IntakeResult,
  type MeetingCreate,
  type Span,
} from './shared';

interface Person {
  key: number;
  name: string;
  titles: string;
  role: string;
}

interface DirectiveRow {
  key: number;
  text: string;
  speaker: string | null;
  deadline: string | null;
  suggestedUnit: string | null;
  unitId: number | null;
  sentence: string;
  sourceOffset: number;
}

interface MeetingForm {
  kind: MeetingCreate['kind'];
  title: string;
  date: Dayjs | null;
  place?: string | null;
  format?: MeetingCreate['format'];
  chair?: string | null;
  ownerOrgId?: number;
  planId?: number | null;
  agenda?: string | null;
}

let nextKey = 1;
const splitTitles = (s: string) =>
  s
    .split(/[、,，;；]/)
    .map((x) => x.trim())
    .filter(Boolean);

/** Paste or upload a meeting report, check what was read, save it as a meeting, publish its decisions. */
export default function IntakePage() {
  const { t } = useI18n();
  const { can } = useSession();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<MeetingForm>();
  const [mode, setMode] = useState<'paste' | 'upload'>('paste');
  const [text, setText] = useState('');
  const [result, setResult] = useState<IntakeResult | null>(null);
  const [speakers, setSpeakers] = useState<Person[]>([]);
  const [attendees, setAttendees] = useState<Person[]>([]);
  const [rows, setRows] = useState<DirectiveRow[]>([]);
  const [chosen, setChosen] = useState<number[]>([]);
  const [focus, setFocus] = useState<number | null>(null);
  const [saved, setSaved] = useState<{ id: number; decisionIds: number[]; planId: number | null } | null>(
    null,
  );
  const [publishing, setPublishing] = useState(false);
  const manage = can('meeting.manage');

  const plans = useQuery({
    queryKey: ['plans', 'for-meeting'],
    queryFn: () =>
      unwrap(api.GET('/api/v1/plans', { params: { query: { pageSize: 200, state: 'active' } } })),
    enabled: manage,
  });

  const load = (r: IntakeResult) => {
    setResult(r);
    setSaved(null);
    setFocus(null);
    const m = r.meeting;
    form.setFieldsValue({
      kind: guessKind(m.title),
      title: m.title ?? '',
      date: toDay(m.date),
      place: m.place,
      format: m.format ? formatFromIntake[m.format] : null,
      chair: m.chair,
    });
    setSpeakers(
      m.speakers.map((s) => ({ key: nextKey++, name: s.name, titles: s.titles.join('、'), role: s.role })),
    );
    setAttendees(
      m.attendees.map((a) => ({ key: nextKey++, name: a.name, titles: a.titles.join('、'), role: '出席' })),
    );
    const rs = r.directives.map((d) => ({
      key: nextKey++,
      text: d.text,
      speaker: d.speaker,
      deadline: d.deadline,
      suggestedUnit: d.suggestedUnit,
      unitId: null,
      sentence: d.sentence,
      sourceOffset: d.sourceOffset,
    }));
    setRows(rs);
    setChosen(rs.map((r) => r.key));
  };

  const read = useMutation({
    mutationFn: (input: { text: string } | { file: File }) => {
      if ('file' in input) {
        const body = new FormData();
        body.append('file', input.file);
        // openapi-fetch sends FormData as multipart/form-data with its boundary.
        return unwrap(api.POST('/api/v1/intake', { body: body as unknown as { text: string } }));
      }
      return unwrap(api.POST('/api/v1/intake', { body: { text: input.text } }));
    },
    onSuccess: load,
  });

  const save = useMutation({
    mutationFn: (body: MeetingCreate) => unwrap(api.POST('/api/v1/meetings', { body })),
    onSuccess: (m) => {
      message.success(t('intake.saved'));
      setSaved({ id: m.id, decisionIds: m.decisions.map((d) => d.id), planId: m.planId });
    },
    onError: (err) => {
      const fields = fieldErrors(err);
      const top = fields.filter((f) => !f.name.includes('.'));
      form.setFields(top.map((f) => ({ name: f.name as keyof MeetingForm, errors: f.errors })));
      const rest = fields.filter((f) => f.name.includes('.'));
      if (rest.length > 0 || fields.length === 0) {
        message.error(rest.map((f) => `${f.name}：${f.errors.join('')}`).join('；') || err.message);
      }
    },
  });

  const submit = (v: MeetingForm) => {
    if (!result) {
      return;
    }
    const person = (p: Person) => ({
      name: p.name.trim(),
      titles: splitTitles(p.titles),
      role: p.role || null,
    });
    const dateText = fromDay(v.date);
    save.mutate({
      kind: v.kind,
      title: v.title,
      date: dateText,
      dateInferred: dateText === result.meeting.date ? result.meeting.dateInferred : false,
      place: v.place || null,
      format: v.format ?? null,
      chair: v.chair || null,
      agenda: v.agenda || null,
      ownerOrgId: v.ownerOrgId,
      planId: v.planId ?? null,
      participants: [...speakers, ...attendees].filter((p) => p.name.trim()).map(person),
      sourceText: result.normalizedText,
      originalText: result.originalText,
      decisions: rows
        .filter((r) => chosen.includes(r.key))
        .map((r) => ({
          text: r.text,
          speaker: r.speaker || null,
          deadline: r.deadline,
          suggestedUnit: r.suggestedUnit,
          unitId: r.unitId,
          sentence: r.sentence,
          sourceOffset: r.sourceOffset,
        })),
    });
  };

  const focused = rows.find((r) => r.key === focus);
  const spans = useMemo(() => {
    if (!result) {
      return { normalized: [], original: [] };
    }
    const normalized: Span[] = [];
    const original: Span[] = [];
    for (const c of result.changes) {
      const style = { background: changeColors[c.kind] };
      const title = `${t(key('intake.change', c.kind))}：${c.original} → ${c.normalized}`;
      normalized.push({ start: c.normalizedStart, end: c.normalizedEnd, style, title });
      original.push({ start: c.originalStart, end: c.originalEnd, style, title });
    }
    for (const u of result.unrepaired) {
      const title = `${t('intake.unrepaired')}：${u.reason}`;
      normalized.push({ start: u.normalizedStart, end: u.normalizedEnd, style: unrepairedStyle, title });
      original.push({ start: u.originalStart, end: u.originalEnd, style: unrepairedStyle, title });
    }
    const s = focused ? sentenceSpan(result.normalizedText, focused) : null;
    if (s) {
      normalized.push({ ...s, style: selectedStyle, focus: true });
      original.push({
        start: toOriginal(s.start, result.changes),
        end: toOriginal(s.end, result.changes),
        style: selectedStyle,
        focus: true,
      });
    }
    return { normalized, original };
  }, [result, focused, t]);

  const kinds = useMemo(
    () => [...new Set((result?.changes ?? []).map((c) => c.kind))] as ChangeKind[],
    [result],
  );

  const updateRow = (k: number, patch: Partial<DirectiveRow>) =>
    setRows((rs) => rs.map((r) => (r.key === k ? { ...r, ...patch } : r)));

  const personTable = (people: Person[], set: (p: Person[]) => void, withRole: boolean, testid: string) => (
    <Table<Person>
      size="small"
      rowKey="key"
      data-testid={testid}
      dataSource={people}
      pagination={false}
      columns={[
        {
          title: t('meetings.personName'),
          dataIndex: 'name',
          width: 120,
          render: (v: string, p) => (
            <Input
              value={v}
              onChange={(e) => set(people.map((x) => (x.key === p.key ? { ...x, name: e.target.value } : x)))}
            />
          ),
        },
        {
          title: <Tooltip title={t('meetings.personTitlesHint')}>{t('meetings.personTitles')}</Tooltip>,
          dataIndex: 'titles',
          render: (v: string, p) => (
            <Input
              value={v}
              onChange={(e) =>
                set(people.map((x) => (x.key === p.key ? { ...x, titles: e.target.value } : x)))
              }
            />
          ),
        },
        ...(withRole
          ? [
              {
                title: t('meetings.personRole'),
                dataIndex: 'role',
                width: 90,
                render: (v: string, p: Person) => (
                  <Input
                    value={v}
                    onChange={(e) =>
                      set(people.map((x) => (x.key === p.key ? { ...x, role: e.target.value } : x)))
                    }
                  />
                ),
              },
            ]
          : []),
        {
          width: 40,
          render: (_: unknown, p: Person) => (
            <Button
              type="text"
              size="small"
              icon={<DeleteOutlined />}
              onClick={() => set(people.filter((x) => x.key !== p.key))}
            />
          ),
        },
      ]}
      footer={() => (
        <Button
          size="small"
          type="dashed"
          icon={<PlusOutlined />}
          onClick={() =>
            set([...people, { key: nextKey++, name: '', titles: '', role: withRole ? '讲话' : '出席' }])
          }
        >
          {t('meetings.addRow')}
        </Button>
      )}
    />
  );

  if (!result) {
    return (
      <Card title={t('intake.title')} size="small">
        <Typography.Paragraph type="secondary">{t('intake.intro')}</Typography.Paragraph>
        <ErrorAlert error={read.error} />
        <Tabs
          activeKey={mode}
          onChange={(k) => setMode(k as 'paste' | 'upload')}
          items={[
            {
              key: 'paste',
              label: t('intake.paste'),
              children: (
                <Space direction="vertical" style={{ width: '100%' }}>
                  <Input.TextArea
                    data-testid="intake-text"
                    value={text}
                    onChange={(e) => setText(e.target.value)}
                    rows={14}
                    placeholder={t('intake.pastePlaceholder')}
                  />
                  <Button
                    type="primary"
                    data-testid="intake-run"
                    disabled={!text.trim() || !manage}
                    loading={read.isPending}
                    onClick={() => read.mutate({ text })}
                  >
                    {t('intake.run')}
                  </Button>
                </Space>
              ),
            },
            {
              key: 'upload',
              label: t('intake.upload'),
              children: (
                <Upload.Dragger
                  accept=".txt,.docx,text/plain,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
                  multiple={false}
                  showUploadList={false}
                  disabled={!manage || read.isPending}
                  beforeUpload={(file) => {
                    read.mutate({ file });
                    return false;
                  }}
                >
                  <p className="ant-upload-drag-icon">
                    <InboxOutlined />
                  </p>
                  <p>{t('intake.uploadHint')}</p>
                </Upload.Dragger>
              ),
            },
          ]}
        />
      </Card>
    );
  }

  return (
    <div>
      <Card
        size="small"
        title={t('intake.title')}
        extra={
          <Space>
            <Tag>{t('intake.encoding', { encoding: result.encoding })}</Tag>
            <Tag>{t('intake.changeCount', { n: result.changes.length })}</Tag>
            <Button onClick={() => setResult(null)}>{t('intake.again')}</Button>
          </Space>
        }
      >
        {result.warnings.length > 0 && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 8 }}
            message={t('intake.warnings')}
            description={
              <ul style={{ margin: 0, paddingLeft: 20 }}>
                {result.warnings.map((w, i) => (
                  <li key={i}>{w.message}</li>
                ))}
              </ul>
            }
          />
        )}
        <ChangeLegend kinds={kinds} />
        <Row gutter={12} style={{ marginTop: 8 }}>
          <Col xs={24} lg={12}>
            <Typography.Text strong>{t('intake.normalized')}</Typography.Text>
            <MarkedText text={result.normalizedText} spans={spans.normalized} />
          </Col>
          <Col xs={24} lg={12}>
            <Typography.Text strong>{t('intake.original')}</Typography.Text>
            <MarkedText text={result.originalText} spans={spans.original} style={{ background: '#fafafa' }} />
          </Col>
        </Row>
      </Card>

      <Card size="small" title={t('intake.meeting')} style={{ marginTop: 12 }}>
        <Form<MeetingForm> form={form} layout="vertical" onFinish={submit} disabled={!manage || !!saved}>
          <Row gutter={12}>
            <Col xs={24} md={12}>
              <Form.Item name="title" label={t('meetings.name')} rules={[{ required: true }]}>
                <Input data-testid="meeting-title" />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name="kind" label={t('meetings.kindLabel')}>
                <Select
                  options={meetingKinds.map((k) => ({ value: k, label: t(key('meetings.kind', k)) }))}
                />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item
                name="date"
                label={
                  <Space size={4}>
                    {t('meetings.date')}
                    {result.meeting.dateInferred && (
                      <Tooltip title={t('meetings.dateInferredHint')}>
                        <Tag color="orange" data-testid="date-inferred">
                          {t('meetings.dateInferred')}
                        </Tag>
                      </Tooltip>
                    )}
                  </Space>
                }
              >
                <DatePicker style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name="format" label={t('meetings.formatLabel')}>
                <Select
                  allowClear
                  options={meetingFormats.map((f) => ({ value: f, label: t(key('meetings.format', f)) }))}
                />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name="place" label={t('meetings.place')}>
                <Input />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name="chair" label={t('meetings.chair')}>
                <Input />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name="ownerOrgId" label={t('meetings.owner')}>
                <OrgPicker style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="planId" label={t('meetings.plan')}>
                <Select
                  allowClear
                  showSearch
                  optionFilterProp="label"
                  options={(plans.data?.data ?? []).map((p) => ({
                    value: p.id,
                    label: `${p.code} · ${p.title}`,
                  }))}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="agenda" label={t('meetings.agenda')}>
                <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} />
              </Form.Item>
            </Col>
          </Row>
        </Form>
        <Row gutter={12}>
          <Col xs={24} lg={12}>
            <Typography.Text strong>{t('meetings.speakers')}</Typography.Text>
            {personTable(speakers, setSpeakers, true, 'speakers')}
          </Col>
          <Col xs={24} lg={12}>
            <Typography.Text strong>{t('meetings.attendees')}</Typography.Text>
            {personTable(attendees, setAttendees, false, 'attendees')}
          </Col>
        </Row>
      </Card>

      <Card size="small" title={t('intake.directives')} style={{ marginTop: 12 }}>
        <Typography.Paragraph type="secondary">{t('intake.directivesHint')}</Typography.Paragraph>
        {rows.length === 0 && <Alert type="info" title={t('intake.noDirectives')} />}
        {rows.length > 0 && (
          <Table<DirectiveRow>
            size="small"
            rowKey="key"
            data-testid="directives"
            dataSource={rows}
            pagination={false}
            rowSelection={{
              selectedRowKeys: chosen,
              onChange: (keys) => setChosen(keys as number[]),
              getCheckboxProps: () => ({ disabled: !!saved }),
            }}
            onRow={(r) => ({
              onClick: () => setFocus(r.key),
              style: r.key === focus ? { background: '#fffbe6', cursor: 'pointer' } : { cursor: 'pointer' },
            })}
            columns={[
              {
                title: t('meetings.decisionText'),
                dataIndex: 'text',
                render: (v: string, r) => (
                  <Input.TextArea
                    value={v}
                    autoSize={{ minRows: 1, maxRows: 6 }}
                    disabled={!!saved}
                    onFocus={() => setFocus(r.key)}
                    onChange={(e) => updateRow(r.key, { text: e.target.value })}
                  />
                ),
              },
              {
                title: t('meetings.speaker'),
                dataIndex: 'speaker',
                width: 110,
                render: (v: string | null, r) => (
                  <Input
                    value={v ?? ''}
                    disabled={!!saved}
                    onChange={(e) => updateRow(r.key, { speaker: e.target.value || null })}
                  />
                ),
              },
              {
                title: t('meetings.deadline'),
                dataIndex: 'deadline',
                width: 150,
                render: (v: string | null, r) => (
                  <DatePicker
                    value={toDay(v)}
                    disabled={!!saved}
                    onChange={(d: Dayjs | null) => updateRow(r.key, { deadline: fromDay(d) })}
                  />
                ),
              },
              {
                title: t('meetings.leadUnit'),
                dataIndex: 'unitId',
                width: 220,
                render: (v: number | null, r) => (
                  <div onClick={(e) => e.stopPropagation()}>
                    <OrgPicker
                      value={v}
                      style={{ width: '100%' }}
                      onChange={(id) => updateRow(r.key, { unitId: typeof id === 'number' ? id : null })}
                    />
                    {r.suggestedUnit && (
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {t('meetings.suggestedUnit', { name: r.suggestedUnit })}
                      </Typography.Text>
                    )}
                  </div>
                ),
              },
            ]}
          />
        )}
        <Space style={{ marginTop: 12 }}>
          {manage && !saved && (
            <Button
              type="primary"
              data-testid="meeting-save"
              loading={save.isPending}
              onClick={() => form.submit()}
            >
              {t('intake.save')}
            </Button>
          )}
          {saved && (
            <>
              {manage && saved.decisionIds.length > 0 && (
                <Button type="primary" data-testid="meeting-publish" onClick={() => setPublishing(true)}>
                  {t('meetings.publish')}
                </Button>
              )}
              <Link to={`/meetings/${saved.id}`}>{t('intake.openMeeting')}</Link>
            </>
          )}
        </Space>
      </Card>
      {publishing && saved && (
        <PublishModal
          meetingId={saved.id}
          decisionIds={saved.decisionIds}
          planId={saved.planId}
          onClose={() => setPublishing(false)}
          onDone={() => void navigate(`/meetings/${saved.id}`)}
        />
      )}
    </div>
  );
}
