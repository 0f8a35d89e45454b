import type { Browser, BrowserContext } from 'playwright-chromium'
import type { StaticServer } from '../../scripts/lib/server'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { COURSE, DECKS } from '../../logic/course'
import { pdfPageCount } from '../../scripts/lib/build/pdf'
import { measureSlides, waitForPrintPage } from '../../scripts/lib/slideMetrics'
import { DIST, launchBrowser, newWatchedPage, pdfFonts, pdfText, renderedFonts, selectFirst, selectInShadow, serveCourse, slideCount } from './harness'

/** Fontsource's Noto Sans KR files carry the family name "Noto Sans KR Thin" inside; either is the bundled font. */
const BUNDLED_FONT = /^Noto Sans KR/

let server: StaticServer
let browser: Browser
let context: BrowserContext

beforeAll(async () => {
  server = await serveCourse()
  browser = await launchBrowser()
  context = await browser.newContext({ viewport: { width: 1280, height: 720 } })
})

afterAll(async () => {
  await context?.close()
  await browser?.close()
  await server?.close()
})

describe('course hub', () => {
  it('lists the day and every deck with play, presenter and PDF links, all local', async () => {
    const { page, watch } = await newWatchedPage(context, server.url)
    await page.goto(`${server.url}/`, { waitUntil: 'networkidle' })
    await expect(page.locator('h1').textContent()).resolves.toBe(COURSE.fullTitle)
    for (const { deck } of DECKS) {
      const card = page.locator(`#${deck}`)
      await expect(card.locator(`a[href="./${deck}/"]`).count()).resolves.toBe(1)
      await expect(card.locator(`a[href="./${deck}/presenter/1"]`).count()).resolves.toBe(1)
      await expect(card.locator(`a[href="./pdf/${deck}.pdf"]`).count()).resolves.toBe(1)
    }
    await expect(page.locator('#session_04 li').allTextContents()).resolves.toContain('메트릭 기반 스케일링 전략')
    await expect(page.locator('#session_04 .seg').allTextContents()).resolves.toEqual(['5', '핵심 개념 15', '심화 분석 12', '실무 패턴 10', '그룹 토론 8'])
    await expect(page.locator('#session_04 .seg-goals').getAttribute('title')).resolves.toBe('학습 목표 5분')
    expect(await renderedFonts(page, selectFirst('h1'))).toEqual([expect.stringMatching(BUNDLED_FONT)])
    expect(watch.remoteRequests).toEqual([])
    expect(watch.consoleErrors).toEqual([])
    await page.close()
  })
})

describe.each(DECKS.map(d => d.deck))('deck %s', (deck) => {
  it('plays and presents offline: no console error, no remote request, Hangul in the bundled font', async () => {
    const { page, watch } = await newWatchedPage(context, server.url)
    await page.goto(`${server.url}/${deck}/1`, { waitUntil: 'networkidle' })
    await page.locator('.slidev-page-1 h1').first().waitFor()
    expect(await renderedFonts(page, selectFirst('.slidev-page-1 h1'))).toEqual([expect.stringMatching(BUNDLED_FONT)])
    await page.goto(`${server.url}/${deck}/presenter/1`, { waitUntil: 'networkidle' })
    await page.locator('.slidev-presenter, #page-root').first().waitFor()
    expect(watch.pageErrors).toEqual([])
    expect(watch.consoleErrors).toEqual([])
    expect(watch.remoteRequests).toEqual([])
    await page.close()
  })

  it('renders every slide within the canvas, with every Mermaid diagram drawn and no error box', async () => {
    const { page, watch } = await newWatchedPage(context, server.url)
    await page.setViewportSize({ width: 980, height: 552 })
    await page.goto(`${server.url}/${deck}/print?print`, { waitUntil: 'networkidle' })
    await waitForPrintPage(page)
    const metrics = await measureSlides(page)
    expect(metrics).toHaveLength(slideCount(deck))
    expect(metrics.filter(m => m.overflow > 1).map(m => `slide ${m.no} overflows by ${m.overflow}px: ${m.culprit}`)).toEqual([])
    const diagrams = await page.locator('.mermaid svg').count()
    const fences = (await import('node:fs')).readFileSync(join(DIST, '..', 'slides', `${deck}.md`), 'utf8').match(/^```mermaid/gm)?.length ?? 0
    expect(diagrams).toBeGreaterThanOrEqual(fences)
    const errorText = await page.locator('text=/Syntax error in text|Parse error on line|No diagram type detected/').count()
    expect(errorText).toBe(0)
    expect(watch.pageErrors).toEqual([])
    expect(watch.remoteRequests).toEqual([])
    // Mermaid labels are drawn in the bundled font, not a system fallback
    if (fences > 0)
      expect(await renderedFonts(page, selectInShadow('.mermaid', '.nodeLabel, .messageText, text'))).toEqual([expect.stringMatching(BUNDLED_FONT)])
    await page.close()
  })

  it('has a PDF with one page per slide, extractable Korean text and embedded fonts', async () => {
    const pdf = join(DIST, 'pdf', `${deck}.pdf`)
    expect(existsSync(pdf)).toBe(true)
    expect(await pdfPageCount(pdf)).toBe(slideCount(deck))
    const text = pdfText(pdf)
    expect(text).toMatch(/[가-힣]{2,}/)
    expect(text).toContain(deck === 'overview' ? '고급 워크로드 관리' : DECKS.find(d => d.deck === deck)!.session!.title.split(' ')[0])
    // nothing presenter-only: no segment countdown, no pace
    expect(text).not.toMatch(/\d+:\d{2}\s*남음/)
    expect(text).not.toMatch(/[+-]?\d+:\d{2}\s*(?:늦음|여유)/)
    const fonts = pdfFonts(pdf)
    expect(fonts.length).toBeGreaterThan(0)
    expect(fonts.filter(f => !f.embedded)).toEqual([])
    expect(fonts.some(f => /NotoSansKR/.test(f.name))).toBe(true)
  })
})
