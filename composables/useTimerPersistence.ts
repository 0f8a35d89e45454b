import type { TimerState } from '../logic/timing'
import { sharedState } from '@slidev/client'
import { watch } from 'vue'
import { useDeckStorageKey } from './useDeckStorageKey'

export interface UseTimerPersistenceOptions {
  /** Where the timer is kept. Default: `window.localStorage`. */
  storage?: Storage
  /** Storage key. Default: a key private to this deck. */
  key?: string
}

/**
 * Keeps Slidev's shared timer across reloads of a static build.
 *
 * In a build, Slidev holds `sharedState.timer` in memory and syncs it between windows over BroadcastChannel,
 * so a reload starts from zero, and a window opened late broadcasts its zero timer to the others on its first
 * navigation (Slidev sends the whole shared state). Restoring before Slidev starts syncing fixes both.
 * With a server (dev, export) the server already keeps the state: nothing to do.
 *
 * Call once per window, before Slidev initialises its shared state (setup/root.ts does).
 */
export function useTimerPersistence(options: UseTimerPersistenceOptions = {}): void {
  if (__SLIDEV_HAS_SERVER__ || typeof window === 'undefined')
    return
  const storage = options.storage ?? window.localStorage
  const key = options.key ?? useDeckStorageKey('timer')

  const saved = readTimer(storage, key)
  if (saved)
    Object.assign(sharedState.timer, saved)

  watch(
    () => sharedState.timer,
    (timer) => {
      const state: TimerState = { status: timer.status, startedAt: timer.startedAt, pausedAt: timer.pausedAt }
      try {
        storage.setItem(key, JSON.stringify(state))
      }
      catch {
        // Private mode or a full storage: the timer still works, it just does not survive a reload.
      }
    },
    { deep: true },
  )
}

function readTimer(storage: Storage, key: string): TimerState | undefined {
  try {
    const value: unknown = JSON.parse(storage.getItem(key) ?? 'null')
    if (typeof value !== 'object' || value === null)
      return undefined
    const { status, startedAt, pausedAt } = value as Record<string, unknown>
    if ((status === 'stopped' || status === 'running' || status === 'paused')
      && typeof startedAt === 'number' && typeof pausedAt === 'number') {
      return { status, startedAt, pausedAt }
    }
  }
  catch {
    // A value from an older version or hand-edited: start clean.
  }
  return undefined
}
