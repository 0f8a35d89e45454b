/**
 * `npm run bench [-- --out docs/benchmark.md] [--skip-baseline]`: measures on this machine, in one run,
 * (a) a cold build of every deck (sites and PDFs) against the naive baseline — plain `slidev build` plus
 *     `slidev export` per deck, one after another — as a ratio (goal <= 0.6); the handouts, which the
 *     baseline does not make, are built and timed after it;
 * (b) a no-op rebuild of everything (sites, PDFs, handouts) against the cold build (goal <= 5%);
 * (c) per deck, built JS and CSS bytes and the time from navigation to the first slide painted in headless
 *     Chromium on localhost (goal < 1 s).
 * Writes a Markdown report. It rebuilds dist/ from scratch; nothing else is touched.
 */
import { spawn } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { cpus, tmpdir } from 'node:os'
import { join, relative, resolve } from 'node:path'
import process from 'node:process'
import { parseArgs } from 'node:util'
import { chromium } from 'playwright-chromium'
import { DECKS } from '../logic/course'
import { buildCourse, distDir } from './lib/build'
import { writeFileAtomic } from './lib/build/atomic'
import { CHROMIUM_ARGS, findChromium } from './lib/chromium'
import { serveDist } from './lib/server'

const ROOT = resolve(import.meta.dirname, '..')
const require = createRequire(import.meta.url)
const SLIDEV = join(require.resolve('@slidev/cli/package.json'), '..', 'bin', 'slidev.mjs')

function run(args: string[]): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [SLIDEV, ...args], { cwd: ROOT, stdio: 'ignore' })
    child.on('close', code => code === 0 ? done() : fail(new Error(`slidev ${args.join(' ')} exited with ${code}`)))
  })
}

async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now()
  const value = await fn()
  return [(performance.now() - t0) / 1000, value]
}

async function baseline(chromiumPath: string): Promise<number> {
  const out = await mkdtemp(join(tmpdir(), 'bench-baseline-'))
  try {
    const [seconds] = await timed(async () => {
      for (const { deck } of DECKS) {
        process.stdout.write(`  baseline ${deck}…`)
        const [s] = await timed(async () => {
          await run(['build', `slides/${deck}.md`, '--base', `/${deck}/`, '--out', join(out, deck)])
          await run(['export', `slides/${deck}.md`, '--output', join(out, `${deck}.pdf`), '--executable-path', chromiumPath, '--timeout', '120000'])
        })
        console.log(` ${s.toFixed(1)}s`)
      }
    })
    return seconds
  }
  finally {
    await rm(out, { recursive: true, force: true })
  }
}

function assetBytes(deck: string): { js: number, css: number } {
  const dir = join(distDir(ROOT), deck, 'assets')
  let js = 0
  let css = 0
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile())
      continue
    const size = statSync(join(entry.parentPath, entry.name)).size
    if (entry.name.endsWith('.js'))
      js += size
    else if (entry.name.endsWith('.css'))
      css += size
  }
  return { js, css }
}

async function firstPaint(): Promise<Map<string, { fcp: number, ready: number }>> {
  const server = await serveDist(distDir(ROOT))
  const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS })
  const result = new Map<string, { fcp: number, ready: number }>()
  try {
    for (const { deck } of DECKS) {
      const samples: { fcp: number, ready: number }[] = []
      for (let i = 0; i < 3; i++) {
        const context = await browser.newContext({ viewport: { width: 1280, height: 720 } })
        const page = await context.newPage()
        await page.goto(`${server.url}/${deck}/1`)
        await page.locator('.slidev-page-1 h1').first().waitFor()
        const sample = await page.evaluate(async () => {
          await document.fonts.ready
          const ready = performance.now()
          const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN
          return { fcp, ready }
        })
        samples.push(sample)
        await context.close()
      }
      // A load can end before Chromium records a paint entry (NaN); the median is over the loads that have one.
      const median = (values: number[]) => {
        const known = values.filter(v => !Number.isNaN(v)).sort((a, b) => a - b)
        return known.length ? known[Math.floor(known.length / 2)] : Number.NaN
      }
      result.set(deck, { fcp: median(samples.map(s => s.fcp)), ready: median(samples.map(s => s.ready)) })
    }
  }
  finally {
    await browser.close()
    await server.close()
  }
  return result
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { 'out': { type: 'string', default: 'docs/benchmark.md' }, 'skip-baseline': { type: 'boolean', default: false } } })
  const chromiumPath = findChromium()
  console.log('(a) baseline: slidev build + slidev export per deck, sequential')
  const baselineSeconds = values['skip-baseline'] ? Number.NaN : await baseline(chromiumPath)
  console.log('(a) course build, cold (dist/ removed)')
  await rm(distDir(ROOT), { recursive: true, force: true })
  const [coldSeconds, cold] = await timed(() => buildCourse({ root: ROOT, handouts: false }))
  if (!cold.ok)
    throw new Error('the cold build failed; see dist/.logs')
  console.log(`  ${coldSeconds.toFixed(1)}s`)
  console.log('(a) handouts of all decks, after the cold build')
  const [handoutSeconds, handouts] = await timed(() => buildCourse({ root: ROOT }))
  if (!handouts.ok)
    throw new Error('the handout build failed')
  console.log(`  ${handoutSeconds.toFixed(1)}s`)
  console.log('(b) no-op rebuild')
  const [noopSeconds, noop] = await timed(() => buildCourse({ root: ROOT, log: () => {} }))
  if (!noop.results.every(r => r.outcome === 'fresh'))
    throw new Error('the no-op rebuild rebuilt something')
  console.log(`  ${noopSeconds.toFixed(2)}s`)
  console.log('(c) bytes and first paint')
  const paints = await firstPaint()

  const ratio = coldSeconds / baselineSeconds
  const lines = [
    '# Build and load benchmark',
    '',
    `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on this machine: ${cpus().length} cores, Node ${process.version}, Chromium at ${chromiumPath}. Run with \`npm run bench\`.`,
    '',
    '| measure | result | goal |',
    '|---|---|---|',
    `| (a) baseline: \`slidev build\` + \`slidev export\` per deck, sequential | ${Number.isNaN(baselineSeconds) ? 'skipped' : `${baselineSeconds.toFixed(1)} s`} | |`,
    `| (a) course build, cold (sites + PDFs, 9 decks) | ${coldSeconds.toFixed(1)} s | |`,
    `| (a) ratio cold / baseline | ${Number.isNaN(ratio) ? 'n/a' : ratio.toFixed(2)} | <= 0.6 |`,
    `| handouts of all decks (not in the baseline), after the cold build | ${handoutSeconds.toFixed(1)} s | |`,
    `| (b) no-op rebuild of sites, PDFs and handouts | ${noopSeconds.toFixed(2)} s (${(100 * noopSeconds / (coldSeconds + handoutSeconds)).toFixed(2)}% of cold + handouts) | <= 5% |`,
    '',
    '| deck | JS | CSS | first contentful paint | first slide ready (fonts loaded) | cold build |',
    '|---|---|---|---|---|---|',
    ...DECKS.map(({ deck }) => {
      const bytes = assetBytes(deck)
      const paint = paints.get(deck)!
      const built = cold.results.find(r => r.deck === deck)!
      return `| ${deck} | ${kib(bytes.js)} | ${kib(bytes.css)} | ${paint.fcp.toFixed(0)} ms | ${paint.ready.toFixed(0)} ms | ${built.seconds.toFixed(1)} s |`
    }),
    '',
    'JS and CSS are everything the build emits; a first visit loads only the entry chunks and the slides it shows',
    '(Mermaid, KaTeX and Shiki languages load on demand). First paint is the median of three fresh page loads.',
    '',
  ]
  const out = resolve(ROOT, values.out)
  await writeFileAtomic(out, lines.join('\n'))
  console.log(`\nreport: ${relative(process.cwd(), out)}\n${lines.slice(4, 10).join('\n')}`)
  if (!existsSync(out))
    throw new Error('report not written')
}

main().catch((error: unknown) => {
  console.error(`bench: ${error instanceof Error ? error.message : String(error)}`)
  process.exit(2)
})
