import type { Ref } from 'vue'
import { sharedState } from '@slidev/client'
import { effectScope, getCurrentScope, onScopeDispose, readonly, shallowRef, watch } from 'vue'
import { msUntilNextSecond } from '../logic/timing'

/** While the timer is not running nothing counts down; only wall-clock times ("starts at 10:20") move. */
const IDLE_INTERVAL_MS = 15_000
/** Fire just after the second boundary so the rounded countdown has already changed. */
const BOUNDARY_SLACK_MS = 4

const now = shallowRef(Date.now())
let users = 0
let timeout: ReturnType<typeof setTimeout> | undefined
let scope: ReturnType<typeof effectScope> | undefined

function schedule(): void {
  clearTimeout(timeout)
  const timer = sharedState.timer
  const delay = timer.status === 'running'
    ? msUntilNextSecond(timer, Date.now()) + BOUNDARY_SLACK_MS
    : IDLE_INTERVAL_MS
  timeout = setTimeout(tick, delay)
}

function tick(): void {
  now.value = Date.now()
  schedule()
}

function start(): void {
  scope = effectScope(true)
  scope.run(() => {
    // A start, pause or reset (from any window) changes what is shown at once, not at the next tick.
    watch(() => [sharedState.timer.status, sharedState.timer.startedAt, sharedState.timer.pausedAt], tick)
  })
  tick()
}

function stop(): void {
  clearTimeout(timeout)
  timeout = undefined
  scope?.stop()
  scope = undefined
}

/**
 * One clock per window for every timing view: a timestamp that updates once a second, exactly when a
 * countdown's text changes, and only while the timer runs. Views derive everything from it and the shared
 * timer state, so they never drift however late a tick fires.
 */
export function useTimingNow(): Readonly<Ref<number>> {
  if (users++ === 0)
    start()
  if (getCurrentScope()) {
    onScopeDispose(() => {
      if (--users === 0)
        stop()
    })
  }
  return readonly(now)
}
