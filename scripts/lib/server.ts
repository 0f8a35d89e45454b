import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createReadStream, readFileSync, statSync } from 'node:fs'
import { createServer } from 'node:http'
import { extname, join, resolve, sep } from 'node:path'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.pdf': 'application/pdf',
  '.csv': 'text/csv; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
}

/** On every response: no MIME sniffing, and no page URL (which may carry a presenter token) in a Referer. */
const COMMON_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
}

export interface StaticServer {
  /** e.g. http://127.0.0.1:4173 (no trailing slash). */
  url: string
  /** The Node server, e.g. for a WebSocket relay on the same port. */
  server: Server
  close: () => Promise<void>
}

export interface ServeOptions {
  port?: number
  /** Default 127.0.0.1. */
  host?: string
  /**
   * Rewrites an HTML page before it is sent (classroom mode adds its meta tag and the hub's QR panel).
   * `path` is the file relative to the root with forward slashes, e.g. `index.html`, `session_01/index.html`.
   */
  transformHtml?: (html: string, context: { path: string, request: IncomingMessage }) => string
  /**
   * Serve the folder under this path (`/k8s-course/`), as a static host serves a course built with `--base`;
   * nothing outside it exists. Default `/`.
   */
  prefix?: string
}

/**
 * Serves a dist folder, on 127.0.0.1 unless told otherwise. Each deck is a single-page app under /<deck>/: a
 * path inside a deck that names no file gets that deck's index.html, as Slidev's history router expects.
 * Only GET and HEAD; a malformed path is a 400, never a crash; nothing under a dot-name (`.build-state.json`,
 * `.logs/`, `.work/`) is served, and no path leaves the folder.
 */
export function serveDist(root: string, options: ServeOptions = {}): Promise<StaticServer> {
  const base = resolve(root)
  const server = createServer((request, response) => {
    try {
      handle(base, request, response, options)
    }
    catch (error) {
      // A file that vanished mid-request (a rebuild renames into place) or anything unforeseen: one 500, and
      // the server goes on serving every other window.
      if (!response.headersSent)
        plain(response, 500, 'internal error')
      else
        response.destroy()
      console.error(`server: ${request.method} ${request.url}: ${error instanceof Error ? error.message : String(error)}`)
    }
  })
  const host = options.host ?? '127.0.0.1'
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject)
      const { port } = server.address() as AddressInfo
      resolvePromise({
        url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
        server,
        close: () => new Promise((done) => {
          server.close(() => done())
          server.closeAllConnections()
        }),
      })
    })
  })
}

function plain(response: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  response.writeHead(status, { ...COMMON_HEADERS, 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-cache', ...headers })
  response.end(text)
}

function handle(root: string, request: IncomingMessage, response: ServerResponse, options: ServeOptions): void {
  if (request.method !== 'GET' && request.method !== 'HEAD')
    return plain(response, 405, 'method not allowed', { allow: 'GET, HEAD' })
  const all = pathSegments(request.url ?? '/')
  if (all === 'bad')
    return plain(response, 400, 'bad request')
  if (all === 'hidden')
    return plain(response, 404, 'not found')
  const prefix = (options.prefix ?? '/').split('/').filter(Boolean)
  if (prefix.some((part, i) => all[i] !== part))
    return plain(response, 404, 'not found')
  const segments = all.slice(prefix.length)
  const file = resolveFile(root, segments)
  if (!file)
    return plain(response, 404, 'not found')
  const type = TYPES[extname(file)] ?? 'application/octet-stream'
  const headers: Record<string, string | number> = {
    ...COMMON_HEADERS,
    'content-type': type,
    'cache-control': file.includes(`${sep}assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
  }
  if (extname(file) === '.html' && options.transformHtml) {
    const path = file.slice(root.length + 1).split(sep).join('/')
    const body = Buffer.from(options.transformHtml(readFileSync(file, 'utf8'), { path, request }), 'utf8')
    response.writeHead(200, { ...headers, 'content-length': body.length })
    return void response.end(request.method === 'HEAD' ? undefined : body)
  }
  response.writeHead(200, { ...headers, 'content-length': statSync(file).size })
  if (request.method === 'HEAD')
    return void response.end()
  createReadStream(file).on('error', () => response.destroy()).pipe(response)
}

/**
 * The decoded path segments of a request URL. 'bad' for what no browser sends for a file of ours: a malformed
 * percent-escape, a `..` segment (also as %2e%2e or with an encoded %2f slash), a backslash, a NUL.
 * 'hidden' for a segment starting with a dot (dotfiles and dot-folders are private to the build).
 */
export function pathSegments(url: string): string[] | 'bad' | 'hidden' {
  let raw: string
  try {
    raw = new URL(url, 'http://localhost').pathname
  }
  catch {
    return 'bad'
  }
  const segments: string[] = []
  // Split before decoding, so an encoded slash cannot join segments; then check every decoded piece again.
  for (const part of raw.split('/')) {
    let decoded: string
    try {
      decoded = decodeURIComponent(part)
    }
    catch {
      return 'bad'
    }
    if (decoded === '')
      continue
    if (decoded === '..' || decoded === '.' || /[/\\\0]/.test(decoded))
      return 'bad'
    if (decoded.startsWith('.'))
      return 'hidden'
    segments.push(decoded)
  }
  return segments
}

function resolveFile(root: string, segments: string[]): string | undefined {
  const candidate = join(root, ...segments)
  if (candidate !== root && !candidate.startsWith(root + sep))
    return undefined
  if (isFile(candidate))
    return candidate
  if (isFile(join(candidate, 'index.html')))
    return join(candidate, 'index.html')
  // SPA fallback: the first path segment names the deck.
  const deck = segments[0]
  const last = segments.at(-1) ?? ''
  if (deck && extname(last) === '' && isFile(join(root, deck, 'index.html')))
    return join(root, deck, 'index.html')
  return undefined
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile()
  }
  catch {
    return false
  }
}
