import type { Page } from 'playwright-chromium'

/** What a room reads: running text, code, or a diagram label. */
export type TextKind = 'prose' | 'code' | 'diagram'

/** One run of text (a text node) as it is drawn on one slide. */
export interface TextRun {
  kind: TextKind
  /** Characters drawn (whitespace not counted). */
  chars: number
  /** Rendered size in canvas pixels (980x552 canvas), after every transform, zoom and SVG fit. */
  size: number
  /** Contrast ratio (WCAG 2.2) of the glyphs against what is painted behind them. */
  contrast: number
  /** The first characters of the run, to find it in the deck. */
  sample: string
}

export interface SlideRuns {
  /** Slidev's slide number (1-based, shown slides only). */
  no: number
  runs: TextRun[]
}

/**
 * Measures every text run of every slide on Slidev's print page (final click state): its effective size on the
 * 980x552 canvas and its contrast against the paint behind it. Mermaid draws inside a shadow root; it is walked
 * too. The page must already be loaded and settled (see waitForPrintPage).
 */
export async function measureTextRuns(page: Page): Promise<SlideRuns[]> {
  // tsx compiles with keepNames, which wraps named functions in __name(); the page has no such helper.
  await page.evaluate('globalThis.__name ??= fn => fn')
  const count = await page.locator('.print-slide-container').count()
  const slides: SlideRuns[] = []
  for (let i = 0; i < count; i++) {
    // elementsFromPoint only sees what is inside the viewport: bring the slide in first.
    await page.locator('.print-slide-container').nth(i).scrollIntoViewIfNeeded()
    slides.push(await page.evaluate(measureSlideInPage, i))
  }
  return slides
}

/** Runs in the page: one slide. Kept self-contained (no imports, no outer references). */
function measureSlideInPage(index: number): SlideRuns {
  const CANVAS_WIDTH = 980
  type Rgba = [number, number, number, number]
  const container = document.querySelectorAll<HTMLElement>('.print-slide-container')[index]
  const slidePage = container.querySelector<HTMLElement>('.slidev-page')
  const no = Number(slidePage?.dataset.slidevNo ?? index + 1)
  const canvasScale = CANVAS_WIDTH / container.getBoundingClientRect().width

  // Hit testing skips elements with pointer-events: none (Mermaid sets it on parts of its SVG); a background is
  // there whatever the pointer does, so turn it on while measuring, in the document and every shadow root.
  const forcePointer = (root: Document | ShadowRoot) => {
    const style = document.createElement('style')
    style.dataset.legibility = ''
    style.textContent = '* { pointer-events: auto !important; }'
    ;(root instanceof Document ? root.head : root).appendChild(style)
    return style
  }
  const injected: HTMLStyleElement[] = [forcePointer(document)]

  const parseColor = (value: string): Rgba | undefined => {
    const m = value.match(/rgba?\(([^)]+)\)/)
    if (!m) {
      if (value === 'transparent' || value === 'none' || !value)
        return undefined
      // Any other notation (named, oklch, color()): let the browser convert it.
      const probe = document.createElement('canvas').getContext('2d')!
      probe.fillStyle = '#010203'
      probe.fillStyle = value
      const normalized = probe.fillStyle
      if (normalized === '#010203' && value !== '#010203')
        return undefined
      return normalized.startsWith('#')
        ? [Number.parseInt(normalized.slice(1, 3), 16), Number.parseInt(normalized.slice(3, 5), 16), Number.parseInt(normalized.slice(5, 7), 16), 1]
        : parseColor(normalized)
    }
    const parts = m[1].split(/[\s,/]+/).filter(Boolean).map(Number)
    return [parts[0], parts[1], parts[2], parts.length > 3 ? parts[3] : 1]
  }
  const over = (top: Rgba, bottom: Rgba): Rgba => {
    const a = top[3] + bottom[3] * (1 - top[3])
    if (a === 0)
      return [0, 0, 0, 0]
    const mix = (i: number) => (top[i] * top[3] + bottom[i] * bottom[3] * (1 - top[3])) / a
    return [mix(0), mix(1), mix(2), a]
  }
  const luminance = (c: Rgba) => {
    const lin = (v: number) => {
      const s = v / 255
      return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4
    }
    return 0.2126 * lin(c[0]) + 0.7152 * lin(c[1]) + 0.0722 * lin(c[2])
  }
  const parentOf = (node: Node): Element | null => {
    if (node.parentElement)
      return node.parentElement
    const root = node.getRootNode()
    return root instanceof ShadowRoot ? root.host : null
  }
  /** Product of `opacity` from the element up to the slide, across shadow roots. */
  const cumulativeOpacity = (el: Element | null): number => {
    let opacity = 1
    for (let e = el; e && e !== container; e = parentOf(e))
      opacity *= Number(getComputedStyle(e).opacity || 1)
    return opacity
  }
  const SHAPES = new Set(['rect', 'polygon', 'path', 'circle', 'ellipse'])
  /** The colour an element paints over its own box, if any. */
  const paintOf = (el: Element): Rgba | undefined => {
    const style = getComputedStyle(el)
    if (el instanceof SVGElement) {
      if (!SHAPES.has(el.tagName.toLowerCase()))
        return undefined
      const fill = parseColor(style.fill)
      if (!fill)
        return undefined
      return [fill[0], fill[1], fill[2], fill[3] * Number(style.fillOpacity || 1) * cumulativeOpacity(el)]
    }
    const bg = parseColor(style.backgroundColor)
    if (!bg || bg[3] === 0)
      return undefined
    return [bg[0], bg[1], bg[2], bg[3] * cumulativeOpacity(el)]
  }
  /** What is painted behind a point: the layers under it, composited from the top until opaque, over white. */
  const backgroundAt = (root: Document | ShadowRoot, x: number, y: number, skip: Set<Element>): Rgba => {
    const layers: Rgba[] = []
    const stack = root.elementsFromPoint(x, y)
    // A shadow root's hit test stops at its host; continue with what lies under the host in the document.
    const host = root instanceof ShadowRoot ? root.host : undefined
    const below = host ? document.elementsFromPoint(x, y).filter(e => e !== host && !stack.includes(e)) : []
    for (const el of [...stack, ...below]) {
      if (skip.has(el))
        continue
      const paint = paintOf(el)
      if (!paint)
        continue
      layers.push(paint)
      if (paint[3] >= 0.999)
        break
    }
    let color: Rgba = [255, 255, 255, 1]
    for (const layer of layers.reverse())
      color = over(layer, color)
    return color
  }
  /**
   * Scale from CSS pixels of this element to screen pixels: the product of every transform and zoom above it
   * (exact, unlike a rect/offsetWidth ratio, which rounds). SVG content answers with its screen CTM, which
   * folds in the viewBox fit and every CSS transform and zoom around the <svg>.
   */
  const screenScale = (el: Element): number => {
    if (el instanceof SVGGraphicsElement && el.closest('foreignObject') === null) {
      const ctm = el.getScreenCTM()
      return ctm ? Math.hypot(ctm.a, ctm.b) : 1
    }
    let scale = 1
    for (let e: Element | null = el; e; e = parentOf(e)) {
      if (e instanceof SVGForeignObjectElement) {
        const ctm = e.getScreenCTM()
        return scale * (ctm ? Math.hypot(ctm.a, ctm.b) : 1)
      }
      const style = getComputedStyle(e)
      if (style.transform && style.transform !== 'none') {
        const m = new DOMMatrixReadOnly(style.transform)
        scale *= Math.hypot(m.a, m.b)
      }
      const zoom = Number(style.zoom)
      if (zoom > 0)
        scale *= zoom
    }
    return scale
  }

  const runs: TextRun[] = []
  const visit = (root: Node) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT)
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node instanceof Element) {
        if (node.shadowRoot) {
          injected.push(forcePointer(node.shadowRoot))
          visit(node.shadowRoot)
        }
        continue
      }
      const text = node.textContent ?? ''
      const chars = text.replace(/\s/g, '').length
      if (!chars)
        continue
      const el = parentOf(node)
      if (!el || el.closest('style, script, title, desc'))
        continue
      const style = getComputedStyle(el)
      if (style.visibility === 'hidden' || style.display === 'none')
        continue
      const range = document.createRange()
      range.selectNodeContents(node)
      const rects = Array.from(range.getClientRects()).filter(r => r.width > 0 && r.height > 0)
      if (!rects.length)
        continue
      const opacity = cumulativeOpacity(el)
      if (opacity === 0)
        continue
      const inSvg = el instanceof SVGElement || el.closest('svg') !== null || (el.getRootNode() instanceof ShadowRoot && (el.getRootNode() as ShadowRoot).host.closest('.mermaid, [class*=mermaid]') !== null)
      const inCode = !inSvg && el.closest('pre, code, .slidev-code') !== null
      const kind: TextKind = inSvg ? 'diagram' : inCode ? 'code' : 'prose'
      const size = Number.parseFloat(style.fontSize) * screenScale(el) * canvasScale
      const rawColor = parseColor(el instanceof SVGElement && el.tagName.toLowerCase() !== 'foreignobject' && style.fill !== 'none' && !el.closest('foreignObject') ? style.fill : style.color) ?? [0, 0, 0, 1]
      const rect = rects[0]
      const root = node.getRootNode() as Document | ShadowRoot
      // The text's own element is skipped only when it is an SVG <text> (its fill is the glyph colour, not a background).
      const skip = new Set<Element>(el instanceof SVGElement ? [el] : [])
      const background = backgroundAt(root, rect.left + Math.min(rect.width / 2, 4), rect.top + rect.height / 2, skip)
      const fg = over([rawColor[0], rawColor[1], rawColor[2], rawColor[3] * opacity], background)
      const [l1, l2] = [luminance(fg), luminance(background)].sort((a, b) => b - a)
      const contrast = (l1 + 0.05) / (l2 + 0.05)
      runs.push({ kind, chars, size: Math.round(size * 10) / 10, contrast: Math.round(contrast * 100) / 100, sample: text.trim().slice(0, 40) })
    }
  }
  try {
    if (slidePage)
      visit(slidePage)
  }
  finally {
    for (const style of injected)
      style.remove()
  }
  return { no, runs }
}
