import { spawn } from 'node:child_process'
import { createWriteStream, existsSync } from 'node:fs'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { join } from 'node:path'

const require = createRequire(import.meta.url)
const SLIDEV_CLI = join(require.resolve('@slidev/cli/package.json'), '..', 'bin', 'slidev.mjs')

/** A course base path as the build uses it: starts and ends with one slash ("/" or "/k8s-course/"). */
export function normalizeBase(base: string | undefined): string {
  const trimmed = (base ?? '/').trim()
  if (!/^[\w\-./~]*$/.test(trimmed) || trimmed.split('/').some(part => part === '..' || part === '.'))
    throw new Error(`the base path "${base}" may hold letters, digits and - . _ ~ / only (e.g. /k8s-course/)`)
  const parts = trimmed.split('/').filter(Boolean)
  return parts.length ? `/${parts.join('/')}/` : '/'
}

/**
 * One `slidev build` per deck with its own --base `<base><deck>/` (one build of several entries would share a
 * base, upstream issue 2368), into `outDir`. Output goes to `logFile`; a failure names it.
 */
export async function buildSite(options: { root: string, deck: string, outDir: string, logFile: string, base?: string }): Promise<void> {
  const { root, deck, outDir, logFile } = options
  const base = normalizeBase(options.base)
  await mkdir(join(outDir, '..'), { recursive: true })
  const args = [SLIDEV_CLI, 'build', join('slides', `${deck}.md`), '--base', `${base}${deck}/`, '--out', outDir]
  await new Promise<void>((resolve, reject) => {
    const log = createWriteStream(logFile)
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' } })
    child.stdout.pipe(log, { end: false })
    child.stderr.pipe(log, { end: false })
    child.on('error', reject)
    child.on('close', (code, signal) => {
      log.end()
      if (code === 0)
        resolve()
      else
        reject(new Error(`slidev build ${signal ? `was killed by ${signal}` : `exited with ${code}`} (log: ${logFile})`))
    })
  })
  // Slidev writes the headmatter's favicon as the absolute /favicon.svg whatever --base is; on a host that
  // serves the course under a sub-path that is outside the course. The build copies it to <base>favicon.svg.
  for (const page of ['index.html', '404.html']) {
    const file = join(outDir, page)
    if (existsSync(file)) {
      const html = (await readFile(file, 'utf8')).replaceAll('href="/favicon.svg"', `href="${base}favicon.svg"`)
      await writeFile(file, html.replace(/<head>/i, `<head>\n${DEEP_LINK_RESTORE}`))
    }
  }
}

/**
 * Hosts without rewrite rules (GitHub Pages) answer a deep link such as <base><deck>/presenter/1 with the
 * course's 404.html (hub.ts renderNotFound), which sends the browser to <base><deck>/?__route=presenter/1.
 * This puts the route back into the address before Slidev's router reads it.
 */
export const DEEP_LINK_RESTORE = `<script>(function () {
  var query = new URLSearchParams(location.search)
  var route = query.get('__route')
  if (route === null) return
  query.delete('__route')
  var rest = query.toString()
  history.replaceState(null, '', location.pathname + route.replace(/^\\/+/, '') + (rest ? '?' + rest : '') + location.hash)
})()</script>`
