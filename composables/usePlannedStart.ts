import type { ComputedRef, Ref } from 'vue'
import { createSharedComposable, useLocalStorage } from '@vueuse/core'
import { computed } from 'vue'
import { useDeckStorageKey } from './useDeckStorageKey'

export interface UsePlannedStartReturn {
  /** "HH:MM" as the presenter typed it (an `<input type="time">` value); empty when not set. */
  plannedStart: Ref<string>
  /** Today's epoch ms at that time, or undefined when not set. */
  plannedStartAt: ComputedRef<number | undefined>
}

/**
 * The time the presenter plans to start, kept per deck in localStorage. Windows of the same deck share it
 * (useLocalStorage listens to storage events), so the agenda on the projector follows the presenter's input.
 */
export const usePlannedStart = createSharedComposable((): UsePlannedStartReturn => {
  const plannedStart = useLocalStorage(useDeckStorageKey('planned-start'), '')
  const plannedStartAt = computed(() => {
    const match = /^(\d{1,2}):(\d{2})$/.exec(plannedStart.value.trim())
    if (!match)
      return undefined
    // Today, read when the time is set: the agenda does not need a ticking clock for a date.
    const day = new Date(Date.now())
    day.setHours(Number(match[1]), Number(match[2]), 0, 0)
    return day.getTime()
  })
  return { plannedStart, plannedStartAt }
})
