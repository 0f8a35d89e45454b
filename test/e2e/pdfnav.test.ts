/**
 * Student PDFs that navigate and copy, and the course under a sub-path (issue 12): bookmarks by part and slide,
 * title and language, tagged PDFs, every code block of a deck as text in its handout (manifests that parse),
 * and a build for /k8s-course/ served there with no broken link from the hub.
 */
import type { Browser, Response } from 'playwright-chromium'
import type { StaticServer } from '../../scripts/lib/server'
import type { ResponseRecord } from './links'
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import process from 'node:process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseAllDocuments } from 'yaml'
import { DECKS } from '../../logic/course'
import { SESSION_PLAN } from '../../logic/plan'
import { buildCourse, formatSummary } from '../../scripts/lib/build'
import { CODE_BOOKMARK, COVER_BOOKMARK, handoutBookmarks, QUESTIONS_BOOKMARK, slidePdfBookmarks } from '../../scripts/lib/build/bookmarks'
import { assignHandoutCode, missingCodeLines } from '../../scripts/lib/build/handoutCode'
import { codeBySlide, discussionQuestions, groupSlides, handoutSlides, planHandout } from '../../scripts/lib/build/handoutLayout'
import { compareOutline, loadPdf, readAccessibility, readOutline, writeOutline } from '../../scripts/lib/build/outline'
import { readState } from '../../scripts/lib/build/state'
import { loadDeck } from '../../scripts/lib/deck'
import { serveDist } from '../../scripts/lib/server'
import { DIST, launchBrowser, pdfText, ROOT } from './harness'
import { badResponses, checkPdfLink, hubLinks } from './links'

/** The decks the global setup built (all in CI; E2E_DECKS while working on this file). */
const built = process.env.E2E_DECKS ? DECKS.filter(d => process.env.E2E_DECKS!.split(',').map(s => s.trim()).includes(d.deck)) : [...DECKS]
const squeeze = (text: string) => text.replace(/\s+/g, '')

/** The deck as the build sees it: shown slides with their part and code, the parts, the handout's page plan. */
function deckModel(deck: string) {
  const deckFile = join(ROOT, 'slides', `${deck}.md`)
  const source = loadDeck(deckFile)
  const slides = handoutSlides(source.slides)
  assignHandoutCode(source, slides, ROOT)
  const groups = groupSlides(slides)
  const questions = DECKS.find(d => d.deck === deck)!.session ? discussionQuestions(slides).length : 0
  // Slides whose notes the build measured too long for a half page got a page of their own.
  const fullPage = new Set(readState(join(DIST, '.build-state.json')).decks[deck]?.handoutFullPage ?? [])
  return { slides, groups, pages: planHandout(groups, questions, fullPage, codeBySlide(slides)) }
}

function pdfinfo(file: string): string {
  return execFileSync('pdfinfo', [file], { encoding: 'utf8' })
}

describe.each(built.map(d => d.deck))('PDFs of %s', (deck) => {
  const info = DECKS.find(d => d.deck === deck)!
  const slidePdf = join(DIST, 'pdf', `${deck}.pdf`)
  const handout = join(DIST, 'handouts', `${deck}.pdf`)

  it('the slide PDF is tagged, titled, in Korean, with a bookmark per part and under it one per slide', async () => {
    const pdf = await loadPdf(readFileSync(slidePdf))
    expect(readAccessibility(pdf)).toEqual({ title: info.title, lang: 'ko', marked: true, structTree: true })
    // poppler reads the same (a second parser): tagged, and the title.
    expect(pdfinfo(slidePdf)).toMatch(/^Tagged:\s+yes$/m)
    const outline = readOutline(pdf)
    const { slides, groups } = deckModel(deck)
    expect(compareOutline(outline, slidePdfBookmarks(slides, groups))).toEqual([])
    if (info.session)
      expect(outline.map(e => e.title)).toEqual(SESSION_PLAN.map(s => s.label))
    // Each slide bookmark opens the page that shows that slide's title.
    const entries = info.session ? outline.flatMap(e => e.children ?? []) : outline
    expect(entries).toHaveLength(slides.length)
    const text = pdfText(slidePdf).split('\f')
    for (const entry of entries) {
      const title = entry.title.replace(/^\d+\.\s/, '')
      expect(squeeze(text[entry.page]), `${deck} page ${entry.page + 1}: "${title}"`).toContain(squeeze(title).slice(0, 24))
    }
  })

  it('the handout has bookmarks for its cover, the parts with their slides and code, and the questions', async () => {
    const pdf = await loadPdf(readFileSync(handout))
    expect(readAccessibility(pdf)).toEqual({ title: `${info.title} — 핸드아웃`, lang: 'ko', marked: true, structTree: true })
    expect(pdfinfo(handout)).toMatch(/^Tagged:\s+yes$/m)
    const { slides, groups, pages } = deckModel(deck)
    expect(pdf.getPageCount()).toBe(pages.length)
    const outline = readOutline(pdf)
    expect(compareOutline(outline, handoutBookmarks(pages, slides, groups))).toEqual([])
    const text = pdfText(handout).split('\f')
    expect(outline[0]).toEqual({ title: COVER_BOOKMARK, page: 0 })
    if (info.session) {
      expect(outline.map(e => e.title)).toEqual([COVER_BOOKMARK, ...SESSION_PLAN.map(s => s.label), QUESTIONS_BOOKMARK])
      expect(squeeze(text[outline.at(-1)!.page])).toContain('그룹토론질문')
    }
    const entries = outline.flatMap(e => e.children ?? [e]).filter(e => e.title !== COVER_BOOKMARK && e.title !== QUESTIONS_BOOKMARK)
    for (const entry of entries) {
      if (entry.title === CODE_BOOKMARK) {
        expect(text[entry.page]).toMatch(/코드/)
        continue
      }
      const [, no, title] = /^(\d+)\.\s(.*)$/.exec(entry.title)!
      expect(squeeze(text[entry.page]), `${deck} handout page ${entry.page + 1}: slide ${no}`).toContain(squeeze(`${no}${title}`).slice(0, 24))
    }
  })

  it('the handout carries every code block of the deck, complete, as monospace text', () => {
    const { slides } = deckModel(deck)
    const text = pdfText(handout)
    const missing = slides.flatMap(s => (s.code ?? []).map(c => ({ where: `slides/${deck}.md:${c.line}`, lines: missingCodeLines(text, c.code) })))
      .filter(m => m.lines.length)
    expect(missing).toEqual([])
    if (!slides.some(s => s.code?.length))
      return
    expect(execFileSync('pdffonts', [handout], { encoding: 'utf8' })).toMatch(/NanumGothicCoding/)
    // Printed at 8 pt or more: poppler's word boxes are as tall as the type size.
    const { pages } = deckModel(deck)
    const index = pages.findIndex(p => p.kind === 'code')
    const page = pages[index] as Extract<typeof pages[number], { kind: 'code' }>
    const chunk = page.chunks[0]
    const firstWord = slides.find(s => s.no === chunk.slide)!.code![chunk.block].code.split('\n').slice(chunk.from).find(l => l.trim())!.trim().split(/\s+/)[0]
    const boxes = execFileSync('pdftotext', ['-bbox', '-f', String(index + 1), '-l', String(index + 1), handout, '-'], { encoding: 'utf8' })
    const word = [...boxes.matchAll(/<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<\/word>/g)]
      .find(m => m[3] === firstWord.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;'))
    expect(word, `"${firstWord}" on handout page ${index + 1}`).toBeDefined()
    expect(Number(word![2]) - Number(word![1])).toBeGreaterThanOrEqual(8)
  })
})

describe.runIf(built.some(d => d.session))('the checks on a real handout', () => {
  const deck = built.find(d => d.session)!.deck
  it('report a bookmark taken out of the handout and a code line missing from its text', async () => {
    const { slides, groups, pages } = deckModel(deck)
    const expected = handoutBookmarks(pages, slides, groups)
    const pdf = await loadPdf(readFileSync(join(DIST, 'handouts', `${deck}.pdf`)))
    // The same handout with the discussion questions' bookmark and one slide's bookmark left out.
    const outline = readOutline(pdf)
    const damaged = outline.slice(0, -1).map((e, i) => i === 2 ? { ...e, children: e.children!.slice(1) } : e)
    writeOutline(pdf, damaged)
    const reread = readOutline(await loadPdf(await pdf.save()))
    expect(compareOutline(reread, expected)).toEqual([
      `missing bookmark "${outline[2].title} > ${outline[2].children![0].title}" (page ${outline[2].children![0].page + 1})`,
      `missing bookmark "${QUESTIONS_BOOKMARK}" (page ${outline.at(-1)!.page + 1})`,
    ])
    // The handout text without one line of a manifest.
    const listing = slides.flatMap(s => s.code ?? []).find(c => c.lang === 'yaml' && c.code.split('\n').length > 5)!
    const line = listing.code.split('\n').reduce((a, b) => b.trim().length > a.trim().length ? b : a)
    const text = pdfText(join(DIST, 'handouts', `${deck}.pdf`))
    expect(missingCodeLines(text, listing.code)).toEqual([])
    // Every occurrence, however pdftotext spaced it.
    const anywhere = new RegExp([...line.replace(/\s+/g, '')].map(c => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\s*'), 'g')
    expect(missingCodeLines(text.replace(anywhere, ''), listing.code)).toEqual([line])
  })
})

const sessionDecks = built.filter(d => d.session).map(d => d.deck)

describe.runIf(sessionDecks.length)('manifests copied from a handout', () => {
  it.each(sessionDecks)('%s: every whole manifest on a code page parses as YAML to the same objects as the deck\'s (pdftotext)', (deck) => {
    const { slides, pages } = deckModel(deck)
    const file = join(DIST, 'handouts', `${deck}.pdf`)
    let checked = 0
    for (const page of pages) {
      if (page.kind !== 'code')
        continue
      const lines = pdfText(file, { first: pages.indexOf(page) + 1, last: pages.indexOf(page) + 1 }).split('\n')
      for (const chunk of page.chunks) {
        const listing = slides.find(s => s.no === chunk.slide)!.code![chunk.block]
        const code = listing.code.split('\n')
        // Whole manifests only: a block continued from or onto another page is checked line by line above.
        if (listing.lang !== 'yaml' || !/^kind:/m.test(listing.code) || chunk.from > 0 || chunk.to < code.length)
          continue
        // The block's first line, then lines up to the blank line that ends the block on the page.
        const start = lines.findIndex((l, i) => l.trim() === code[0].trim() && lines[i + 1]?.trim() === code[1].trim())
        expect(start, `slides/${deck}.md:${listing.line} on handout page ${pages.indexOf(page) + 1}`).toBeGreaterThanOrEqual(0)
        let end = start
        let seen = 0
        const wanted = code.filter(l => l.trim()).length
        while (end < lines.length && seen < wanted) {
          if (lines[end].trim())
            seen++
          end++
        }
        const copied = lines.slice(start, end)
        const indent = Math.min(...copied.filter(l => l.trim()).map(l => /^ */.exec(l)![0].length))
        const text = copied.map(l => l.slice(indent)).join('\n')
        const parsed = parseAllDocuments(text)
        expect(parsed.flatMap(d => d.errors.map(e => e.message)), text).toEqual([])
        expect(parsed.map(d => d.toJS())).toEqual(parseAllDocuments(listing.code).map(d => d.toJS()))
        checked++
      }
    }
    expect(checked).toBeGreaterThanOrEqual(1)
  })
})

/** The course built for a sub-path into its own folder (2 decks keep the cost small), served there. */
const BASE = '/k8s-course/'
const BASE_DIST = join(ROOT, '.cache', 'dist-base')
const BASE_DECKS = ['overview', 'session_05']

describe('the course under a sub-path', () => {
  let server: StaticServer
  let browser: Browser

  beforeAll(async () => {
    const summary = await buildCourse({ root: ROOT, decks: BASE_DECKS, base: BASE, outDir: BASE_DIST, log: () => {} })
    if (!summary.ok)
      throw new Error(`the build for ${BASE} failed:\n${formatSummary(summary)}`)
    server = await serveDist(BASE_DIST, { prefix: BASE })
    browser = await launchBrowser()
  })

  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  it('records the base in the build state: another base rebuilds, the same base is fresh', async () => {
    const again = await buildCourse({ root: ROOT, decks: BASE_DECKS, base: BASE, outDir: BASE_DIST, log: () => {} })
    expect(again.results.map(r => r.outcome)).toEqual(BASE_DECKS.map(() => 'fresh'))
    const here = readState(join(BASE_DIST, '.build-state.json')).decks
    const root = readState(join(DIST, '.build-state.json')).decks
    for (const deck of BASE_DECKS.filter(d => root[d]?.site))
      expect(here[deck].site).not.toBe(root[deck].site)
    // For static hosts: rewrite rules per deck, a 404 page for deep links, and no Jekyll on GitHub Pages.
    expect(readFileSync(join(BASE_DIST, '_redirects'), 'utf8')).toContain(`${BASE}session_05/*  ${BASE}session_05/index.html  200`)
    expect(existsSync(join(BASE_DIST, '404.html')) && existsSync(join(BASE_DIST, '.nojekyll'))).toBe(true)
    // Nothing is served outside the prefix.
    expect((await fetch(`${server.url}/`)).status).toBe(404)
    expect((await fetch(`${server.url}/session_05/`)).status).toBe(404)
  })

  it('links from the hub to every deck, presenter, rehearsal page, PDF and handout, with no 404 anywhere', async () => {
    const hub = `${server.url}${BASE}`
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } })
    const records: ResponseRecord[] = []
    const failed: string[] = []
    const record = (response: Response) => records.push({ url: response.url(), status: response.status() })
    try {
      const page = await context.newPage()
      page.on('response', record)
      // A request cut short by the next navigation (fonts still loading) is aborted, not broken.
      page.on('requestfailed', (request) => {
        if (request.failure()?.errorText !== 'net::ERR_ABORTED')
          failed.push(`${request.failure()?.errorText} ${request.url()}`)
      })
      await page.goto(hub, { waitUntil: 'networkidle' })
      const links = hubLinks(await page.content(), hub)
      const expected = BASE_DECKS.flatMap(d => [`${hub}${d}/`, `${hub}${d}/presenter/1`, `${hub}${d}/rehearsal`, `${hub}pdf/${d}.pdf`, `${hub}handouts/${d}.pdf`])
      expect(links.filter(l => l.startsWith(server.url)).sort()).toEqual(expect.arrayContaining(expected.sort()))
      const problems: string[] = []
      for (const link of links) {
        if (link.endsWith('.pdf')) {
          problems.push(...await checkPdfLink(link))
          continue
        }
        const response = await page.goto(link, { waitUntil: 'networkidle' })
        if (!response?.ok())
          problems.push(`${response?.status()} ${link}`)
        const path = new URL(link).pathname
        if (path.endsWith('/rehearsal')) {
          await page.getByRole('heading', { name: '리허설 기록' }).waitFor()
        }
        else if (path.endsWith('/presenter/1')) {
          await page.locator('.slidev-presenter').first().waitFor()
          // The presenter panel's link to the records page stays under the base.
          const deck = path.slice(BASE.length).split('/')[0]
          if (DECKS.find(d => d.deck === deck)?.session)
            expect(await page.locator('a[title^="리허설 기록"]').first().getAttribute('href')).toBe(`${BASE}${deck}/rehearsal`)
        }
        else {
          await page.locator('.slidev-page-1').first().waitFor()
          // The router works under the base: the next slide is /<base><deck>/2.
          await page.keyboard.press('ArrowRight')
          await page.waitForURL(`${link}2`)
        }
      }
      problems.push(...badResponses(records, server.url, BASE), ...failed)
      expect(problems).toEqual([])
      // Every page really loaded its scripts and styles from under the base.
      expect(records.filter(r => r.url.includes(`${BASE}session_05/assets/`)).length).toBeGreaterThan(3)
    }
    finally {
      await context.close()
    }
  })

  it('opens deep links on a host without rewrite rules (GitHub Pages answers with the course\'s 404.html)', async () => {
    const hub = `${server.url}${BASE}`
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } })
    // The host: files under the base as they are, anything else the course's 404.html with status 404.
    await context.route(`${server.url}/**`, (route) => {
      const path = decodeURIComponent(new URL(route.request().url()).pathname)
      const relative = path.startsWith(BASE) ? path.slice(BASE.length) : undefined
      const file = relative === undefined ? undefined : [join(BASE_DIST, relative), join(BASE_DIST, relative, 'index.html')].find(f => existsSync(f) && statSync(f).isFile())
      return file ? route.fulfill({ path: file }) : route.fulfill({ status: 404, path: join(BASE_DIST, '404.html'), contentType: 'text/html; charset=utf-8' })
    })
    try {
      const page = await context.newPage()
      const routes: [string, string][] = [['session_05/presenter/1', '.slidev-presenter'], ['session_05/3', '.slidev-page-3'], ['overview/rehearsal', 'h1:has-text("리허설 기록")']]
      for (const [route, selector] of routes) {
        await page.goto(`${hub}${route}`)
        await page.waitForURL(`${hub}${route}`)
        await page.locator(selector).first().waitFor()
        // The deck put the route back: the address is the deep link, without the 404 page's query.
        expect(page.url()).toBe(`${hub}${route}`)
      }
      // A path that is no deck stays a plain 404 page with a way back to the hub.
      const response = await page.goto(`${hub}nothing/here`)
      expect(response?.status()).toBe(404)
      await expect(page.locator(`a[href="${BASE}"]`).count()).resolves.toBe(1)
    }
    finally {
      await context.close()
    }
  })
})
