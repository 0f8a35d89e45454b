/**
 * `npm run dev -- 3` (or session_03, overview): Slidev's dev server for one deck on localhost, presenter view
 * included. Extra arguments after the deck go to Slidev (e.g. `--port 3031`).
 */
import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { join, resolve } from 'node:path'
import process from 'node:process'
import { DECKS, findDeck } from '../logic/course'

const ROOT = resolve(import.meta.dirname, '..')
const [name, ...rest] = process.argv.slice(2).filter(arg => arg !== '--')
const info = name ? findDeck(name) : undefined
if (!info) {
  console.error(`usage: npm run dev -- <deck> [slidev options]\n  decks: ${DECKS.map(d => d.session ? `${d.session.number} (${d.deck})` : d.deck).join(', ')}${name ? `\n  unknown deck "${name}"` : ''}`)
  process.exit(2)
}
const require = createRequire(import.meta.url)
const cli = join(require.resolve('@slidev/cli/package.json'), '..', 'bin', 'slidev.mjs')
// Slidev binds to localhost unless --remote is given; --open false because the instructor picks the window.
const child = spawn(process.execPath, [cli, join('slides', `${info.deck}.md`), '--open', 'false', ...rest], { cwd: ROOT, stdio: 'inherit' })
child.on('exit', code => process.exit(code ?? 1))
