import { defineShortcutsSetup } from '@slidev/types'
import { useMagicKeys } from '@vueuse/core'
import { and, not } from '@vueuse/math'
import { useSegmentJump } from '../composables/useSegmentJump'
import { useSessionTimer } from '../composables/useSessionTimer'

/**
 * Timing shortcuts next to Slidev's own (which are kept). Keys are matched by physical key code as well as by
 * character, so they work with a Korean input method on (where `t` types "ㅅ").
 *
 * - T: start / pause the session timer
 * - Shift+T: reset the timer (asks first)
 * - ]: first slide of the next segment
 * - [: first slide of the previous segment
 */
export default defineShortcutsSetup((nav, base) => {
  const keys = useMagicKeys()
  const { toggle, confirmReset } = useSessionTimer()
  const { nextSegment, previousSegment } = useSegmentJump(nav)
  const modified = (key: Parameters<typeof and>[0]) => and(key, not(keys.ctrl), not(keys.meta), not(keys.alt))

  return [
    ...base,
    { name: 'timing_toggle', key: modified(and(keys.keyt, not(keys.shift))), fn: toggle },
    { name: 'timing_reset', key: modified(and(keys.keyt, keys.shift)), fn: () => confirmReset() },
    { name: 'timing_next_segment', key: modified(keys.bracketright), fn: nextSegment },
    { name: 'timing_prev_segment', key: modified(keys.bracketleft), fn: previousSegment },
  ]
})
