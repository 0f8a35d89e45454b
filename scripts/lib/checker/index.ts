import type { Deck } from '../deck'
import type { ManifestDoc } from './manifests'
import { existsSync } from 'node:fs'
import { basename } from 'node:path'
import { DECKS } from '../../../logic/course'
import { isSegmentId, SEGMENT_IDS, SESSION_MINUTES, SESSION_PLAN } from '../../../logic/plan'
import { codeBlocks, loadDeck } from '../deck'
import { isManifest, parseManifestBlock, schemasFromCrds, validateManifest } from './manifests'
import { parseMermaid } from './mermaid'

export interface Problem {
  file: string
  line: number
  message: string
}

export function formatProblem(problem: Problem): string {
  return `${problem.file}:${problem.line}: ${problem.message}`
}

/** Runs every check on one deck file. Never throws for bad content: every finding is a Problem. */
export async function checkDeckFile(file: string): Promise<Problem[]> {
  if (!existsSync(file))
    return [{ file, line: 1, message: 'file not found' }]
  return checkDeck(loadDeck(file))
}

export async function checkDeck(deck: Deck): Promise<Problem[]> {
  const problems: Problem[] = []
  const report = (line: number, message: string) => problems.push({ file: deck.file, line, message })
  const name = basename(deck.file, '.md')
  const info = DECKS.find(d => d.deck === name)

  for (const slide of deck.slides) {
    for (const error of slide.yamlErrors)
      report(error.line, `frontmatter YAML: ${error.message}`)
  }
  if (!deck.slides[0]?.yamlErrors.length)
    checkHeadmatter(deck, name, info?.session !== undefined, report)
  if (!info)
    report(1, `"${name}" is not a deck of the course (logic/course.ts lists: ${DECKS.map(d => d.deck).join(', ')})`)
  const headmatterBroken = (deck.slides[0]?.yamlErrors.length ?? 0) > 0
  if (info?.session) {
    const expectedTitle = `Session ${info.session.number}: ${info.session.title}`
    if (!headmatterBroken && deck.headmatter.title !== expectedTitle)
      report(headmatterLine(deck, 'title'), `headmatter title must be "${expectedTitle}" (from logic/course.ts)`)
    checkSegments(deck, report)
    for (const slide of deck.slides) {
      if (!slide.note?.trim())
        report(slide.line, `slide ${slide.index + 1} has no speaker notes (end the slide with an <!-- ... --> comment)`)
    }
  }
  checkText(deck, report)
  await checkCodeBlocks(deck, report)
  return problems.sort((a, b) => a.line - b.line)
}

type Report = (line: number, message: string) => void

function headmatterLine(deck: Deck, key: string): number {
  const index = deck.lines.findIndex((l, i) => i < (deck.slides[1]?.line ?? deck.lines.length) && l.startsWith(`${key}:`))
  return index >= 0 ? index + 1 : 1
}

function checkHeadmatter(deck: Deck, name: string, isSession: boolean, report: Report): void {
  const h = deck.headmatter
  const at = (key: string) => headmatterLine(deck, key)
  const addons = Array.isArray(h.addons) ? h.addons : []
  if (!addons.includes('@/..'))
    report(at('addons'), `headmatter needs addons: ['@/..'] (the shared components, setup and fonts)`)
  const fonts = (typeof h.fonts === 'object' && h.fonts) ? h.fonts as Record<string, unknown> : {}
  if (fonts.provider !== 'none')
    report(at('fonts'), 'headmatter fonts.provider must be none (fonts are bundled; no CDN)')
  if (typeof h.favicon !== 'string' || /^https?:/.test(h.favicon))
    report(at('favicon'), 'headmatter favicon must be a local file such as /favicon.svg (the default is fetched from a CDN)')
  if (h.download !== false)
    report(at('download'), 'headmatter download must be false (npm run build exports the PDF; Slidev\'s own export binds a fixed port and cannot run in parallel)')
  if (h.exportFilename !== name)
    report(at('exportFilename'), `headmatter exportFilename must be "${name}"`)
  if (h.monaco !== false)
    report(at('monaco'), 'headmatter monaco must be false (the decks use no live code editor; it costs load time)')
  if (isSession) {
    const minutes = typeof h.duration === 'string' ? /^(\d+)\s*min$/.exec(h.duration)?.[1] : undefined
    if (Number(minutes) !== SESSION_MINUTES)
      report(at('duration'), `headmatter duration must be ${SESSION_MINUTES}min (the plan in logic/plan.ts)`)
  }
}

function checkSegments(deck: Deck, report: Report): void {
  const seen = new Map<string, number>()
  let lastOrder = -1
  for (const slide of deck.slides) {
    const marker = slide.frontmatter.segment
    if (marker === undefined)
      continue
    const line = slide.frontmatterLine ?? slide.line
    if (!isSegmentId(marker)) {
      report(line, `unknown segment "${String(marker)}" (expected one of: ${SEGMENT_IDS.join(', ')})`)
      continue
    }
    if (seen.has(marker)) {
      report(line, `segment "${marker}" is marked again (first at line ${seen.get(marker)})`)
      continue
    }
    const order = SEGMENT_IDS.indexOf(marker)
    if (order < lastOrder)
      report(line, `segment "${marker}" is out of order (the plan is ${SEGMENT_IDS.join(' → ')})`)
    seen.set(marker, line)
    lastOrder = Math.max(lastOrder, order)
  }
  for (const id of SEGMENT_IDS) {
    if (!seen.has(id))
      report(1, `missing segment marker "segment: ${id}" (${SESSION_PLAN.find(s => s.id === id)!.label})`)
  }
  if (deck.slides[0] && deck.headmatter.segment === undefined && seen.size)
    report(1, `the cover slide must open the first segment: add "segment: ${SEGMENT_IDS[0]}" to the headmatter`)
  checkMinutes(deck, report)
}

/** Explicit per-slide `minutes` must fit the segment's planned minutes. */
function checkMinutes(deck: Deck, report: Report): void {
  let current: string | undefined
  const bySegment = new Map<string, { explicit: number, implicit: number, line: number }>()
  for (const slide of deck.slides) {
    if (isSegmentId(slide.frontmatter.segment))
      current = slide.frontmatter.segment
    const minutes = slide.frontmatter.minutes
    const line = slide.frontmatterLine ?? slide.line
    if (!current)
      continue
    const entry = bySegment.get(current) ?? { explicit: 0, implicit: 0, line }
    bySegment.set(current, entry)
    if (minutes === undefined) {
      entry.implicit++
    }
    else if (typeof minutes !== 'number' || !(minutes > 0)) {
      report(line, `minutes must be a positive number, got ${JSON.stringify(minutes)}`)
      entry.implicit++
    }
    else {
      entry.explicit += minutes
    }
  }
  for (const segment of SESSION_PLAN) {
    const entry = bySegment.get(segment.id)
    if (!entry)
      continue
    const total = Math.round(entry.explicit * 1000) / 1000
    if (total > segment.minutes || (entry.implicit === 0 && total !== segment.minutes)) {
      report(entry.line, `slide minutes in "${segment.id}" add up to ${total}, but the plan gives ${segment.label} ${segment.minutes} minutes`)
    }
    else if (entry.implicit > 0 && total === segment.minutes) {
      report(entry.line, `slide minutes in "${segment.id}" already use all ${segment.minutes} planned minutes, leaving none for ${entry.implicit} slide(s) without minutes`)
    }
  }
}

// Pictographs render as boxes without an emoji font; decks use Iconify icons instead.
const EMOJI = /[\u{1F000}-\u{1FAFF}\u{2600}-\u{27BF}\u{2B00}-\u{2BFF}\u{FE0F}]/u
const REMOTE_ASSET = /(?:<img[^>]+src=["']|!\[[^\]]*\]\(|background(?:Image)?:\s*["']?|url\(["']?)https?:\/\//i

function checkText(deck: Deck, report: Report): void {
  deck.lines.forEach((text, i) => {
    if (EMOJI.test(text))
      report(i + 1, `emoji "${EMOJI.exec(text)![0]}": use an Iconify icon such as <carbon-warning /> (emoji render as boxes in the PDF)`)
    if (REMOTE_ASSET.test(text))
      report(i + 1, 'remote asset: decks are presented offline; put the file in public/ and reference it locally')
  })
}

async function checkCodeBlocks(deck: Deck, report: Report): Promise<void> {
  const blocks = codeBlocks(deck)
  for (const block of blocks.filter(b => b.lang === 'mermaid')) {
    const error = await parseMermaid(block.code)
    if (error)
      report(block.fenceLine + (error.line ?? 1), `Mermaid: ${error.message}`)
  }
  const manifests: ManifestDoc[] = []
  for (const block of blocks.filter(b => b.lang === 'yaml' || b.lang === 'yml')) {
    const { docs, problems } = parseManifestBlock(block.code, block.fenceLine + 1)
    for (const p of problems)
      report(p.line, p.message)
    manifests.push(...docs.filter(d => isManifest(d.object)))
  }
  const crdSchemas = schemasFromCrds(manifests.map(m => m.object as Record<string, unknown>))
  for (const manifest of manifests) {
    for (const p of await validateManifest(manifest, crdSchemas))
      report(p.line, p.message)
  }
}
