/**
 * `npm run shots -- <deck>`: builds the deck if stale, then writes one PNG per slide to .cache/shots/<deck>/
 * and lists slides whose content reaches beyond the canvas. For authors checking what a class will see.
 */
import { mkdir, rm } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import process from 'node:process'
import { chromium } from 'playwright-chromium'
import { findDeck } from '../logic/course'
import { buildCourse, distDir, formatSummary } from './lib/build'
import { CHROMIUM_ARGS, findChromium } from './lib/chromium'
import { serveDist } from './lib/server'
import { measureSlides, waitForPrintPage } from './lib/slideMetrics'

const ROOT = resolve(import.meta.dirname, '..')

async function main(): Promise<number> {
  const name = process.argv[2]
  const info = name ? findDeck(name) : undefined
  if (!info)
    throw new Error(`usage: npm run shots -- <deck> (1-8, session_03 or overview)${name ? `; unknown deck "${name}"` : ''}`)
  const summary = await buildCourse({ root: ROOT, decks: [info.deck] })
  if (!summary.ok) {
    console.log(formatSummary(summary))
    return 1
  }
  const outDir = join(ROOT, '.cache', 'shots', info.deck)
  await rm(outDir, { recursive: true, force: true })
  await mkdir(outDir, { recursive: true })
  const server = await serveDist(distDir(ROOT))
  const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS })
  try {
    const page = await browser.newPage({ viewport: { width: 980, height: 552 } })
    await page.goto(`${server.url}/${info.deck}/print?print`, { waitUntil: 'networkidle' })
    await waitForPrintPage(page)
    const metrics = await measureSlides(page)
    const containers = page.locator('.print-slide-container')
    for (let i = 0; i < await containers.count(); i++)
      await containers.nth(i).screenshot({ path: join(outDir, `${String(i + 1).padStart(2, '0')}.png`) })
    const overflowing = metrics.filter(m => m.overflow > 1)
    console.log(`${metrics.length} slides → ${outDir}`)
    for (const m of overflowing)
      console.log(`slide ${m.no}: content overflows the canvas by ${m.overflow}px (${m.culprit})`)
    console.log(overflowing.length ? `${overflowing.length} slide(s) overflow` : 'no slide overflows')
    return overflowing.length ? 1 : 0
  }
  finally {
    await browser.close()
    await server.close()
  }
}

main().then(code => process.exit(code), (error: unknown) => {
  console.error(`shots: ${error instanceof Error ? error.message : String(error)}`)
  process.exit(2)
})
