import { createHash } from 'node:crypto'
import { chmodSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import process from 'node:process'
import { describe, expect, it } from 'vitest'
import { DECKS } from '../../logic/course'
import { buildCourse } from '../../scripts/lib/build'
import { DIST, ROOT } from './harness'

const digest = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex')

describe('incremental, atomic build', () => {
  it('skips every deck whose inputs did not change', async () => {
    const summary = await buildCourse({ root: ROOT, log: () => {} })
    expect(summary.ok).toBe(true)
    expect(summary.results.map(r => [r.deck, r.outcome])).toEqual(DECKS.map(d => [d.deck, 'fresh']))
    expect(summary.seconds).toBeLessThan(15)
  })

  it('keeps the previous site and PDF when the export fails', async () => {
    const pdf = join(DIST, 'pdf', 'overview.pdf')
    const site = join(DIST, 'overview', 'index.html')
    const before = { pdf: digest(pdf), site: digest(site) }
    // A "browser" that dies at launch: the site builds, the export fails.
    const fake = join(mkdtempSync(join(tmpdir(), 'broken-chromium-')), 'chromium')
    writeFileSync(fake, '#!/bin/sh\necho "simulated crash" >&2\nexit 1\n')
    chmodSync(fake, 0o755)
    const saved = process.env.CHROMIUM_PATH
    process.env.CHROMIUM_PATH = fake
    const lines: string[] = []
    try {
      const summary = await buildCourse({ root: ROOT, decks: ['overview'], force: true, log: line => lines.push(line) })
      expect(summary.ok).toBe(false)
      expect(summary.results[0]).toMatchObject({ deck: 'overview', outcome: 'failed' })
      expect(lines.join('\n')).toContain('previous output kept')
    }
    finally {
      if (saved === undefined)
        delete process.env.CHROMIUM_PATH
      else
        process.env.CHROMIUM_PATH = saved
    }
    expect(digest(pdf)).toBe(before.pdf)
    expect(digest(site)).toBe(before.site)
    expect(readdirSync(join(DIST, 'pdf')).filter(f => f.includes('.tmp'))).toEqual([])
    // the state still records the good build, so the next build does not redo it
    const again = await buildCourse({ root: ROOT, decks: ['overview'], log: () => {} })
    expect(again.results[0].outcome).toBe('fresh')
  })
})
