import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, rename, rm, writeFile } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'

/** A sibling temporary path on the same filesystem, so the final rename is atomic. */
export function temporaryPath(target: string): string {
  return join(dirname(target), `.${basename(target)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`)
}

export async function writeFileAtomic(target: string, data: string | Uint8Array): Promise<void> {
  await mkdir(dirname(target), { recursive: true })
  const temporary = temporaryPath(target)
  try {
    await writeFile(temporary, data)
    await rename(temporary, target)
  }
  catch (error) {
    await rm(temporary, { force: true })
    throw error
  }
}

/**
 * Puts a finished directory in place of `target`. The old directory is moved aside first and removed only
 * after the new one is in place, so a reader sees either the old or the new site, never a half-written one.
 */
export async function replaceDirectory(finished: string, target: string): Promise<void> {
  await mkdir(dirname(target), { recursive: true })
  const old = existsSync(target) ? temporaryPath(target) : undefined
  if (old)
    await rename(target, old)
  try {
    await rename(finished, target)
  }
  catch (error) {
    if (old)
      await rename(old, target)
    throw error
  }
  if (old)
    await rm(old, { recursive: true, force: true })
}
