/**
 * `npm run legibility [-- deck ...]`: measures every character of every slide of the built decks (final click
 * state, Mermaid labels included) — rendered size on the 980x552 canvas and contrast against what is behind it —
 * and prints per deck the share of characters under each rule, then each offending slide with its `file:line`.
 * Exits 1 when a deck misses a goal.
 *
 *   npm run legibility                     all decks (builds what is stale first)
 *   npm run legibility -- 3 overview       some decks
 *   npm run legibility -- 3 --url http://127.0.0.1:3030   a deck served by `npm run dev -- 3 --port 3030`
 *   --no-build   measure dist/ as it is      --json FILE   also write the measurements as JSON
 *   --dist DIR   measure another build output (implies --no-build), e.g. a copy kept from before a change
 */
import { rename, writeFile } from 'node:fs/promises'
import { join, relative, resolve } from 'node:path'
import process from 'node:process'
import { parseArgs } from 'node:util'
import { chromium } from 'playwright-chromium'
import { DECKS, findDeck } from '../logic/course'
import { buildCourse, distDir, formatSummary } from './lib/build'
import { CHROMIUM_ARGS, findChromium } from './lib/chromium'
import { isShownSlide, loadDeck } from './lib/deck'
import { measureTextRuns } from './lib/legibility/measure'
import { deckShares, formatFinding, formatShare, GOALS, MEASURE_LABELS, missedGoals, slideFindings } from './lib/legibility/report'
import type { Measure } from './lib/legibility/report'
import { serveDist } from './lib/server'
import { measureSlides, waitForPrintPage } from './lib/slideMetrics'

const ROOT = resolve(import.meta.dirname, '..')

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      'url': { type: 'string' },
      'no-build': { type: 'boolean', default: false },
      'json': { type: 'string' },
      'dist': { type: 'string' },
    },
  })
  const names = positionals.filter(p => p !== '--')
  const unknown = names.filter(n => !findDeck(n))
  if (unknown.length)
    throw new Error(`unknown deck ${unknown.map(n => `"${n}"`).join(', ')}; decks: ${DECKS.map(d => d.deck).join(', ')} (or 1-8)`)
  const decks = names.length ? names.map(n => findDeck(n)!.deck) : DECKS.map(d => d.deck)
  if (values.url && decks.length !== 1)
    throw new Error('--url measures one deck: name it, e.g. npm run legibility -- 3 --url http://127.0.0.1:3030')
  if (values.url && !/^https?:\/\/[^/]+/.test(values.url))
    throw new Error(`--url takes the address of a running deck, e.g. http://127.0.0.1:3030 (from npm run dev -- 3 --port 3030); got "${values.url}"`)

  if (!values.url && !values['no-build'] && !values.dist) {
    const summary = await buildCourse({ root: ROOT, decks })
    if (!summary.ok) {
      console.log(formatSummary(summary))
      return 2
    }
  }
  const server = values.url ? undefined : await serveDist(values.dist ? resolve(values.dist) : distDir(ROOT))
  const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS })
  const table: string[] = []
  const details: string[] = []
  const json: Record<string, unknown> = {}
  let failed = 0
  try {
    for (const deck of decks) {
      const base = values.url ? values.url.replace(/\/$/, '') : `${server!.url}/${deck}`
      const page = await browser.newPage({ viewport: { width: 980, height: 552 } })
      await page.goto(`${base}/print?print`, { waitUntil: 'networkidle' }).catch((error: Error) => {
        throw new Error(`could not open ${base}/print (${error.message.split('\n')[0]})${values.url ? `: is \`npm run dev -- ${deck} --port …\` running there?` : ''}`)
      })
      await waitForPrintPage(page)
      const slides = await measureTextRuns(page)
      // Splitting and enlarging can push content off the canvas: say so here too, before an author builds.
      const overflowing = (await measureSlides(page)).filter(m => m.overflow > 1)
      await page.close()
      const file = join(ROOT, 'slides', `${deck}.md`)
      const shown = loadDeck(file).slides.filter(s => isShownSlide(s.frontmatter))
      const locate = (no: number) => `${relative(ROOT, file)}:${shown[no - 1]?.line ?? 1}`
      const { chars, shares } = deckShares(slides)
      const missed = missedGoals(shares)
      table.push(`${deck.padEnd(11)} ${String(slides.length).padStart(6)} ${String(chars.all).padStart(6)}  ${(Object.keys(GOALS) as Measure[]).map(m => `${formatShare(shares[m]).padStart(MEASURE_LABELS[m].length)}${missed.includes(m) ? '!' : ' '}`).join(' ')}`)
      const findings = slideFindings(slides, locate)
      if (findings.length)
        details.push(`\n${deck}: ${findings.length} slide(s) to fix`, ...findings.map(formatFinding))
      if (missed.length || overflowing.length)
        failed++
      if (overflowing.length)
        details.push(`\n${deck}: ${overflowing.length} slide(s) overflow the canvas`, ...overflowing.map(m => `${locate(m.no)}: slide ${m.no}: ${m.overflow}px beyond the canvas (${m.culprit})`))
      json[deck] = { chars, shares, missed, overflowing, slides }
    }
  }
  finally {
    await browser.close()
    await server?.close()
  }
  const goals = (Object.keys(GOALS) as Measure[]).map(m => `${MEASURE_LABELS[m]} ≤ ${formatShare(GOALS[m])}`).join(', ')
  console.log(`Share of characters per rule (goals: ${goals}); ! = over the goal\n`)
  console.log(`${'deck'.padEnd(11)} ${'slides'.padStart(6)} ${'chars'.padStart(6)}  ${(Object.keys(GOALS) as Measure[]).map(m => `${MEASURE_LABELS[m]} `).join(' ')}`)
  console.log(table.join('\n'))
  if (details.length)
    console.log(details.join('\n'))
  if (values.json) {
    const tmp = `${values.json}.tmp-${process.pid}`
    await writeFile(tmp, JSON.stringify(json, null, 1))
    await rename(tmp, values.json)
  }
  console.log(failed ? `\n${failed} deck(s) miss a legibility goal or overflow` : '\nevery deck meets the legibility goals')
  return failed ? 1 : 0
}

main().then(code => process.exit(code), (error: unknown) => {
  console.error(`legibility: ${error instanceof Error ? error.message : String(error)}`)
  process.exit(2)
})
