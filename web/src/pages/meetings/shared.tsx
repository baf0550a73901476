import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, DatePicker, Form, Modal, Select, Space, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useRef, type CSSProperties, type ReactNode } from 'react';
import { api, fieldErrors, unwrap, type paths } from '../../api/client';
import { OrgPicker } from '../../components/pickers';
import { key, useI18n } from '../../i18n';

export type IntakeResult = paths['/api/v1/intake']['post']['responses'][200]['content']['application/json'];
export type MeetingCreate = paths['/api/v1/meetings']['post']['requestBody']['content']['application/json'];
export type MeetingDetail =
  paths['/api/v1/meetings/{id}']['get']['responses'][200]['content']['application/json'];
export type MeetingRow = MeetingDetail['decisions'][number];
export type PublishBody =
  paths['/api/v1/meetings/{id}/publish']['post']['requestBody']['content']['application/json'];
export type ChangeKind = IntakeResult['changes'][number]['kind'];

export const meetingKinds = [
  'mobilization',
  'progress',
  'monthly',
  'quarterly_review',
  'special',
  'executive',
  'other',
] as const;
export const meetingFormats = ['onsite', 'video', 'teleconference'] as const;

/** The kind a title suggests (动员部署会 → mobilization …); the user may change it. */
export function guessKind(title: string | null): (typeof meetingKinds)[number] {
  const t = title ?? '';
  if (/动员|部署/.test(t)) {
    return 'mobilization';
  }
  if (/讲评/.test(t)) {
    return 'quarterly_review';
  }
  if (/调度/.test(t)) {
    return 'monthly';
  }
  if (/常务会议/.test(t)) {
    return 'executive';
  }
  if (/推进/.test(t)) {
    return 'progress';
  }
  if (/专题/.test(t)) {
    return 'special';
  }
  return 'other';
}

/** Intake reads the format in words; the API stores a code. */
export const formatFromIntake: Record<string, (typeof meetingFormats)[number]> = {
  现场: 'onsite',
  视频: 'video',
  电视电话: 'teleconference',
};

/** A date field's value as antd's DatePicker wants it, and back. */
export const toDay = (v: string | null | undefined): Dayjs | null => (v ? dayjs(v) : null);
export const fromDay = (d: Dayjs | null | undefined): string | null => (d ? d.format('YYYY-MM-DD') : null);

/** Colours of the normalisation edits, and of damage left in place. */
export const changeColors: Record<ChangeKind, string> = {
  pinyin: '#ffd8bf',
  mojibake: '#d9f7be',
  t2s: '#bae0ff',
  punctuation: '#efdbff',
  whitespace: '#f0f0f0',
};
export const unrepairedStyle: CSSProperties = {
  background: '#ffccc7',
  textDecoration: 'underline wavy #f5222d',
};
export const selectedStyle: CSSProperties = { background: '#fff566', outline: '1px solid #fadb14' };

export interface Span {
  start: number;
  end: number;
  style: CSSProperties;
  title?: string;
  /** Scrolled into view when it appears. */
  focus?: boolean;
}

/**
 * A text with spans marked (changes, damage, a selected sentence). Spans may overlap; later spans'
 * styles win where they do. Empty spans are shown as a thin mark so that a deletion is still visible.
 */
export function MarkedText({ text, spans, style }: { text: string; spans: Span[]; style?: CSSProperties }) {
  const focusRef = useRef<HTMLSpanElement | null>(null);
  const parts = useMemo(() => {
    const cuts = new Set<number>([0, text.length]);
    for (const s of spans) {
      cuts.add(Math.max(0, Math.min(text.length, s.start)));
      cuts.add(Math.max(0, Math.min(text.length, s.end)));
    }
    const points = [...cuts].sort((a, b) => a - b);
    const byStart = [...spans].sort((a, b) => a.start - b.start);
    const out: { key: string; text: string; spans: Span[]; empty?: boolean }[] = [];
    let open: Span[] = [];
    let next = 0;
    for (let i = 0; i < points.length; i++) {
      const at = points[i]!;
      open = open.filter((s) => s.end > at);
      while (next < byStart.length && byStart[next]!.start <= at) {
        const s = byStart[next]!;
        if (s.end === s.start && s.start === at) {
          out.push({ key: `e${next}`, text: '', spans: [s], empty: true });
        } else if (s.end > at) {
          open.push(s);
        }
        next += 1;
      }
      const end = points[i + 1];
      if (end !== undefined && end > at) {
        out.push({ key: `p${at}`, text: text.slice(at, end), spans: [...open] });
      }
    }
    return out;
  }, [text, spans]);
  const focused = parts.find((p) => p.spans.some((s) => s.focus));
  useEffect(() => {
    focusRef.current?.scrollIntoView({ block: 'center', behavior: 'smooth' });
  }, [focused?.key]);
  return (
    <div
      style={{
        whiteSpace: 'pre-wrap',
        lineHeight: 1.9,
        fontSize: 14,
        maxHeight: 520,
        overflow: 'auto',
        padding: 8,
        border: '1px solid #f0f0f0',
        borderRadius: 6,
        ...style,
      }}
    >
      {parts.map((p) => {
        if (p.empty) {
          return (
            <span
              key={p.key}
              title={p.spans[0]?.title}
              style={{ borderLeft: '2px solid #fa8c16', margin: '0 1px' }}
            />
          );
        }
        if (p.spans.length === 0) {
          return <span key={p.key}>{p.text}</span>;
        }
        const style = Object.assign({}, ...p.spans.map((s) => s.style)) as CSSProperties;
        const title = p.spans
          .map((s) => s.title)
          .filter(Boolean)
          .join('\n');
        return (
          <span
            key={p.key}
            ref={p === focused ? focusRef : undefined}
            style={style}
            title={title || undefined}
          >
            {p.text}
          </span>
        );
      })}
    </div>
  );
}

/** The legend of MarkedText's colours. */
export function ChangeLegend({ kinds, extra }: { kinds: ChangeKind[]; extra?: ReactNode }) {
  const { t } = useI18n();
  return (
    <Space wrap size={4}>
      <Typography.Text type="secondary">{t('intake.legend')}:</Typography.Text>
      {kinds.map((k) => (
        <Tag key={k} color={changeColors[k]} style={{ color: '#000' }}>
          {t(key('intake.change', k))}
        </Tag>
      ))}
      <Tag style={unrepairedStyle}>{t('intake.unrepaired')}</Tag>
      <Tag style={selectedStyle}>{t('intake.selected')}</Tag>
      {extra}
    </Space>
  );
}

/** Where a decision's sentence lies in the normalised text (as the server locates it). */
export function sentenceSpan(
  text: string,
  d: { sentence?: string | null; sourceOffset?: number | null; text: string },
): { start: number; end: number } | null {
  const offset = d.sourceOffset ?? null;
  if (d.sentence) {
    if (offset !== null) {
      const before = text.lastIndexOf(d.sentence, offset);
      if (before >= 0 && before + d.sentence.length >= offset) {
        return { start: before, end: before + d.sentence.length };
      }
    }
    const any = text.indexOf(d.sentence);
    if (any >= 0) {
      return { start: any, end: any + d.sentence.length };
    }
  }
  return offset === null ? null : { start: offset, end: offset + d.text.length };
}

/** Maps an offset in the normalised text to the original, through the normalisation's edits. */
export function toOriginal(offset: number, changes: IntakeResult['changes']): number {
  let delta = 0;
  for (const c of changes) {
    if (c.normalizedEnd <= offset && c.normalizedStart < offset) {
      delta += c.originalEnd - c.originalStart - (c.normalizedEnd - c.normalizedStart);
    } else if (c.normalizedStart < offset && offset < c.normalizedEnd) {
      return c.originalEnd;
    } else if (c.normalizedStart >= offset) {
      break;
    }
  }
  return offset + delta;
}

/** Publishes decisions of a meeting into a list: pick the plan, then its (directive) list, and defaults. */
export function PublishModal({
  meetingId,
  decisionIds,
  planId,
  onClose,
  onDone,
}: {
  meetingId: number;
  decisionIds: number[];
  planId?: number | null;
  onClose: () => void;
  onDone?: (n: number) => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm();
  const chosenPlan = Form.useWatch<number | undefined>('planId', form);
  const plans = useQuery({
    queryKey: ['plans', 'for-publish'],
    queryFn: () =>
      unwrap(api.GET('/api/v1/plans', { params: { query: { pageSize: 200, state: 'active' } } })),
  });
  const lists = useQuery({
    queryKey: ['lists', chosenPlan],
    enabled: !!chosenPlan,
    queryFn: () => unwrap(api.GET('/api/v1/lists', { params: { query: { planId: chosenPlan } } })),
  });
  const directive = lists.data?.data.find((l) => l.kind === 'directive');
  useEffect(() => {
    form.setFieldValue('listId', directive?.id);
  }, [directive?.id, form]);
  const publish = useMutation({
    mutationFn: (body: PublishBody) =>
      unwrap(api.POST('/api/v1/meetings/{id}/publish', { params: { path: { id: meetingId } }, body })),
    onSuccess: async (out) => {
      await queryClient.invalidateQueries({ queryKey: ['meeting', meetingId] });
      await queryClient.invalidateQueries({ queryKey: ['meetings'] });
      message.success(t('meetings.published', { n: out.published.length }));
      onDone?.(out.published.length);
      onClose();
    },
    onError: (err) => {
      const fields = fieldErrors(err).map((f) => ({ ...f, name: f.name.replace(/^defaults\./, '') }));
      const onForm = fields.filter((f) => ['listId', 'deadline', 'leadUnitId'].includes(f.name));
      form.setFields(onForm);
      const rest = fields.filter((f) => !onForm.includes(f));
      if (rest.length > 0 || fields.length === 0) {
        message.error(rest.map((f) => f.errors.join('')).join('；') || err.message);
      }
    },
  });
  return (
    <Modal
      open
      title={t('meetings.publishTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('meetings.publish')}
      confirmLoading={publish.isPending}
      okButtonProps={{ disabled: decisionIds.length === 0, 'data-testid': 'publish-ok' }}
    >
      <Alert type="info" showIcon title={t('meetings.publishHint')} style={{ marginBottom: 12 }} />
      <Typography.Paragraph>{t('meetings.publishChosen', { n: decisionIds.length })}</Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ planId: planId ?? undefined }}
        onFinish={(v: { listId: number; deadline?: Dayjs | null; leadUnitId?: number | null }) =>
          publish.mutate({
            listId: v.listId,
            decisionIds,
            defaults: { deadline: fromDay(v.deadline), leadUnitId: v.leadUnitId ?? null },
          })
        }
      >
        <Form.Item name="planId" label={t('meetings.publishPlan')} rules={[{ required: true }]}>
          <Select
            showSearch
            optionFilterProp="label"
            loading={plans.isLoading}
            options={(plans.data?.data ?? []).map((p) => ({ value: p.id, label: `${p.code} · ${p.title}` }))}
            onChange={() => form.setFieldValue('listId', undefined)}
          />
        </Form.Item>
        <Form.Item
          name="listId"
          label={t('meetings.publishList')}
          extra={t('meetings.publishListHint')}
          rules={[{ required: true }]}
        >
          <Select
            loading={lists.isLoading}
            options={(lists.data?.data ?? []).map((l) => ({
              value: l.id,
              label: `${l.title}（${t(key('listKind', l.kind))}）`,
            }))}
          />
        </Form.Item>
        <Form.Item name="deadline" label={t('meetings.defaultDeadline')}>
          <DatePicker />
        </Form.Item>
        <Form.Item name="leadUnitId" label={t('meetings.defaultUnit')}>
          <OrgPicker />
        </Form.Item>
      </Form>
    </Modal>
  );
}
