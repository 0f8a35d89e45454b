import { readFileSync } from 'node:fs'
import { dirname, resolve, sep } from 'node:path'
import { parseSync } from '@slidev/parser'

/** One slide as the checker, the build and the tests see it. Line numbers are 1-based file lines. */
export interface DeckSlide {
  /** 0-based slide index; Slidev's slide number is index + 1. */
  index: number
  /** Line of the slide's first line (its `---` separator, or line 1 for the first slide). */
  line: number
  /** Line where the frontmatter YAML text starts (undefined when the slide has none). */
  frontmatterLine?: number
  frontmatter: Record<string, unknown>
  /** YAML problems in this slide's frontmatter, with file lines. */
  yamlErrors: { line: number, message: string }[]
  content: string
  /** Line where the content starts. */
  contentLine: number
  note?: string
  title?: string
}

export interface Deck {
  file: string
  source: string
  lines: string[]
  /** The first slide's frontmatter: Slidev's headmatter (deck config). */
  headmatter: Record<string, unknown>
  slides: DeckSlide[]
}

export function parseDeck(file: string, source: string): Deck {
  const parsed = parseSync(source, file)
  const slides: DeckSlide[] = parsed.slides.map((slide) => {
    // Slidev's `start` is the 0-based line of the slide's opening `---` (or 0). Frontmatter text begins one
    // line later when present; YAML positions inside it are relative to that text.
    const hasFrontmatter = slide.frontmatterRaw !== undefined
    const frontmatterLine = hasFrontmatter ? slide.start + 2 : undefined
    const yamlErrors = (slide.frontmatterDoc?.errors ?? []).map(error => ({
      line: (frontmatterLine ?? slide.start + 1) + (error.linePos?.[0]?.line ?? 1) - 1,
      message: firstLine(error.message),
    }))
    const frontmatter = isRecord(slide.frontmatter) ? slide.frontmatter : {}
    if (hasFrontmatter && !yamlErrors.length && slide.frontmatterDoc?.contents && !isRecord(slide.frontmatterDoc.toJSON()))
      yamlErrors.push({ line: frontmatterLine!, message: 'frontmatter must be a YAML mapping (key: value)' })
    return {
      index: slide.index,
      line: slide.start + 1,
      frontmatterLine,
      frontmatter,
      yamlErrors,
      content: slide.content,
      contentLine: slide.contentStart + 1,
      note: slide.note,
      title: slide.title,
    }
  })
  return {
    file,
    source,
    lines: source.split(/\r?\n/),
    headmatter: slides[0]?.frontmatter ?? {},
    slides,
  }
}

/** Slidev leaves slides with `hide: true` or `disabled: true` out of the show, the print route and the PDF. */
export function isShownSlide(frontmatter: Record<string, unknown>): boolean {
  return frontmatter.hide !== true && frontmatter.disabled !== true
}

export function loadDeck(file: string): Deck {
  return parseDeck(file, readFileSync(file, 'utf8'))
}

/** A fenced code block with the file line of its opening fence. */
export interface CodeBlock {
  lang: string
  /** Whatever follows the language on the fence line, e.g. `{scale: 0.8}`. */
  meta: string
  code: string
  /** Line of the opening fence; the code's first line is fenceLine + 1. */
  fenceLine: number
  slideIndex: number
}

const FENCE_OPEN = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)(.*)$/

export function codeBlocks(deck: Deck): CodeBlock[] {
  const blocks: CodeBlock[] = []
  for (const slide of deck.slides) {
    const start = slide.contentLine - 1
    const end = (deck.slides[slide.index + 1]?.line ?? deck.lines.length + 1) - 1
    for (let i = start; i < end; i++) {
      const open = FENCE_OPEN.exec(deck.lines[i])
      if (!open)
        continue
      const fence = open[2]
      let j = i + 1
      while (j < end && !deck.lines[j].trimStart().startsWith(fence)) j++
      blocks.push({
        lang: open[3].toLowerCase(),
        meta: open[4].trim(),
        code: deck.lines.slice(i + 1, j).join('\n'),
        fenceLine: i + 1,
        slideIndex: slide.index,
      })
      i = j
    }
  }
  return blocks
}

/**
 * A code snippet a slide imports from a file with Slidev's `<<< @/path/file.yaml#region yaml {2-4}`: the slide
 * shows the file (or its `# region name` … `# endregion` part), the checker validates the whole file, and the
 * handouts print it whole.
 */
export interface SnippetImport {
  /** Absolute path of the imported file (`@/` is the deck's folder, as in Slidev). */
  path: string
  /** The path as written in the deck. */
  written: string
  region?: string
  lang: string
  meta: string
  /** File line of the `<<<` line. */
  line: number
  slideIndex: number
}

/** Slidev's own pattern for a snippet import line (@slidev/cli node/syntax/snippet.ts), so we read what it reads. */
export const SNIPPET_IMPORT = /^<<<[ \t]*(\S.*?)(#[\w-]+)?[ \t]*(?:[ \t](\S+?))?[ \t]*(\{.*)?$/

/** Slidev's region start markers (findRegion in @slidev/cli): the capture is the region's name, matched exactly. */
const SNIPPET_REGION_START = [
  /^\s*\/\/\s*#?region\b\s*(.*?)\s*$/,
  /^\s*<!--\s*#?region\b\s*(.*?)\s*-->/,
  /^\s*\/\*\s*#region\b\s*(.*?)\s*\*\//,
  /^\s*#[rR]egion\b\s*(.*?)\s*$/,
  /^\s*#\s*#?region\b\s*(.*?)\s*$/,
  /^\s*(?:--|::|@?REM)\s*#region\b\s*(.*?)\s*$/,
  /^\s*#pragma\s+region\b\s*(.*?)\s*$/,
  /^\s*\(\*\s*#region\b\s*(.*?)\s*\*\)/,
]

/** Whether a snippet file marks the region `name` as Slidev finds it (otherwise Slidev silently shows the whole file). */
export function hasSnippetRegion(text: string, name: string): boolean {
  return text.split(/\r?\n/).some(line => SNIPPET_REGION_START.some(re => re.exec(line)?.[1] === name))
}

/** Snippet files live in the deck's folder (`slides/`): the handout refuses anything outside it. */
export function isInDeckFolder(deckFile: string, file: string): boolean {
  const folder = dirname(resolve(deckFile))
  return file === folder || file.startsWith(folder + sep)
}

export function snippetImports(deck: Deck): SnippetImport[] {
  const imports: SnippetImport[] = []
  const fenced = new Set(codeBlocks(deck).flatMap(b => Array.from({ length: b.code.split('\n').length + 2 }, (_, k) => b.fenceLine + k)))
  for (const slide of deck.slides) {
    const end = (deck.slides[slide.index + 1]?.line ?? deck.lines.length + 1) - 1
    for (let i = slide.contentLine - 1; i < end; i++) {
      const match = SNIPPET_IMPORT.exec(deck.lines[i].trimStart())
      if (!match || fenced.has(i + 1))
        continue
      const [, written, hashRegion, lang, meta] = match
      const region = hashRegion?.slice(1)
      const base = dirname(deck.file)
      const path = written.startsWith('@/') ? resolve(base, written.slice(2)) : resolve(base, written)
      const extension = /\.(\w+)$/.exec(written)?.[1] ?? ''
      imports.push({ path, written, region, lang: (lang || extension).toLowerCase(), meta: meta?.trim() ?? '', line: i + 1, slideIndex: slide.index })
    }
  }
  return imports
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function firstLine(message: string): string {
  return message.split('\n')[0].trim()
}
