import type { ComputedRef } from 'vue'
import type { SegmentId } from '../logic/plan'
import { sharedState } from '@slidev/client'
import { computed } from 'vue'
import { formatCountdown, segmentRemainingMs } from '../logic/timing'
import { useSegmentMap } from './useSegmentMap'
import { useTimingNow } from './useTimingNow'

export type SegmentCountdownPhase = 'stopped' | 'before' | 'running' | 'last-minute' | 'over' | 'paused'

export interface UseSegmentCountdownReturn {
  /** mm:ss left in the segment, held at 00:00 once it is over (an audience does not need negative time). */
  remaining: ComputedRef<string>
  remainingMs: ComputedRef<number>
  /** 0..1 of the segment used. */
  progress: ComputedRef<number>
  phase: ComputedRef<SegmentCountdownPhase>
  minutes: ComputedRef<number>
  label: ComputedRef<string>
}

/** A countdown of one segment (the discussion) from the shared session clock, for projected slides. */
export function useSegmentCountdown(id: SegmentId): UseSegmentCountdownReturn {
  const map = useSegmentMap()
  const now = useTimingNow()
  const segment = computed(() => map.value.segments.find(s => s.id === id))
  const lengthMs = computed(() => (segment.value?.minutes ?? 0) * 60_000)
  const remainingMs = computed(() => Math.max(0, segmentRemainingMs(map.value, id, sharedState.timer, now.value)))

  const phase = computed((): SegmentCountdownPhase => {
    const timer = sharedState.timer
    if (timer.status === 'stopped')
      return 'stopped'
    if (remainingMs.value <= 0)
      return 'over'
    if (timer.status === 'paused')
      return 'paused'
    if (remainingMs.value >= lengthMs.value)
      return 'before'
    return remainingMs.value <= 60_000 ? 'last-minute' : 'running'
  })

  return {
    remaining: computed(() => formatCountdown(remainingMs.value)),
    remainingMs,
    progress: computed(() => lengthMs.value > 0 ? 1 - remainingMs.value / lengthMs.value : 0),
    phase,
    minutes: computed(() => segment.value?.minutes ?? 0),
    label: computed(() => segment.value?.label ?? id),
  }
}
