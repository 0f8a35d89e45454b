import type { Plugin } from 'vite'
import { defineConfig } from 'vite'

/**
 * Slidev compiles its /print route into a build only when the deck sets `download: true`, and then also
 * exports the PDF itself from a server on a fixed port (12445, all interfaces), so two decks cannot build at
 * once. The course build exports PDFs with its own Playwright run instead (scripts/lib/build/pdf.ts) and only
 * needs the route: keep it compiled in.
 */
function keepPrintRoute(): Plugin {
  return {
    name: 'course:keep-print-route',
    enforce: 'post',
    // In dev too, so `npm run legibility -- 3 --url <dev server>` can measure a deck while it is being edited.
    config: () => ({ define: { __SLIDEV_FEATURE_PRINT__: 'true' } }),
  }
}

export default defineConfig({
  plugins: [keepPrintRoute()],
})
