import type { DeckInfo } from '../../../logic/course'
import type { BuildState } from './state'
import { existsSync } from 'node:fs'
import { mkdir, readdir, rename, rm } from 'node:fs/promises'
import { cpus } from 'node:os'
import { join } from 'node:path'
import { DECKS } from '../../../logic/course'
import { checkDeckFile, formatProblem } from '../checker'
import type { Browser } from 'playwright-chromium'
import { chromium as playwrightChromium } from 'playwright-chromium'
import { CHROMIUM_ARGS, findChromium } from '../chromium'
import { loadDeck } from '../deck'
import { serveDist } from '../server'
import { replaceDirectory, temporaryPath, writeFileAtomic } from './atomic'
import { copyHubAssets, renderHub } from './hub'
import { deckInputsHash, sharedInputsHash } from './inputs'
import { exportPdf } from './pdf'
import { buildSite } from './site'
import { readState, writeState } from './state'

export interface BuildOptions {
  root: string
  /** Deck names to build; all decks when empty. */
  decks?: string[]
  /** Rebuild even when inputs did not change. */
  force?: boolean
  /** Decks built at the same time (each is one Vite build plus one Chromium export). */
  jobs?: number
  log?: (line: string) => void
}

export type DeckOutcome = 'built' | 'fresh' | 'refused' | 'failed'

export interface DeckResult {
  deck: string
  outcome: DeckOutcome
  seconds: number
  pages?: number
  message?: string
}

export interface BuildSummary {
  results: DeckResult[]
  seconds: number
  ok: boolean
}

export function distDir(root: string): string {
  return join(root, 'dist')
}

function expectedPages(file: string): number {
  return loadDeck(file).slides.filter(s => s.frontmatter.hide !== true && s.frontmatter.disabled !== true).length
}

export async function buildCourse(options: BuildOptions): Promise<BuildSummary> {
  const started = performance.now()
  const { root } = options
  const log = options.log ?? (line => console.log(line))
  const dist = distDir(root)
  const selected: DeckInfo[] = options.decks?.length ? options.decks.map(name => DECKS.find(d => d.deck === name)!) : [...DECKS]
  const jobs = Math.max(1, options.jobs ?? Math.min(2, cpus().length))
  const stateFile = join(dist, '.build-state.json')
  // Each build works in its own folder, so two builds started at once (an author's and a test's) do not
  // delete each other's half-built sites; folders of builds that died are removed.
  const workRoot = join(dist, '.work')
  await removeAbandonedWork(workRoot)
  const workDir = join(workRoot, String(process.pid))
  const logDir = join(dist, '.logs')
  await mkdir(logDir, { recursive: true })
  await mkdir(join(dist, 'pdf'), { recursive: true })

  const state: BuildState = readState(stateFile)
  const shared = sharedInputsHash(root)
  // One browser exports every deck: launching Chromium costs about a second each time.
  let browser: Promise<Browser> | undefined
  const getBrowser = () => (browser ??= playwrightChromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS }))
  const results: DeckResult[] = []
  let done = 0
  const total = selected.length
  const progress = (deck: string, text: string) => log(`[${String(++done).padStart(String(total).length)}/${total}] ${deck.padEnd(10)} ${text}`)

  // Every finished deck is recorded at once, merged into the file as it is now (another build may have
  // recorded its own decks meanwhile), so an interrupted build keeps what finished.
  let stateWrite = Promise.resolve()
  const saveState = (deck: string) => (stateWrite = stateWrite.then(() => {
    const current = readState(stateFile)
    current.decks[deck] = state.decks[deck]
    return writeState(stateFile, current)
  }))

  async function buildOne(info: DeckInfo): Promise<void> {
    const t0 = performance.now()
    const file = join(root, 'slides', `${info.deck}.md`)
    const seconds = () => (performance.now() - t0) / 1000
    const hash = deckInputsHash(root, info.deck, shared)
    const entry = state.decks[info.deck] ?? {}
    const pdfTarget = join(dist, 'pdf', `${info.deck}.pdf`)
    const fresh = entry.site === hash && entry.pdf === hash && existsSync(join(dist, info.deck, 'index.html')) && existsSync(pdfTarget)
    if (fresh && !options.force) {
      results.push({ deck: info.deck, outcome: 'fresh', seconds: seconds() })
      progress(info.deck, 'up to date')
      return
    }
    const problems = await checkDeckFile(file)
    if (problems.length) {
      for (const p of problems)
        log(`  ${formatProblem({ ...p, file: `slides/${info.deck}.md` })}`)
      results.push({ deck: info.deck, outcome: 'refused', seconds: seconds(), message: `${problems.length} checker problem(s)` })
      progress(info.deck, `refused: ${problems.length} checker problem(s); previous output kept`)
      return
    }
    // The new site is built and exported under dist/.work and moved into place only when both succeeded.
    const jobDir = temporaryPath(join(workDir, info.deck))
    const siteDir = join(jobDir, info.deck)
    const stagedPdf = temporaryPath(pdfTarget)
    try {
      log(`      ${info.deck.padEnd(10)} building site…`)
      await buildSite({ root, deck: info.deck, outDir: siteDir, logFile: join(logDir, `${info.deck}.log`) })
      const buildSeconds = seconds()
      log(`      ${info.deck.padEnd(10)} exporting PDF…`)
      const server = await serveDist(jobDir)
      let pages: number
      const exportOnce = async () => exportPdf({ browser: await getBrowser(), deckUrl: `${server.url}/${info.deck}/`, title: info.title, outFile: stagedPdf, expectedPages: expectedPages(file) })
      try {
        // A print page that does not settle in time on a loaded machine gets one more try; other errors do not.
        pages = await exportOnce().catch((error: unknown) => {
          if (!(error instanceof Error && error.name === 'TimeoutError'))
            throw error
          log(`  ${info.deck}: PDF export timed out, retrying once`)
          return exportOnce()
        })
      }
      finally {
        await server.close()
      }
      await rename(stagedPdf, pdfTarget)
      await replaceDirectory(siteDir, join(dist, info.deck))
      state.decks[info.deck] = { ...state.decks[info.deck], site: hash, pdf: hash }
      await saveState(info.deck)
      results.push({ deck: info.deck, outcome: 'built', seconds: seconds(), pages })
      progress(info.deck, `site ${buildSeconds.toFixed(1)}s + PDF ${(seconds() - buildSeconds).toFixed(1)}s (${pages} pages)`)
    }
    catch (error) {
      await rm(stagedPdf, { force: true })
      const message = error instanceof Error ? error.message : String(error)
      results.push({ deck: info.deck, outcome: 'failed', seconds: seconds(), message })
      progress(info.deck, `FAILED: ${message}; previous output kept`)
    }
  }

  const queue = [...selected]
  await Promise.all(Array.from({ length: Math.min(jobs, queue.length) }, async () => {
    for (let info = queue.shift(); info; info = queue.shift())
      await buildOne(info)
  }))
  await stateWrite
  // A browser that failed to launch has already failed its decks; there is nothing to close.
  await browser?.then(b => b.close(), () => {})

  await copyHubAssets(root, dist)
  const statuses = DECKS.map(d => ({
    deck: d.deck,
    site: existsSync(join(dist, d.deck, 'index.html')),
    pdf: existsSync(join(dist, 'pdf', `${d.deck}.pdf`)),
    handout: existsSync(join(dist, 'handouts', `${d.deck}.pdf`)),
  }))
  await writeFileAtomic(join(dist, 'index.html'), renderHub(statuses))
  await rm(workDir, { recursive: true, force: true })

  const ordered = selected.map(d => results.find(r => r.deck === d.deck)!)
  return { results: ordered, seconds: (performance.now() - started) / 1000, ok: ordered.every(r => r.outcome === 'built' || r.outcome === 'fresh') }
}

async function removeAbandonedWork(workRoot: string): Promise<void> {
  if (!existsSync(workRoot))
    return
  for (const entry of await readdir(workRoot)) {
    const pid = Number(entry)
    let alive = false
    try {
      alive = Number.isInteger(pid) && pid !== process.pid && process.kill(pid, 0)
    }
    catch {
      alive = false
    }
    if (!alive)
      await rm(join(workRoot, entry), { recursive: true, force: true })
  }
}

export function formatSummary(summary: BuildSummary): string {
  const rows = summary.results.map(r => `  ${r.deck.padEnd(11)} ${r.outcome.padEnd(8)} ${r.seconds.toFixed(1).padStart(6)}s${r.pages ? `  ${r.pages} pages` : ''}${r.message ? `  ${r.message}` : ''}`)
  const count = (o: DeckOutcome) => summary.results.filter(r => r.outcome === o).length
  return [
    'Build summary',
    ...rows,
    `  ${count('built')} built, ${count('fresh')} up to date, ${count('refused')} refused, ${count('failed')} failed in ${summary.seconds.toFixed(1)}s`,
  ].join('\n')
}
