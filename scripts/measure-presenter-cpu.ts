/**
 * `npx tsx scripts/measure-presenter-cpu.ts [deck] [--seconds 60] [--dist dist] [--runs 1]`
 *
 * CPU cost of the presenter's segment panel: an idle presenter window (timer running, nobody touching it) is
 * measured over N seconds with and without the panel, from Chrome's own counters (CDP Performance.getMetrics:
 * TaskDuration = all main-thread work, ScriptDuration = JavaScript, plus style and layout). The baseline hides
 * the panel with its presenter switch (localStorage `course-timing:panel = off`); Slidev's own timer and
 * progress bar run in both. Needs a built deck (`npm run build -- <deck>`).
 */
import type { Browser, CDPSession } from 'playwright-chromium'
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import process from 'node:process'
import { parseArgs } from 'node:util'
import { chromium } from 'playwright-chromium'
import { findDeck } from '../logic/course'
import { CHROMIUM_ARGS, findChromium } from './lib/chromium'
import { serveDist } from './lib/server'

const METRICS = ['TaskDuration', 'ScriptDuration', 'RecalcStyleDuration', 'LayoutDuration'] as const
type Metric = typeof METRICS[number]
type Sample = Record<Metric, number>

interface Variant {
  name: string
  panel: boolean
  timer: 'running' | 'stopped'
}

const VARIANTS: Variant[] = [
  { name: 'panel, timer running', panel: true, timer: 'running' },
  { name: 'no panel, timer running', panel: false, timer: 'running' },
  { name: 'panel, timer stopped', panel: true, timer: 'stopped' },
  { name: 'no panel, timer stopped', panel: false, timer: 'stopped' },
]

async function metrics(session: CDPSession): Promise<Sample> {
  const { metrics } = await session.send('Performance.getMetrics') as { metrics: { name: string, value: number }[] }
  const value = (name: Metric) => metrics.find(m => m.name === name)?.value ?? 0
  return Object.fromEntries(METRICS.map(name => [name, value(name)])) as Sample
}

async function measure(browser: Browser, url: string, variant: Variant, seconds: number): Promise<Sample> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
  try {
    if (!variant.panel)
      await context.addInitScript(() => localStorage.setItem('course-timing:panel', 'off'))
    const page = await context.newPage()
    await page.goto(url, { waitUntil: 'networkidle' })
    await page.locator('.slidev-presenter').waitFor()
    if (variant.panel)
      await page.getByTestId('segment-panel').waitFor()
    if (variant.timer === 'running')
      await page.keyboard.press('t')
    // Let preloading, fonts and the first renders finish: idle means idle.
    await page.waitForTimeout(8000)
    const session = await context.newCDPSession(page)
    await session.send('Performance.enable')
    const before = await metrics(session)
    await page.waitForTimeout(seconds * 1000)
    const after = await metrics(session)
    return Object.fromEntries(METRICS.map(name => [name, after[name] - before[name]])) as Sample
  }
  finally {
    await context.close()
  }
}

function ms(value: number): string {
  return `${(value * 1000).toFixed(0).padStart(6)} ms`
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      seconds: { type: 'string', default: '60' },
      dist: { type: 'string', default: 'dist' },
      runs: { type: 'string', default: '1' },
    },
  })
  const deck = findDeck(positionals[0] ?? 'session_01')?.deck
  if (!deck)
    throw new Error(`unknown deck "${positionals[0]}"`)
  const seconds = Number(values.seconds)
  const runs = Number(values.runs)
  const dist = resolve(values.dist)
  if (!existsSync(join(dist, deck, 'index.html')))
    throw new Error(`${dist}/${deck} is not built: run \`npm run build -- ${deck}\` first`)

  const server = await serveDist(dist)
  const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS })
  try {
    const url = `${server.url}/${deck}/presenter/1`
    console.log(`Idle presenter window, ${deck}, ${seconds} s per measurement, ${runs} run(s), main-thread time from CDP:\n`)
    console.log(`${'variant'.padEnd(26)} ${METRICS.map(m => m.padStart(19)).join(' ')}  share of one core`)
    for (let run = 0; run < runs; run++) {
      for (const variant of VARIANTS) {
        const sample = await measure(browser, url, variant, seconds)
        const share = `${((sample.TaskDuration / seconds) * 100).toFixed(2)} %`
        console.log(`${variant.name.padEnd(26)} ${METRICS.map(m => ms(sample[m]).padStart(19)).join(' ')}  ${share}`)
      }
    }
  }
  finally {
    await browser.close()
    await server.close()
  }
  return 0
}

main().then(code => process.exit(code), (error: unknown) => {
  console.error(`measure-presenter-cpu: ${error instanceof Error ? error.message : String(error)}`)
  process.exit(2)
})
