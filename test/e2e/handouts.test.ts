import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import process from 'node:process'
import { describe, expect, it } from 'vitest'
import { DECKS } from '../../logic/course'
import { SESSION_PLAN } from '../../logic/plan'
import { deriveSegmentMap } from '../../logic/segmentMap'
import { buildCourse } from '../../scripts/lib/build'
import { assignHandoutCode, paginateCode } from '../../scripts/lib/build/handoutCode'
import { handoutSlides } from '../../scripts/lib/build/handoutLayout'
import { pdfPageCount } from '../../scripts/lib/build/pdf'
import { readState } from '../../scripts/lib/build/state'
import { isShownSlide, loadDeck } from '../../scripts/lib/deck'
import { DIST, pdfFonts, pdfImages, pdfText, ROOT, slideCount } from './harness'

const handoutFile = (deck: string) => join(DIST, 'handouts', `${deck}.pdf`)
/** pdftotext breaks lines and pads columns; compare text without any whitespace. */
const squeeze = (text: string) => text.replace(/\s+/g, '')
/** What a reader sees of a line of Markdown: no emphasis, code or link markers. */
const plain = (markdown: string) => markdown.replace(/\*\*|__|`/g, '').replace(/^\s*(?:[-*]|\d+\.)\s+/, '')

/**
 * The documented layout (scripts/lib/build/handoutLayout.ts): a cover, two slides a page with every segment on
 * a new page followed by the code pages of its slides, then one page for the discussion questions (a session
 * has at most six).
 */
function expectedSessionPages(deck: string): number {
  const file = join(ROOT, 'slides', `${deck}.md`)
  const parsed = loadDeck(file)
  const slides = parsed.slides
  const map = deriveSegmentMap(slides.map(s => s.frontmatter))
  const ofSegment = (id: string) => slides.filter(s => isShownSlide(s.frontmatter) && map.slides[s.index].segment === id)
  const perSegment = SESSION_PLAN.map(segment => ofSegment(segment.id).length)
  const withCode = handoutSlides(slides)
  assignHandoutCode(parsed, withCode, ROOT)
  const codePages = SESSION_PLAN.map(segment => paginateCode(ofSegment(segment.id)
    .map(s => ({ no: s.index + 1, code: withCode.find(h => h.no === s.index + 1)!.code! }))
    .filter(s => s.code.length)).length)
  return 1 + perSegment.reduce((sum, n) => sum + Math.ceil(n / 2), 0) + codePages.reduce((a, b) => a + b, 0) + 1
}

/** session_03 in CI; with E2E_DECKS (only some decks built), the first session deck built. */
const sessionDeck = process.env.E2E_DECKS
  ? DECKS.find(d => d.session && process.env.E2E_DECKS!.split(',').map(s => s.trim()).includes(d.deck))?.deck ?? 'session_03'
  : 'session_03'

describe(`session handout (${sessionDeck})`, () => {
  const deck = sessionDeck
  const file = handoutFile(deck)
  const source = loadDeck(join(ROOT, 'slides', `${deck}.md`))

  it('is a PDF under 5 MB with the pages its slides and notes need, linked from the hub', async () => {
    expect(existsSync(file)).toBe(true)
    expect(statSync(file).size).toBeLessThan(5 * 1024 * 1024)
    const pages = await pdfPageCount(file)
    expect(pages).toBe(expectedSessionPages(deck))
    expect(pdfText(file, { first: pages, last: pages })).toContain(`${pages} / ${pages}`)
    expect(readFileSync(join(DIST, 'index.html'), 'utf8')).toContain(`href="./handouts/${deck}.pdf"`)
  })

  it('has the cover: course, session title, learning goals and the five-part plan with minutes', () => {
    const cover = pdfText(file, { first: 1, last: 1 })
    const info = DECKS.find(d => d.deck === deck)!
    expect(cover).toContain('Week 3 Day 1')
    expect(squeeze(cover)).toContain(squeeze(info.session!.title))
    expect(cover).toContain('학습 목표')
    expect(cover).toMatch(new RegExp(SESSION_PLAN.map(s => `${s.label}\\s+${s.minutes}분`).join('[\\s\\S]*')))
  })

  it('has each slide\'s notes as text, rendered from Markdown, beside its picture', () => {
    const text = pdfText(file)
    // A known note of a known slide: the first sentence-long line of the note on the slide that opens 심화 분석.
    const slide = source.slides.find(s => s.frontmatter.segment === 'analysis')!
    const line = slide.note!.trim().split('\n').map(plain).find(l => l.length > 20) ?? ''
    expect(line.length).toBeGreaterThan(20)
    expect(squeeze(text)).toContain(squeeze(line))
    expect(squeeze(text)).toContain(squeeze(plain(slide.title!)))
    // Markdown is rendered, not printed: every session note uses **emphasis** and - lists.
    expect(source.slides.some(s => s.note?.includes('**'))).toBe(true)
    expect(text).not.toContain('**')
    expect(text).not.toMatch(/^\s*- Q:/m)
    // The footer carries the session title on every page.
    const footer = squeeze(`${DECKS.find(d => d.deck === deck)!.title} · 핸드아웃`)
    expect(squeeze(text).split(footer).length - 1).toBe(expectedSessionPages(deck))
  })

  it('ends with the discussion questions of the deck with room to write', async () => {
    const pages = await pdfPageCount(file)
    const last = squeeze(pdfText(file, { first: pages, last: pages }))
    expect(last).toContain('그룹토론질문')
    const questionSlide = source.slides.find(s => s.content.includes('<DiscussionTimer'))!
    const questions = questionSlide.content.split('\n').filter(l => /^\d+\.\s/.test(l))
    expect(questions.length).toBeGreaterThan(2)
    for (const question of questions)
      expect(last).toContain(squeeze(plain(question)))
  })

  it('embeds its fonts (the bundled Noto Sans KR) and has a sharp picture of every slide', () => {
    const fonts = pdfFonts(file)
    expect(fonts.length).toBeGreaterThan(0)
    expect(fonts.filter(f => !f.embedded)).toEqual([])
    expect(fonts.some(f => /NotoSansKR/.test(f.name))).toBe(true)
    const images = pdfImages(file)
    expect(images.length).toBeGreaterThanOrEqual(slideCount(deck))
    expect(images.every(i => i.encoding === 'jpeg' && i.width >= 1470 && i.ppi >= 300)).toBe(true)
  })
})

describe('overview handout', () => {
  it('has the cover and the slides with their notes, two a page, without segments or questions', async () => {
    const file = handoutFile('overview')
    expect(existsSync(file)).toBe(true)
    const slides = slideCount('overview')
    expect(await pdfPageCount(file)).toBe(1 + Math.ceil(slides / 2))
    const text = pdfText(file)
    expect(text).not.toContain('그룹 토론 질문')
    const note = loadDeck(join(ROOT, 'slides', 'overview.md')).slides[1].note!.trim().split('\n')[0]
    expect(squeeze(text)).toContain(squeeze(plain(note)))
    expect(pdfImages(file).length).toBeGreaterThanOrEqual(slides)
  })
})

describe('npm run handouts (--handouts-only)', () => {
  it('rebuilds only the handout, atomically, and records it', async () => {
    const deck = sessionDeck
    const site = join(DIST, deck, 'index.html')
    const before = { site: statSync(site).mtimeMs, pdf: statSync(join(DIST, 'pdf', `${deck}.pdf`)).mtimeMs, handout: statSync(handoutFile(deck)).mtimeMs }
    const fresh = await buildCourse({ root: ROOT, decks: [deck], handoutsOnly: true, log: () => {} })
    expect(fresh.results[0]).toMatchObject({ deck, outcome: 'fresh' })
    const forced = await buildCourse({ root: ROOT, decks: [deck], handoutsOnly: true, force: true, log: () => {} })
    expect(forced.ok).toBe(true)
    expect(forced.results[0]).toMatchObject({ deck, outcome: 'built', handout: { pages: expectedSessionPages(deck) } })
    expect(statSync(site).mtimeMs).toBe(before.site)
    expect(statSync(join(DIST, 'pdf', `${deck}.pdf`)).mtimeMs).toBe(before.pdf)
    expect(statSync(handoutFile(deck)).mtimeMs).toBeGreaterThan(before.handout)
    expect(readdirSync(join(DIST, 'handouts')).filter(f => f.includes('.tmp'))).toEqual([])
    expect(readState(join(DIST, '.build-state.json')).decks[deck].handout).toMatch(/^[0-9a-f]{20}$/)
  })
})
