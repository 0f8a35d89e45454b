import type { TimerState } from '../logic/timing'
import { configs, sharedState, useNav } from '@slidev/client'
import { useEventListener } from '@vueuse/core'
import { watch } from 'vue'
import { recordEvent, rehearsalPlan } from '../logic/rehearsal'
import { useRehearsalLog } from './useRehearsalLog'
import { slideMetaOf, useSegmentMap } from './useSegmentMap'
import { useTimingNow } from './useTimingNow'

/** Credit time at least this often while running, so a crash or a closed laptop loses little. */
const FLUSH_EVERY_MS = 30_000

/**
 * Records every run of the session timer: session time per slide, from start to reset. Runs in the
 * presenter window only (one recorder per presentation; the audience window would count the same time twice).
 */
export function useRehearsalRecorder(): void {
  const { currentSlideNo, slides } = useNav()
  const map = useSegmentMap()
  const now = useTimingNow()
  const log = useRehearsalLog()

  let timer = snapshot()
  let lastFlush = 0

  function snapshot(): TimerState {
    const { status, startedAt, pausedAt } = sharedState.timer
    return { status, startedAt, pausedAt }
  }

  function step(): void {
    const after = snapshot()
    const at = Date.now()
    const result = recordEvent(log.active.value, {
      before: timer,
      after,
      slideNo: currentSlideNo.value,
      now: at,
      plan: rehearsalPlan(map.value, slides.value.map(route => slideMetaOf(route).title)),
      deck: configs.slidesTitle,
    })
    timer = after
    lastFlush = at
    if (result.finished)
      log.addRun(result.finished)
    log.active.value = result.state
  }

  // On load this credits the time since the last flush (a reload) to the slide that was on screen.
  step()
  watch(() => [sharedState.timer.status, sharedState.timer.startedAt, sharedState.timer.pausedAt, currentSlideNo.value], step)
  watch(now, (at) => {
    if (timer.status === 'running' && at - lastFlush >= FLUSH_EVERY_MS)
      step()
  })
  useEventListener(document, 'visibilitychange', step)
  useEventListener(window, 'pagehide', step)
}
