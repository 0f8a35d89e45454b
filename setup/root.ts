import { defineRootSetup } from '@slidev/types'
import { useTimerPersistence } from '../composables/useTimerPersistence'

export default defineRootSetup(() => {
  // Before Slidev starts syncing its shared state (it does right after the root setups), so the restored
  // timer is what this window shares with the others.
  useTimerPersistence()
})
