import type { Ref } from 'vue'
import type { TimingCue } from '../logic/timing'
import { useLocalStorage } from '@vueuse/core'
import { watch } from 'vue'

export interface UseTimingCueSoundOptions {
  /** Tone per cue in Hz; a cue without a tone stays silent. */
  tones?: Partial<Record<TimingCue, number>>
  /** Peak gain, 0..1. Default 0.08: audible in a quiet room, not startling through a lectern speaker. */
  volume?: number
}

export interface UseTimingCueSoundReturn {
  /** Presenter preference, off by default, kept across decks. */
  enabled: Ref<boolean>
  /** Play the tone of a cue now (also a way to test the speaker). */
  play: (cue: TimingCue) => void
}

const DEFAULT_TONES: Partial<Record<TimingCue, number>> = {
  'last-minute': 660,
  'segment-overtime': 523,
  'session-overtime': 440,
}

/**
 * A soft chime when the cue becomes more urgent (last minute, segment over, session over). Colour and text
 * carry the cue; the sound is for presenters who look at the room, so it is opt-in.
 */
export function useTimingCueSound(cue: Readonly<Ref<TimingCue>>, options: UseTimingCueSoundOptions = {}): UseTimingCueSoundReturn {
  const enabled = useLocalStorage('course-timing:cue-sound', false)
  const tones = { ...DEFAULT_TONES, ...options.tones }
  const volume = options.volume ?? 0.08
  let context: AudioContext | undefined

  function play(which: TimingCue): void {
    const frequency = tones[which]
    if (!frequency || typeof AudioContext === 'undefined')
      return
    context ??= new AudioContext()
    const at = context.currentTime
    const oscillator = context.createOscillator()
    const gain = context.createGain()
    oscillator.type = 'sine'
    oscillator.frequency.value = frequency
    // A short swell and a long fade: a chime, not a beep.
    gain.gain.setValueAtTime(0, at)
    gain.gain.linearRampToValueAtTime(volume, at + 0.03)
    gain.gain.exponentialRampToValueAtTime(0.0001, at + 1.2)
    oscillator.connect(gain).connect(context.destination)
    oscillator.start(at)
    oscillator.stop(at + 1.25)
  }

  watch(cue, (next, previous) => {
    if (enabled.value && urgency(next) > urgency(previous))
      play(next)
  })

  return { enabled, play }
}

function urgency(cue: TimingCue): number {
  return ['idle', 'normal', 'last-minute', 'segment-overtime', 'session-overtime'].indexOf(cue)
}
