/**
 * The one session plan every 50-minute deck follows. Decks mark the first slide of each segment with
 * `segment: <id>` in that slide's frontmatter; the checker, the build, the hub and the presenter timers
 * all read the segments from here, so a change of minutes happens in this file only.
 */

export type SegmentId = 'goals' | 'concepts' | 'analysis' | 'patterns' | 'discussion'

export interface PlanSegment {
  /** Value of the `segment:` frontmatter key that opens this segment. */
  id: SegmentId
  /** Korean label shown to presenter and students. */
  label: string
  /** Planned length in whole minutes. */
  minutes: number
}

export const SESSION_PLAN: readonly PlanSegment[] = Object.freeze([
  { id: 'goals', label: '학습 목표', minutes: 5 },
  { id: 'concepts', label: '핵심 개념', minutes: 15 },
  { id: 'analysis', label: '심화 분석', minutes: 12 },
  { id: 'patterns', label: '실무 패턴', minutes: 10 },
  { id: 'discussion', label: '그룹 토론', minutes: 8 },
])

export const SESSION_MINUTES = SESSION_PLAN.reduce((sum, s) => sum + s.minutes, 0)

export const SEGMENT_IDS: readonly SegmentId[] = SESSION_PLAN.map(s => s.id)

/** Minutes from the session start at which each segment is planned to begin. */
export function segmentStartMinutes(plan: readonly PlanSegment[] = SESSION_PLAN): number[] {
  const starts: number[] = []
  let at = 0
  for (const segment of plan) {
    starts.push(at)
    at += segment.minutes
  }
  return starts
}
