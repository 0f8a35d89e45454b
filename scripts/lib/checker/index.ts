import type { Deck } from '../deck'
import type { ManifestDoc } from './manifests'
import { existsSync, readFileSync } from 'node:fs'
import { basename, isAbsolute, relative } from 'node:path'
import process from 'node:process'
import { DECKS } from '../../../logic/course'
import { SESSION_MINUTES } from '../../../logic/plan'
import { deriveSegmentMap } from '../../../logic/segmentMap'
import { codeBlocks, hasSnippetRegion, isInDeckFolder, loadDeck, snippetImports } from '../deck'
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
  await checkCodeBlocks(deck, report, (file, line, message) => problems.push({ file, line, message }))
  return problems.sort((a, b) => a.file === b.file ? a.line - b.line : a.file === deck.file ? -1 : 1)
}

type Report = (line: number, message: string) => void

function headmatterLine(deck: Deck, key: string): number {
  return keyLine(deck, deck.slides[0], key, 1)
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

/**
 * Segment markers and slide minutes, by the same derivation the presenter timers use (logic/segmentMap.ts),
 * so a deck the checker passes is a deck the timers can follow.
 */
function checkSegments(deck: Deck, report: Report): void {
  const map = deriveSegmentMap(deck.slides.map(s => s.frontmatter))
  for (const issue of map.issues) {
    const slide = deck.slides[issue.slideIndex]
    report(issue.code === 'missing-segment' ? 1 : keyLine(deck, slide, issue.key), issue.message)
  }
}

/** File line of `key:` in a slide's frontmatter; else `fallback`, or the frontmatter's (slide's) first line. */
function keyLine(deck: Deck, slide: Deck['slides'][number] | undefined, key: string, fallback?: number): number {
  if (!slide)
    return 1
  if (slide.frontmatterLine) {
    for (let line = slide.frontmatterLine; line < slide.contentLine; line++) {
      if (deck.lines[line - 1]?.startsWith(`${key}:`))
        return line
    }
    return fallback ?? slide.frontmatterLine
  }
  return fallback ?? slide.line
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

async function checkCodeBlocks(deck: Deck, report: Report, reportIn: (file: string, line: number, message: string) => void): Promise<void> {
  const blocks = codeBlocks(deck)
  for (const block of blocks.filter(b => b.lang === 'mermaid')) {
    const error = await parseMermaid(block.code)
    if (error)
      report(block.fenceLine + (error.line ?? 1), `Mermaid: ${error.message}`)
  }
  const manifests: { doc: ManifestDoc, file: string }[] = []
  for (const block of blocks.filter(b => b.lang === 'yaml' || b.lang === 'yml')) {
    const { docs, problems } = parseManifestBlock(block.code, block.fenceLine + 1)
    for (const p of problems)
      report(p.line, p.message)
    manifests.push(...docs.filter(d => isManifest(d.object)).map(doc => ({ doc, file: deck.file })))
  }
  // Imported snippets (`<<< @/manifests/x.yaml#region`): the slide may show a region, the whole file is validated.
  const imported = new Set<string>()
  for (const snippet of snippetImports(deck)) {
    if (!isInDeckFolder(deck.file, snippet.path)) {
      report(snippet.line, `snippet ${snippet.written} is outside the deck's folder; keep imported files under slides/ (e.g. slides/manifests/)`)
      continue
    }
    if (!existsSync(snippet.path)) {
      report(snippet.line, `snippet file not found: ${snippet.written} (${relative(process.cwd(), snippet.path)}); \`@/\` is the deck's folder`)
      continue
    }
    const text = readFileSync(snippet.path, 'utf8')
    const file = isAbsolute(deck.file) ? snippet.path : relative(process.cwd(), snippet.path)
    if (snippet.region && !hasSnippetRegion(text, snippet.region))
      report(snippet.line, `snippet region "${snippet.region}" not found in ${snippet.written} (mark it with "# region ${snippet.region}" … "# endregion")`)
    if (imported.has(snippet.path) || !/\.ya?ml$/.test(snippet.path))
      continue
    imported.add(snippet.path)
    const { docs, problems } = parseManifestBlock(text, 1)
    for (const p of problems)
      reportIn(file, p.line, p.message)
    manifests.push(...docs.filter(d => isManifest(d.object)).map(doc => ({ doc, file })))
  }
  const crdSchemas = schemasFromCrds(manifests.map(m => m.doc.object as Record<string, unknown>))
  for (const { doc, file } of manifests) {
    for (const p of await validateManifest(doc, crdSchemas))
      reportIn(file, p.line, p.message)
  }
}
