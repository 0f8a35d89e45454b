import type { TimerAction, TimerState } from './timing'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { SESSION_PLAN } from './plan'
import { deriveSegmentMap } from './segmentMap'
import {
  applyTimerAction,
  computeTiming,
  elapsedMs,
  formatCountdown,
  formatOffset,
  formatPace,
  formatTimeOfDay,
  msUntilNextSecond,
  segmentRemainingMs,
} from './timing'

const MIN = 60_000
const SEC = 1000
const T0 = Date.UTC(2026, 10, 26, 1, 0, 0) // 10:00 in Seoul

/** Slides per segment; each segment's first slide carries the marker. */
function deckMap(counts: number[], extra: Record<number, Record<string, unknown>> = {}) {
  const frontmatters = SESSION_PLAN.flatMap((segment, i) =>
    Array.from({ length: counts[i] }, (_, j): Record<string, unknown> => (j === 0 ? { segment: segment.id } : {})))
  for (const [index, fields] of Object.entries(extra))
    Object.assign(frontmatters[Number(index)], fields)
  return deriveSegmentMap(frontmatters)
}

/** First slide number (1-based) of a segment. */
function firstSlideOf(map: ReturnType<typeof deckMap>, id: string): number {
  return map.segments.find(s => s.id === id)!.slides[0] + 1
}

/** Drives the timer the way Slidev's buttons do, on a fake clock. */
function session() {
  let timer: TimerState = { status: 'stopped', startedAt: 0, pausedAt: 0 }
  return {
    act(action: TimerAction) {
      timer = applyTimerAction(timer, action, Date.now())
    },
    get timer() {
      return timer
    },
  }
}

beforeEach(() => {
  vi.useFakeTimers()
  vi.setSystemTime(T0)
})

afterEach(() => {
  vi.useRealTimers()
})

describe('computeTiming', () => {
  const map = deckMap([3, 9, 7, 6, 4])

  it('should show the full plan before the timer starts', () => {
    const s = session()
    vi.advanceTimersByTime(10 * MIN) // a stopped timer does not count
    const t = computeTiming({ map, timer: s.timer, now: Date.now(), slideNo: 1 })
    expect(t).toMatchObject({
      status: 'stopped',
      elapsedMs: 0,
      sessionMs: 50 * MIN,
      sessionRemainingMs: 50 * MIN,
      segmentRemainingMs: 5 * MIN,
      paceMs: 0,
      cue: 'idle',
      markers: { now: 0, slide: 0 },
    })
    expect(t.current.id).toBe('goals')
    expect(t.scheduled.id).toBe('goals')
    // Not started: the next segment's clock time assumes a start now, or at the planned start.
    expect(t.next?.clockAt).toBe(Date.now() + 5 * MIN)
    const planned = computeTiming({ map, timer: s.timer, now: Date.now(), slideNo: 1, plannedStartAt: T0 + 30 * MIN })
    expect(planned.next?.clockAt).toBe(T0 + 35 * MIN)
  })

  it('should count down the segment and the session while running', () => {
    const s = session()
    s.act('start')
    vi.advanceTimersByTime(4 * MIN + 59 * SEC)
    const t = computeTiming({ map, timer: s.timer, now: Date.now(), slideNo: 3 })
    expect(formatCountdown(t.segmentRemainingMs)).toBe('00:01')
    expect(formatCountdown(t.sessionRemainingMs)).toBe('45:01')
    expect(t.cue).toBe('last-minute')
    expect(t.next).toMatchObject({ plannedStartMs: 5 * MIN, startsInMs: SEC, clockAt: T0 + 5 * MIN })
    expect(t.next?.segment.id).toBe('concepts')
  })

  it('should freeze while paused and continue where it stopped after resume', () => {
    const s = session()
    s.act('start')
    vi.advanceTimersByTime(7 * MIN)
    s.act('pause')
    vi.advanceTimersByTime(3 * MIN) // a coffee break
    const paused = computeTiming({ map, timer: s.timer, now: Date.now(), slideNo: 4 })
    expect(paused.status).toBe('paused')
    expect(paused.elapsedMs).toBe(7 * MIN)
    expect(formatCountdown(paused.segmentRemainingMs)).toBe('13:00')
    // Paused: the next segment moves later with the wall clock.
    expect(paused.next?.clockAt).toBe(T0 + 10 * MIN + 13 * MIN)

    s.act('toggle')
    vi.advanceTimersByTime(30 * SEC)
    const resumed = computeTiming({ map, timer: s.timer, now: Date.now(), slideNo: 4 })
    expect(resumed.status).toBe('running')
    expect(resumed.elapsedMs).toBe(7 * MIN + 30 * SEC)
    expect(formatCountdown(resumed.segmentRemainingMs)).toBe('12:30')
    expect(resumed.next?.clockAt).toBe(T0 + 3 * MIN + 20 * MIN)
  })

  it('should follow the slide when the presenter jumps back and forth', () => {
    const s = session()
    s.act('start')
    vi.advanceTimersByTime(21 * MIN)
    const now = Date.now()
    const analysis = firstSlideOf(map, 'analysis')

    const onTime = computeTiming({ map, timer: s.timer, now, slideNo: analysis })
    expect(onTime.current.id).toBe('analysis')
    expect(onTime.scheduled.id).toBe('analysis')
    expect(formatCountdown(onTime.segmentRemainingMs)).toBe('11:00')

    // Back to a concepts slide: the segment is over by a minute and the slide is late.
    const back = computeTiming({ map, timer: s.timer, now, slideNo: analysis - 1 })
    expect(back.current.id).toBe('concepts')
    expect(back.scheduled.id).toBe('analysis')
    expect(formatCountdown(back.segmentRemainingMs)).toBe('-01:00')
    expect(back.segmentOvertimeMs).toBe(MIN)
    expect(back.cue).toBe('segment-overtime')
    expect(formatPace(back.paceMs)).toBe('+1:00 늦음')
    expect(back.segments.map(x => x.state)).toEqual(['done', 'current', 'upcoming', 'upcoming', 'upcoming'])

    // Forward into patterns: ahead of plan.
    const ahead = computeTiming({ map, timer: s.timer, now, slideNo: firstSlideOf(map, 'patterns') })
    expect(ahead.current.id).toBe('patterns')
    expect(formatPace(ahead.paceMs)).toBe('11:00 여유')
    expect(ahead.markers.slide).toBeCloseTo(32 / 50)
    expect(ahead.markers.now).toBeCloseTo(21 / 50)
    expect(ahead.markers.slideInSegment).toEqual({ index: 3, fraction: 0 })
    expect(ahead.markers.nowInSegment.index).toBe(2)
    expect(ahead.markers.nowInSegment.fraction).toBeCloseTo(1 / 12)
  })

  it('should measure pace at slide level inside a segment', () => {
    const s = session()
    s.act('start')
    // concepts: 9 slides share 15 min, 100 s each; slide 3 of concepts is planned 5:00 + 200 s .. 5:00 + 300 s.
    const third = firstSlideOf(map, 'concepts') + 2
    vi.advanceTimersByTime(5 * MIN + 150 * SEC)
    expect(formatPace(computeTiming({ map, timer: s.timer, now: Date.now(), slideNo: third }).paceMs)).toBe('0:50 여유')
    vi.advanceTimersByTime(100 * SEC)
    expect(computeTiming({ map, timer: s.timer, now: Date.now(), slideNo: third }).paceMs).toBe(0)
    vi.advanceTimersByTime(130 * SEC)
    expect(formatPace(computeTiming({ map, timer: s.timer, now: Date.now(), slideNo: third }).paceMs)).toBe('+1:20 늦음')
  })

  it('should report session overtime on the last slide', () => {
    const s = session()
    s.act('start')
    const last = map.slides.length
    vi.advanceTimersByTime(49 * MIN + 59 * SEC)
    const before = computeTiming({ map, timer: s.timer, now: Date.now(), slideNo: last })
    expect(before.current.id).toBe('discussion')
    expect(before.next).toBeUndefined()
    expect(formatCountdown(before.sessionRemainingMs)).toBe('00:01')
    expect(before.cue).toBe('last-minute')
    expect(before.paceMs).toBe(0)

    vi.advanceTimersByTime(31 * SEC)
    const after = computeTiming({ map, timer: s.timer, now: Date.now(), slideNo: last })
    expect(after.cue).toBe('session-overtime')
    expect(after.sessionOvertimeMs).toBe(30 * SEC)
    expect(after.scheduled.id).toBe('discussion')
    expect(formatCountdown(after.sessionRemainingMs)).toBe('-00:30')
    expect(formatCountdown(after.segmentRemainingMs)).toBe('-00:30')
    expect(formatPace(after.paceMs)).toBe('+0:30 늦음')
    expect(after.markers.now).toBe(1)
    expect(after.markers.nowInSegment).toEqual({ index: 4, fraction: 1 })
  })

  it('should handle a segment of one slide', () => {
    const one = deckMap([1, 1, 1, 1, 1])
    const s = session()
    s.act('start')
    vi.advanceTimersByTime(19 * MIN + 59 * SEC)
    const t = computeTiming({ map: one, timer: s.timer, now: Date.now(), slideNo: 2 })
    expect(t.current.id).toBe('concepts')
    expect(t.slide).toMatchObject({ plannedStartMs: 5 * MIN, plannedEndMs: 20 * MIN })
    expect(t.paceMs).toBe(0)
    expect(formatCountdown(t.segmentRemainingMs)).toBe('00:01')
    vi.advanceTimersByTime(2 * SEC)
    const late = computeTiming({ map: one, timer: s.timer, now: Date.now(), slideNo: 2 })
    expect(formatPace(late.paceMs)).toBe('+0:01 늦음')
    expect(late.scheduled.id).toBe('analysis')
  })

  it('should pace segments with very different slide counts by their own slides', () => {
    const uneven = deckMap([1, 30, 2, 12, 1])
    const s = session()
    s.act('start')
    vi.advanceTimersByTime(6 * MIN)
    // concepts: 30 slides of 30 s; at 6:00 the plan is on slide 3 of concepts (6:00 .. 6:30).
    const concepts = firstSlideOf(uneven, 'concepts')
    expect(computeTiming({ map: uneven, timer: s.timer, now: Date.now(), slideNo: concepts + 2 }).paceMs).toBe(0)
    expect(formatPace(computeTiming({ map: uneven, timer: s.timer, now: Date.now(), slideNo: concepts }).paceMs)).toBe('+0:30 늦음')
    // analysis: 2 slides of 6 min; the second is planned 26:00 .. 32:00.
    vi.advanceTimersByTime(21 * MIN)
    const analysis = firstSlideOf(uneven, 'analysis')
    expect(computeTiming({ map: uneven, timer: s.timer, now: Date.now(), slideNo: analysis + 1 }).paceMs).toBe(0)
    expect(formatPace(computeTiming({ map: uneven, timer: s.timer, now: Date.now(), slideNo: analysis }).paceMs)).toBe('+1:00 늦음')
  })

  it('should honour explicit slide minutes in the pace', () => {
    const withMinutes = deckMap([3, 9, 7, 6, 4], { 0: { minutes: 3 } })
    const s = session()
    s.act('start')
    vi.advanceTimersByTime(3 * MIN + 1 * SEC)
    const t = computeTiming({ map: withMinutes, timer: s.timer, now: Date.now(), slideNo: 1 })
    expect(t.slide.plannedEndMs).toBe(3 * MIN)
    expect(formatPace(t.paceMs)).toBe('+0:01 늦음')
  })

  it('should clamp a slide number outside the deck', () => {
    const s = session()
    const t = computeTiming({ map, timer: s.timer, now: Date.now(), slideNo: 999 })
    expect(t.current.id).toBe('discussion')
    expect(computeTiming({ map, timer: s.timer, now: Date.now(), slideNo: 0 }).current.id).toBe('goals')
  })

  it('should go back to zero on reset', () => {
    const s = session()
    s.act('start')
    vi.advanceTimersByTime(12 * MIN)
    s.act('reset')
    expect(s.timer).toEqual({ status: 'stopped', startedAt: 0, pausedAt: 0 })
    expect(elapsedMs(s.timer, Date.now())).toBe(0)
  })
})

describe('segmentRemainingMs', () => {
  const map = deckMap([3, 9, 7, 6, 4])

  it('should show the discussion\'s full length until it is due, then count down past zero', () => {
    const s = session()
    expect(segmentRemainingMs(map, 'discussion', s.timer, Date.now())).toBe(8 * MIN)
    s.act('start')
    vi.advanceTimersByTime(32 * MIN)
    expect(segmentRemainingMs(map, 'discussion', s.timer, Date.now())).toBe(8 * MIN)
    vi.advanceTimersByTime(10 * MIN + 1 * SEC)
    expect(formatCountdown(segmentRemainingMs(map, 'discussion', s.timer, Date.now()))).toBe('07:59')
    vi.advanceTimersByTime(8 * MIN)
    expect(formatCountdown(segmentRemainingMs(map, 'discussion', s.timer, Date.now()))).toBe('-00:01')
  })
})

describe('applyTimerAction', () => {
  it('should match Slidev\'s resume arithmetic', () => {
    const paused: TimerState = { status: 'paused', startedAt: 1_000, pausedAt: 61_000 }
    expect(applyTimerAction(paused, 'start', 100_000)).toEqual({ status: 'running', startedAt: 40_000, pausedAt: 61_000 })
    expect(applyTimerAction(paused, 'pause', 100_000)).toBe(paused)
  })
})

describe('formatting', () => {
  it('should format countdowns as mm:ss rounding seconds up', () => {
    expect(formatCountdown(5 * MIN)).toBe('05:00')
    expect(formatCountdown(999)).toBe('00:01')
    expect(formatCountdown(0)).toBe('00:00')
    expect(formatCountdown(-400)).toBe('00:00')
    expect(formatCountdown(-1000)).toBe('-00:01')
    expect(formatCountdown(-75 * MIN)).toBe('-75:00')
  })

  it('should format pace, offsets and clock times', () => {
    expect(formatPace(80 * SEC)).toBe('+1:20 늦음')
    expect(formatPace(-40 * SEC)).toBe('0:40 여유')
    expect(formatPace(0)).toBe('0:00 정시')
    // Rounded like the countdowns: 2:06.4 over reads -02:06 on a countdown and +2:06 here.
    expect(formatCountdown(-126_400)).toBe('-02:06')
    expect(formatPace(126_400)).toBe('+2:06 늦음')
    expect(formatPace(400)).toBe('0:00 정시')
    expect(formatPace(-400)).toBe('0:01 여유')
    expect(formatOffset(20 * MIN)).toBe('20:00')
    const d = new Date(2026, 10, 26, 9, 5)
    expect(formatTimeOfDay(d.getTime())).toBe('09:05')
  })

  it('should schedule the next render when the displayed second changes', () => {
    const running: TimerState = { status: 'running', startedAt: 10_250, pausedAt: 0 }
    expect(msUntilNextSecond(running, 12_000)).toBe(250)
    expect(msUntilNextSecond(running, 12_250)).toBe(1000)
    expect(msUntilNextSecond({ status: 'paused', startedAt: 1, pausedAt: 2 }, 5)).toBe(1000)
  })
})
