import createClient from 'openapi-fetch';
import type { components, paths } from './schema';

export type { paths, components };

/** The error envelope every failed request returns. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown,
    readonly requestId: string | null,
  ) {
    super(message);
  }
}

let csrfToken: string | null = null;
let language = 'zh-CN';
const unauthenticatedListeners = new Set<() => void>();

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}
export function setApiLanguage(lang: string): void {
  language = lang;
}
/** Called when the server says the session is gone (401), so the app can show the login page. */
export function onUnauthenticated(listener: () => void): () => void {
  unauthenticatedListeners.add(listener);
  return () => unauthenticatedListeners.delete(listener);
}

export const api = createClient<paths>({ baseUrl: '' });
api.use({
  onRequest({ request }) {
    request.headers.set('Accept-Language', language);
    if (request.method !== 'GET' && request.method !== 'HEAD' && csrfToken) {
      request.headers.set('X-CSRF-Token', csrfToken);
    }
    return request;
  },
});

interface Envelope {
  error?: { code?: string; message?: string; details?: unknown };
  requestId?: string;
}

/** The server's error envelope (or whatever came instead) as an ApiError. */
function apiError(status: number, body: unknown): ApiError {
  const env = (body ?? {}) as Envelope;
  return new ApiError(
    status,
    env.error?.code ?? 'internal_error',
    env.error?.message ?? `HTTP ${status}`,
    env.error?.details,
    env.requestId ?? null,
  );
}

/** Awaits an openapi-fetch call and returns its data, or throws the server's error as an ApiError. */
export async function unwrap<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok || error !== undefined) {
    if (response.status === 401 && !response.url.endsWith('/auth/login')) {
      unauthenticatedListeners.forEach((l) => l());
    }
    throw apiError(response.status, error);
  }
  return data as T;
}

/** Field errors of a validation failure, by field name without its `body.` / `query.` prefix. */
export function fieldErrors(err: unknown): { name: string; errors: string[] }[] {
  if (!(err instanceof ApiError) || !Array.isArray(err.details)) {
    return [];
  }
  return (err.details as { field?: string; message?: string }[])
    .filter((d) => d.field)
    .map((d) => ({ name: d.field!.replace(/^(body|query|params)\./, ''), errors: [d.message ?? ''] }));
}

/** The error to show above a form: none when the server named fields (they show on the fields instead). */
export function formLevelError(err: unknown): unknown {
  return err && fieldErrors(err).length === 0 ? err : null;
}

/** Uploads a file with progress (fetch cannot report upload progress; XMLHttpRequest can). */
export function uploadFile<T = { id: number; name: string }>(
  url: string,
  file: File,
  onProgress: (percent: number) => void,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.setRequestHeader('Accept-Language', language);
    if (csrfToken) {
      xhr.setRequestHeader('X-CSRF-Token', csrfToken);
    }
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) {
        onProgress(Math.round((e.loaded / e.total) * 100));
      }
    };
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve(body as T);
      } else {
        reject(apiError(xhr.status, body));
      }
    };
    xhr.onerror = () => reject(new ApiError(0, 'network', 'network error', null, null));
    const form = new FormData();
    form.append('file', file);
    xhr.send(form);
  });
}

/**
 * Downloads a file the server makes (an Excel export) in the interface's language, and saves it under
 * the name the server gives. Errors arrive as ApiError, like every other call.
 */
export async function downloadFile(url: string, fallbackName: string): Promise<void> {
  const headers: Record<string, string> = { 'Accept-Language': language };
  const res = await fetch(url, { headers, credentials: 'same-origin' });
  if (!res.ok) {
    throw apiError(res.status, await res.json().catch(() => null));
  }
  const disposition = res.headers.get('content-disposition') ?? '';
  const named = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  const name = named ? decodeURIComponent(named[1]!) : fallbackName;
  const href = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}
