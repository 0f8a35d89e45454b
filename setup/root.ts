import { defineRootSetup } from '@slidev/types'
import { useClassroomSync } from '../composables/useClassroomSync'
import { useTimerPersistence } from '../composables/useTimerPersistence'

export default defineRootSetup(() => {
  // Before Slidev starts syncing its shared state (it does right after the root setups), so the restored
  // timer is what this window shares with the others.
  useTimerPersistence()
  // Same reason: a sync method added now is in place when the shared channel starts. No-op without a relay.
  useClassroomSync()
})
