import type { SlideRoute } from '@slidev/types'
import type { ComputedRef } from 'vue'
import type { SegmentMap, SlideFrontmatter } from '../logic/segmentMap'
import { useNav } from '@slidev/client'
import { createSharedComposable } from '@vueuse/core'
import { computed } from 'vue'
import { deriveSegmentMap } from '../logic/segmentMap'

/** The part of Slidev's route meta the timing reads (Slidev's own RouteMeta augmentation is not always seen). */
interface SlideMeta {
  frontmatter?: SlideFrontmatter
  title?: string
}

export function slideMetaOf(route: SlideRoute | undefined): SlideMeta {
  return (route?.meta as { slide?: SlideMeta } | undefined)?.slide ?? {}
}

/** The deck's slide-to-segment map, from the frontmatter Slidev already has (one derivation per window). */
export const useSegmentMap = createSharedComposable((): ComputedRef<SegmentMap> => {
  const { slides } = useNav()
  return computed(() => deriveSegmentMap(slides.value.map(route => slideMetaOf(route).frontmatter ?? {})))
})
