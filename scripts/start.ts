/**
 * `npm start [-- --port 4173]`: builds what is stale, then serves dist/ (the hub and every deck) on
 * 127.0.0.1. Works without network. A deck that fails to build is served from its previous build, if any.
 *
 * `npm start -- --classroom [--host 127.0.0.1]`: the same course on the machine's network addresses (or the
 * given host) with the classroom relay on the same port. Prints each deck's audience URL and one presenter
 * URL with a token made for this run (or CLASSROOM_TOKEN), with QR codes (`--no-qr`: without). `--port 0`
 * picks a free port; the line `classroom listening on port N` names it.
 */
import type { Classroom } from './lib/classroom'
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import process from 'node:process'
import { parseArgs } from 'node:util'
import { renderUnicodeCompact } from 'uqr'
import { buildCourse, distDir, formatSummary } from './lib/build'
import { startClassroom } from './lib/classroom'
import { serveDist } from './lib/server'

const ROOT = resolve(import.meta.dirname, '..')

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'port': { type: 'string', default: process.env.PORT ?? '4173' },
      'no-build': { type: 'boolean', default: false },
      'classroom': { type: 'boolean', default: false },
      'host': { type: 'string' },
      'no-qr': { type: 'boolean', default: false },
    },
  })
  const port = Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port takes a port number, got "${values.port}"`)
  if (values.host !== undefined && !values.classroom)
    throw new Error('--host is for --classroom; plain npm start serves 127.0.0.1 only')
  if (!values['no-build']) {
    const summary = await buildCourse({ root: ROOT })
    console.log(formatSummary(summary))
    if (!summary.ok)
      console.log('Some decks did not build; serving their previous output where there is one.')
  }
  if (!existsSync(join(distDir(ROOT), 'index.html')))
    throw new Error('dist/index.html is missing: run npm run build and read its messages')

  let close: () => Promise<void>
  if (values.classroom) {
    const classroom = await startClassroom({ root: ROOT, dist: distDir(ROOT), host: values.host, port, token: process.env.CLASSROOM_TOKEN || undefined })
    printClassroom(classroom, !values['no-qr'])
    close = classroom.close
  }
  else {
    const server = await serveDist(distDir(ROOT), { port })
    console.log(`\nCourse hub: ${server.url}/\nPresenter view of a deck: ${server.url}/session_01/presenter/1\nPress Ctrl+C to stop.`)
    close = server.close
  }
  const stop = () => close().then(() => process.exit(0))
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

function printClassroom(classroom: Classroom, qr: boolean): void {
  const [base, ...others] = classroom.audienceBases
  const lines = [
    '',
    `Classroom mode on port ${classroom.port}`,
    `Course hub (audience): ${base}/${others.length ? `   also: ${others.map(b => `${b}/`).join(' ')}` : ''}`,
    'Audience URL of each deck (read-only, follows the presenter):',
    ...classroom.audienceUrls.map(u => `  ${u.deck.padEnd(11)} ${u.url}`),
  ]
  console.log(lines.join('\n'))
  if (qr)
    console.log(`\nAudience QR (course hub):\n${renderUnicodeCompact(`${base}/`, { border: 1 })}`)
  console.log(`\nPresenter URL — keep it private, it lets whoever opens it drive every screen:\n  ${classroom.presenterUrl}`)
  console.log('  (opens the hub; its 발표자 보기 links carry the token. The hub on this machine shows the audience QR code.)')
  if (qr)
    console.log(`\nPresenter QR (for a tablet):\n${renderUnicodeCompact(classroom.presenterUrl, { border: 1 })}`)
  // Machine-readable line for tests and scripts that start with --port 0.
  console.log(`\nclassroom listening on port ${classroom.port}\nPress Ctrl+C to stop.`)
}

main().catch((error: unknown) => {
  console.error(`start: ${error instanceof Error ? error.message : String(error)}`)
  process.exit(2)
})
