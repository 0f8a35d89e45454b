/**
 * The bookmark trees of a deck's PDFs: the session's parts (학습 목표 … 그룹 토론, labels from logic/plan.ts)
 * with one entry per slide under each, titled by the slide's first heading. The handout adds its cover, the
 * code pages of each part and the discussion questions. A deck without parts (the day overview) lists its
 * slides at the top level.
 */
import type { OutlineEntry } from './outline'
import type { HandoutPage, HandoutSlide, SlideGroup } from './handoutLayout'
import { stripTags } from './handoutLayout'

export const COVER_BOOKMARK = '표지'
export const CODE_BOOKMARK = '코드'
export const QUESTIONS_BOOKMARK = '그룹 토론 질문'

/** A slide heading as plain text: no Markdown markers, icons or tags. */
export function plainTitle(markdown: string): string {
  return stripTags(markdown)
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\*\*|__|`/g, '')
    .replace(/\s+/g, ' ')
    .trim()
}

/**
 * The first Markdown heading of a slide's content (outside code blocks). Slidev's own slide title is the
 * headmatter's `title` on the first slide (the deck title), not what the slide shows.
 */
export function firstHeading(content: string): string | undefined {
  let fence: string | undefined
  for (const line of content.split(/\r?\n/)) {
    const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1]
    if (marker && (!fence || (marker[0] === fence[0] && marker.length >= fence.length)))
      fence = fence ? undefined : marker
    else if (!fence && /^#{1,6}\s+\S/.test(line))
      return line.replace(/^#{1,6}\s+/, '').replace(/\s+#+\s*$/, '')
  }
  return undefined
}

export function slideBookmarkTitle(slide: Pick<HandoutSlide, 'no' | 'title'> & { content?: string }): string {
  const heading = plainTitle(firstHeading(slide.content ?? '') ?? slide.title)
  return `${slide.no}. ${heading || `슬라이드 ${slide.no}`}`
}

/** Parts with their slides; `pageOf` gives the 0-based page a slide (or part's extra entry) is on. */
function byGroup(groups: readonly SlideGroup[], slides: readonly HandoutSlide[], pageOf: (no: number) => number, extra: (g: number) => OutlineEntry[] = () => []): OutlineEntry[] {
  return groups.flatMap((group, g) => {
    const children = [
      ...group.slides.map(no => ({ title: slideBookmarkTitle(slides.find(s => s.no === no)!), page: pageOf(no) })),
      ...extra(g),
    ]
    return group.label ? [{ title: group.label, page: children[0].page, children }] : children
  })
}

/** The slide PDF: one page per shown slide, in order. */
export function slidePdfBookmarks(slides: readonly HandoutSlide[], groups: readonly SlideGroup[]): OutlineEntry[] {
  const pageOf = (no: number) => slides.findIndex(s => s.no === no)
  return byGroup(groups, slides, pageOf)
}

/** The handout: cover, parts with their slides and code pages, discussion questions. */
export function handoutBookmarks(pages: readonly HandoutPage[], slides: readonly HandoutSlide[], groups: readonly SlideGroup[]): OutlineEntry[] {
  const pageOf = (no: number) => pages.findIndex(p => p.kind === 'slides' && p.slots.includes(no))
  const code = (g: number) => {
    const first = pages.findIndex(p => p.kind === 'code' && p.group === g)
    return first < 0 ? [] : [{ title: CODE_BOOKMARK, page: first }]
  }
  const questions = pages.findIndex(p => p.kind === 'questions')
  return [
    { title: COVER_BOOKMARK, page: 0 },
    ...byGroup(groups, slides, pageOf, code),
    ...(questions < 0 ? [] : [{ title: QUESTIONS_BOOKMARK, page: questions }]),
  ]
}
