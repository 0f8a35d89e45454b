import { spawn } from 'node:child_process'
import { createWriteStream, existsSync } from 'node:fs'
import { copyFile, mkdir, readFile, rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { PDFDocument } from 'pdf-lib'
import { temporaryPath } from './atomic'

const require = createRequire(import.meta.url)
const SLIDEV_CLI = join(require.resolve('@slidev/cli/package.json'), '..', 'bin', 'slidev.mjs')

export interface SiteBuild {
  /** Finished site folder (not yet in place). */
  siteDir: string
  /** The exported PDF inside siteDir. */
  pdfFile: string
  pages: number
}

/**
 * One `slidev build` per deck with its own --base (one build of several entries would share a base, upstream
 * issue 2368). The decks set `download: true`, so the same process serves the fresh build and exports the PDF
 * from it with Playwright: no second Vite server as `slidev export` would start.
 */
export async function buildSite(options: {
  root: string
  deck: string
  workDir: string
  chromium: string
  expectedPages: number
  logFile: string
}): Promise<SiteBuild> {
  const { root, deck, workDir, chromium, expectedPages, logFile } = options
  await mkdir(workDir, { recursive: true })
  const siteDir = temporaryPath(join(workDir, deck))
  const args = [SLIDEV_CLI, 'build', join('slides', `${deck}.md`), '--base', `/${deck}/`, '--out', siteDir, '--executable-path', chromium]
  await run(process.execPath, args, root, logFile)
  const pdfFile = join(siteDir, `${deck}.pdf`)
  if (!existsSync(pdfFile))
    throw new Error(`slidev build wrote no PDF for ${deck} (see ${logFile})`)
  const pages = (await PDFDocument.load(await readFile(pdfFile), { updateMetadata: false })).getPageCount()
  if (pages !== expectedPages)
    throw new Error(`${deck}.pdf has ${pages} pages, expected one per slide (${expectedPages})`)
  return { siteDir, pdfFile, pages }
}

function run(command: string, args: string[], cwd: string, logFile: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const log = createWriteStream(logFile)
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' } })
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

/** Copies the PDF next to the site under a temporary name; the caller renames it into place. */
export async function stagePdf(pdfFile: string, target: string): Promise<string> {
  const staged = temporaryPath(target)
  try {
    await copyFile(pdfFile, staged)
  }
  catch (error) {
    await rm(staged, { force: true })
    throw error
  }
  return staged
}
