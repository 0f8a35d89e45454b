import { resolve } from 'node:path'
import process from 'node:process'
import { buildCourse, formatSummary } from '../../scripts/lib/build'

/**
 * Builds every stale deck once before the browser tests (incremental: a second run is a no-op). A deck that
 * does not build fails the suite here, with the build's own messages.
 */
export default async function setup(): Promise<void> {
  // E2E_DECKS=overview,session_01 builds only those (for running one test file while working on it); CI builds all.
  // E2E_DECKS=none builds nothing (for a test file that builds its own fixture).
  const decks = process.env.E2E_DECKS?.split(',').map(d => d.trim()).filter(Boolean)
  if (decks?.join() === 'none')
    return
  const summary = await buildCourse({ root: resolve(import.meta.dirname, '../..'), decks })
  console.log(formatSummary(summary))
  if (!summary.ok)
    throw new Error(`the course did not build: ${summary.results.filter(r => r.outcome === 'failed' || r.outcome === 'refused').map(r => `${r.deck} (${r.message})`).join(', ')}`)
}
