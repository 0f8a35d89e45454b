import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { importedCodeFiles } from './handoutCode'

/**
 * Everything besides the deck itself that changes what a built deck looks like: the shared addon (components,
 * composables, setup, styles, layouts, public, pages), the plan and course data, the dependency lockfile, and
 * the build code. Tests and docs are not inputs.
 */
const SHARED_INPUTS = [
  'components',
  'composables',
  'setup',
  'styles',
  'layouts',
  'public',
  'pages',
  'logic',
  'global-top.vue',
  'global-bottom.vue',
  'custom-nav-controls.vue',
  'package-lock.json',
  'vite.config.ts',
  'scripts/lib/build/site.ts',
  'scripts/lib/build/pdf.ts',
  // The slide PDF's bookmarks: written by outline.ts, parts and slides from bookmarks.ts and handoutLayout.ts.
  'scripts/lib/build/outline.ts',
  'scripts/lib/build/bookmarks.ts',
  'scripts/lib/build/handoutLayout.ts',
  'scripts/lib/slideMetrics.ts',
]

/** The handout is printed from the built site by this code; it is an input of the handout only. */
const HANDOUT_INPUTS = [
  'scripts/lib/build/handout.ts',
  'scripts/lib/build/handoutHtml.ts',
  'scripts/lib/build/handoutCode.ts',
  'scripts/lib/deck.ts',
]

function listFiles(root: string, entry: string): string[] {
  const path = join(root, entry)
  if (!existsSync(path))
    return []
  if (statSync(path).isFile())
    return [path]
  return readdirSync(path, { recursive: true, withFileTypes: true })
    .filter(d => d.isFile() && !/\.test\.ts$/.test(d.name))
    .map(d => join(d.parentPath, d.name))
    .sort()
}

export function hashFiles(root: string, entries: readonly string[]): string {
  const hash = createHash('sha256')
  for (const entry of entries) {
    for (const file of listFiles(root, entry)) {
      hash.update(relative(root, file))
      hash.update('\0')
      hash.update(readFileSync(file))
      hash.update('\0')
    }
  }
  return hash.digest('hex').slice(0, 20)
}

export function sharedInputsHash(root: string): string {
  return hashFiles(root, SHARED_INPUTS)
}

/**
 * The site and its PDF depend on the deck, any markdown it imports from slides/, the code files it imports
 * with `<<<`, and the shared inputs.
 */
export function deckInputsHash(root: string, deck: string, shared: string): string {
  const file = join(root, 'slides', `${deck}.md`)
  const code = existsSync(file) ? importedCodeFiles(file, readFileSync(file, 'utf8')).map(f => relative(root, f)) : []
  const imported = [...importedMarkdown(root, deck), ...code]
  return createHash('sha256').update(shared).update(hashFiles(root, [`slides/${deck}.md`, ...imported])).digest('hex').slice(0, 20)
}

export function handoutCodeHash(root: string): string {
  return hashFiles(root, HANDOUT_INPUTS)
}

/** A handout depends on everything its deck's site does, plus the handout code. */
export function handoutInputsHash(deckHash: string, handoutCode: string): string {
  return createHash('sha256').update(deckHash).update('\0').update(handoutCode).digest('hex').slice(0, 20)
}

/** `src: ./part.md` includes of a deck (Slidev's way to share slides between decks). */
function importedMarkdown(root: string, deck: string): string[] {
  const file = join(root, 'slides', `${deck}.md`)
  if (!existsSync(file))
    return []
  return [...readFileSync(file, 'utf8').matchAll(/^src:\s*['"]?([^'"\s]+\.md)['"]?\s*$/gm)].map(m => join('slides', m[1]))
}
