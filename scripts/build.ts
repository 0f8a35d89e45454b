/**
 * `npm run build [deck...] [--force] [--jobs N] [--base /k8s-course/] [--out-dir DIR]`: every deck (or the named
 * ones) as a static site in dist/<deck>/ with its PDF in dist/pdf/<deck>.pdf and its handout in
 * dist/handouts/<deck>.pdf, and the course hub dist/index.html. `--base` (or COURSE_BASE) builds the course for
 * a sub-path of a web server (default "/"); `--out-dir` writes somewhere else than dist/. Decks whose inputs did not change are skipped; a deck the checker rejects is not built;
 * failures keep the previous output.
 * `npm run handouts [deck...]` (`--handouts-only`): only the handouts, of decks whose site and PDF are fresh.
 */
import { resolve } from 'node:path'
import process from 'node:process'
import { parseArgs } from 'node:util'
import { findDeck } from '../logic/course'
import { buildCourse, formatSummary } from './lib/build'
import { normalizeBase } from './lib/build/site'

const ROOT = resolve(import.meta.dirname, '..')

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      'force': { type: 'boolean', default: false },
      'jobs': { type: 'string' },
      'handouts-only': { type: 'boolean', default: false },
      'base': { type: 'string', default: process.env.COURSE_BASE || '/' },
      'out-dir': { type: 'string' },
    },
  })
  const decks: string[] = []
  for (const name of positionals) {
    const info = findDeck(name)
    if (!info)
      throw new Error(`unknown deck "${name}" (use 1-8, session_03 or overview)`)
    decks.push(info.deck)
  }
  const jobs = values.jobs ? Number(values.jobs) : undefined
  if (jobs !== undefined && !(Number.isInteger(jobs) && jobs > 0))
    throw new Error(`--jobs takes a whole number, got "${values.jobs}"`)
  const base = normalizeBase(values.base)
  if (base !== '/')
    console.log(`Building for the base path ${base}: each deck at ${base}<deck>/, the hub at ${base}`)
  const summary = await buildCourse({ root: ROOT, decks, force: values.force, jobs, handoutsOnly: values['handouts-only'], base, outDir: values['out-dir'] })
  console.log(formatSummary(summary))
  return summary.ok ? 0 : 1
}

main().then(code => process.exit(code), (error: unknown) => {
  console.error(`build: ${error instanceof Error ? error.message : String(error)}`)
  process.exit(2)
})
