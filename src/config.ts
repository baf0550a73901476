import path from 'node:path';

/** Everything an operator can set, from flags or the environment (flags win). */
export interface Config {
  host: string;
  port: number;
  /** `sqlite:PATH` or `postgres://…` */
  databaseUrl: string;
  dataDir: string;
  /** Minutes of inactivity after which a session ends (a setting may override it at run time). */
  sessionIdleMinutes: number;
  /** Hours after which a session ends however active it is. */
  sessionMaxHours: number;
  lockoutThreshold: number;
  lockoutMinutes: number;
  /** Login attempts allowed per client address per minute. */
  loginRateLimit: number;
  /** Trust X-Forwarded-* from a reverse proxy (needed for Secure cookies behind TLS termination). */
  trustProxy: boolean;
  logLevel: string;
  /** The office's time zone: "today" for deadlines, health and report periods. */
  timeZone: string;
  /** Largest evidence file accepted, in bytes. */
  maxFileBytes: number;
  /** Argon2id cost; the defaults follow current OWASP guidance. */
  argon2: { memoryCost: number; timeCost: number };
}

function num(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') {
    return fallback;
  }
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) {
    throw new Error(`${name} must be a non-negative number, got "${value}"`);
  }
  return n;
}

export function loadConfig(overrides: Partial<Config> = {}, env: NodeJS.ProcessEnv = process.env): Config {
  const dataDir = overrides.dataDir ?? env.LUOSHI_DATA_DIR ?? './data';
  const config: Config = {
    host: env.LUOSHI_HOST ?? '127.0.0.1',
    port: num(env.LUOSHI_PORT, 3000, 'LUOSHI_PORT'),
    databaseUrl: env.LUOSHI_DB ?? `sqlite:${path.join(dataDir, 'luoshi.db')}`,
    dataDir,
    sessionIdleMinutes: num(env.LUOSHI_SESSION_IDLE_MINUTES, 30, 'LUOSHI_SESSION_IDLE_MINUTES'),
    sessionMaxHours: num(env.LUOSHI_SESSION_MAX_HOURS, 12, 'LUOSHI_SESSION_MAX_HOURS'),
    lockoutThreshold: 5,
    lockoutMinutes: 15,
    loginRateLimit: num(env.LUOSHI_LOGIN_RATE_LIMIT, 30, 'LUOSHI_LOGIN_RATE_LIMIT'),
    trustProxy: env.LUOSHI_TRUST_PROXY === '1' || env.LUOSHI_TRUST_PROXY === 'true',
    logLevel: env.LUOSHI_LOG_LEVEL ?? 'info',
    timeZone: env.LUOSHI_TZ ?? 'Asia/Shanghai',
    maxFileBytes: num(env.LUOSHI_MAX_FILE_MB, 20, 'LUOSHI_MAX_FILE_MB') * 1024 * 1024,
    argon2: { memoryCost: 19456, timeCost: 2 },
  };
  const merged = {
    ...config,
    ...Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)),
  };
  if (!Number.isInteger(merged.port) || merged.port > 65535) {
    throw new Error(`The port must be a whole number from 0 to 65535, got ${merged.port}`);
  }
  return merged;
}
