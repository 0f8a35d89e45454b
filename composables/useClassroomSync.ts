import type { ClassroomStatus, RoomState } from '../logic/classroom'
import { addSyncMethod, useNav } from '@slidev/client'
import { getCurrentInstance } from 'vue'
import { ClassroomClient, pickRoomState, RELAY_META, RELAY_PATH, TOKEN_HASH_PARAM, TOKEN_STORAGE_KEY } from '../logic/classroom'

/**
 * Classroom mode: joins this deck's room on the relay through Slidev's own sync extension point, next to the
 * built-in same-browser sync. Only when the server said a relay exists (a meta tag it adds in classroom mode),
 * never in the dev server, the print/export route or an embedded frame: there a deck behaves exactly as without it.
 *
 * A window holding the presenter token (from `#classroom=<token>`, then this tab's session storage) publishes
 * the shared state from its presenter view; every other window only follows. The relay decides, not this code.
 *
 * Call once, in a root setup, before Slidev initialises its shared state (setup/root.ts).
 */
export function useClassroomSync(): void {
  if (__SLIDEV_HAS_SERVER__ || typeof window === 'undefined' || typeof WebSocket === 'undefined')
    return
  if (!document.querySelector(`meta[name="${RELAY_META}"]`))
    return
  const params = new URLSearchParams(location.search)
  if (params.has('print') || params.has('embedded') || /\/(?:print|export)\/?$/.test(location.pathname))
    return
  const deck = import.meta.env.BASE_URL.replace(/^\/|\/$/g, '')
  if (!deck || deck.includes('/'))
    return

  const token = takeToken()
  // Slidev's router, from the app (importing vue-router here could load a second copy of it). Its first
  // navigation writes the URL it started from, fragment included, back: the token is stripped again then.
  // The room is joined only after that navigation too: a state that arrives earlier is overwritten by
  // Slidev's own first patch of this window's route, and the window would not follow.
  const router = getCurrentInstance()?.appContext.config.globalProperties.$router as { isReady: () => Promise<void> } | undefined
  const ready = (router?.isReady() ?? Promise.resolve()).then(() => {
    takeToken()
  }, () => {})
  const { isPresenter } = useNav()
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${RELAY_PATH}${deck}`

  addSyncMethod({
    init(channelKey, onUpdate, state, persist) {
      // Only the navigation/timer channel; drawings stay in the presenter's browser.
      if (persist || !channelKey.endsWith(' - shared'))
        return undefined
      const shared = state as unknown as RoomState
      const apply = (incoming: RoomState, retries = 3) => {
        onUpdate({ ...incoming, timer: { ...incoming.timer, slides: {} } } as never)
        // Slidev ignores an update that lands in the same tick as a local patch (its first navigation, say):
        // check once the tick is over and apply again if it did not take.
        setTimeout(() => {
          if (retries > 0 && (shared.page !== incoming.page || shared.clicks !== incoming.clicks || shared.timer.startedAt !== incoming.timer.startedAt || shared.timer.status !== incoming.timer.status))
            apply(incoming, retries - 1)
        }, 20)
      }
      const client = new ClassroomClient({
        url,
        token,
        createSocket: target => new WebSocket(target),
        onState: apply,
        onStatus: (status: ClassroomStatus) => {
          // Visible to styles and tests: html[data-classroom="audience" | "presenter" | "offline" | …].
          document.documentElement.dataset.classroom = status
        },
      })
      void ready.then(() => client.start())
      // Leaving the page closes the connection; coming back to it from the back/forward cache opens a new one.
      window.addEventListener('pagehide', () => client.stop())
      window.addEventListener('pageshow', (event) => {
        if (event.persisted)
          client.start()
      })
      return (current, updating) => {
        if (!updating && token && isPresenter.value)
          client.publish(pickRoomState(current as unknown as RoomState))
      }
    },
  })
}

/** The token from `#classroom=…` (moved to session storage and out of the address bar) or from this tab's storage. */
function takeToken(): string | undefined {
  const pattern = new RegExp(`([#&])${TOKEN_HASH_PARAM}=([\\w-]+)&?`)
  const match = pattern.exec(location.hash)
  try {
    if (match) {
      sessionStorage.setItem(TOKEN_STORAGE_KEY, match[2])
      const hash = location.hash.replace(pattern, '$1').replace(/^[#&]+$/, '')
      history.replaceState(history.state, '', `${location.pathname}${location.search}${hash}`)
    }
    return sessionStorage.getItem(TOKEN_STORAGE_KEY) ?? undefined
  }
  catch {
    // Storage blocked: the token lives only as long as this page.
    return match?.[2]
  }
}
