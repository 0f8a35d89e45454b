import { JSDOM } from 'jsdom'

type MermaidApi = typeof import('mermaid').default

let loading: Promise<MermaidApi> | undefined

/**
 * Mermaid's parser needs a DOM (it imports DOMPurify and d3 at load time). A jsdom window stands in, once per
 * process; parsing does not lay anything out, so jsdom's lack of text metrics does not matter here.
 */
function loadMermaid(): Promise<MermaidApi> {
  loading ??= (async () => {
    const { window } = new JSDOM('<!doctype html><html><body></body></html>', { pretendToBeVisual: true })
    const globals = globalThis as Record<string, unknown>
    for (const key of ['window', 'document', 'navigator', 'Element', 'HTMLElement', 'SVGElement', 'DOMParser', 'MutationObserver'] as const) {
      if (!(key in globals) || globals[key] === undefined)
        Object.defineProperty(globalThis, key, { value: (window as unknown as Record<string, unknown>)[key], configurable: true, writable: true })
    }
    const mermaid = (await import('mermaid')).default
    mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' })
    return mermaid
  })()
  return loading
}

export interface MermaidError {
  /** 1-based line inside the diagram source, when Mermaid names one. */
  line?: number
  message: string
}

/** Returns undefined when the diagram parses, else the first error Mermaid reports. */
export async function parseMermaid(source: string): Promise<MermaidError | undefined> {
  const mermaid = await loadMermaid()
  try {
    await mermaid.parse(source)
    return undefined
  }
  catch (error) {
    const text = error instanceof Error ? error.message : String(error)
    const line = /line (\d+)/i.exec(text)
    const summary = text.split('\n').map(l => l.trim()).filter(Boolean)
    return { line: line ? Number(line[1]) : undefined, message: describe(summary) }
  }
}

/** Mermaid's Jison messages list every token it expected; keep the head and what it got instead. */
function describe(summary: string[]): string {
  const expecting = summary.find(l => l.startsWith('Expecting'))
  if (!expecting)
    return summary[0] ?? 'diagram does not parse'
  const got = /got '([^']+)'/.exec(expecting)?.[1]
  const wanted = [...expecting.matchAll(/'([^']+)'/g)].map(m => m[1]).filter(token => token !== got)
  const shown = wanted.slice(0, 4).join(', ') + (wanted.length > 4 ? ', …' : '')
  return `syntax error: expected ${shown}${got ? ` but found ${got}` : ''}`
}
