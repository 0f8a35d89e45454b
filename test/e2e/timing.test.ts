/**
 * Presenter timing end to end, on a built deck in real Chromium with Playwright's clock: one presenter window
 * and one audience window in the same browser context (so Slidev's BroadcastChannel sync and localStorage work
 * between them), a 50-minute session walked through its segment boundaries in seconds, reloads, and the PDF.
 *
 * Slide numbers come from the deck's frontmatter (the decks are being written while this test exists).
 * The suite's global setup builds stale decks. Environment: TIMING_E2E_DECK (default session_01);
 * TIMING_E2E_DIST to test another built dist folder.
 */
import type { Browser, BrowserContext, Page } from 'playwright-chromium'
import type { PageWatch } from './harness'
import type { StaticServer } from '../../scripts/lib/server'
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import process from 'node:process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deriveSegmentMap } from '../../logic/segmentMap'
import { formatPace } from '../../logic/timing'
import { loadDeck } from '../../scripts/lib/deck'
import { serveDist } from '../../scripts/lib/server'
import { DIST as COURSE_DIST, launchBrowser, pdfText, ROOT, watchPage } from './harness'

const DECK = process.env.TIMING_E2E_DECK ?? 'session_01'
const DIST = process.env.TIMING_E2E_DIST ? resolve(process.env.TIMING_E2E_DIST) : COURSE_DIST
const PDF = join(DIST, 'pdf', `${DECK}.pdf`)

const MIN = 60_000
/** 10:00 in Seoul: the session's start on the fake clock. */
const T0 = Date.parse('2026-11-26T10:00:00+09:00')

const deck = loadDeck(join(ROOT, 'slides', `${DECK}.md`))
const map = deriveSegmentMap(deck.slides.map(s => s.frontmatter))
const firstOf = (id: string) => map.segments.find(s => s.id === id)!.slides[0] + 1
const discussionTimerSlide = (deck.slides.find(s => s.content.includes('<DiscussionTimer'))?.index ?? map.segments[4].slides[0]) + 1

let server: StaticServer
let browser: Browser
let context: BrowserContext
let presenter: Page
let audience: Page
const watches: PageWatch[] = []

/** Session time on the fake clock: wall time minus the pauses this test makes. */
let pausedMs = 0
async function at(sessionMs: number): Promise<void> {
  await context.clock.pauseAt(T0 + pausedMs + sessionMs)
}

/** Polls from Node: the page's own timers and animation frames are frozen with the clock. */
async function textOf(page: Page, testId: string, expected: string | RegExp, timeout = 10_000): Promise<string> {
  const locator = page.getByTestId(testId)
  const deadline = Date.now() + timeout
  let text = ''
  while (Date.now() < deadline) {
    text = ((await locator.textContent({ timeout }).catch(() => '')) ?? '').replace(/\s+/g, ' ').trim()
    if (typeof expected === 'string' ? text === expected : expected.test(text))
      return text
    await new Promise(r => setTimeout(r, 50))
  }
  return text
}

async function expectPanel(page: Page, expected: Partial<Record<'segment-name' | 'segment-remaining' | 'session-remaining' | 'pace-delta' | 'next-segment', string | RegExp>>): Promise<void> {
  for (const [testId, value] of Object.entries(expected)) {
    const text = await textOf(page, testId, value)
    if (typeof value === 'string')
      expect(text, testId).toBe(value)
    else
      expect(text, testId).toMatch(value)
  }
}

/** The countdown on the audience's screen (Slidev keeps visited slides in the DOM, hidden). */
async function discussionRemaining(expected: string): Promise<void> {
  const locator = audience.getByTestId('discussion-remaining').filter({ visible: true })
  await expect.poll(async () => (await locator.textContent({ timeout: 5000 }).catch(() => ''))?.trim(), { timeout: 10_000 }).toBe(expected)
}

/**
 * A key in the presenter window, then a few milliseconds of clock: Slidev's window sync clears its
 * "patching"/"updating" flags with setTimeout(0), which a paused clock would never run.
 */
async function press(key: string): Promise<void> {
  await presenter.keyboard.press(key)
  await settle()
}

async function settle(): Promise<void> {
  await context.clock.runFor(20)
}

/** Slide by slide with Slidev's own keys (down/up skip clicks), then wait for the route. */
async function goTo(no: number): Promise<void> {
  const from = await slideNo(presenter)
  for (let i = 0; i < Math.abs(no - from); i++)
    await press(no > from ? 'ArrowDown' : 'ArrowUp')
  await expect.poll(() => slideNo(presenter)).toBe(no)
}

async function slideNo(page: Page): Promise<number> {
  return Number(/\/(\d+)(\?|$)/.exec(page.url())?.[1])
}

beforeAll(async () => {
  expect(existsSync(join(DIST, DECK, 'index.html')), `no built deck in ${DIST}/${DECK}`).toBe(true)
  server = await serveDist(DIST)
  browser = await launchBrowser()
  context = await browser.newContext({ viewport: { width: 1280, height: 800 }, timezoneId: 'Asia/Seoul', locale: 'ko-KR' })
  // A minute early: pages load with running timers, then the clock stops at 10:00 sharp.
  await context.clock.install({ time: T0 - MIN })
  presenter = await context.newPage()
  audience = await context.newPage()
  watches.push(watchPage(presenter, server.url), watchPage(audience, server.url))
  await presenter.goto(`${server.url}/${DECK}/presenter/1`)
  await presenter.getByTestId('segment-panel').waitFor()
  await audience.goto(`${server.url}/${DECK}/1`)
  await audience.locator('.slidev-page').first().waitFor()
  await context.clock.pauseAt(T0)
})

afterAll(async () => {
  await browser?.close()
  await server?.close()
})

describe(`presenter timing on ${DECK}`, () => {
  it('should derive the segments from the deck', () => {
    expect(map.issues).toEqual([])
    expect(map.segments.every(s => s.slides.length > 0)).toBe(true)
  })

  it('should show the plan before the timer starts, in the presenter only', async () => {
    await expectPanel(presenter, {
      'segment-name': '학습 목표',
      'segment-remaining': '05:00',
      'session-remaining': '50:00',
      'pace-delta': '0:00 정시',
      'next-segment': '핵심 개념 05:00 · 10:05',
    })
    expect(await audience.getByTestId('segment-panel').count()).toBe(0)
  })

  it('should count down from one start in every window (4:59, 5:01)', async () => {
    await press('t')
    await at(4 * MIN + 59_000)
    const endOfFirst = (map.slides[0].plannedStartSeconds + map.slides[0].plannedSeconds) * 1000
    await expectPanel(presenter, {
      'segment-name': '학습 목표',
      'segment-remaining': '00:01',
      'session-remaining': '45:01',
      'pace-delta': formatPace(Math.max(0, 4 * MIN + 59_000 - endOfFirst)),
    })
    expect(await presenter.getByTestId('timing-cue').textContent()).toContain('마지막 1분')

    await at(5 * MIN + 1000)
    await expectPanel(presenter, { 'segment-name': '학습 목표', 'segment-remaining': '-00:01' })
    expect(await presenter.getByTestId('timing-cue').textContent()).toContain('구간 초과')

    await press(']')
    await expectPanel(presenter, {
      'segment-name': '핵심 개념',
      'segment-remaining': '14:59',
      'session-remaining': '44:59',
      'next-segment': '심화 분석 20:00 · 10:20',
    })
    expect(await slideNo(presenter)).toBe(firstOf('concepts'))
    // The audience follows the presenter's slide.
    await expect.poll(() => slideNo(audience)).toBe(firstOf('concepts'))
  })

  it('should flag the last minute and the overtime of a segment (19:59, 20:01)', async () => {
    await at(19 * MIN + 59_000)
    await expectPanel(presenter, { 'segment-name': '핵심 개념', 'segment-remaining': '00:01', 'session-remaining': '30:01' })
    await at(20 * MIN + 1000)
    await expectPanel(presenter, { 'segment-remaining': '-00:01' })
    await press(']')
    await expectPanel(presenter, { 'segment-name': '심화 분석', 'segment-remaining': '11:59', 'pace-delta': '0:00 정시' })
    // And back: [ goes to the first slide of the previous segment.
    await press('[')
    await expectPanel(presenter, { 'segment-name': '핵심 개념' })
    expect(await slideNo(presenter)).toBe(firstOf('concepts'))
    await press(']')
    await expectPanel(presenter, { 'segment-name': '심화 분석' })
  })

  it('should follow the clock through patterns into the discussion (32:00, 42:00)', async () => {
    await at(32 * MIN)
    await expectPanel(presenter, { 'segment-remaining': '00:00', 'session-remaining': '18:00' })
    await press(']')
    await expectPanel(presenter, { 'segment-name': '실무 패턴', 'segment-remaining': '10:00', 'next-segment': '그룹 토론 42:00 · 10:42' })

    await at(42 * MIN)
    await press(']')
    await expectPanel(presenter, { 'segment-name': '그룹 토론', 'segment-remaining': '08:00', 'session-remaining': '08:00', 'next-segment': '마지막 구간' })
    await goTo(discussionTimerSlide)
    await expect.poll(() => slideNo(audience)).toBe(discussionTimerSlide)
    await discussionRemaining('08:00')
  })

  it('should freeze on pause and carry on after resume, with Slidev\'s own buttons too', async () => {
    await at(45 * MIN)
    await discussionRemaining('05:00')
    await press('t')
    await context.clock.pauseAt(T0 + 48 * MIN)
    pausedMs = 3 * MIN
    await expectPanel(presenter, { 'segment-remaining': '05:00', 'session-remaining': '05:00' })
    expect(await presenter.getByTestId('timing-cue').textContent()).toContain('일시정지')
    await discussionRemaining('05:00')
    await press('t')
    await at(46 * MIN)
    await expectPanel(presenter, { 'segment-remaining': '04:00' })
    await discussionRemaining('04:00')

    // Slidev's inline timer (bottom right of the presenter view) writes the same shared state.
    const slidevTimer = presenter.locator('.slidev-presenter .group:has(.i-carbon\\:timer)')
    await slidevTimer.hover()
    await slidevTimer.locator('.i-carbon\\:pause').click()
    await context.clock.pauseAt(T0 + pausedMs + 46 * MIN + MIN)
    pausedMs += MIN
    await expectPanel(presenter, { 'segment-remaining': '04:00' })
    await discussionRemaining('04:00')
    await slidevTimer.hover()
    await slidevTimer.locator('.i-carbon\\:play').click()
  })

  it('should reach the end of the session (49:59, 50:30)', async () => {
    await at(49 * MIN + 59_000)
    await expectPanel(presenter, { 'segment-remaining': '00:01', 'session-remaining': '00:01' })
    await discussionRemaining('00:01')
    await at(50 * MIN + 30_000)
    await expectPanel(presenter, { 'segment-remaining': '-00:30', 'session-remaining': '-00:30' })
    expect(await presenter.getByTestId('timing-cue').textContent()).toContain('세션 초과')
    await discussionRemaining('00:00')
  })

  it('should survive reloads of either window', async () => {
    // Pages load with the clock flowing (a frozen clock can stall a load), then it stops at a known time.
    await context.clock.resume()
    await presenter.reload()
    await presenter.getByTestId('segment-panel').waitFor()
    await at(51 * MIN + 30_000)
    await expectPanel(presenter, { 'segment-name': '그룹 토론', 'segment-remaining': '-01:30', 'session-remaining': '-01:30' })
    // The presenter's reload must not have reset the audience's timer.
    await discussionRemaining('00:00')
    expect(await audience.getByText('토론 시간 종료').count()).toBe(1)

    await context.clock.resume()
    await audience.reload()
    await audience.getByTestId('discussion-remaining').waitFor()
    await at(52 * MIN)
    await discussionRemaining('00:00')
    await expectPanel(presenter, { 'session-remaining': '-02:00' })
  })

  it('should have recorded the run for the rehearsal page', async () => {
    const page = await context.newPage()
    await page.goto(`${server.url}/${DECK}/rehearsal`)
    await settle()
    const total = await textOf(page, 'rehearsal-total', /실제 \d+:\d{2}/)
    expect(total).toMatch(/^실제 5[12]:\d{2} \/ 계획 50:00$/)
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-csv').click()])
    expect(download.suggestedFilename()).toMatch(/\.csv$/)
    await page.close()
    // Opening the records must not have moved the show.
    expect(await slideNo(presenter)).toBe(discussionTimerSlide)
    await expect.poll(() => slideNo(audience)).toBe(discussionTimerSlide)
  })

  it('should reset after a confirmation', async () => {
    presenter.once('dialog', dialog => void dialog.accept())
    await press('Shift+T')
    await expectPanel(presenter, { 'session-remaining': '50:00' })
    await discussionRemaining('08:00')
  })

  it('should log no error in either window', () => {
    expect(watches.flatMap(w => w.pageErrors)).toEqual([])
    // Missing files are the build's business (course.test.ts); anything else here is the timing's.
    expect(watches.flatMap(w => w.consoleErrors).filter(e => !e.startsWith('Failed to load resource'))).toEqual([])
  })
})

describe(`${DECK} PDF`, () => {
  it('should carry no timer', async () => {
    expect(existsSync(PDF), `no PDF at ${PDF}`).toBe(true)
    const stdout = pdfText(PDF)
    expect(stdout).not.toMatch(/\d{1,2}:\d{2}\s*(남음|초과)/)
    for (const text of ['페이스', '마지막 구간', '세션 초과', '구간 초과'])
      expect(stdout, text).not.toContain(text)
    // The discussion slide prints the planned length instead of a countdown.
    expect(stdout).toContain('그룹 토론 8분')
  })
})
