/**
 * `npm start [-- --port 4173]`: builds what is stale, then serves dist/ (the hub and every deck) on
 * 127.0.0.1. Works without network. A deck that fails to build is served from its previous build, if any.
 */
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import process from 'node:process'
import { parseArgs } from 'node:util'
import { buildCourse, distDir, formatSummary } from './lib/build'
import { serveDist } from './lib/server'

const ROOT = resolve(import.meta.dirname, '..')

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { 'port': { type: 'string', default: process.env.PORT ?? '4173' }, 'no-build': { type: 'boolean', default: false } } })
  const port = Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port takes a port number, got "${values.port}"`)
  if (!values['no-build']) {
    const summary = await buildCourse({ root: ROOT })
    console.log(formatSummary(summary))
    if (!summary.ok)
      console.log('Some decks did not build; serving their previous output where there is one.')
  }
  if (!existsSync(join(distDir(ROOT), 'index.html')))
    throw new Error('dist/index.html is missing: run npm run build and read its messages')
  const server = await serveDist(distDir(ROOT), { port })
  console.log(`\nCourse hub: ${server.url}/\nPresenter view of a deck: ${server.url}/session_01/presenter/1\nPress Ctrl+C to stop.`)
  const stop = () => server.close().then(() => process.exit(0))
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

main().catch((error: unknown) => {
  console.error(`start: ${error instanceof Error ? error.message : String(error)}`)
  process.exit(2)
})
