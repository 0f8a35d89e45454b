import type { NavOperations } from '@slidev/types'
import { useNav } from '@slidev/client'
import { useSegmentMap } from './useSegmentMap'

export interface UseSegmentJumpReturn {
  /** Go to the first slide of the segment after the one on screen (no-op in the last segment). */
  nextSegment: () => void
  /** Go to the first slide of the segment before the one on screen (no-op in the first segment). */
  previousSegment: () => void
}

/** Segment-wise navigation over the deck's segment map; segments without slides are skipped. */
export function useSegmentJump(nav: Pick<NavOperations, 'go'>): UseSegmentJumpReturn {
  const { currentSlideNo } = useNav()
  const map = useSegmentMap()

  function jump(direction: 1 | -1): void {
    const { slides, segments } = map.value
    const here = slides[currentSlideNo.value - 1]
    if (!here)
      return
    for (let i = here.segmentIndex + direction; i >= 0 && i < segments.length; i += direction) {
      const first = segments[i].slides[0]
      if (first !== undefined) {
        void nav.go(first + 1)
        return
      }
    }
  }

  return { nextSegment: () => jump(1), previousSegment: () => jump(-1) }
}
