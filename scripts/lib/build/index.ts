import type { DeckInfo } from '../../../logic/course'
import type { StaticServer } from '../server'
import type { HandoutResult } from './handout'
import type { BuildState } from './state'
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, readdir, rename, rm } from 'node:fs/promises'
import { cpus } from 'node:os'
import { join, resolve } from 'node:path'
import { DECKS } from '../../../logic/course'
import { checkDeckFile, formatProblem } from '../checker'
import type { Browser } from 'playwright-chromium'
import { chromium as playwrightChromium } from 'playwright-chromium'
import { CHROMIUM_ARGS, findChromium } from '../chromium'
import { isShownSlide, loadDeck } from '../deck'
import { serveDist } from '../server'
import { replaceDirectory, temporaryPath, writeFileAtomic } from './atomic'
import { slidePdfBookmarks } from './bookmarks'
import { exportHandout } from './handout'
import { groupSlides, handoutSlides } from './handoutLayout'
import { copyHubAssets, renderHub, renderNotFound, renderRedirects } from './hub'
import { deckInputsHash, handoutCodeHash, handoutInputsHash, sharedInputsHash } from './inputs'
import { exportPdf } from './pdf'
import { buildSite, normalizeBase } from './site'
import { readState, writeState } from './state'

export interface BuildOptions {
  root: string
  /** Deck names to build; all decks when empty. */
  decks?: string[]
  /** Rebuild even when inputs did not change. */
  force?: boolean
  /** Only the handouts, of decks whose site and PDF are built and fresh (`npm run handouts`). */
  handoutsOnly?: boolean
  /** Build handouts too (default true); the benchmark turns them off to time sites and PDFs alone. */
  handouts?: boolean
  /** Decks built at the same time (each is one Vite build plus one Chromium export). */
  jobs?: number
  /**
   * URL path the course is published under (default "/"): each deck at <base><deck>/, the hub at <base>.
   * Part of every deck's input hash, so a build for another base rebuilds.
   */
  base?: string
  /** Output folder (default <root>/dist); a build for another base can go to its own folder. */
  outDir?: string
  log?: (line: string) => void
}

export type DeckOutcome = 'built' | 'fresh' | 'refused' | 'failed' | 'skipped'

export interface DeckResult {
  deck: string
  outcome: DeckOutcome
  seconds: number
  pages?: number
  handout?: HandoutResult
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

const megabytes = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MB`

function expectedPages(file: string): number {
  return loadDeck(file).slides.filter(s => isShownSlide(s.frontmatter)).length
}

/** The slide PDF's bookmarks: parts, then each slide's title (scripts/lib/build/bookmarks.ts). */
function slideBookmarks(file: string) {
  const slides = handoutSlides(loadDeck(file).slides)
  return slidePdfBookmarks(slides, groupSlides(slides))
}

export async function buildCourse(options: BuildOptions): Promise<BuildSummary> {
  const started = performance.now()
  const { root } = options
  const log = options.log ?? (line => console.log(line))
  const dist = options.outDir ? resolve(root, options.outDir) : distDir(root)
  const base = normalizeBase(options.base)
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
  await mkdir(join(dist, 'handouts'), { recursive: true })

  const state: BuildState = readState(stateFile)
  const shared = sharedInputsHash(root)
  const handoutCode = handoutCodeHash(root)
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

  // Handouts are printed from the sites in dist/, once a deck's site and PDF are in place (or fresh).
  let distServer: Promise<StaticServer> | undefined
  const getDistServer = () => (distServer ??= serveDist(dist, { prefix: base }))
  /** Builds a deck's handout and records it; a failure is returned, as the deck's site and PDF are in place. */
  async function buildHandout(info: DeckInfo, file: string, hash: string): Promise<{ made?: HandoutResult, error?: string, text: string }> {
    const t0 = performance.now()
    const target = join(dist, 'handouts', `${info.deck}.pdf`)
    const staged = temporaryPath(target)
    try {
      log(`      ${info.deck.padEnd(10)} printing handout…`)
      const made = await exportHandout({ browser: await getBrowser(), deckUrl: `${(await getDistServer()).url}${base}${info.deck}/`, info, deckFile: file, outFile: staged, log })
      await rename(staged, target)
      state.decks[info.deck] = { ...state.decks[info.deck], handout: hash, handoutFullPage: made.fullPage }
      await saveState(info.deck)
      return { made, text: `handout ${((performance.now() - t0) / 1000).toFixed(1)}s (${made.pages} pages, ${megabytes(made.bytes)}, notes ≥ ${made.smallestNoteSize}pt)` }
    }
    catch (error) {
      await rm(staged, { force: true })
      const message = error instanceof Error ? error.message : String(error)
      return { error: `handout: ${message}; previous handout kept`, text: `handout FAILED: ${message}; previous handout kept` }
    }
  }

  async function buildOne(info: DeckInfo): Promise<void> {
    const t0 = performance.now()
    const file = join(root, 'slides', `${info.deck}.md`)
    const seconds = () => (performance.now() - t0) / 1000
    // The base is compiled into the site (asset URLs, router), so it is an input like the deck's Markdown.
    const hash = createHash('sha256').update(deckInputsHash(root, info.deck, shared)).update(`\0base:${base}`).digest('hex').slice(0, 20)
    const entry = state.decks[info.deck] ?? {}
    const pdfTarget = join(dist, 'pdf', `${info.deck}.pdf`)
    const fresh = entry.site === hash && entry.pdf === hash && existsSync(join(dist, info.deck, 'index.html')) && existsSync(pdfTarget)
    const handoutHash = handoutInputsHash(hash, handoutCode)
    const handoutFresh = entry.handout === handoutHash && existsSync(join(dist, 'handouts', `${info.deck}.pdf`))
    if (options.handoutsOnly && !fresh) {
      results.push({ deck: info.deck, outcome: 'skipped', seconds: seconds(), message: 'site or PDF not built or stale: run npm run build first' })
      progress(info.deck, 'skipped: site or PDF not built or stale (run npm run build first)')
      return
    }
    if (fresh && (!options.force || options.handoutsOnly)) {
      if ((handoutFresh || options.handouts === false) && !options.force) {
        results.push({ deck: info.deck, outcome: 'fresh', seconds: seconds() })
        progress(info.deck, 'up to date')
        return
      }
      const handout = await buildHandout(info, file, handoutHash)
      results.push({ deck: info.deck, outcome: handout.made ? 'built' : 'failed', seconds: seconds(), handout: handout.made, message: handout.error })
      progress(info.deck, `site and PDF up to date, ${handout.text}`)
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
      await buildSite({ root, deck: info.deck, outDir: siteDir, logFile: join(logDir, `${info.deck}.log`), base })
      const buildSeconds = seconds()
      log(`      ${info.deck.padEnd(10)} exporting PDF…`)
      const server = await serveDist(jobDir, { prefix: base })
      let pages: number
      const exportOnce = async () => exportPdf({ browser: await getBrowser(), deckUrl: `${server.url}${base}${info.deck}/`, title: info.title, outFile: stagedPdf, expectedPages: expectedPages(file), bookmarks: slideBookmarks(file) })
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
      const sitePdf = `site ${buildSeconds.toFixed(1)}s + PDF ${(seconds() - buildSeconds).toFixed(1)}s (${pages} pages)`
      const handout = options.handouts === false ? { text: 'no handout (not requested)' } as Awaited<ReturnType<typeof buildHandout>> : await buildHandout(info, file, handoutHash)
      results.push({ deck: info.deck, outcome: handout.error ? 'failed' : 'built', seconds: seconds(), pages, handout: handout.made, message: handout.error })
      progress(info.deck, `${sitePdf}, ${handout.text}`)
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
  await distServer?.then(server => server.close())

  await copyHubAssets(root, dist)
  const statuses = DECKS.map(d => ({
    deck: d.deck,
    site: existsSync(join(dist, d.deck, 'index.html')),
    pdf: existsSync(join(dist, 'pdf', `${d.deck}.pdf`)),
    handout: existsSync(join(dist, 'handouts', `${d.deck}.pdf`)),
  }))
  await writeFileAtomic(join(dist, 'index.html'), renderHub(statuses))
  // For static hosts: deep links into a deck (GitHub Pages through 404.html, Netlify-style hosts through rules).
  const sites = statuses.filter(s => s.site).map(s => s.deck)
  await writeFileAtomic(join(dist, '404.html'), renderNotFound(base, sites))
  await writeFileAtomic(join(dist, '_redirects'), renderRedirects(base, sites))
  // GitHub Pages runs Jekyll on a branch unless told not to, and Jekyll drops folders starting with "_" (_hub/).
  await writeFileAtomic(join(dist, '.nojekyll'), '')
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
  const rows = summary.results.map(r => `  ${r.deck.padEnd(11)} ${r.outcome.padEnd(8)} ${r.seconds.toFixed(1).padStart(6)}s${r.pages ? `  ${r.pages} pages` : ''}${r.handout ? `  handout ${r.handout.pages} pages, ${megabytes(r.handout.bytes)}` : ''}${r.message ? `  ${r.message}` : ''}`)
  const count = (o: DeckOutcome) => summary.results.filter(r => r.outcome === o).length
  return [
    'Build summary',
    ...rows,
    `  ${count('built')} built, ${count('fresh')} up to date, ${count('refused')} refused, ${count('failed')} failed${count('skipped') ? `, ${count('skipped')} skipped` : ''} in ${summary.seconds.toFixed(1)}s`,
  ].join('\n')
}
