import type { FastifyReply, FastifyRequest } from 'fastify';

const csp = [
  "default-src 'self'",
  "script-src 'self'",
  // Ant Design writes its styles at run time.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

/** Security headers on every response, and the request id so a user can quote it. */
export function securityHeaders(
  request: FastifyRequest,
  reply: FastifyReply,
  payload: unknown,
  done: (err: Error | null, payload: unknown) => void,
): void {
  reply.header('x-request-id', String(request.id));
  reply.header('x-content-type-options', 'nosniff');
  if (!reply.hasHeader('x-frame-options')) {
    reply.header('x-frame-options', 'DENY');
  }
  reply.header('referrer-policy', 'no-referrer');
  reply.header('cross-origin-opener-policy', 'same-origin');
  reply.header('cross-origin-resource-policy', 'same-origin');
  reply.header('permissions-policy', 'camera=(), microphone=(), geolocation=()');
  if (!reply.hasHeader('content-security-policy')) {
    reply.header('content-security-policy', csp);
  }
  if (request.protocol === 'https') {
    reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
  }
  if (request.url.startsWith('/api/v1') && !reply.hasHeader('cache-control')) {
    reply.header('cache-control', 'no-store');
  }
  done(null, payload);
}
