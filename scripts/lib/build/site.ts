import { spawn } from 'node:child_process'
import { createWriteStream } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { join } from 'node:path'

const require = createRequire(import.meta.url)
const SLIDEV_CLI = join(require.resolve('@slidev/cli/package.json'), '..', 'bin', 'slidev.mjs')

/**
 * One `slidev build` per deck with its own --base (one build of several entries would share a base, upstream
 * issue 2368), into `outDir`. Output goes to `logFile`; a failure names it.
 */
export async function buildSite(options: { root: string, deck: string, outDir: string, logFile: string }): Promise<void> {
  const { root, deck, outDir, logFile } = options
  await mkdir(join(outDir, '..'), { recursive: true })
  const args = [SLIDEV_CLI, 'build', join('slides', `${deck}.md`), '--base', `/${deck}/`, '--out', outDir]
  await new Promise<void>((resolve, reject) => {
    const log = createWriteStream(logFile)
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' } })
    child.stdout.pipe(log, { end: false })
    child.stderr.pipe(log, { end: false })
    child.on('error', reject)
    child.on('close', (code, signal) => {
      log.end()
      if (code === 0)
        resolve()
      else
        reject(new Error(`slidev build ${signal ? `was killed by ${signal}` : `exited with ${code}`} (log: ${logFile})`))
    })
  })
}
