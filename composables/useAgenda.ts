import type { ComputedRef } from 'vue'
import type { SegmentId } from '../logic/plan'
import { computed } from 'vue'
import { formatTimeOfDay } from '../logic/timing'
import { usePlannedStart } from './usePlannedStart'
import { useSegmentMap } from './useSegmentMap'

export interface AgendaItem {
  id: SegmentId
  label: string
  minutes: number
  /** "10:05–10:20" once the presenter has set a start time. */
  clock?: string
}

/** The five segments with minutes, and wall-clock times from the presenter's planned start. */
export function useAgenda(): ComputedRef<AgendaItem[]> {
  const map = useSegmentMap()
  const { plannedStartAt } = usePlannedStart()
  return computed(() => map.value.segments.map((segment) => {
    const start = plannedStartAt.value
    return {
      id: segment.id,
      label: segment.label,
      minutes: segment.minutes,
      clock: start === undefined
        ? undefined
        : `${formatTimeOfDay(start + segment.plannedStartSeconds * 1000)}–${formatTimeOfDay(start + segment.plannedEndSeconds * 1000)}`,
    }
  }))
}
