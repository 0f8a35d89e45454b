/**
 * The code of a slide for the handout: every fenced block (manifests, commands, Go, CEL, output) and every
 * file imported with Slidev's snippet syntax (`<<< @/manifests/web.yaml#region yaml {2-4}`), complete, as
 * text a student can read in print and copy. Mermaid blocks are diagrams, not code, and are left out (the
 * slide's picture shows them).
 *
 * A slide may show only an excerpt of a file (a region, highlighted lines, `maxHeight`); the handout prints
 * the whole file, so a copied manifest is one a cluster accepts.
 */
import { existsSync, readFileSync, statSync } from 'node:fs'
import type { Deck, DeckSlide } from '../deck'
import type { HandoutSlide } from './handoutLayout'
import { dirname, extname, relative, resolve } from 'node:path'
import { hasSnippetRegion, isInDeckFolder, SNIPPET_IMPORT } from '../deck'

export interface CodeListing {
  /** Language of the fence or of the imported file ('' when the fence names none). */
  lang: string
  code: string
  /** For an import: the file, relative to the project root (e.g. slides/manifests/web.yaml). */
  file?: string
  /** For an import of a region: its name (the handout still prints the whole file). */
  region?: string
  /** 1-based line of the deck file where the fence or the `<<<` line is. */
  line: number
}

/** Fences whose content is drawn as a picture, not read as code. */
const DIAGRAMS = new Set(['mermaid', 'plantuml'])

const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})\s*([^\s{`]*)(.*)$/
/** Region marker lines, as Slidev recognises them (`# region name`, `// #region name`, `<!-- #region -->` …). */
const REGION_MARKERS = [
  /^\s*\/\/\s*#?(?:end)?region\b/,
  /^\s*<!--\s*#?(?:end)?region\b.*-->/,
  /^\s*\/\*\s*#(?:end)?region\b.*\*\//,
  /^\s*#\s*#?(?:end ?)?region\b/i,
  /^\s*(?:--|::|@?REM)\s*#(?:end)?region\b/,
]

export class CodeImportError extends Error {}

/**
 * The code listings of a slide of a parsed deck, with the file lines of its fences and imports (Slidev's
 * content starts at the first non-blank line after the frontmatter). An import that fails throws a
 * CodeImportError naming the deck line (the checker reports the same problems before a build).
 */
export function deckSlideCode(deck: Pick<Deck, 'file' | 'lines'>, slide: Pick<DeckSlide, 'content' | 'contentLine'>, root: string): CodeListing[] {
  const first = slide.content.split(/\r?\n/)[0]
  let line = slide.contentLine
  while (line <= deck.lines.length && deck.lines[line - 1] !== first && !deck.lines[line - 1].trim()) line++
  return slideCode(slide.content, { deckFile: deck.file, contentLine: line, root })
}

/**
 * Every shown slide's code, for the handout. A file imported on several slides (one manifest shown in parts)
 * is printed once, with the first slide that imports it; the later slides point there (`codeElsewhere`).
 */
export function assignHandoutCode(deck: Pick<Deck, 'file' | 'lines' | 'slides'>, slides: HandoutSlide[], root: string): void {
  const printedWith = new Map<string, number>()
  for (const slide of slides) {
    slide.code = []
    slide.codeElsewhere = []
    for (const listing of deckSlideCode(deck, deck.slides[slide.no - 1], root)) {
      const first = listing.file ? printedWith.get(listing.file) : undefined
      if (first !== undefined) {
        if (!slide.codeElsewhere.some(e => e.file === listing.file))
          slide.codeElsewhere.push({ file: listing.file!, slide: first })
        continue
      }
      if (listing.file)
        printedWith.set(listing.file, slide.no)
      slide.code.push(listing)
    }
  }
}

/**
 * The code listings of one slide's Markdown, in order. `deckFile` locates `@/` (the deck's folder, Slidev's
 * user root) and relative imports; `contentLine` is the file line of the content's first line, so errors and
 * listings name real lines. `root` makes the file names relative (the project root).
 */
export function slideCode(content: string, options: { deckFile: string, contentLine: number, root: string }): CodeListing[] {
  const lines = content.split(/\r?\n/)
  const listings: CodeListing[] = []
  for (let i = 0; i < lines.length; i++) {
    const line = options.contentLine + i
    const open = FENCE_OPEN.exec(lines[i])
    if (open) {
      const fence = open[1]
      let j = i + 1
      // A fence closes with the same character, at least as long, and nothing else on the line.
      while (j < lines.length && !new RegExp(`^ {0,3}${fence[0] === '`' ? '`' : '~'}{${fence.length},}\\s*$`).test(lines[j])) j++
      const lang = open[2].toLowerCase()
      if (!DIAGRAMS.has(lang))
        listings.push({ lang, code: lines.slice(i + 1, j).join('\n'), line })
      i = j
      continue
    }
    const snippet = SNIPPET_IMPORT.exec(lines[i].trimStart())
    if (!snippet)
      continue
    listings.push(importListing(snippet, { ...options, line }))
  }
  return listings
}

function importListing(match: RegExpExecArray, options: { deckFile: string, line: number, root: string }): CodeListing {
  const [, path = '', region = '', lang = ''] = match
  const deckDir = dirname(resolve(options.deckFile))
  const file = path.startsWith('@/') ? resolve(deckDir, path.slice(2)) : resolve(deckDir, path)
  const where = `${relative(options.root, options.deckFile)}:${options.line}`
  if (!isInDeckFolder(options.deckFile, file))
    throw new CodeImportError(`${where}: the code import ${path} is outside the deck's folder`)
  if (!existsSync(file) || !statSync(file).isFile())
    throw new CodeImportError(`${where}: the code import ${path} names no file (${relative(options.root, file)})`)
  const source = readFileSync(file, 'utf8').replace(/\r\n/g, '\n').replace(/\n$/, '')
  if (region && !hasSnippetRegion(source, region.slice(1)))
    throw new CodeImportError(`${where}: the region ${region} is not marked in ${relative(options.root, file)}`)
  // The whole file, without the region markers: those only serve the slide's excerpt.
  const code = source.split('\n').filter(l => !REGION_MARKERS.some(re => re.test(l))).join('\n')
  return {
    lang: (lang || extname(file).slice(1)).toLowerCase(),
    code,
    file: relative(options.root, file),
    region: region ? region.slice(1) : undefined,
    line: options.line,
  }
}

/* ---------------------------------------------------------------------------------------------------------
 * Pagination. Code is printed in rows of a fixed height (CODE.row), so a page holds a known number of rows and
 * the page plan stays computable without a browser. A code line longer than a row wraps onto further rows;
 * a block may continue on the next page (its lines are never split or dropped). The browser checks that no
 * page overflows (handoutHtml.ts FIT_SCRIPT), so a wrong estimate fails the build instead of losing lines.
 */

/** Code type size and row height (print: 8.5 pt Nanum Gothic Coding, a Latin character 0.5 em wide). */
export const CODE = {
  sizePt: 8.5,
  rowMm: 4.2,
  /** Text width of a code line on an A4 sheet (182 mm less the block's left rule and padding), in mm. */
  widthMm: 177,
  /** Rows on one code sheet under the segment heading (60 fit in the printed sheets; two are spare). */
  rowsPerPage: 58,
  /** Rows of a slide's heading, of a block's label line, and of the gap after a block. */
  headingRows: 2,
  labelRows: 1,
  gapRows: 1,
} as const

const MM_PER_PT = 25.4 / 72
/** Columns of a row: a Latin character is half an em; a wide (Hangul, CJK) one counts two. One spare. */
export const CODE_COLUMNS = Math.floor(CODE.widthMm / (CODE.sizePt * 0.5 * MM_PER_PT)) - 1

/** Display columns of a line: ASCII one, anything else two (Hangul and most symbols are full width here). */
export function displayWidth(line: string): number {
  let width = 0
  for (const ch of line.replace(/\t/g, '  '))
    width += ch.codePointAt(0)! < 0x80 ? 1 : 2
  return width
}

export function rowsOf(line: string, columns = CODE_COLUMNS): number {
  return Math.max(1, Math.ceil(displayWidth(line) / columns))
}

export interface CodeSlide {
  no: number
  code: readonly Pick<CodeListing, 'code'>[]
}

/** A run of a block's lines on a page; `from`/`to` index the block's lines (to exclusive). */
export interface CodeChunk {
  slide: number
  block: number
  from: number
  to: number
  /** Print the slide's heading before this chunk (first chunk of the slide on this page). */
  heading: boolean
}

/** The code of a group's slides laid out on pages of CODE.rowsPerPage rows. */
export function paginateCode(slides: readonly CodeSlide[], rowsPerPage: number = CODE.rowsPerPage): CodeChunk[][] {
  const pages: CodeChunk[][] = []
  let page: CodeChunk[] = []
  let used = 0
  const flush = () => {
    if (page.length)
      pages.push(page)
    page = []
    used = 0
  }
  for (const slide of slides) {
    slide.code.forEach((block, b) => {
      const lines = block.code.split('\n')
      let i = 0
      while (i < lines.length) {
        const heading = !page.some(c => c.slide === slide.no)
        const head = (heading ? CODE.headingRows : 0) + CODE.labelRows
        let rows = used + head
        let j = i
        while (j < lines.length && rows + rowsOf(lines[j]) <= rowsPerPage) rows += rowsOf(lines[j++])
        // Too little room left for a useful start of the block: begin it on a fresh page.
        const tooFew = j - i < Math.min(3, lines.length - i)
        if (tooFew && page.length) {
          flush()
          continue
        }
        if (j === i)
          throw new Error(`slide ${slide.no}: a code line needs more rows than a page has`)
        page.push({ slide: slide.no, block: b, from: i, to: j, heading })
        used = rows + CODE.gapRows
        i = j
        if (i < lines.length)
          flush()
      }
    })
  }
  flush()
  return pages
}

/** pdftotext breaks and pads lines; compare code without any whitespace. */
const squeeze = (text: string) => text.replace(/\s+/g, '')

/**
 * Lines of `code` that a PDF's extracted `text` does not contain, in order (each after the previous one);
 * empty when the whole block is there. Blank lines are not looked for.
 */
export function missingCodeLines(text: string, code: string): string[] {
  const haystack = squeeze(text)
  const missing: string[] = []
  let at = 0
  for (const line of code.split('\n')) {
    const needle = squeeze(line)
    if (!needle)
      continue
    const found = haystack.indexOf(needle, at)
    if (found < 0)
      missing.push(line)
    else
      at = found + needle.length
  }
  return missing
}
