/**
 * The session timing model: where the presenter is (by slide) against where the plan says they should be
 * (by clock). Pure functions over timestamps, no Vue and no DOM: every window computes the same answer from
 * the same shared timer state, and nothing drifts because nothing counts ticks.
 *
 * All durations are milliseconds; "elapsed" is session time on the timer (pauses excluded).
 */

import type { SegmentId } from './plan'
import type { SegmentMap, SegmentPlanEntry, SlidePlan } from './segmentMap'

/** Slidev's `sharedState.timer` shape (`slides` is ignored here). */
export interface TimerState {
  status: 'stopped' | 'running' | 'paused'
  /** Epoch ms at which the timer would have started had it never paused (Slidev shifts it on resume). */
  startedAt: number
  /** Epoch ms of the last pause; meaningful while paused. */
  pausedAt: number
}

export interface TimingInput {
  map: SegmentMap
  timer: TimerState
  /** Epoch ms (Date.now()). */
  now: number
  /** Slidev's slide number of the slide on screen (1-based). */
  slideNo: number
  /**
   * Epoch ms the presenter plans to start at; gives clock times while the timer is stopped.
   * Without it a stopped session is assumed to start now.
   */
  plannedStartAt?: number
}

export type SegmentState = 'done' | 'current' | 'upcoming'

export interface SegmentTiming {
  index: number
  id: SegmentId
  label: string
  minutes: number
  plannedStartMs: number
  plannedEndMs: number
  /** Relative to the segment on screen: segments before it are done, after it upcoming. */
  state: SegmentState
  /** Planned end minus elapsed; negative once the segment's planned end has passed. */
  remainingMs: number
  /** How far past its planned end the segment runs; only the current segment accrues it (0 otherwise). */
  overtimeMs: number
}

export interface NextSegment {
  segment: SegmentTiming
  /** Planned start as an offset from the session start. */
  plannedStartMs: number
  /** Session time until it should start; negative when it should already have started. */
  startsInMs: number
  /** Wall-clock epoch ms at which it should start, given the current timer (or the planned start). */
  clockAt: number
}

/**
 * Which cue the presenter should see. Ordered by urgency: a session overtime wins over a segment overtime,
 * which wins over the last minute of a segment.
 */
export type TimingCue = 'idle' | 'normal' | 'last-minute' | 'segment-overtime' | 'session-overtime'

export interface TimingSnapshot {
  status: TimerState['status']
  elapsedMs: number
  sessionMs: number
  /** Negative once the session's planned end has passed. */
  sessionRemainingMs: number
  sessionOvertimeMs: number
  /** The segment of the slide on screen. */
  current: SegmentTiming
  /** The segment the clock says should be running (the last one once the session is over). */
  scheduled: SegmentTiming
  /** Remaining time of the current segment (by slide); negative when over. */
  segmentRemainingMs: number
  segmentOvertimeMs: number
  segments: SegmentTiming[]
  slide: {
    /** 0-based index into the map. */
    index: number
    plannedStartMs: number
    plannedEndMs: number
  }
  /**
   * Slide-level pace: positive = late (elapsed is past the slide's planned end), negative = ahead (the slide
   * was reached before its planned start), 0 while inside the slide's planned window.
   */
  paceMs: number
  next?: NextSegment
  cue: TimingCue
  /** Positions on the session bar, 0..1: the clock ('now') and the slide ('you are here'). */
  markers: {
    now: number
    slide: number
    /** The same two positions within their segment's block, for bars whose blocks are not exactly to scale. */
    nowInSegment: SegmentPosition
    slideInSegment: SegmentPosition
  }
}

export interface SegmentPosition {
  /** Index of the segment (block). */
  index: number
  /** 0..1 within it. */
  fraction: number
}

/** The last minute of a segment gets its own cue. */
export const LAST_MINUTE_MS = 60_000

/** Session time on the timer, as Slidev's own useTimer computes it. */
export function elapsedMs(timer: TimerState, now: number): number {
  if (timer.status === 'stopped' || !timer.startedAt)
    return 0
  const until = timer.status === 'paused' ? timer.pausedAt : now
  return Math.max(0, until - timer.startedAt)
}

export function computeTiming(input: TimingInput): TimingSnapshot {
  const { map, timer, now } = input
  const elapsed = elapsedMs(timer, now)
  const sessionMs = map.sessionSeconds * 1000
  const slide = slideAt(map, input.slideNo)
  const currentIndex = slide?.segmentIndex ?? 0
  const scheduledIndex = scheduledSegmentIndex(map.segments, elapsed)

  const segments = map.segments.map((segment): SegmentTiming => {
    const plannedStartMs = segment.plannedStartSeconds * 1000
    const plannedEndMs = segment.plannedEndSeconds * 1000
    const state: SegmentState = segment.index < currentIndex ? 'done' : segment.index === currentIndex ? 'current' : 'upcoming'
    return {
      index: segment.index,
      id: segment.id,
      label: segment.label,
      minutes: segment.minutes,
      plannedStartMs,
      plannedEndMs,
      state,
      remainingMs: plannedEndMs - elapsed,
      overtimeMs: state === 'current' ? Math.max(0, elapsed - plannedEndMs) : 0,
    }
  })
  const current = segments[currentIndex]
  const scheduled = segments[scheduledIndex]

  const slideStartMs = slide ? slide.plannedStartSeconds * 1000 : current.plannedStartMs
  const slideEndMs = slide ? slideStartMs + slide.plannedSeconds * 1000 : current.plannedEndMs
  const paceMs = elapsed < slideStartMs ? elapsed - slideStartMs : elapsed > slideEndMs ? elapsed - slideEndMs : 0

  const sessionRemainingMs = sessionMs - elapsed
  const nextTiming = segments[currentIndex + 1]
  let next: NextSegment | undefined
  if (nextTiming) {
    const startsInMs = nextTiming.plannedStartMs - elapsed
    next = {
      segment: nextTiming,
      plannedStartMs: nextTiming.plannedStartMs,
      startsInMs,
      clockAt: sessionClockOrigin(timer, now, input.plannedStartAt) + nextTiming.plannedStartMs,
    }
  }

  return {
    status: timer.status,
    elapsedMs: elapsed,
    sessionMs,
    sessionRemainingMs,
    sessionOvertimeMs: Math.max(0, -sessionRemainingMs),
    current,
    scheduled,
    segmentRemainingMs: current.remainingMs,
    segmentOvertimeMs: current.overtimeMs,
    segments,
    slide: { index: slide?.index ?? 0, plannedStartMs: slideStartMs, plannedEndMs: slideEndMs },
    paceMs,
    next,
    cue: cueFor(timer, elapsed, sessionMs, current),
    markers: {
      now: sessionMs > 0 ? clamp01(elapsed / sessionMs) : 0,
      slide: sessionMs > 0 ? clamp01(slideStartMs / sessionMs) : 0,
      nowInSegment: positionIn(scheduled, elapsed),
      slideInSegment: positionIn(current, slideStartMs),
    },
  }
}

/** Remaining time of one segment by id, from the same clock (the audience's discussion countdown). */
export function segmentRemainingMs(map: SegmentMap, id: SegmentId, timer: TimerState, now: number): number {
  const segment = map.segments.find(s => s.id === id)
  if (!segment)
    return 0
  const elapsed = elapsedMs(timer, now)
  const start = segment.plannedStartSeconds * 1000
  const end = segment.plannedEndSeconds * 1000
  // Before the segment is due it shows its full length, so the countdown never reads more than the segment.
  return Math.min(end - start, end - elapsed)
}

/**
 * Epoch ms at which the session's offset 0 lies: the running timer's start (shifted by pauses), the moment a
 * paused timer would have started had it resumed now, or the planned start (or now) before it starts.
 */
export function sessionClockOrigin(timer: TimerState, now: number, plannedStartAt?: number): number {
  if (timer.status === 'stopped' || !timer.startedAt)
    return plannedStartAt ?? now
  return now - elapsedMs(timer, now)
}

function slideAt(map: SegmentMap, slideNo: number): SlidePlan | undefined {
  if (map.slides.length === 0)
    return undefined
  const index = Math.min(Math.max(Math.trunc(slideNo) - 1, 0), map.slides.length - 1)
  return map.slides[index]
}

function scheduledSegmentIndex(segments: readonly SegmentPlanEntry[], elapsed: number): number {
  const seconds = elapsed / 1000
  const found = segments.findIndex(s => seconds < s.plannedEndSeconds)
  return found === -1 ? Math.max(0, segments.length - 1) : found
}

function cueFor(timer: TimerState, elapsed: number, sessionMs: number, current: SegmentTiming): TimingCue {
  if (timer.status === 'stopped')
    return 'idle'
  if (elapsed > sessionMs)
    return 'session-overtime'
  if (current.remainingMs < 0)
    return 'segment-overtime'
  if (current.remainingMs <= LAST_MINUTE_MS)
    return 'last-minute'
  return 'normal'
}

function positionIn(segment: SegmentTiming, ms: number): SegmentPosition {
  const length = segment.plannedEndMs - segment.plannedStartMs
  return { index: segment.index, fraction: length > 0 ? clamp01((ms - segment.plannedStartMs) / length) : 0 }
}

function clamp01(value: number): number {
  return Math.min(1, Math.max(0, value))
}

/**
 * `mm:ss` of a countdown. Seconds round up, so a countdown reads 00:01 for its whole last second and 00:00
 * exactly at zero; past zero it reads -00:01, -00:02 ... (the sign is the overtime cue in text).
 */
export function formatCountdown(ms: number): string {
  const seconds = Math.ceil(ms / 1000)
  const sign = seconds < 0 ? '-' : ''
  return sign + formatMinutesSeconds(Math.abs(seconds), 2)
}

/**
 * Whole seconds of pace as shown: positive late, negative ahead. Rounded like the countdowns (toward "more
 * time left"), so a segment that reads -02:06 on its countdown is also "+2:06 늦음", never "+2:07".
 */
export function paceSeconds(paceMs: number): number {
  return Math.floor(paceMs / 1000)
}

/** The pace as the presenter reads it: "+1:20 늦음" (late), "0:40 여유" (ahead), "0:00 정시" (on pace). */
export function formatPace(paceMs: number): string {
  const seconds = paceSeconds(paceMs)
  if (seconds === 0)
    return '0:00 정시'
  return seconds > 0
    ? `+${formatMinutesSeconds(seconds, 1)} 늦음`
    : `${formatMinutesSeconds(-seconds, 1)} 여유`
}

/** Minutes from the session start as `mm:ss` (e.g. a planned segment start, "20:00"). */
export function formatOffset(ms: number): string {
  return formatMinutesSeconds(Math.round(ms / 1000), 2)
}

/** Local wall-clock `HH:MM`. */
export function formatTimeOfDay(epochMs: number): string {
  const date = new Date(epochMs)
  return `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`
}

function formatMinutesSeconds(totalSeconds: number, minuteDigits: number): string {
  const minutes = Math.floor(totalSeconds / 60)
  const seconds = totalSeconds % 60
  return `${String(minutes).padStart(minuteDigits, '0')}:${String(seconds).padStart(2, '0')}`
}

/**
 * Delay until the displayed seconds next change, so a view re-renders once a second exactly when its text
 * changes (countdowns round up, so they change when elapsed crosses a whole second).
 */
export function msUntilNextSecond(timer: TimerState, now: number): number {
  if (timer.status !== 'running')
    return 1000
  const into = (now - timer.startedAt) % 1000
  return into < 0 ? -into : 1000 - into
}

export type TimerAction = 'start' | 'pause' | 'toggle' | 'reset'

/**
 * Slidev's timer transitions (composables/useTimer.ts: resume, pause, toggle, reset) as a pure function, so
 * the shortcuts and the panel write exactly the state Slidev's own buttons write.
 */
export function applyTimerAction(timer: TimerState, action: TimerAction, now: number): TimerState {
  switch (action) {
    case 'reset':
      return { status: 'stopped', startedAt: 0, pausedAt: 0 }
    case 'toggle':
      return applyTimerAction(timer, timer.status === 'running' ? 'pause' : 'start', now)
    case 'pause':
      return timer.status === 'running' ? { status: 'paused', startedAt: timer.startedAt, pausedAt: now } : timer
    case 'start':
      if (timer.status === 'stopped' || !timer.startedAt)
        return { status: 'running', startedAt: now, pausedAt: 0 }
      if (timer.status === 'paused')
        return { status: 'running', startedAt: now - (timer.pausedAt - timer.startedAt), pausedAt: timer.pausedAt }
      return timer
  }
}
