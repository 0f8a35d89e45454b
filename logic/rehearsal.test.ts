import type { RecorderState } from './rehearsal'
import type { TimerAction, TimerState } from './timing'
import { describe, expect, it } from 'vitest'
import { SESSION_PLAN } from './plan'
import { recordEvent, rehearsalPlan, runsToCsv, runsToJson, summarizeRun } from './rehearsal'
import { deriveSegmentMap } from './segmentMap'
import { applyTimerAction } from './timing'

const MIN = 60_000
const map = deriveSegmentMap(SESSION_PLAN.flatMap(s => [{ segment: s.id }, {}]))
const plan = rehearsalPlan(map, ['표지, "시작"'])

/** A presenter on a fake clock: timer actions and slide moves feed the recorder like the composable does. */
function presenter() {
  let now = 1_000_000
  let slideNo = 1
  let timer: TimerState = { status: 'stopped', startedAt: 0, pausedAt: 0 }
  let state: RecorderState = {}
  const finished: ReturnType<typeof recordEvent>['finished'][] = []
  function event(after: TimerState) {
    const step = recordEvent(state, { before: timer, after, slideNo, now, plan, deck: 'Session 1' })
    state = step.state
    timer = after
    if (step.finished)
      finished.push(step.finished)
  }
  return {
    wait: (ms: number) => { now += ms },
    act: (action: TimerAction) => event(applyTimerAction(timer, action, now)),
    go: (no: number) => {
      slideNo = no
      event(timer)
    },
    flush: () => event(timer),
    get state() { return state },
    finished,
  }
}

describe('recordEvent', () => {
  it('should credit session time to the slide on screen, excluding pauses', () => {
    const p = presenter()
    p.act('start')
    p.wait(3 * MIN)
    p.go(2)
    p.wait(2 * MIN)
    p.act('pause')
    p.wait(10 * MIN)
    p.act('start')
    p.wait(MIN)
    p.go(3)
    p.wait(30_000)
    p.go(1) // jumping back credits slide 3 and continues on slide 1
    p.wait(30_000)
    p.flush()
    expect(p.state.run?.slideMs).toEqual({ 1: 3 * MIN + 30_000, 2: 3 * MIN, 3: 30_000 })
  })

  it('should end the run on reset and start a new one on the next start', () => {
    const p = presenter()
    p.act('start')
    p.wait(MIN)
    p.act('reset')
    expect(p.state).toEqual({})
    expect(p.finished).toHaveLength(1)
    expect(p.finished[0]?.slideMs).toEqual({ 1: MIN })
    expect(p.finished[0]?.endedAt).toBeDefined()
    p.wait(MIN)
    p.act('start')
    expect(p.state.run?.slideMs).toEqual({})
  })

  it('should carry on after a reload from the stored cursor', () => {
    const p = presenter()
    p.act('start')
    p.wait(4 * MIN)
    // A reload: the composable replays the stored state with the restored timer as before and after.
    p.flush()
    expect(p.state.run?.slideMs[1]).toBe(4 * MIN)
  })
})

describe('summaries and exports', () => {
  it('should add slides up to segments', () => {
    const p = presenter()
    p.act('start')
    p.wait(6 * MIN)
    p.go(3)
    p.wait(MIN)
    p.act('reset')
    const summary = summarizeRun(p.finished[0]!)
    expect(summary.segments[0]).toMatchObject({ id: 'goals', plannedMs: 5 * MIN, actualMs: 6 * MIN, deltaMs: MIN })
    expect(summary.segments[1]).toMatchObject({ id: 'concepts', actualMs: MIN, deltaMs: -14 * MIN })
    expect(summary.actualMs).toBe(7 * MIN)
    expect(summary.plannedMs).toBe(50 * MIN)
  })

  it('should write CSV with quoted cells and JSON with summaries', () => {
    const p = presenter()
    p.act('start')
    p.wait(MIN)
    p.act('reset')
    const csv = runsToCsv(p.finished.map(r => r!))
    const lines = csv.trim().split('\r\n')
    expect(lines[0]).toBe('run_started,deck,level,slide,segment,label,title,planned_s,actual_s,delta_s')
    expect(lines).toHaveLength(1 + 5 + 10)
    expect(lines[6]).toContain('"표지, ""시작"""')
    expect(lines[6]).toContain(',150,60,-90')
    const json = JSON.parse(runsToJson(p.finished.map(r => r!)))
    expect(json[0].summary.segments[0].actualMs).toBe(MIN)
  })
})
