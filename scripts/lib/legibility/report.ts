import type { SlideRuns, TextKind, TextRun } from './measure'

/**
 * The legibility rules for a projected slide on Slidev's 980x552 canvas (see README, "Legibility"):
 * prose at 18 px or more, code and diagram labels at 14 px, nothing under 12 px, contrast 4.5:1 for every glyph.
 */
export const RULES = Object.freeze({
  minAny: 12,
  minProse: 18,
  minCode: 14,
  minDiagram: 14,
  minContrast: 4.5,
})

/** The share of characters a deck may have below each rule (0.05 = 5%). */
export const GOALS = Object.freeze({
  underAny: 0,
  proseUnder: 0.05,
  codeUnder: 0,
  diagramUnder: 0,
  lowContrast: 0.01,
})

export type Measure = keyof typeof GOALS

export const MEASURE_LABELS: Record<Measure, string> = {
  underAny: `any text < ${RULES.minAny}px`,
  proseUnder: `prose < ${RULES.minProse}px`,
  codeUnder: `code < ${RULES.minCode}px`,
  diagramUnder: `diagram < ${RULES.minDiagram}px`,
  lowContrast: `contrast < ${RULES.minContrast}:1`,
}

const KIND_MIN: Record<TextKind, number> = { prose: RULES.minProse, code: RULES.minCode, diagram: RULES.minDiagram }

/** Sizes are rounded to 0.1 px when measured; allow that rounding, not more. */
const EPSILON = 0.05

export function isSmall(run: TextRun): boolean {
  return run.size < KIND_MIN[run.kind] - EPSILON
}
export function isTiny(run: TextRun): boolean {
  return run.size < RULES.minAny - EPSILON
}
export function isLowContrast(run: TextRun): boolean {
  return run.contrast < RULES.minContrast
}

export interface DeckShares {
  chars: Record<TextKind | 'all', number>
  /** Share of characters (0..1) per measure; NaN where the deck has no characters of that kind. */
  shares: Record<Measure, number>
}

export function deckShares(slides: SlideRuns[]): DeckShares {
  const chars = { all: 0, prose: 0, code: 0, diagram: 0 }
  const bad = { underAny: 0, proseUnder: 0, codeUnder: 0, diagramUnder: 0, lowContrast: 0 }
  for (const run of slides.flatMap(s => s.runs)) {
    chars.all += run.chars
    chars[run.kind] += run.chars
    if (isTiny(run))
      bad.underAny += run.chars
    if (isSmall(run))
      bad[`${run.kind}Under` as const] += run.chars
    if (isLowContrast(run))
      bad.lowContrast += run.chars
  }
  const share = (n: number, of: number) => of ? n / of : Number.NaN
  return {
    chars,
    shares: {
      underAny: share(bad.underAny, chars.all),
      proseUnder: share(bad.proseUnder, chars.prose),
      codeUnder: share(bad.codeUnder, chars.code),
      diagramUnder: share(bad.diagramUnder, chars.diagram),
      lowContrast: share(bad.lowContrast, chars.all),
    },
  }
}

/** Measures whose share is over the goal. A deck without text of a kind cannot miss that kind's goal. */
export function missedGoals(shares: Record<Measure, number>): Measure[] {
  return (Object.keys(GOALS) as Measure[]).filter(m => !Number.isNaN(shares[m]) && shares[m] > GOALS[m] + 1e-9)
}

export interface SlideFinding {
  no: number
  /** `slides/session_03.md:120`, where the slide starts in its deck. */
  location: string
  /** Smallest size of a run that breaks a size rule, per kind. */
  smallest: Partial<Record<TextKind, { size: number, sample: string }>>
  lowestContrast?: { contrast: number, sample: string }
}

/** Every slide with at least one run that breaks a rule: where it is and the worst case of each kind. */
export function slideFindings(slides: SlideRuns[], locate: (no: number) => string): SlideFinding[] {
  const findings: SlideFinding[] = []
  for (const slide of slides) {
    const finding: SlideFinding = { no: slide.no, location: locate(slide.no), smallest: {} }
    for (const run of slide.runs) {
      if (isSmall(run) || isTiny(run)) {
        const worst = finding.smallest[run.kind]
        if (!worst || run.size < worst.size)
          finding.smallest[run.kind] = { size: run.size, sample: run.sample }
      }
      if (isLowContrast(run) && (!finding.lowestContrast || run.contrast < finding.lowestContrast.contrast))
        finding.lowestContrast = { contrast: run.contrast, sample: run.sample }
    }
    if (Object.keys(finding.smallest).length || finding.lowestContrast)
      findings.push(finding)
  }
  return findings
}

export function formatShare(value: number): string {
  return Number.isNaN(value) ? '—' : `${(value * 100).toFixed(1)}%`
}

export function formatFinding(f: SlideFinding): string {
  const parts = (Object.entries(f.smallest) as [TextKind, { size: number, sample: string }][])
    .map(([kind, w]) => `${kind} ${w.size}px "${w.sample}"`)
  if (f.lowestContrast)
    parts.push(`contrast ${f.lowestContrast.contrast}:1 "${f.lowestContrast.sample}"`)
  return `${f.location}: slide ${f.no}: ${parts.join('; ')}`
}
