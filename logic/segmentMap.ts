/**
 * Which slide belongs to which timed segment, and how many seconds each slide is planned to take.
 *
 * Deck convention (docs/deck-conventions.md):
 * - `segment: <id>` in a slide's frontmatter opens that segment; the cover carries `segment: goals` in the
 *   headmatter (Slidev's headmatter is the first slide's frontmatter).
 * - A slide belongs to the last marked segment before it (or on it).
 * - `minutes: <number>` on a slide gives it its own share; the other slides of the segment split what is left
 *   evenly.
 *
 * Plain TypeScript over frontmatter objects: the presenter timer (in the browser) and the deck checker (in
 * Node, via scripts/lib/deck.ts) derive the same map from the same function.
 */

import type { PlanSegment, SegmentId } from './plan'
import { SESSION_PLAN } from './plan'

/** Slide frontmatter as Slidev (or scripts/lib/deck.ts) parses it; only `segment` and `minutes` are read. */
export type SlideFrontmatter = Readonly<Record<string, unknown>>

export interface SlidePlan {
  /** 0-based index into the frontmatter array; Slidev's slide number is index + 1. */
  index: number
  /** Index into the plan of the segment this slide belongs to. */
  segmentIndex: number
  segment: SegmentId
  /** True on the slide whose frontmatter opens the segment. */
  opensSegment: boolean
  /** `minutes` from the frontmatter, when valid. */
  explicitMinutes?: number
  /** Planned length of this slide in seconds (explicit, or an even share of what the segment has left). */
  plannedSeconds: number
  /** Planned offset from the session start at which this slide begins, in seconds. */
  plannedStartSeconds: number
}

export interface SegmentPlanEntry {
  /** Index into the plan. */
  index: number
  id: SegmentId
  label: string
  minutes: number
  /** Planned offset from the session start, in seconds. */
  plannedStartSeconds: number
  plannedEndSeconds: number
  /** Indexes of the slides of this segment (0-based), in order; empty when the deck has no marker for it. */
  slides: number[]
}

export type SegmentMapIssueCode =
  | 'unknown-segment'
  | 'duplicate-segment'
  | 'segment-order'
  | 'missing-segment'
  | 'unmarked-start'
  | 'invalid-minutes'
  | 'minutes-exceed-segment'
  | 'minutes-sum-mismatch'
  | 'minutes-leave-none'

export interface SegmentMapIssue {
  code: SegmentMapIssueCode
  /** 0-based slide index the issue points at (the first slide for deck-wide issues). */
  slideIndex: number
  /** Which frontmatter key to point at in a `file:line` message. */
  key: 'segment' | 'minutes'
  message: string
}

export interface SegmentMap {
  /** One entry per slide, in deck order. */
  slides: SlidePlan[]
  /** One entry per plan segment, in plan order, whether or not the deck marks it. */
  segments: SegmentPlanEntry[]
  /** Planned session length in seconds (the plan's minutes). */
  sessionSeconds: number
  /** False for a deck without any `segment:` marker (the day overview): the session plan does not apply. */
  timed: boolean
  /** Everything that breaks the convention; the map is still usable (best effort) when this is not empty. */
  issues: SegmentMapIssue[]
}

/**
 * Derives the slide-to-segment map from the frontmatter of every slide, in deck order.
 *
 * Never throws on a bad deck: problems go to `issues` so the checker can report all of them with lines, and
 * the presenter view still gets a usable map. Slides before the first marker count towards the first segment
 * (an `unmarked-start` issue).
 */
export function deriveSegmentMap(
  frontmatters: readonly SlideFrontmatter[],
  plan: readonly PlanSegment[] = SESSION_PLAN,
): SegmentMap {
  const issues: SegmentMapIssue[] = []
  const planIndex = new Map(plan.map((segment, index) => [segment.id as string, index]))
  const markedAt = new Map<number, number>()

  let current = -1
  const assigned: { segmentIndex: number, opens: boolean, explicitMinutes?: number }[] = []
  frontmatters.forEach((frontmatter, index) => {
    let opens = false
    const marker = frontmatter.segment
    if (marker !== undefined) {
      const found = typeof marker === 'string' ? planIndex.get(marker) : undefined
      if (found === undefined) {
        issues.push({
          code: 'unknown-segment',
          slideIndex: index,
          key: 'segment',
          message: `unknown segment "${String(marker)}"; use one of ${plan.map(s => s.id).join(', ')}`,
        })
      }
      else if (markedAt.has(found)) {
        issues.push({
          code: 'duplicate-segment',
          slideIndex: index,
          key: 'segment',
          message: `segment "${plan[found].id}" is already opened on slide ${markedAt.get(found)! + 1}`,
        })
      }
      else {
        if (found < current) {
          issues.push({
            code: 'segment-order',
            slideIndex: index,
            key: 'segment',
            message: `segment "${plan[found].id}" comes after "${plan[current].id}"; the plan order is ${plan.map(s => s.id).join(' → ')}`,
          })
        }
        markedAt.set(found, index)
        current = found
        opens = true
      }
    }
    if (current === -1) {
      if (index === 0) {
        issues.push({
          code: 'unmarked-start',
          slideIndex: 0,
          key: 'segment',
          message: `the first slide (headmatter) must open a segment: add \`segment: ${plan[0]?.id ?? 'goals'}\``,
        })
      }
      current = 0
    }
    assigned.push({ segmentIndex: current, opens, explicitMinutes: readMinutes(frontmatter, index, issues) })
  })

  plan.forEach((segment, index) => {
    if (!markedAt.has(index) && frontmatters.length > 0 && !(index === 0 && !frontmatters[0]?.segment)) {
      issues.push({
        code: 'missing-segment',
        slideIndex: 0,
        key: 'segment',
        message: `no slide opens segment "${segment.id}" (${segment.label}, ${segment.minutes}분): add \`segment: ${segment.id}\` to its first slide`,
      })
    }
  })

  const segments: SegmentPlanEntry[] = []
  let segmentStart = 0
  plan.forEach((segment, index) => {
    const seconds = segment.minutes * 60
    segments.push({
      index,
      id: segment.id,
      label: segment.label,
      minutes: segment.minutes,
      plannedStartSeconds: segmentStart,
      plannedEndSeconds: segmentStart + seconds,
      slides: assigned.flatMap((slide, slideIndex) => slide.segmentIndex === index ? [slideIndex] : []),
    })
    segmentStart += seconds
  })

  const planned = new Array<number>(assigned.length).fill(0)
  for (const segment of segments)
    shareSegment(segment, assigned, planned, issues)

  // Each slide is anchored to its segment's planned start, so a segment without slides (a missing marker)
  // still leaves its gap in the timeline and the later segments keep their clock times.
  const offsetInSegment = new Array<number>(segments.length).fill(0)
  const slides: SlidePlan[] = assigned.map((slide, index) => {
    const entry: SlidePlan = {
      index,
      segmentIndex: slide.segmentIndex,
      segment: plan[slide.segmentIndex].id,
      opensSegment: slide.opens,
      explicitMinutes: slide.explicitMinutes,
      plannedSeconds: planned[index],
      plannedStartSeconds: segments[slide.segmentIndex].plannedStartSeconds + offsetInSegment[slide.segmentIndex],
    }
    offsetInSegment[slide.segmentIndex] += planned[index]
    return entry
  })

  return { slides, segments, sessionSeconds: segmentStart, timed: markedAt.size > 0, issues }
}

function readMinutes(frontmatter: SlideFrontmatter, index: number, issues: SegmentMapIssue[]): number | undefined {
  const value = frontmatter.minutes
  if (value === undefined)
    return undefined
  if (typeof value === 'number' && Number.isFinite(value) && value > 0)
    return value
  issues.push({
    code: 'invalid-minutes',
    slideIndex: index,
    key: 'minutes',
    message: `minutes must be a positive number (e.g. 2 or 1.5), got ${JSON.stringify(value)}`,
  })
  return undefined
}

/** Splits a segment's seconds between its slides: explicit minutes first, the rest evenly. */
function shareSegment(
  segment: SegmentPlanEntry,
  assigned: readonly { explicitMinutes?: number }[],
  planned: number[],
  issues: SegmentMapIssue[],
): void {
  if (segment.slides.length === 0)
    return
  const total = segment.minutes * 60
  const explicit = segment.slides.filter(i => assigned[i].explicitMinutes !== undefined)
  const explicitSeconds = explicit.reduce((sum, i) => sum + assigned[i].explicitMinutes! * 60, 0)
  const implicit = segment.slides.length - explicit.length
  const first = segment.slides[0]

  if (explicitSeconds > total + 1e-9) {
    issues.push({
      code: 'minutes-exceed-segment',
      slideIndex: explicit[0] ?? first,
      key: 'minutes',
      message: `slides of "${segment.id}" set ${round(explicitSeconds / 60)} minutes, more than the segment's ${segment.minutes}`,
    })
  }
  else if (implicit === 0 && Math.abs(explicitSeconds - total) > 1e-9) {
    issues.push({
      code: 'minutes-sum-mismatch',
      slideIndex: explicit[0] ?? first,
      key: 'minutes',
      message: `every slide of "${segment.id}" sets minutes; they add up to ${round(explicitSeconds / 60)}, not ${segment.minutes}`,
    })
  }

  else if (implicit > 0 && explicitSeconds >= total - 1e-9) {
    issues.push({
      code: 'minutes-leave-none',
      slideIndex: explicit[0] ?? first,
      key: 'minutes',
      message: `slides of "${segment.id}" set all ${segment.minutes} minutes, leaving none for ${implicit} slide(s) without minutes`,
    })
  }

  const share = implicit > 0 ? Math.max(0, total - explicitSeconds) / implicit : 0
  for (const i of segment.slides) {
    const minutes = assigned[i].explicitMinutes
    planned[i] = minutes !== undefined ? minutes * 60 : share
  }
}

function round(value: number): number {
  return Math.round(value * 100) / 100
}
