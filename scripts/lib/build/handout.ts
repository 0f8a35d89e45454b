import type { Browser, Route } from 'playwright-chromium'
import type { DeckInfo } from '../../../logic/course'
import type { CoverRow, HandoutModel } from './handoutHtml'
import { readFileSync } from 'node:fs'
import { rm, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import { PDFDocument } from 'pdf-lib'
import { COURSE, SESSIONS } from '../../../logic/course'
import { SESSION_PLAN, segmentStartMinutes } from '../../../logic/plan'
import { loadDeck } from '../deck'
import { waitForPrintPage } from '../slideMetrics'
import { handoutBookmarks } from './bookmarks'
import { assignHandoutCode } from './handoutCode'
import { NOTE_SIZE, renderHandoutHtml } from './handoutHtml'
import { codeBySlide, discussionQuestions, groupSlides, handoutSlides, learningGoals, planHandout, slideRange } from './handoutLayout'
import { writeMetadata, writeOutline } from './outline'
import { CANVAS } from './pdf'

/** Slide pictures: JPEG at 1.5 × the 980 × 552 canvas (about 390 dpi at the 96 mm they are printed). */
export const SHOT = { scale: 1.5, quality: 80 }
/** A handout above this size is reported; the pictures are what makes it large. */
export const HANDOUT_MAX_BYTES = 5 * 1024 * 1024

export interface HandoutResult {
  pages: number
  bytes: number
  /** Smallest note font size used, in pt. */
  smallestNoteSize: number
  /** Slides whose notes needed a page of their own. */
  fullPage: number[]
}

const require = createRequire(import.meta.url)
const FONT_PACKAGES = {
  'noto-sans-kr': ['400.css', '700.css'],
  'nanum-gothic-coding': ['400.css'],
} as const
type FontPackage = keyof typeof FONT_PACKAGES
const fontDir = (pkg: FontPackage) => dirname(require.resolve(`@fontsource/${pkg}/package.json`))

/** Fontsource's @font-face rules with their file URLs pointing to `base`fonts/<package>/. */
function fontCss(base: string): string {
  return Object.entries(FONT_PACKAGES).flatMap(([pkg, files]) => files.map(file =>
    readFileSync(join(fontDir(pkg as FontPackage), file), 'utf8').replaceAll('url(./files/', `url(${base}fonts/${pkg}/`),
  )).join('\n')
}

function clock(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`
}

/** One JPEG per slide from the deck's print route, which shows every slide in its final click state. */
async function captureSlides(browser: Browser, deckUrl: string, numbers: readonly number[]): Promise<Map<number, Buffer>> {
  const context = await browser.newContext({ viewport: { width: CANVAS.width, height: CANVAS.height }, deviceScaleFactor: SHOT.scale })
  try {
    const page = await context.newPage()
    await page.goto(`${deckUrl}print?print`, { waitUntil: 'networkidle', timeout: 180_000 })
    await page.emulateMedia({ colorScheme: 'light', media: 'screen' })
    await waitForPrintPage(page)
    const containers = page.locator('.print-slide-container')
    const count = await containers.count()
    if (count !== numbers.length)
      throw new Error(`the print route shows ${count} slides, the deck has ${numbers.length}`)
    const shots = new Map<number, Buffer>()
    for (let i = 0; i < count; i++) {
      const container = containers.nth(i)
      const no = Number(await container.locator('[data-slidev-no]').first().getAttribute('data-slidev-no'))
      if (!numbers.includes(no))
        throw new Error(`the print route shows slide ${no}, which the deck does not list`)
      shots.set(no, await container.screenshot({ type: 'jpeg', quality: SHOT.quality, animations: 'disabled' }))
    }
    return shots
  }
  finally {
    await context.close()
  }
}

/**
 * Prints the A4 handout of a built deck: a cover, every slide's picture with its notes under its segment,
 * the discussion questions with room to write. `deckUrl` serves the built site (e.g. http://127.0.0.1:PORT/
 * session_03/); the handout page itself, its pictures and the bundled fonts are served to the browser from
 * memory and node_modules, so nothing leaves the machine. Writes `outFile` only when the PDF has exactly the
 * planned pages.
 */
export async function exportHandout(options: {
  browser: Browser
  deckUrl: string
  info: DeckInfo
  deckFile: string
  outFile: string
  log?: (line: string) => void
}): Promise<HandoutResult> {
  const { browser, deckUrl, info, deckFile, outFile } = options
  const deck = loadDeck(deckFile)
  const slides = handoutSlides(deck.slides)
  // The project root: decks live in <root>/slides/.
  const root = resolve(dirname(deckFile), '..')
  assignHandoutCode(deck, slides, root)
  const code = codeBySlide(slides)
  const groups = groupSlides(slides)
  const session = info.session
  const questions = session ? discussionQuestions(slides) : []
  const shots = await captureSlides(browser, deckUrl, slides.map(s => s.no))

  const origin = new URL(deckUrl).origin
  const base = `${origin}/.handout/`
  const starts = segmentStartMinutes()
  const plan: CoverRow[] = SESSION_PLAN.map((segment, i) => ({
    label: segment.label,
    minutes: segment.minutes,
    time: `${clock(starts[i])}–${clock(starts[i] + segment.minutes)}`,
    slides: session ? slideRange(groups.find(g => g.segment === segment.id)?.slides ?? []) : '',
    segment: segment.id,
  }))
  const goals = learningGoals(slides)
  const model: HandoutModel = {
    lang: 'ko',
    title: info.title,
    kicker: COURSE.fullTitle,
    badge: session ? `Session ${session.number}` : 'Day overview',
    heading: session ? session.title : '일차 개요',
    summary: `학생용 핸드아웃 · 슬라이드 ${slides.length}장과 발표 노트${questions.length ? ` · 토론 질문 ${questions.length}개` : ''}`,
    goals: goals.length ? goals : [...(session?.topics ?? [])],
    topics: goals.length && session ? [...session.topics] : [],
    plan,
    planTitle: session ? '50분 구성' : '세션마다 같은 50분 구성',
    sessions: session ? [] : SESSIONS.map(s => ({ number: s.number, title: s.title })),
    slides,
    groups,
    questions,
    discussionMinutes: SESSION_PLAN.find(s => s.id === 'discussion')?.minutes,
    pages: planHandout(groups, questions.length, new Set(), code),
    imageUrl: no => `${base}slides/${no}.jpg`,
    fontCss: fontCss(base),
  }

  const context = await browser.newContext({ viewport: { width: 794, height: 1123 } })
  try {
    const page = await context.newPage()
    let html = ''
    // Nothing but the handout's own files: any other request is refused (offline by construction).
    await page.route('**/*', route => route.abort('blockedbyclient'))
    await page.route(`${base}**`, (route: Route) => {
      const path = new URL(route.request().url()).pathname.slice('/.handout/'.length)
      if (path === 'index.html')
        return route.fulfill({ body: html, contentType: 'text/html; charset=utf-8' })
      const shot = /^slides\/(\d+)\.jpg$/.exec(path)
      if (shot && shots.has(Number(shot[1])))
        return route.fulfill({ body: shots.get(Number(shot[1])), contentType: 'image/jpeg' })
      const font = /^fonts\/([\w-]+)\/([\w.-]+\.woff2?)$/.exec(path)
      if (font && font[1] in FONT_PACKAGES)
        return route.fulfill({ path: join(fontDir(font[1] as FontPackage), 'files', font[2]) })
      return route.fulfill({ status: 404, body: 'not found' })
    })

    type Fit = { cells: { no: number, size: number, fits: boolean }[], overflowing: number[] }
    const layOut = async (): Promise<Fit> => {
      html = renderHandoutHtml(model)
      await page.goto(`${base}index.html`, { waitUntil: 'networkidle', timeout: 120_000 })
      await page.evaluate(() => document.fonts.ready)
      const fit = await page.evaluate('window.__handoutFit()') as Fit
      // Smaller text can need glyphs no earlier layout asked for only in theory; wait for fonts once more.
      await page.evaluate(() => document.fonts.ready)
      return fit
    }
    let fit = await layOut()
    const tooLong = fit.cells.filter(c => !c.fits).map(c => c.no)
    if (tooLong.length) {
      options.log?.(`  ${info.deck}: notes of slide(s) ${tooLong.join(', ')} need a page of their own in the handout`)
      model.pages = planHandout(groups, questions.length, new Set(tooLong), code)
      fit = await layOut()
    }
    const unfit = fit.cells.filter(c => !c.fits).map(c => c.no)
    if (unfit.length)
      throw new Error(`handout: the notes of slide(s) ${unfit.join(', ')} do not fit a page even at ${NOTE_SIZE.min}pt; shorten them`)
    if (fit.overflowing.length)
      throw new Error(`handout: page(s) ${fit.overflowing.join(', ')} overflow (cover, code or discussion questions too long)`)
    const loaded = await page.evaluate(() => Array.from(document.fonts).some(f => f.family.includes('Noto Sans KR') && f.status === 'loaded'))
    if (!loaded)
      throw new Error('handout: the bundled Noto Sans KR did not load')

    // Tagged: headings, paragraphs, lists and the code as structure for screen readers. The bookmarks are
    // written below from the page plan (Chromium's own outline would list the sheet headings only).
    const raw = await page.pdf({ preferCSSPageSize: true, printBackground: true, margin: { top: 0, right: 0, bottom: 0, left: 0 }, tagged: true })
    const pdf = await PDFDocument.load(raw, { updateMetadata: false })
    const pages = pdf.getPageCount()
    if (pages !== model.pages.length)
      throw new Error(`handout PDF has ${pages} pages, the layout planned ${model.pages.length}`)
    writeMetadata(pdf, { title: `${info.title} — 핸드아웃`, lang: model.lang, subject: COURSE.fullTitle })
    writeOutline(pdf, handoutBookmarks(model.pages, slides, groups))
    const bytes = await pdf.save()
    await writeFile(outFile, bytes)
    if (bytes.length > HANDOUT_MAX_BYTES)
      options.log?.(`  ${info.deck}: handout is ${(bytes.length / 1048576).toFixed(1)} MB, above ${HANDOUT_MAX_BYTES / 1048576} MB`)
    return {
      pages,
      bytes: bytes.length,
      smallestNoteSize: Math.min(NOTE_SIZE.max, ...fit.cells.map(c => c.size)),
      fullPage: tooLong,
    }
  }
  catch (error) {
    await rm(outFile, { force: true })
    throw error
  }
  finally {
    await context.close()
  }
}
