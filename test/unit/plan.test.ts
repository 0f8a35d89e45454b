import { describe, expect, it } from 'vitest'
import { DECKS, findDeck, SESSIONS } from '../../logic/course'
import { SEGMENT_IDS, segmentStartMinutes, SESSION_MINUTES, SESSION_PLAN } from '../../logic/plan'

describe('session plan', () => {
  it('is the 5/15/12/10/8 plan of 50 minutes with Korean labels', () => {
    expect(SESSION_PLAN.map(s => [s.id, s.label, s.minutes])).toEqual([
      ['goals', '학습 목표', 5],
      ['concepts', '핵심 개념', 15],
      ['analysis', '심화 분석', 12],
      ['patterns', '실무 패턴', 10],
      ['discussion', '그룹 토론', 8],
    ])
    expect(SESSION_MINUTES).toBe(50)
    expect(SEGMENT_IDS).toEqual(['goals', 'concepts', 'analysis', 'patterns', 'discussion'])
  })

  it('plans each segment to start where the previous one ends', () => {
    expect(segmentStartMinutes()).toEqual([0, 5, 20, 32, 42])
  })

  it('cannot be changed at run time', () => {
    expect(() => (SESSION_PLAN as unknown as unknown[]).push({})).toThrow()
  })
})

describe('course', () => {
  it('has the overview and eight sessions with four topics each', () => {
    expect(DECKS.map(d => d.deck)).toEqual(['overview', ...Array.from({ length: 8 }, (_, i) => `session_0${i + 1}`)])
    expect(SESSIONS.every(s => s.topics.length === 4)).toBe(true)
  })

  it('resolves what an author types to a deck', () => {
    expect(findDeck('3')?.deck).toBe('session_03')
    expect(findDeck('03')?.deck).toBe('session_03')
    expect(findDeck('session_03')?.deck).toBe('session_03')
    expect(findDeck('slides/session_03.md')?.deck).toBe('session_03')
    expect(findDeck('overview')?.deck).toBe('overview')
    expect(findDeck('9')).toBeUndefined()
    expect(findDeck('lunch')).toBeUndefined()
  })
})
