/**
 * Rehearsal records: how much session time each slide (and so each segment) actually took in a run, next to
 * the plan. Plain data and pure functions; the presenter window records (composables/useRehearsalRecorder.ts)
 * and the /rehearsal page shows and exports.
 *
 * Time is credited at events (slide change, pause, reset, reload, a periodic flush): the time since the last
 * event goes to the slide that was on screen. Session time, not wall time, so pauses count for nothing.
 */

import type { SegmentId } from './plan'
import type { SegmentMap } from './segmentMap'
import type { TimerState } from './timing'
import { elapsedMs } from './timing'

export interface RehearsalPlan {
  segments: { id: SegmentId, label: string, plannedMs: number }[]
  /** One entry per slide, slide number = index + 1. */
  slides: { segment: SegmentId, plannedMs: number, title?: string }[]
}

export interface RehearsalRun {
  /** Wall-clock epoch ms when the run started; also its identity. */
  startedAt: number
  /** Wall-clock epoch ms when the timer was reset (undefined while the run goes on). */
  endedAt?: number
  deck: string
  plan: RehearsalPlan
  /** Session ms spent per slide number. */
  slideMs: Record<number, number>
}

/** Where the last credit stopped: the slide on screen and the session time then. */
export interface RehearsalCursor {
  slideNo: number
  elapsedMs: number
}

export interface RecorderState {
  run?: RehearsalRun
  cursor?: RehearsalCursor
}

export interface RecorderEvent {
  /** The timer before this event (what was running since the cursor). */
  before: TimerState
  /** The timer after it. */
  after: TimerState
  /** The slide on screen from now on. */
  slideNo: number
  now: number
  /** Used when a run starts: the plan it is compared against. */
  plan: RehearsalPlan
  deck: string
}

export interface RecorderStep {
  state: RecorderState
  /** A run that ended with this event (the timer was reset, or restarted from zero). */
  finished?: RehearsalRun
}

/**
 * Advances the recorder by one event. Credits the time since the cursor to the cursor's slide under the
 * timer as it was, then follows the timer as it is: a run starts when the timer leaves `stopped` and ends
 * when it returns there (or jumps back, a reset that arrived merged with a new start).
 */
export function recordEvent(state: RecorderState, event: RecorderEvent): RecorderStep {
  let run = state.run
  let finished: RehearsalRun | undefined
  const elapsedBefore = elapsedMs(event.before, event.now)
  const elapsedAfter = elapsedMs(event.after, event.now)

  if (run && state.cursor) {
    const delta = elapsedBefore - state.cursor.elapsedMs
    if (delta > 0)
      run = credit(run, state.cursor.slideNo, delta)
  }

  const restarted = run !== undefined && event.after.status !== 'stopped' && elapsedAfter + 1000 < elapsedBefore
  if (run && (event.after.status === 'stopped' || restarted)) {
    finished = { ...run, endedAt: event.now }
    run = undefined
  }

  if (!run && event.after.status !== 'stopped') {
    run = {
      startedAt: event.now - elapsedAfter,
      deck: event.deck,
      plan: event.plan,
      slideMs: {},
    }
  }

  return {
    state: run ? { run, cursor: { slideNo: event.slideNo, elapsedMs: elapsedAfter } } : {},
    finished,
  }
}

function credit(run: RehearsalRun, slideNo: number, ms: number): RehearsalRun {
  return { ...run, slideMs: { ...run.slideMs, [slideNo]: (run.slideMs[slideNo] ?? 0) + ms } }
}

/** The plan a run is compared against, from the deck's segment map (and slide titles when known). */
export function rehearsalPlan(map: SegmentMap, titles: readonly (string | undefined)[] = []): RehearsalPlan {
  return {
    segments: map.segments.map(s => ({ id: s.id, label: s.label, plannedMs: s.minutes * 60_000 })),
    slides: map.slides.map(s => ({ segment: s.segment, plannedMs: Math.round(s.plannedSeconds * 1000), title: titles[s.index] })),
  }
}

export interface RunSummary {
  segments: { id: SegmentId, label: string, plannedMs: number, actualMs: number, deltaMs: number }[]
  slides: { no: number, segment: SegmentId, title?: string, plannedMs: number, actualMs: number, deltaMs: number }[]
  plannedMs: number
  actualMs: number
}

/** Planned against actual per slide and per segment. */
export function summarizeRun(run: RehearsalRun): RunSummary {
  const slides = run.plan.slides.map((slide, index) => {
    const actualMs = Math.round(run.slideMs[index + 1] ?? 0)
    return { no: index + 1, segment: slide.segment, title: slide.title, plannedMs: slide.plannedMs, actualMs, deltaMs: actualMs - slide.plannedMs }
  })
  const segments = run.plan.segments.map((segment) => {
    const actualMs = slides.filter(s => s.segment === segment.id).reduce((sum, s) => sum + s.actualMs, 0)
    return { ...segment, actualMs, deltaMs: actualMs - segment.plannedMs }
  })
  return {
    segments,
    slides,
    plannedMs: segments.reduce((sum, s) => sum + s.plannedMs, 0),
    actualMs: segments.reduce((sum, s) => sum + s.actualMs, 0),
  }
}

/**
 * One CSV row per run and slide plus one per run and segment (`level` tells them apart), in seconds:
 * the shape a spreadsheet pivots without help.
 */
export function runsToCsv(runs: readonly RehearsalRun[]): string {
  const header = ['run_started', 'deck', 'level', 'slide', 'segment', 'label', 'title', 'planned_s', 'actual_s', 'delta_s']
  const rows: (string | number)[][] = [header]
  for (const run of runs) {
    const summary = summarizeRun(run)
    const started = new Date(run.startedAt).toISOString()
    for (const segment of summary.segments)
      rows.push([started, run.deck, 'segment', '', segment.id, segment.label, '', seconds(segment.plannedMs), seconds(segment.actualMs), seconds(segment.deltaMs)])
    for (const slide of summary.slides) {
      const label = run.plan.segments.find(s => s.id === slide.segment)?.label ?? ''
      rows.push([started, run.deck, 'slide', slide.no, slide.segment, label, slide.title ?? '', seconds(slide.plannedMs), seconds(slide.actualMs), seconds(slide.deltaMs)])
    }
  }
  return `${rows.map(row => row.map(csvCell).join(',')).join('\r\n')}\r\n`
}

export function runsToJson(runs: readonly RehearsalRun[]): string {
  return JSON.stringify(runs.map(run => ({ ...run, summary: summarizeRun(run) })), null, 2)
}

function seconds(ms: number): number {
  return Math.round(ms / 100) / 10
}

function csvCell(value: string | number): string {
  const text = String(value)
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/** Parses stored runs, dropping anything that is not a run (storage is user-editable). */
export function parseRuns(raw: unknown): RehearsalRun[] {
  if (!Array.isArray(raw))
    return []
  return raw.filter((run): run is RehearsalRun =>
    typeof run === 'object' && run !== null
    && typeof run.startedAt === 'number'
    && typeof run.slideMs === 'object' && run.slideMs !== null
    && Array.isArray(run.plan?.segments) && Array.isArray(run.plan?.slides))
}
