/**
 * PDF bookmarks (the /Outlines tree) and document metadata, written and read with pdf-lib.
 *
 * Chromium can write an outline itself (`page.pdf({ outline: true })`), but only from the HTML headings of the
 * printed page: the slide PDF would get a flat list of slide titles and the handout a list of its own sheet
 * headings. Students want the session's parts with their slides under them, so the build writes the tree
 * itself after Chromium printed a tagged PDF; pdf-lib keeps the catalog's /StructTreeRoot and /MarkInfo (the
 * tags) when it adds /Outlines.
 */
import type { PDFRef } from 'pdf-lib'
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFString } from 'pdf-lib'

export interface OutlineEntry {
  title: string
  /** 0-based page index the bookmark opens. */
  page: number
  children?: OutlineEntry[]
}

export interface PdfMetadata {
  title: string
  /** BCP 47 language tag of the document, e.g. "ko". */
  lang: string
  subject?: string
  author?: string
  creator?: string
}

/** Writes `entries` as the document outline (replacing any) and opens the bookmark panel in viewers. */
export function writeOutline(pdf: PDFDocument, entries: readonly OutlineEntry[]): void {
  const { context, catalog } = pdf
  const pages = pdf.getPages()
  const rootRef = context.nextRef()
  const countOpen = (list: readonly OutlineEntry[]): number => list.reduce((n, e) => n + 1 + countOpen(e.children ?? []), 0)

  function addLevel(list: readonly OutlineEntry[], parent: PDFRef): { first?: PDFRef, last?: PDFRef } {
    const refs = list.map(() => context.nextRef())
    list.forEach((entry, i) => {
      const page = pages[entry.page]
      if (!page)
        throw new Error(`bookmark "${entry.title}" points to page ${entry.page + 1}, the PDF has ${pages.length}`)
      const dict = PDFDict.withContext(context)
      dict.set(PDFName.of('Title'), PDFHexString.fromText(entry.title))
      dict.set(PDFName.of('Parent'), parent)
      // Open the page scaled to fit the window: the same view in every viewer.
      dict.set(PDFName.of('Dest'), context.obj([page.ref, PDFName.of('Fit')]))
      if (i > 0)
        dict.set(PDFName.of('Prev'), refs[i - 1])
      if (i < list.length - 1)
        dict.set(PDFName.of('Next'), refs[i + 1])
      const children = entry.children ?? []
      if (children.length) {
        const { first, last } = addLevel(children, refs[i])
        dict.set(PDFName.of('First'), first!)
        dict.set(PDFName.of('Last'), last!)
        // Positive: the part opens expanded, so its slides show at once.
        dict.set(PDFName.of('Count'), PDFNumber.of(countOpen(children)))
      }
      context.assign(refs[i], dict)
    })
    return { first: refs[0], last: refs.at(-1) }
  }

  const root = PDFDict.withContext(context)
  root.set(PDFName.of('Type'), PDFName.of('Outlines'))
  const { first, last } = addLevel(entries, rootRef)
  if (first && last) {
    root.set(PDFName.of('First'), first)
    root.set(PDFName.of('Last'), last)
  }
  root.set(PDFName.of('Count'), PDFNumber.of(countOpen(entries)))
  context.assign(rootRef, root)
  catalog.set(PDFName.of('Outlines'), rootRef)
  catalog.set(PDFName.of('PageMode'), PDFName.of('UseOutlines'))
}

/** Reads the outline back: titles, target pages and nesting (what a PDF viewer shows in its bookmark panel). */
export function readOutline(pdf: PDFDocument): OutlineEntry[] {
  const outlines = pdf.catalog.lookupMaybe(PDFName.of('Outlines'), PDFDict)
  if (!outlines)
    return []
  const pageIndex = new Map(pdf.getPages().map((p, i) => [p.ref.toString(), i]))
  const seen = new Set<PDFDict>()
  function level(first: PDFDict | undefined): OutlineEntry[] {
    const list: OutlineEntry[] = []
    for (let item = first; item && !seen.has(item); item = item.lookupMaybe(PDFName.of('Next'), PDFDict)) {
      seen.add(item)
      const raw = item.lookup(PDFName.of('Title'))
      const title = raw instanceof PDFHexString || raw instanceof PDFString ? raw.decodeText() : ''
      const dest = item.lookupMaybe(PDFName.of('Dest'), PDFArray)
      const target = dest?.get(0)
      const page = target ? pageIndex.get(target.toString()) ?? -1 : -1
      const children = level(item.lookupMaybe(PDFName.of('First'), PDFDict))
      list.push(children.length ? { title, page, children } : { title, page })
    }
    return list
  }
  return level(outlines.lookupMaybe(PDFName.of('First'), PDFDict))
}

/** Title (also shown in the viewer's window title), language and the info dictionary. */
export function writeMetadata(pdf: PDFDocument, meta: PdfMetadata): void {
  pdf.setTitle(meta.title, { showInWindowTitleBar: true })
  pdf.setLanguage(meta.lang)
  if (meta.subject)
    pdf.setSubject(meta.subject)
  if (meta.author)
    pdf.setAuthor(meta.author)
  pdf.setCreator(meta.creator ?? 'k8s-week3-day1 course build (Slidev + Playwright)')
  pdf.setProducer('Chromium (Playwright) + pdf-lib')
}

/** What a reader and assistive technology get from a PDF's catalog and info dictionary. */
export interface PdfAccessibility {
  title?: string
  lang?: string
  /** /MarkInfo << /Marked true >>: the content is tagged. */
  marked: boolean
  /** The catalog has a structure tree (/StructTreeRoot). */
  structTree: boolean
}

export function readAccessibility(pdf: PDFDocument): PdfAccessibility {
  const { catalog } = pdf
  const markInfo = catalog.lookupMaybe(PDFName.of('MarkInfo'), PDFDict)
  const raw = catalog.lookup(PDFName.of('Lang'))
  const lang = raw instanceof PDFHexString || raw instanceof PDFString ? raw : undefined
  return {
    title: pdf.getTitle(),
    lang: lang?.decodeText(),
    marked: markInfo?.get(PDFName.of('Marked'))?.toString() === 'true',
    structTree: catalog.has(PDFName.of('StructTreeRoot')),
  }
}

/** Loads a PDF for reading without pdf-lib touching its metadata. */
export function loadPdf(bytes: Uint8Array): Promise<PDFDocument> {
  return PDFDocument.load(bytes, { updateMetadata: false })
}

/**
 * Differences between an outline and the expected one, as readable problems ("missing bookmark …",
 * "bookmark … opens page 3, expected 4"); empty when they match. Order and nesting count.
 */
export function compareOutline(actual: readonly OutlineEntry[], expected: readonly OutlineEntry[], path = ''): string[] {
  const problems: string[] = []
  let i = 0
  let j = 0
  // Walk both lists; a title found further on in the other list means entries were left out or added there.
  while (i < actual.length || j < expected.length) {
    const a = actual[i]
    const e = expected[j]
    if (a && e && a.title === e.title) {
      if (a.page !== e.page)
        problems.push(`bookmark "${path}${e.title}" opens page ${a.page + 1}, expected ${e.page + 1}`)
      problems.push(...compareOutline(a.children ?? [], e.children ?? [], `${path}${e.title} > `))
      i++
      j++
    }
    else if (e && (!a || !actual.slice(i).some(x => x.title === e.title) || expected.slice(j).some(x => x.title === a.title))) {
      problems.push(`missing bookmark "${path}${e.title}" (page ${e.page + 1})`)
      j++
    }
    else {
      problems.push(`unexpected bookmark "${path}${a!.title}" (page ${a!.page + 1})`)
      i++
    }
  }
  return problems
}
