import type { Browser } from 'playwright-chromium'
import type { OutlineEntry } from './outline'
import { readFile, rm, writeFile } from 'node:fs/promises'
import { PDFDocument } from 'pdf-lib'
import { waitForPrintPage } from '../slideMetrics'
import { writeMetadata, writeOutline } from './outline'

export const CANVAS = { width: 980, height: 552 }

/**
 * Exports a built deck to PDF the way `slidev export` does (one page per slide from the /print route, screen
 * media, backgrounds on), but from the already built static site and in a browser shared by all decks.
 * Writes `outFile` only after the PDF is complete and has one page per slide; a temporary file never
 * survives a failure. The PDF is tagged (Chromium's structure for assistive technology) and gets the bookmark
 * tree `bookmarks` (parts, then slides) and its title and language.
 */
export async function exportPdf(options: {
  browser: Browser
  deckUrl: string
  title: string
  outFile: string
  expectedPages: number
  bookmarks: readonly OutlineEntry[]
}): Promise<number> {
  const { browser, deckUrl, title, outFile, expectedPages, bookmarks } = options
  const context = await browser.newContext({ viewport: { width: CANVAS.width, height: CANVAS.height * Math.max(1, expectedPages) } })
  try {
    const page = await context.newPage()
    await page.goto(`${deckUrl}print?print=true`, { waitUntil: 'networkidle', timeout: 180_000 })
    await page.emulateMedia({ colorScheme: 'light', media: 'screen' })
    await waitForPrintPage(page)
    // Every slide container breaks the page after itself; after the last one that adds a blank page.
    await page.locator('.print-slide-container').last().evaluate((el: HTMLElement) => { el.style.breakAfter = 'auto' })
    const raw = await page.pdf({
      width: `${CANVAS.width}px`,
      height: `${CANVAS.height}px`,
      margin: { top: 0, right: 0, bottom: 0, left: 0 },
      printBackground: true,
      preferCSSPageSize: true,
      tagged: true,
    })
    const pdf = await PDFDocument.load(raw, { updateMetadata: false })
    const pages = pdf.getPageCount()
    if (pages !== expectedPages)
      throw new Error(`PDF has ${pages} pages, expected one per slide (${expectedPages})`)
    writeMetadata(pdf, { title, lang: 'ko' })
    writeOutline(pdf, bookmarks)
    await writeFile(outFile, await pdf.save())
    return pages
  }
  catch (error) {
    await rm(outFile, { force: true })
    throw error
  }
  finally {
    await context.close()
  }
}

export async function pdfPageCount(file: string): Promise<number> {
  return (await PDFDocument.load(await readFile(file), { updateMetadata: false })).getPageCount()
}
