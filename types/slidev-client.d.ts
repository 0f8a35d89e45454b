/**
 * Types of the few @slidev/client exports the course uses. Slidev's client ships as TypeScript sources that
 * only compile inside Slidev's Vite build (virtual modules, build-time flags, looser compiler options), so
 * `npm run typecheck` maps '@slidev/client' here (tsconfig paths). Shapes copied from @slidev/client 52.20.1:
 * state/shared.ts, composables/useNav.ts, env.ts, state/syncState.ts.
 */
declare module '@slidev/client' {
  import type { SlideRoute, SlidevConfig } from '@slidev/types'
  import type { ComputedRef, Ref } from 'vue'

  export interface SharedState {
    page: number
    clicks: number
    clicksTotal: number
    timer: {
      status: 'stopped' | 'running' | 'paused'
      slides: Record<number, { start?: number, end?: number }>
      startedAt: number
      pausedAt: number
    }
    cursor?: { x: number, y: number, style?: 'cursor' | 'laser' }
    lastUpdate?: { id: string, type: 'presenter' | 'viewer', time: number }
  }

  export const sharedState: SharedState
  export const configs: SlidevConfig & { slidesTitle: string }

  export interface SlidevNav {
    slides: Ref<SlideRoute[]>
    total: ComputedRef<number>
    currentSlideNo: ComputedRef<number>
    currentSlideRoute: ComputedRef<SlideRoute>
    isPresenter: ComputedRef<boolean>
    isPlaying: ComputedRef<boolean>
    isPrintMode: ComputedRef<boolean>
    isEmbedded: ComputedRef<boolean>
    go: (no: number | string, clicks?: number, force?: boolean) => Promise<void>
    next: () => Promise<void>
    prev: () => Promise<void>
  }

  export function useNav(): SlidevNav
  export function disableBuiltinSync(): void

  export type SyncWrite<State extends object> = (state: State, updating?: boolean) => void
  export interface Sync {
    enabled?: boolean
    init: <State extends object>(channelKey: string, onUpdate: (data: Partial<State>) => void, state: State, persist?: boolean) => SyncWrite<State> | undefined
  }
  export function addSyncMethod(sync: Sync): void
}
