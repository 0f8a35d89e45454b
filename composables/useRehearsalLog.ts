import type { ComputedRef, Ref } from 'vue'
import type { RecorderState, RehearsalRun } from '../logic/rehearsal'
import { createSharedComposable, useLocalStorage } from '@vueuse/core'
import { computed } from 'vue'
import { parseRuns, runsToCsv, runsToJson } from '../logic/rehearsal'
import { useDeckStorageKey } from './useDeckStorageKey'

/** Old runs beyond this are dropped: enough for a week of rehearsals, small enough for localStorage. */
export const MAX_RUNS = 30

export interface UseRehearsalLogReturn {
  /** Finished runs, oldest first. */
  runs: ComputedRef<RehearsalRun[]>
  /** The run in progress and where its last credit stopped. */
  active: Ref<RecorderState>
  /** Finished runs plus the one in progress. */
  allRuns: ComputedRef<RehearsalRun[]>
  addRun: (run: RehearsalRun) => void
  clear: () => void
  downloadCsv: () => void
  downloadJson: () => void
}

/**
 * The deck's rehearsal records in localStorage. Shared by the recorder (presenter window) and the
 * /rehearsal page, which update each other through storage events.
 */
export const useRehearsalLog = createSharedComposable((): UseRehearsalLogReturn => {
  const stored = useLocalStorage<unknown[]>(useDeckStorageKey('rehearsals'), [])
  const active = useLocalStorage<RecorderState>(useDeckStorageKey('rehearsal-active'), {})
  const runs = computed(() => parseRuns(stored.value))
  const allRuns = computed(() => {
    const run = active.value.run
    return run ? [...runs.value, run] : runs.value
  })

  function addRun(run: RehearsalRun): void {
    stored.value = [...runs.value, run].slice(-MAX_RUNS)
  }

  function clear(): void {
    stored.value = []
    active.value = {}
  }

  function download(name: string, type: string, text: string): void {
    const url = URL.createObjectURL(new Blob([text], { type }))
    const link = document.createElement('a')
    link.href = url
    link.download = name
    link.click()
    // Revoke after the click has been handled; the download keeps its own copy.
    setTimeout(() => URL.revokeObjectURL(url), 1000)
  }

  const baseName = computed(() => `rehearsal-${(runs.value[0]?.deck ?? 'deck').replace(/[^\w.-]+/g, '_')}`)

  return {
    runs,
    active,
    allRuns,
    addRun,
    clear,
    // A BOM makes Excel read the Korean labels as UTF-8.
    downloadCsv: () => download(`${baseName.value}.csv`, 'text/csv;charset=utf-8', `\uFEFF${runsToCsv(allRuns.value)}`),
    downloadJson: () => download(`${baseName.value}.json`, 'application/json', runsToJson(allRuns.value)),
  }
})
