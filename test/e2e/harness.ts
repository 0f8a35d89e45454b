import type { Browser, BrowserContext, Page, Request } from 'playwright-chromium'
import type { StaticServer } from '../../scripts/lib/server'
import { execFileSync } from 'node:child_process'
import { join, resolve } from 'node:path'
import { chromium } from 'playwright-chromium'
import { CHROMIUM_ARGS, findChromium } from '../../scripts/lib/chromium'
import { isShownSlide, loadDeck } from '../../scripts/lib/deck'
import { serveDist } from '../../scripts/lib/server'

export const ROOT = resolve(import.meta.dirname, '../..')
export const DIST = join(ROOT, 'dist')

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS })
}

export function serveCourse(): Promise<StaticServer> {
  return serveDist(DIST)
}

/** Number of slides Slidev shows for a deck (hidden and disabled slides excluded). */
export function slideCount(deck: string): number {
  return loadDeck(join(ROOT, 'slides', `${deck}.md`)).slides.filter(s => isShownSlide(s.frontmatter)).length
}

export interface PageWatch {
  consoleErrors: string[]
  pageErrors: string[]
  remoteRequests: string[]
  requests: string[]
}

/** Records every console error, uncaught error and request of a page; requests to other hosts are listed apart. */
export function watchPage(page: Page, localOrigin: string): PageWatch {
  const watch: PageWatch = { consoleErrors: [], pageErrors: [], remoteRequests: [], requests: [] }
  page.on('console', (message) => {
    if (message.type() === 'error')
      watch.consoleErrors.push(message.text())
  })
  page.on('pageerror', error => watch.pageErrors.push(error.message))
  page.on('request', (request: Request) => {
    const url = request.url()
    watch.requests.push(url)
    if (!url.startsWith(localOrigin) && !url.startsWith('data:') && !url.startsWith('blob:'))
      watch.remoteRequests.push(url)
  })
  return watch
}

export async function newWatchedPage(context: BrowserContext, origin: string): Promise<{ page: Page, watch: PageWatch }> {
  const page = await context.newPage()
  return { page, watch: watchPage(page, origin) }
}

/**
 * The font families Chromium actually used to draw the text of an element. `find` is a page expression that
 * returns the element, so it can reach into shadow roots (Slidev draws Mermaid diagrams in one).
 */
export async function renderedFonts(page: Page, find: string): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page)
  try {
    await cdp.send('DOM.enable')
    await cdp.send('CSS.enable')
    await cdp.send('DOM.getDocument', { depth: 0 })
    const { result } = await cdp.send('Runtime.evaluate', { expression: find })
    if (!result.objectId)
      throw new Error(`no element for ${find}`)
    const { nodeId } = await cdp.send('DOM.requestNode', { objectId: result.objectId })
    const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId })
    return fonts.map(f => f.familyName)
  }
  finally {
    await cdp.detach()
  }
}

export const selectFirst = (selector: string) => `document.querySelector(${JSON.stringify(selector)})`

/** First element matching `inner` inside the shadow root of any element matching `host`. */
export const selectInShadow = (host: string, inner: string) =>
  `[...document.querySelectorAll(${JSON.stringify(host)})].map(h => h.shadowRoot?.querySelector(${JSON.stringify(inner)})).find(Boolean)`

/** Text of a PDF (poppler's pdftotext), of pages `first`..`last` when given, and its fonts (pdffonts). */
export function pdfText(file: string, pages: { first?: number, last?: number } = {}): string {
  const range = [...(pages.first ? ['-f', String(pages.first)] : []), ...(pages.last ? ['-l', String(pages.last)] : [])]
  return execFileSync('pdftotext', ['-layout', ...range, file, '-'], { encoding: 'utf8' })
}

export function pdfFonts(file: string): { name: string, embedded: boolean }[] {
  const lines = execFileSync('pdffonts', [file], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean)
  return lines.map((line) => {
    const columns = line.trim().split(/\s+/)
    // name type... encoding emb sub uni object ID: emb is the fifth column from the end
    return { name: columns[0], embedded: columns[columns.length - 5] === 'yes' }
  })
}

/** The images of a PDF (poppler's pdfimages -list): page, size in pixels, encoding, resolution. */
export function pdfImages(file: string): { page: number, width: number, height: number, encoding: string, ppi: number }[] {
  const lines = execFileSync('pdfimages', ['-list', file], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean)
  return lines.map((line) => {
    // page num type width height color comp bpc enc interp object ID x-ppi y-ppi size ratio
    const c = line.trim().split(/\s+/)
    return { page: Number(c[0]), width: Number(c[3]), height: Number(c[4]), encoding: c[8], ppi: Number(c[12]) }
  })
}
