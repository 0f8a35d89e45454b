import type { Page } from 'playwright-chromium'

export interface SlideMetrics {
  /** Slidev slide number (1-based). */
  no: number
  /** How far, in CSS pixels, the furthest visible element reaches beyond the slide canvas (0 when it fits). */
  overflow: number
  /** The tag and text start of the furthest overflowing element, to find it in the deck. */
  culprit?: string
}

/** Waits until Slidev's print page has rendered every slide, diagram and font (what its exporter waits for). */
export async function waitForPrintPage(page: Page, timeout = 180_000): Promise<void> {
  await page.locator('.print-slide-container').first().waitFor({ timeout })
  await page.waitForFunction(() =>
    !document.querySelector('.slidev-slide-loading')
    && !document.querySelector('#mermaid-rendering-container div')
    && document.fonts.status === 'loaded', undefined, { timeout, polling: 200 })
  await page.evaluate(() => document.fonts.ready)
}

/**
 * Measures every slide on Slidev's print page (`/<deck>/print?print`). Content that a scrolling or clipping
 * box inside the slide holds back is not overflow; anything that reaches past the 980x552 canvas is.
 */
export async function measureSlides(page: Page): Promise<SlideMetrics[]> {
  // tsx compiles with keepNames, which wraps named functions in __name(); the page has no such helper.
  await page.evaluate('globalThis.__name ??= fn => fn')
  return page.evaluate(() => {
    const results: { no: number, overflow: number, culprit?: string }[] = []
    for (const container of Array.from(document.querySelectorAll<HTMLElement>('.print-slide-container'))) {
      const pageEl = container.querySelector<HTMLElement>('.slidev-page')
      const no = Number(pageEl?.dataset.slidevNo ?? Number.NaN)
      const box = container.getBoundingClientRect()
      let overflow = 0
      let culprit: string | undefined
      const visit = (el: Element) => {
        const rect = el.getBoundingClientRect()
        const style = getComputedStyle(el)
        if (rect.width > 0 && rect.height > 0 && style.visibility !== 'hidden' && style.display !== 'none') {
          const beyond = Math.max(rect.right - box.right, rect.bottom - box.bottom, box.left - rect.left, box.top - rect.top)
          if (beyond > overflow) {
            overflow = beyond
            culprit = `<${el.tagName.toLowerCase()}> ${(el.textContent ?? '').trim().slice(0, 60)}`
          }
        }
        const clips = style.overflowX !== 'visible' || style.overflowY !== 'visible'
        if (!clips || el === pageEl)
          Array.from(el.children).forEach(visit)
      }
      if (pageEl)
        Array.from(pageEl.children).forEach(visit)
      results.push({ no, overflow: Math.round(overflow), culprit: overflow > 1 ? culprit : undefined })
    }
    return results
  })
}
