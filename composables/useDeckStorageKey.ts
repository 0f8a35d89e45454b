import { configs } from '@slidev/client'

/**
 * A localStorage key private to this deck. Every deck of the course is served from one origin
 * (`/session_01/`, `/session_02/` ...), so keys carry the base path as well as the title (the dev server
 * serves every deck at `/`).
 */
export function useDeckStorageKey(name: string): string {
  return `course-timing:${import.meta.env.BASE_URL}:${configs.slidesTitle}:${name}`
}
