import { Alert, Badge, Tag, Tooltip } from 'antd';
import type { ReactNode } from 'react';
import { ApiError } from '../api/client';
import { key, useI18n } from '../i18n';

export const healthColors: Record<string, string> = {
  green: '#52c41a',
  yellow: '#faad14',
  red: '#f5222d',
  done_on_time: '#1677ff',
  done_late: '#8c8c8c',
  none: '#d9d9d9',
};

/** A health lamp (红黄绿灯) with its reasons on hover. */
export function HealthLamp({
  health,
  reasons,
  withText = true,
}: {
  health: string;
  reasons?: { text: string }[];
  withText?: boolean;
}) {
  const { t } = useI18n();
  const lamp = (
    <span data-health={health} style={{ whiteSpace: 'nowrap' }}>
      <Badge
        color={healthColors[health] ?? '#d9d9d9'}
        text={withText ? t(key('health', health)) : undefined}
      />
    </span>
  );
  if (!reasons?.length) {
    return lamp;
  }
  return (
    <Tooltip
      title={
        <div>
          {reasons.map((r, i) => (
            <div key={i}>{r.text}</div>
          ))}
        </div>
      }
    >
      {lamp}
    </Tooltip>
  );
}

const stateColors: Record<string, string> = {
  draft: 'default',
  assigned: 'processing',
  accepted: 'cyan',
  in_progress: 'blue',
  completion_requested: 'purple',
  completed: 'success',
  returned: 'warning',
  extension_requested: 'gold',
  suspended: 'default',
  cancelled: 'default',
  pending: 'default',
  submitted: 'processing',
  approved: 'success',
};

export function StateTag({ state, prefix = 'state' }: { state: string; prefix?: string }) {
  const { t } = useI18n();
  return (
    <Tag color={stateColors[state] ?? 'default'} data-state={state}>
      {t(key(prefix, state))}
    </Tag>
  );
}

/** The server's error, in words, with the request id a user can quote to the help desk. */
export function ErrorAlert({ error, action }: { error: unknown; action?: ReactNode }) {
  const { t } = useI18n();
  if (!error) {
    return null;
  }
  const message = error instanceof Error ? error.message : typeof error === 'string' ? error : 'error';
  const id = error instanceof ApiError ? error.requestId : null;
  return (
    <Alert
      type="error"
      showIcon
      title={message}
      description={id ? `${t('common.requestId')}: ${id}` : undefined}
      action={action}
      style={{ marginBottom: 16 }}
    />
  );
}

/** Today in the office's time zone (Asia/Shanghai), as YYYY-MM-DD. */
export function todayInShanghai(): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date());
}

export function formatTime(iso: string | null | undefined): string {
  if (!iso) {
    return '';
  }
  return new Intl.DateTimeFormat('zh-CN', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(new Date(iso));
}
