import { describe, expect, it } from 'vitest'
import { SESSION_PLAN } from './plan'
import { deriveSegmentMap } from './segmentMap'

/** A well-formed deck: 3 goals, 9 concepts, 7 analysis, 6 patterns, 4 discussion slides. */
function deck(counts = [3, 9, 7, 6, 4]): Record<string, unknown>[] {
  return SESSION_PLAN.flatMap((segment, i) =>
    Array.from({ length: counts[i] }, (_, j) => (j === 0 ? { segment: segment.id } : {})))
}

describe('deriveSegmentMap', () => {
  it('should assign every slide to the last marked segment before it', () => {
    const map = deriveSegmentMap(deck())
    expect(map.issues).toEqual([])
    expect(map.slides.map(s => s.segment).join(',')).toBe([
      ...Array.from({ length: 3 }).fill('goals'),
      ...Array.from({ length: 9 }).fill('concepts'),
      ...Array.from({ length: 7 }).fill('analysis'),
      ...Array.from({ length: 6 }).fill('patterns'),
      ...Array.from({ length: 4 }).fill('discussion'),
    ].join(','))
    expect(map.segments.map(s => [s.id, s.slides[0], s.slides.at(-1)])).toEqual([
      ['goals', 0, 2],
      ['concepts', 3, 11],
      ['analysis', 12, 18],
      ['patterns', 19, 24],
      ['discussion', 25, 28],
    ])
    expect(map.sessionSeconds).toBe(50 * 60)
  })

  it('should share a segment\'s minutes evenly and anchor slides to the segment start', () => {
    const map = deriveSegmentMap(deck())
    expect(map.slides[0]).toMatchObject({ plannedStartSeconds: 0, plannedSeconds: 100, opensSegment: true })
    expect(map.slides[2]).toMatchObject({ plannedStartSeconds: 200, plannedSeconds: 100, opensSegment: false })
    expect(map.slides[3]).toMatchObject({ plannedStartSeconds: 300, plannedSeconds: 100 })
    expect(map.slides[25]).toMatchObject({ plannedStartSeconds: 42 * 60, plannedSeconds: 120 })
  })

  it('should give explicit minutes first and split the rest', () => {
    const frontmatters = deck()
    frontmatters[3] = { segment: 'concepts', minutes: 3 }
    frontmatters[4] = { minutes: 1.5 }
    const map = deriveSegmentMap(frontmatters)
    expect(map.issues).toEqual([])
    expect(map.slides[3].plannedSeconds).toBe(180)
    expect(map.slides[4].plannedSeconds).toBe(90)
    // 15 min - 4.5 min = 630 s over the other 7 slides
    expect(map.slides[5].plannedSeconds).toBe(90)
    expect(map.slides[5].plannedStartSeconds).toBe(300 + 270)
  })

  it('should report explicit minutes above the segment and a mismatched full set', () => {
    const over = deck([3, 9, 7, 6, 4])
    over[0] = { segment: 'goals', minutes: 4 }
    over[1] = { minutes: 2 }
    expect(deriveSegmentMap(over).issues.map(i => [i.code, i.slideIndex])).toEqual([['minutes-exceed-segment', 0]])

    const mismatch = deck([1, 9, 7, 6, 4])
    mismatch[0] = { segment: 'goals', minutes: 4 }
    expect(deriveSegmentMap(mismatch).issues.map(i => i.code)).toEqual(['minutes-sum-mismatch'])
  })

  it('should report markers that break the convention, with the slide to point at', () => {
    const frontmatters = deck()
    frontmatters[5] = { segment: 'concept' }
    frontmatters[7] = { segment: 'goals' }
    frontmatters[9] = { minutes: 'two' }
    delete frontmatters[25].segment
    const issues = deriveSegmentMap(frontmatters).issues
    expect(issues.map(i => [i.code, i.slideIndex, i.key])).toEqual([
      ['unknown-segment', 5, 'segment'],
      ['duplicate-segment', 7, 'segment'],
      ['invalid-minutes', 9, 'minutes'],
      ['missing-segment', 0, 'segment'],
    ])
    expect(issues[3].message).toContain('discussion')
  })

  it('should report segments out of plan order', () => {
    const frontmatters = deck()
    frontmatters[3] = {}
    frontmatters[13] = { segment: 'concepts' }
    const codes = deriveSegmentMap(frontmatters).issues.map(i => [i.code, i.slideIndex])
    expect(codes).toEqual([['segment-order', 13]])
  })

  it('should count slides before the first marker towards the first segment', () => {
    const frontmatters = deck()
    delete frontmatters[0].segment
    const map = deriveSegmentMap(frontmatters)
    expect(map.issues.map(i => i.code)).toEqual(['unmarked-start'])
    expect(map.slides[0].segment).toBe('goals')
  })

  it('should keep a missing segment\'s gap in the timeline', () => {
    const frontmatters = deck().filter((_, i) => i < 19 || i > 24)
    const map = deriveSegmentMap(frontmatters)
    expect(map.segments[3].slides).toEqual([])
    expect(map.slides[19]).toMatchObject({ segment: 'discussion', plannedStartSeconds: 42 * 60 })
  })

  it('should accept an empty deck', () => {
    const map = deriveSegmentMap([])
    expect(map.slides).toEqual([])
    expect(map.issues).toEqual([])
    expect(map.segments).toHaveLength(5)
    expect(map.timed).toBe(false)
  })

  it('should tell a timed deck from one without markers', () => {
    expect(deriveSegmentMap(deck()).timed).toBe(true)
    expect(deriveSegmentMap([{ title: 'overview' }, {}]).timed).toBe(false)
  })
})

describe('deriveSegmentMap minutes rules', () => {
  it('should report explicit minutes that leave nothing for the other slides', () => {
    const frontmatters: Record<string, unknown>[] = SESSION_PLAN.flatMap(s => [{ segment: s.id }, {}])
    frontmatters[0] = { segment: 'goals', minutes: 5 }
    const map = deriveSegmentMap(frontmatters)
    expect(map.issues.map(i => [i.code, i.slideIndex])).toEqual([['minutes-leave-none', 0]])
    expect(map.slides[1].plannedSeconds).toBe(0)
  })
})
