import type { ComputedRef } from 'vue'
import type { TimerAction, TimerState } from '../logic/timing'
import { sharedState } from '@slidev/client'
import { computed } from 'vue'
import { applyTimerAction } from '../logic/timing'

export interface UseSessionTimerReturn {
  /** Slidev's shared timer (status, startedAt, pausedAt): the one clock every window reads. */
  timer: ComputedRef<TimerState>
  status: ComputedRef<TimerState['status']>
  /** Start, or resume after a pause. */
  start: () => void
  pause: () => void
  toggle: () => void
  /** Reset without asking. */
  reset: () => void
  /** Reset after the presenter confirms; returns whether it did. */
  confirmReset: (message?: string) => boolean
}

/**
 * Start, pause and reset on Slidev's shared timer, with Slidev's own arithmetic: its buttons, these controls
 * and every window write and read the same three timestamps.
 */
export function useSessionTimer(): UseSessionTimerReturn {
  const timer = computed<TimerState>(() => sharedState.timer)
  const status = computed(() => sharedState.timer.status)

  function act(action: TimerAction): void {
    const next = applyTimerAction(sharedState.timer, action, Date.now())
    if (next === sharedState.timer)
      return
    // In place, field by field, as Slidev's own useTimer does: the shared state must stay plain data that
    // BroadcastChannel can clone (a spread of the reactive object would carry a proxy along).
    Object.assign(sharedState.timer, next)
    if (action === 'reset')
      sharedState.timer.slides = {}
  }

  function confirmReset(message = '세션 타이머를 0으로 되돌릴까요? 리허설 기록은 여기서 끝납니다.'): boolean {
    if (sharedState.timer.status === 'stopped')
      return false
    // A blocking confirm on purpose: a reset in the middle of a session cannot be undone.
    if (!window.confirm(message))
      return false
    act('reset')
    return true
  }

  return {
    timer,
    status,
    start: () => act('start'),
    pause: () => act('pause'),
    toggle: () => act('toggle'),
    reset: () => act('reset'),
    confirmReset,
  }
}
