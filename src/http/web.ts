import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** The built web app: `dist/web` beside the compiled server, whether it runs from `dist/` or from `src/` (tests). */
export function webRoot(): string | null {
  let dir = import.meta.dirname;
  for (let i = 0; i < 4; i++) {
    const candidate = path.join(dir, 'dist', 'web');
    if (existsSync(path.join(candidate, 'index.html'))) {
      return candidate;
    }
    dir = path.dirname(dir);
  }
  return null;
}

/**
 * Serves the web app for a request no API route answered: a built file when the path names one (hashed
 * assets are cached for a year), otherwise `index.html` for the browser's own routes. Returns false
 * when the request is not the web app's (API paths, other methods, no build), so the caller answers 404.
 */
export function createWebHandler(root: string | null) {
  const files = new Map<string, { body: Buffer; gzip: Buffer | null; type: string; immutable: boolean }>();
  const load = (rel: string) => {
    let file = files.get(rel);
    if (!file && root) {
      const full = path.join(root, rel);
      // Only files inside the build directory, never a path that climbs out of it.
      if (!full.startsWith(root + path.sep) || !existsSync(full) || !statSync(full).isFile()) {
        return undefined;
      }
      const body = readFileSync(full);
      // Text files go out compressed (a county office's line is often slow); compressed once, kept in memory.
      const compressible = /\.(html|js|css|json|svg|txt)$/.test(full) && body.length > 1024;
      file = {
        body,
        gzip: compressible ? gzipSync(body, { level: 9 }) : null,
        type: types[path.extname(full)] ?? 'application/octet-stream',
        immutable: rel.startsWith('assets/'),
      };
      files.set(rel, file);
    }
    return file;
  };
  return (request: FastifyRequest, reply: FastifyReply): boolean => {
    if (!root || (request.method !== 'GET' && request.method !== 'HEAD')) {
      return false;
    }
    const url = request.url.split('?')[0]!;
    if (url.startsWith('/api/') || url === '/api') {
      return false;
    }
    let rel: string;
    try {
      rel = decodeURIComponent(url).replace(/^\/+/, '');
    } catch {
      return false;
    }
    rel = path.normalize(rel);
    if (rel.startsWith('..') || path.isAbsolute(rel) || rel.includes('\0')) {
      return false;
    }
    const gzip = /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''));
    const send = (file: { body: Buffer; gzip: Buffer | null; type: string }, cache: string) => {
      void reply
        .header('content-type', file.type)
        .header('cache-control', cache)
        .header('vary', 'accept-encoding');
      if (gzip && file.gzip) {
        void reply.header('content-encoding', 'gzip').send(file.gzip);
      } else {
        void reply.send(file.body);
      }
    };
    const file = rel && rel !== '.' ? load(rel) : undefined;
    if (file) {
      send(file, file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
      return true;
    }
    if (path.extname(rel)) {
      return false;
    }
    const index = load('index.html');
    if (!index) {
      return false;
    }
    send(index, 'no-cache');
    return true;
  };
}
