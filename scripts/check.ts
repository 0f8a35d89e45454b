/**
 * The deck checker: `npm run check [files...]` (all decks when none are named).
 * Prints one `file:line: message` per problem and exits 1 when there is any; never a stack trace.
 */
import { relative, resolve } from 'node:path'
import process from 'node:process'
import { DECKS } from '../logic/course'
import { checkDeckFile, formatProblem } from './lib/checker'

const ROOT = resolve(import.meta.dirname, '..')

async function main(): Promise<number> {
  const args = process.argv.slice(2)
  const files = args.length ? args.map(a => resolve(a)) : DECKS.map(d => resolve(ROOT, 'slides', `${d.deck}.md`))
  let count = 0
  for (const file of files) {
    const problems = await checkDeckFile(file)
    for (const problem of problems)
      console.log(formatProblem({ ...problem, file: relative(process.cwd(), problem.file) }))
    count += problems.length
  }
  if (count)
    console.error(`${count} problem${count === 1 ? '' : 's'} in ${files.length} deck${files.length === 1 ? '' : 's'}`)
  else
    console.error(`${files.length} deck${files.length === 1 ? '' : 's'} checked: no problems`)
  return count ? 1 : 0
}

main().then(code => process.exit(code), (error: unknown) => {
  console.error(`check: ${error instanceof Error ? error.message : String(error)}`)
  process.exit(2)
})
