/**
 * The handout's structure as plain data, without a browser: which slide goes on which A4 page, under which
 * segment heading, and what the cover and the discussion page list. scripts/lib/build/handout.ts renders it.
 *
 * Layout (deterministic, so a test can compute the page count from the deck alone):
 * - page 1 is the cover;
 * - then the slides, two per page, each with its notes beside and below the picture; every segment starts on
 *   a new page under its heading, so a segment of n slides takes ceil(n / 2) pages (a free half page becomes
 *   ruled space for the student's own notes). A deck without segments (the day overview) is one group;
 * - after a segment's slides, the code of those slides (every block, complete, in rows of monospace text; see
 *   handoutCode.ts), on as many pages as it needs;
 * - then the discussion questions, up to QUESTIONS_PER_PAGE a page, each with ruled space to write.
 * A slide whose notes do not fit half a page even at the smallest note size gets a page of its own; the
 * renderer measures that and passes the slide numbers in `fullPage` (no deck needs it today).
 */
import type { SlideFrontmatter } from '../../../logic/segmentMap'
import type { CodeChunk, CodeListing } from './handoutCode'
import type { Token } from 'markdown-exit'
import { createMarkdownExit } from 'markdown-exit'
import { deriveSegmentMap } from '../../../logic/segmentMap'
import { SESSION_PLAN } from '../../../logic/plan'
import { isShownSlide } from '../deck'
import { paginateCode } from './handoutCode'

export const SLIDES_PER_PAGE = 2
export const QUESTIONS_PER_PAGE = 6

/** The parts of a parsed slide (scripts/lib/deck.ts) the handout reads. */
export interface HandoutSourceSlide {
  index: number
  frontmatter: SlideFrontmatter
  content: string
  title?: string
  note?: string
}

export interface HandoutSlide {
  /** Slidev's slide number (index + 1), also the number on the print route. */
  no: number
  title: string
  /** Markdown of the speaker notes ('' when the slide has none). */
  note: string
  /** Segment id the slide belongs to; undefined in a deck without segments. */
  segment?: string
  content: string
  /** The slide's code listings (handoutCode.ts); none when absent. */
  code?: CodeListing[]
  /** Files this slide imports that an earlier slide's code already prints whole: where to find them. */
  codeElsewhere?: { file: string, slide: number }[]
}

export interface SlideGroup {
  /** Segment id and label; undefined for a deck without segments. */
  segment?: string
  label?: string
  minutes?: number
  slides: number[]
}

export type HandoutPage =
  | { kind: 'cover' }
  /** `slots` holds slide numbers; null is a free half page (ruled memo space). One slot: a full-page slide. */
  | { kind: 'slides', group: number, continued: boolean, slots: (number | null)[] }
  /** The complete code of a group's slides; `chunks` are runs of lines of their blocks. */
  | { kind: 'code', group: number, continued: boolean, chunks: CodeChunk[] }
  | { kind: 'questions', continued: boolean, questions: number[] }

/** Slides as the print route shows them (hidden and disabled ones left out), each with its segment. */
export function handoutSlides(slides: readonly HandoutSourceSlide[]): HandoutSlide[] {
  const map = deriveSegmentMap(slides.map(s => s.frontmatter))
  const timed = slides.some(s => s.frontmatter.segment !== undefined)
  return slides
    .filter(s => isShownSlide(s.frontmatter))
    .map(s => ({
      no: s.index + 1,
      title: s.title ?? '',
      note: (s.note ?? '').trim(),
      segment: timed ? map.slides[s.index]?.segment : undefined,
      content: s.content,
    }))
}

/** Consecutive slides of the same segment, in deck order, labelled from the session plan. */
export function groupSlides(slides: readonly HandoutSlide[]): SlideGroup[] {
  const groups: SlideGroup[] = []
  for (const slide of slides) {
    const last = groups.at(-1)
    if (last && last.segment === slide.segment) {
      last.slides.push(slide.no)
      continue
    }
    const plan = SESSION_PLAN.find(s => s.id === slide.segment)
    groups.push({ segment: slide.segment, label: plan?.label, minutes: plan?.minutes, slides: [slide.no] })
  }
  return groups
}

/**
 * The page plan: cover, each group's slides two to a page followed by their code, then the discussion
 * questions. `code` holds the code listings of slides that have any, by slide number.
 */
export function planHandout(groups: readonly SlideGroup[], questionCount: number, fullPage: ReadonlySet<number> = new Set(), code: ReadonlyMap<number, readonly Pick<CodeListing, 'code'>[]> = new Map()): HandoutPage[] {
  const pages: HandoutPage[] = [{ kind: 'cover' }]
  groups.forEach((group, g) => {
    let slots: (number | null)[] = []
    let pagesOfGroup = 0
    const flush = () => {
      if (!slots.length)
        return
      while (slots.length < SLIDES_PER_PAGE) slots.push(null)
      pages.push({ kind: 'slides', group: g, continued: pagesOfGroup++ > 0, slots })
      slots = []
    }
    for (const no of group.slides) {
      if (fullPage.has(no)) {
        flush()
        pages.push({ kind: 'slides', group: g, continued: pagesOfGroup++ > 0, slots: [no] })
        continue
      }
      slots.push(no)
      if (slots.length === SLIDES_PER_PAGE)
        flush()
    }
    flush()
    const withCode = group.slides.filter(no => code.get(no)?.length).map(no => ({ no, code: code.get(no)! }))
    paginateCode(withCode).forEach((chunks, i) => pages.push({ kind: 'code', group: g, continued: i > 0, chunks }))
  })
  for (let start = 0; start < questionCount; start += QUESTIONS_PER_PAGE) {
    const questions = Array.from({ length: Math.min(QUESTIONS_PER_PAGE, questionCount - start) }, (_, i) => start + i)
    pages.push({ kind: 'questions', continued: start > 0, questions })
  }
  return pages
}

const md = createMarkdownExit({ html: false })

/**
 * The top-level list items of a slide's Markdown, as inline Markdown (the first paragraph of each item), with
 * Vue components and HTML tags (icons such as `<carbon-flow />`, layout `<div>`s) removed.
 */
export function listItems(markdown: string, kind: 'ordered' | 'bullet' | 'any' = 'any'): string[] {
  const tokens: Token[] = md.parse(markdown, {})
  const items: string[] = []
  let depth = 0
  let take = false
  let wanted = false
  for (const token of tokens) {
    if (token.type === 'ordered_list_open' || token.type === 'bullet_list_open') {
      if (depth === 0)
        wanted = kind === 'any' || token.type === (kind === 'ordered' ? 'ordered_list_open' : 'bullet_list_open')
      depth++
    }
    else if (token.type === 'ordered_list_close' || token.type === 'bullet_list_close') {
      depth--
    }
    else if (token.type === 'list_item_open' && depth === 1) {
      take = wanted
    }
    else if (token.type === 'inline' && take) {
      const text = stripTags(token.content).replace(/\s+/g, ' ').trim()
      if (text)
        items.push(text)
      take = false
    }
  }
  return items
}

const TAG = /<\/?(?:[a-z][\w]*-[\w-]*|div|span|br|b|i|em|strong|small|sup|sub|kbd|mark|u|p|a|img)\b[^<>]*>|<[a-z][\w-]*\b[^<>]*\/>/gi

/** Removes component and HTML tags outside code spans (`<unknown>` inside backticks is content). */
export function stripTags(inline: string): string {
  return inline.split(/(`+[^`]*`+)/).map((part, i) => i % 2 ? part : part.replace(TAG, '')).join('')
}

/** Slide numbers to code listings, for planHandout. */
export function codeBySlide(slides: readonly HandoutSlide[]): Map<number, CodeListing[]> {
  return new Map(slides.filter(s => s.code?.length).map(s => [s.no, s.code!]))
}

/** 1-based page of the handout where a slide's code starts (undefined when it has none). */
export function codePageOf(pages: readonly HandoutPage[], no: number): number | undefined {
  const index = pages.findIndex(p => p.kind === 'code' && p.chunks.some(c => c.slide === no))
  return index < 0 ? undefined : index + 1
}

/**
 * The discussion questions: list items of the discussion segment's question slide — the one that shows
 * `<DiscussionTimer />` (docs/deck-conventions.md), else every slide of the segment — numbered items first,
 * bullets when a slide has no numbered list.
 */
export function discussionQuestions(slides: readonly HandoutSlide[]): string[] {
  const discussion = slides.filter(s => s.segment === 'discussion')
  const withTimer = discussion.filter(s => /<DiscussionTimer\b/.test(s.content))
  const pool = withTimer.length ? withTimer : discussion
  const ordered = pool.flatMap(s => listItems(s.content, 'ordered'))
  return ordered.length ? ordered : pool.flatMap(s => listItems(s.content, 'bullet'))
}

/** The learning goals: list items of the first slide titled with 학습 목표 (empty when there is none). */
export function learningGoals(slides: readonly HandoutSlide[]): string[] {
  const slide = slides.find(s => /학습 목표/.test(s.title))
  return slide ? listItems(slide.content) : []
}

/** "4–13" (or "7" for one slide) for a list of slide numbers. */
export function slideRange(numbers: readonly number[]): string {
  if (!numbers.length)
    return ''
  const first = numbers[0]
  const last = numbers[numbers.length - 1]
  return first === last ? String(first) : `${first}–${last}`
}
