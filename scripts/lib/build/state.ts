import { existsSync, readFileSync } from 'node:fs'
import { writeFileAtomic } from './atomic'

/** Input hash each output was last built from, per deck. An output is fresh when its hash matches. */
export interface BuildState {
  /**
   * `handoutFullPage`: slides whose notes the handout gave a page of their own (measured while printing), so a
   * reader of the handout's page plan (the tests) can rebuild it without a browser.
   */
  decks: Record<string, { site?: string, pdf?: string, handout?: string, handoutFullPage?: number[] }>
}

export function readState(file: string): BuildState {
  if (!existsSync(file))
    return { decks: {} }
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as BuildState
    return parsed && typeof parsed.decks === 'object' ? parsed : { decks: {} }
  }
  catch {
    return { decks: {} } // a damaged state only costs a rebuild
  }
}

export function writeState(file: string, state: BuildState): Promise<void> {
  return writeFileAtomic(file, `${JSON.stringify(state, null, 2)}\n`)
}
