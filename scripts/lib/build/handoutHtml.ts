/**
 * The handout as one HTML document of A4 sheets (210 × 297 mm, one sheet per PDF page, page numbers and the
 * footer written on each sheet), printed by Chromium in scripts/lib/build/handout.ts. Pure string building:
 * the page plan comes from handoutLayout.ts, the pictures and fonts are URLs the caller serves.
 */
import type { HandoutPage, HandoutSlide, SlideGroup } from './handoutLayout'
import { createMarkdownExit } from 'markdown-exit'
import { CODE } from './handoutCode'
import { codePageOf, slideRange } from './handoutLayout'

/** Notes start at this size and shrink in steps until a slide's half page holds them (see FIT_SCRIPT). */
export const NOTE_SIZE = { max: 9, min: 6.5, step: 0.25 }

export interface CoverRow {
  label: string
  minutes: number
  /** "00:00–05:00" */
  time: string
  /** "1–3"; empty for the overview's generic plan. */
  slides: string
  segment: string
}

export interface HandoutModel {
  lang: string
  /** Document title and footer text, e.g. "Session 3: Job과 CronJob 배치 처리 패턴". */
  title: string
  /** Line above the heading on the cover, e.g. the course's full title. */
  kicker: string
  /** "Session 3", or "Day overview". */
  badge: string
  heading: string
  /** A line under the heading (what the handout holds). */
  summary: string
  /** Inline Markdown. */
  goals: string[]
  topics: string[]
  plan: CoverRow[]
  planTitle: string
  /** The overview lists the day's sessions on its cover. */
  sessions: { number: number, title: string }[]
  slides: HandoutSlide[]
  groups: SlideGroup[]
  /** Inline Markdown. */
  questions: string[]
  discussionMinutes?: number
  pages: HandoutPage[]
  /** URL of a slide's picture. */
  imageUrl: (no: number) => string
  /** @font-face rules (fonts served locally). */
  fontCss: string
}

const notes = createMarkdownExit({ html: false, linkify: true, breaks: true })
const inline = createMarkdownExit({ html: false })

const escape = (text: string) => text.replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\'': '&#39;' })[c]!)

export const SEGMENT_COLORS: Record<string, string> = {
  goals: '#475569',
  concepts: '#326ce5',
  analysis: '#7c3aed',
  patterns: '#0f766e',
  discussion: '#b45309',
}
const DEFAULT_COLOR = '#326ce5'

/** Speaker notes as HTML: Markdown (lists, code, emphasis, line breaks kept), "Q:"/"A:" at a line start bold. */
export function renderNotes(markdown: string): string {
  if (!markdown.trim())
    return '<p class="none">(노트 없음)</p>'
  return notes.render(markdown).replace(/(^|<p>|<li>|<br>\n)(Q|A):/g, '$1<b class="qa">$2:</b>')
}

export function renderInline(markdown: string): string {
  return inline.renderInline(markdown)
}

function footer(model: HandoutModel, index: number): string {
  return `<footer><span>${escape(model.title)} · 핸드아웃</span><span class="pageno">${index + 1} / ${model.pages.length}</span></footer>`
}

function coverSheet(model: HandoutModel): string {
  const goals = model.goals.length
    ? `<section><h2>학습 목표</h2><ol class="goals">${model.goals.map(g => `<li>${renderInline(g)}</li>`).join('')}</ol></section>`
    : ''
  const topics = model.topics.length
    ? `<section><h2>다루는 주제</h2><ul class="topics">${model.topics.map(t => `<li>${escape(t)}</li>`).join('')}</ul></section>`
    : ''
  const sessions = model.sessions.length
    ? `<section><h2>세션</h2><table class="sessions">${model.sessions.map(s => `<tr><td class="num">Session ${s.number}</td><td>${escape(s.title)}</td></tr>`).join('')}</table></section>`
    : ''
  const total = model.plan.reduce((sum, r) => sum + r.minutes, 0)
  const plan = model.plan.length
    ? `<section><h2>${escape(model.planTitle)}</h2><table class="plan">${model.plan.map(r => `<tr style="--c:${SEGMENT_COLORS[r.segment] ?? DEFAULT_COLOR}">
  <td class="label"><i class="chip"></i>${escape(r.label)}</td><td class="min">${r.minutes}분</td><td class="time">${escape(r.time)}</td>
  <td class="slides">${r.slides ? `슬라이드 ${escape(r.slides)}` : ''}</td><td class="bar"><i style="width:${(100 * r.minutes / total).toFixed(1)}%"></i></td></tr>`).join('')}</table></section>`
    : ''
  return `<main class="cover">
  <div class="kicker">${escape(model.kicker)}</div>
  <div class="badge">${escape(model.badge)}</div>
  <h1>${escape(model.heading)}</h1>
  <p class="summary">${escape(model.summary)}</p>
  <div class="who"><span>이름</span><i></i><span>날짜</span><i></i></div>
  ${goals}
  ${topics}
  ${sessions}
  ${plan}
  <section class="memo cover-memo"><div class="memo-label">메모</div><div class="ruled"></div></section>
</main>`
}

function slideCell(model: HandoutModel, no: number | null): string {
  if (no === null)
    return `<section class="cell memo"><div class="memo-label">메모</div><div class="ruled"></div></section>`
  const slide = model.slides.find(s => s.no === no)!
  return `<section class="cell" data-slide="${no}"><div class="cell-body">
  <figure class="shot"><img src="${escape(model.imageUrl(no))}" alt="슬라이드 ${no}"></figure>
  <h3 class="cap"><span class="no">${no}</span>${renderInline(slide.title)}</h3>
  <div class="notes">${renderNotes(slide.note)}</div>${codeReference(model, no)}
</div><div class="ruled cell-memo"></div></section>`
}

/** Under a slide's notes: where its code is printed in full. */
function codeReference(model: HandoutModel, no: number): string {
  const slide = model.slides.find(s => s.no === no)
  const count = slide?.code?.length ?? 0
  const page = codePageOf(model.pages, no)
  const refs = count && page ? [`코드 ${count}개 전체: ${page}쪽`] : []
  for (const elsewhere of slide?.codeElsewhere ?? [])
    refs.push(`${escape(elsewhere.file)} 전체: ${codePageOf(model.pages, elsewhere.slide) ?? '?'}쪽 (슬라이드 ${elsewhere.slide}의 코드)`)
  return refs.map(r => `<p class="coderef">${r}</p>`).join('')
}

/** What a listing's label says: its language and, for an imported file, the file (printed whole). */
function codeLabel(model: HandoutModel, no: number, block: number, continued: boolean): string {
  const listing = model.slides.find(s => s.no === no)!.code![block]
  const parts = [listing.lang || 'text']
  if (listing.file)
    parts.push(`${listing.file}${listing.region ? ` 전체 (슬라이드에는 ${listing.region} 부분)` : ''}`)
  if (continued)
    parts.push('(계속)')
  return parts.map(escape).join(' · ')
}

function codeSheet(model: HandoutModel, page: Extract<HandoutPage, { kind: 'code' }>): string {
  const group = model.groups[page.group]
  const slides = [...new Set(page.chunks.map(c => c.slide))]
  const body = page.chunks.map((chunk) => {
    const slide = model.slides.find(s => s.no === chunk.slide)!
    const lines = slide.code![chunk.block].code.split('\n').slice(chunk.from, chunk.to)
    const heading = chunk.heading
      ? `<h3 class="code-slide"><span class="no">${slide.no}</span>${renderInline(slide.title)}${chunk.from > 0 || chunk.block > 0 ? ' <small>(계속)</small>' : ''}</h3>`
      : ''
    return `${heading}<div class="code-label">${codeLabel(model, chunk.slide, chunk.block, chunk.from > 0)}</div>
<pre class="code-block" data-slide="${slide.no}" data-block="${chunk.block}" data-from="${chunk.from}"><code>${lines.map(escape).join('\n')}</code></pre>`
  }).join('\n')
  return `<main class="code"${group.segment ? ` style="--c:${SEGMENT_COLORS[group.segment] ?? DEFAULT_COLOR}"` : ''}>
  <header class="seghead"><h2 class="label">${group.label ? `${escape(group.label)} · ` : ''}코드${page.continued ? ' <small>(계속)</small>' : ''}</h2><span class="meta">슬라이드 ${slideRange(slides)} · 전체 코드, 복사해서 쓸 수 있습니다</span></header>
  <div class="listing">${body}</div>
</main>`
}

function slidesSheet(model: HandoutModel, page: Extract<HandoutPage, { kind: 'slides' }>): string {
  const group = model.groups[page.group]
  const head = group.label
    ? `<header class="seghead"><h2 class="label">${escape(group.label)}${page.continued ? ' <small>(계속)</small>' : ''}</h2><span class="meta">${group.minutes}분 · 슬라이드 ${slideRange(group.slides)}</span></header>`
    : ''
  return `<main class="slides"${group.segment ? ` style="--c:${SEGMENT_COLORS[group.segment] ?? DEFAULT_COLOR}"` : ''}>
  ${head}
  <div class="cells" style="--rows:${page.slots.length}">${page.slots.map(no => slideCell(model, no)).join('')}</div>
</main>`
}

function questionsSheet(model: HandoutModel, page: Extract<HandoutPage, { kind: 'questions' }>): string {
  const minutes = model.discussionMinutes ? `${model.discussionMinutes}분 · ` : ''
  return `<main class="questions" style="--c:${SEGMENT_COLORS.discussion}">
  <header class="seghead"><h2 class="label">그룹 토론 질문${page.continued ? ' <small>(계속)</small>' : ''}</h2><span class="meta">${minutes}조별로 생각을 적어 보세요</span></header>
  <ol class="qs">${page.questions.map(i => `<li><div class="q"><span class="qn">${i + 1}</span><span>${renderInline(model.questions[i])}</span></div><div class="ruled"></div></li>`).join('')}</ol>
</main>`
}

/**
 * Shrinks each slide's notes until the slide, its caption and its notes fit the half page (or full page) the
 * plan gave it, and reports what it could not fit. Runs in the page.
 */
const FIT_SCRIPT = `
window.__handoutFit = () => {
  const results = []
  for (const cell of document.querySelectorAll('.cell[data-slide]')) {
    const body = cell.querySelector('.cell-body')
    let size = ${NOTE_SIZE.max}
    cell.style.setProperty('--fs', size + 'pt')
    const fits = () => body.getBoundingClientRect().bottom <= cell.getBoundingClientRect().bottom + 0.5
    while (!fits() && size > ${NOTE_SIZE.min}) {
      size = Math.max(${NOTE_SIZE.min}, size - ${NOTE_SIZE.step})
      cell.style.setProperty('--fs', size + 'pt')
    }
    results.push({ no: Number(cell.dataset.slide), size, fits: fits() })
  }
  // Ruled space for the student's notes where a slide's notes leave room; too little room shows none.
  for (const memo of document.querySelectorAll('.cell-memo, .cover-memo'))
    memo.style.visibility = memo.getBoundingClientRect().height < 64 ? 'hidden' : 'visible'
  const overflowing = []
  document.querySelectorAll('.sheet > main').forEach((main, i) => {
    if (!main.classList.contains('slides') && main.scrollHeight > main.clientHeight + 1)
      overflowing.push(i + 1)
  })
  return { cells: results, overflowing }
}
`

const STYLE = `
@page { size: A4; margin: 0; }
* { box-sizing: border-box; }
html, body { margin: 0; padding: 0; }
body { font-family: 'Noto Sans KR', sans-serif; color: #1f2937; word-break: keep-all; overflow-wrap: anywhere;
  -webkit-print-color-adjust: exact; print-color-adjust: exact; }
code, pre { font-family: 'Nanum Gothic Coding', 'Noto Sans KR', monospace; }
.sheet { width: 210mm; height: 297mm; padding: 12mm 14mm 0; display: flex; flex-direction: column; overflow: hidden;
  break-after: page; break-inside: avoid; --c: ${DEFAULT_COLOR}; }
.sheet:last-child { break-after: auto; }
.sheet > main { flex: 1 1 auto; min-height: 0; display: flex; flex-direction: column; overflow: hidden; }
.sheet > footer { flex: 0 0 14mm; margin-top: 3mm; padding-top: 2mm; border-top: 0.3mm solid #cbd5e1; display: flex;
  justify-content: space-between; font-size: 7.5pt; color: #64748b; }
.pageno { font-variant-numeric: tabular-nums; }

.seghead { flex: 0 0 auto; display: flex; align-items: baseline; justify-content: space-between; gap: 4mm;
  border-left: 1.6mm solid var(--c); padding: 0.6mm 0 0.6mm 3mm; margin-bottom: 4mm; }
.seghead .label { margin: 0; font-weight: 700; font-size: 13pt; color: var(--c); }
.seghead .label small { font-weight: 400; font-size: 9pt; color: #64748b; }
.seghead .meta { font-size: 8.5pt; color: #64748b; }

.cells { flex: 1 1 auto; min-height: 0; display: grid; grid-template-rows: repeat(var(--rows), minmax(0, 1fr)); gap: 4mm; }
.cell { min-height: 0; overflow: hidden; break-inside: avoid; display: flex; flex-direction: column; --fs: ${NOTE_SIZE.max}pt; }
.cell + .cell { border-top: 0.3mm dashed #cbd5e1; padding-top: 4mm; }
.cell-body { flex: 0 0 auto; display: flow-root; font-size: var(--fs); line-height: 1.5; }
.cell .cell-memo { margin-top: 2mm; min-height: 0; }
.shot { float: left; width: 96mm; margin: 0 4.5mm 2mm 0; }
.shot img { display: block; width: 100%; aspect-ratio: 980 / 552; border: 0.25mm solid #cbd5e1; border-radius: 0.8mm; }
.cap { font-weight: 700; font-size: 9pt; line-height: 1.4; margin: 0 0 1.6mm; }
.cap .no { display: inline-block; min-width: 6mm; padding: 0 1.2mm; margin-right: 1.6mm; border-radius: 0.8mm;
  background: var(--c); color: #fff; text-align: center; font-size: 8pt; }
.cap code { font-weight: 400; }
.notes p { margin: 0 0 0.45em; }
.notes ul, .notes ol { margin: 0 0 0.45em; padding-left: 1.25em; }
.notes li { margin: 0.1em 0; }
.notes li > p { margin: 0; }
.notes code { background: #f1f5f9; border-radius: 0.6mm; padding: 0 0.25em; font-size: 0.95em; }
.notes pre { background: #f1f5f9; border-radius: 1mm; padding: 1.2mm 2mm; margin: 0 0 0.45em; white-space: pre-wrap;
  word-break: break-all; font-size: 0.92em; line-height: 1.35; }
.notes pre code { background: none; padding: 0; }
.notes a { color: #1e40af; text-decoration: none; }
.notes strong { color: #111827; }
.notes .qa { color: var(--c); }
.notes .none { color: #94a3b8; }
.memo { display: flex; flex-direction: column; }
.memo-label { font-size: 8.5pt; color: #94a3b8; margin-bottom: 1mm; }
.ruled { flex: 1 1 auto; min-height: 8mm; background: repeating-linear-gradient(to bottom, transparent 0, transparent 7.75mm, #cbd5e1 7.75mm, #cbd5e1 8mm); }

.notes .coderef { margin: 0.6em 0 0; font-weight: 700; color: var(--c); }
/* Code: rows of a fixed height (handoutCode.ts CODE) so the page plan knows how many lines a page holds. */
.listing { --row: ${CODE.rowMm}mm; }
.code-slide { height: calc(${CODE.headingRows} * var(--row)); margin: 0; padding-top: 1.2mm; font-size: 9pt; line-height: 1.4;
  white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.code-slide .no { display: inline-block; min-width: 6mm; padding: 0 1.2mm; margin-right: 1.6mm; border-radius: 0.8mm;
  background: var(--c); color: #fff; text-align: center; font-size: 8pt; }
.code-slide small { font-weight: 400; color: #64748b; }
.code-label { height: calc(${CODE.labelRows} * var(--row)); line-height: var(--row); font-size: 7.5pt; color: #64748b;
  white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.code-block { margin: 0 0 calc(${CODE.gapRows} * var(--row)); padding: 0 0 0 2.2mm; border-left: 0.8mm solid var(--c);
  background: #f8fafc; font-size: ${CODE.sizePt}pt; line-height: var(--row); white-space: pre-wrap; word-break: break-all;
  overflow-wrap: anywhere; color: #0f172a; }

.cover .kicker { font-size: 10pt; color: #64748b; margin-top: 6mm; }
.cover .badge { display: inline-block; align-self: flex-start; margin-top: 7mm; padding: 1mm 3mm; border-radius: 1mm;
  background: var(--c); color: #fff; font-size: 10pt; font-weight: 700; }
.cover h1 { font-size: 24pt; line-height: 1.25; margin: 3mm 0 2mm; }
.cover .summary { margin: 0 0 5mm; font-size: 9.5pt; color: #475569; }
.cover .who { display: flex; align-items: flex-end; gap: 2mm; font-size: 9pt; color: #475569; margin-bottom: 7mm; }
.cover .who i { display: block; width: 45mm; border-bottom: 0.3mm solid #94a3b8; margin-right: 6mm; height: 5mm; }
.cover section { margin-bottom: 6mm; }
.cover .cover-memo { flex: 1 1 auto; min-height: 0; margin-bottom: 2mm; }
.cover h2 { font-size: 11.5pt; margin: 0 0 2.5mm; padding-bottom: 1.2mm; border-bottom: 0.4mm solid var(--c); }
.cover ol, .cover ul { margin: 0; padding-left: 6mm; font-size: 9.5pt; line-height: 1.55; }
.cover li { margin-bottom: 1mm; }
.cover table { border-collapse: collapse; width: 100%; font-size: 9.5pt; }
.cover td { padding: 1.3mm 2mm; border-bottom: 0.2mm solid #e2e8f0; vertical-align: middle; }
.sessions .num { width: 24mm; color: var(--c); font-weight: 700; white-space: nowrap; }
.plan .label { font-weight: 700; white-space: nowrap; width: 30mm; }
.plan .chip { display: inline-block; width: 2.6mm; height: 2.6mm; border-radius: 0.5mm; background: var(--c); margin-right: 2mm; }
.plan .min { white-space: nowrap; width: 14mm; }
.plan .time, .plan .slides { white-space: nowrap; color: #475569; font-variant-numeric: tabular-nums; width: 28mm; }
.plan .bar i { display: block; height: 3mm; border-radius: 0.5mm; background: var(--c); }

.questions .qs { flex: 1 1 auto; min-height: 0; display: flex; flex-direction: column; gap: 5mm; margin: 0; padding: 0; list-style: none; }
.questions .qs li { flex: 1 1 0; min-height: 0; display: flex; flex-direction: column; }
.questions .q { display: flex; gap: 2.5mm; font-size: 10pt; line-height: 1.5; margin-bottom: 1.5mm; }
.questions .qn { flex: 0 0 auto; min-width: 6mm; height: 6mm; line-height: 6mm; border-radius: 50%; background: var(--c); color: #fff;
  text-align: center; font-weight: 700; font-size: 9pt; }
.questions .ruled { margin-left: 8.5mm; }
`

export function renderHandoutHtml(model: HandoutModel): string {
  const sheets = model.pages.map((page, index) => {
    const body = page.kind === 'cover'
      ? coverSheet(model)
      : page.kind === 'slides'
        ? slidesSheet(model, page)
        : page.kind === 'code' ? codeSheet(model, page) : questionsSheet(model, page)
    return `<div class="sheet sheet-${page.kind}">${body}${footer(model, index)}</div>`
  })
  return `<!doctype html>
<html lang="${escape(model.lang)}">
<head>
<meta charset="utf-8">
<title>${escape(model.title)} · 핸드아웃</title>
<style>${model.fontCss}</style>
<style>${STYLE}</style>
<script>${FIT_SCRIPT}</script>
</head>
<body>
${sheets.join('\n')}
</body>
</html>
`
}
