import type { AddressInfo } from 'node:net'
import { createReadStream, existsSync, statSync } from 'node:fs'
import { createServer } from 'node:http'
import { extname, join, normalize, sep } from 'node:path'

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

export interface StaticServer {
  /** e.g. http://127.0.0.1:4173 (no trailing slash). */
  url: string
  close: () => Promise<void>
}

/**
 * Serves a dist folder on 127.0.0.1 only. Each deck is a single-page app under /<deck>/: a path inside a deck
 * that names no file gets that deck's index.html, as Slidev's history router expects. With `prefix`
 * ("/k8s-course/"), the folder is served under that path, as a static host serves a course built with
 * --base, and nothing outside it exists.
 */
export function serveDist(root: string, options: { port?: number, host?: string, prefix?: string } = {}): Promise<StaticServer> {
  const prefix = options.prefix ?? '/'
  const server = createServer((request, response) => {
    const full = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname)
    const pathname = full.startsWith(prefix) ? full.slice(prefix.length - 1) : undefined
    const file = pathname === undefined ? undefined : resolveFile(root, pathname)
    if (!file) {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' })
      response.end('not found')
      return
    }
    const immutable = file.includes(`${sep}assets${sep}`)
    response.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'content-length': statSync(file).size,
      'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    })
    if (request.method === 'HEAD')
      return void response.end()
    createReadStream(file).pipe(response)
  })
  const host = options.host ?? '127.0.0.1'
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, host, () => {
      const { port } = server.address() as AddressInfo
      resolvePromise({
        url: `http://${host}:${port}`,
        close: () => new Promise(done => server.close(() => done())),
      })
    })
  })
}

function resolveFile(root: string, pathname: string): string | undefined {
  const safe = normalize(pathname).replace(/^(\.\.[/\\])+/, '')
  const candidate = join(root, safe)
  if (!candidate.startsWith(root))
    return undefined
  if (isFile(candidate))
    return candidate
  if (isFile(join(candidate, 'index.html')))
    return join(candidate, 'index.html')
  // SPA fallback: the first path segment names the deck.
  const deck = safe.split('/').filter(Boolean)[0]
  if (deck && extname(safe) === '' && isFile(join(root, deck, 'index.html')))
    return join(root, deck, 'index.html')
  return undefined
}

function isFile(path: string): boolean {
  return existsSync(path) && statSync(path).isFile()
}
