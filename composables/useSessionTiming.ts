import type { ComputedRef } from 'vue'
import type { TimingSnapshot } from '../logic/timing'
import { sharedState, useNav } from '@slidev/client'
import { createSharedComposable } from '@vueuse/core'
import { computed } from 'vue'
import { computeTiming } from '../logic/timing'
import { usePlannedStart } from './usePlannedStart'
import { useSegmentMap } from './useSegmentMap'
import { useTimingNow } from './useTimingNow'

/**
 * The timing snapshot for this window: the shared timer, the shared clock tick, the slide on screen and the
 * deck's segment map fed to the pure model. One instance per window, however many views read it.
 */
export const useSessionTiming = createSharedComposable((): ComputedRef<TimingSnapshot> => {
  const { currentSlideNo } = useNav()
  const map = useSegmentMap()
  const now = useTimingNow()
  const { plannedStartAt } = usePlannedStart()
  return computed(() => computeTiming({
    map: map.value,
    timer: sharedState.timer,
    now: now.value,
    slideNo: currentSlideNo.value,
    plannedStartAt: plannedStartAt.value,
  }))
})
