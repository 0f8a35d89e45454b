import { disableBuiltinSync } from '@slidev/client'
import { defineRoutesSetup } from '@slidev/types'

export default defineRoutesSetup(routes => [
  ...routes,
  {
    name: 'rehearsal',
    path: '/rehearsal',
    component: () => import('../pages/RehearsalPage.vue'),
    // Slidev shares the page number of every window it syncs; from this page it would send "slide 1" and pull
    // the presenter and the projector back to the cover. A records page takes no part in the show.
    beforeEnter: () => {
      disableBuiltinSync()
    },
  },
])
