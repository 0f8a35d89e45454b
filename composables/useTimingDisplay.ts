import type { ComputedRef } from 'vue'
import type { TimingCue, TimingSnapshot } from '../logic/timing'
import { computed } from 'vue'
import { formatCountdown, formatOffset, formatPace, formatTimeOfDay, paceSeconds } from '../logic/timing'
import { useSessionTiming } from './useSessionTiming'

export interface CueDisplay {
  /** Short Korean text shown next to the colour, so the cue does not rely on colour alone. */
  text: string
  /** Iconify class (UnoCSS icons). */
  icon: string
}

export interface UseTimingDisplayReturn {
  timing: ComputedRef<TimingSnapshot>
  segmentName: ComputedRef<string>
  /** mm:ss, negative ("-00:30") once the segment is over. */
  segmentRemaining: ComputedRef<string>
  sessionRemaining: ComputedRef<string>
  pace: ComputedRef<string>
  paceState: ComputedRef<'late' | 'ahead' | 'on-time'>
  next: ComputedRef<{ label: string, offset: string, clock: string } | undefined>
  cue: ComputedRef<TimingCue>
  /** What the cue says, or undefined when there is nothing to say. */
  cueDisplay: ComputedRef<CueDisplay | undefined>
}

const CUES: Partial<Record<TimingCue, CueDisplay>> = {
  'idle': { text: '대기 · T로 시작', icon: 'i-carbon:play-outline' },
  'last-minute': { text: '마지막 1분', icon: 'i-carbon:hourglass' },
  'segment-overtime': { text: '구간 초과', icon: 'i-carbon:warning-alt' },
  'session-overtime': { text: '세션 초과', icon: 'i-carbon:warning-filled' },
}

/** The presenter panel's texts, each its own computed so a view re-renders only what changed. */
export function useTimingDisplay(): UseTimingDisplayReturn {
  const timing = useSessionTiming()
  const cue = computed(() => timing.value.cue)
  const paused = computed(() => timing.value.status === 'paused')

  return {
    timing,
    segmentName: computed(() => timing.value.current.label),
    segmentRemaining: computed(() => formatCountdown(timing.value.segmentRemainingMs)),
    sessionRemaining: computed(() => formatCountdown(timing.value.sessionRemainingMs)),
    pace: computed(() => formatPace(timing.value.paceMs)),
    paceState: computed(() => {
      const seconds = paceSeconds(timing.value.paceMs)
      return seconds === 0 ? 'on-time' : seconds > 0 ? 'late' : 'ahead'
    }),
    next: computed(() => {
      const next = timing.value.next
      if (!next)
        return undefined
      return { label: next.segment.label, offset: formatOffset(next.plannedStartMs), clock: formatTimeOfDay(next.clockAt) }
    }),
    cue,
    cueDisplay: computed(() => paused.value ? { text: '일시정지', icon: 'i-carbon:pause-filled' } : CUES[cue.value]),
  }
}
