import type { DeckInfo } from '../../../logic/course'
import { existsSync } from 'node:fs'
import { copyFile, mkdir, readdir } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { COURSE, DECKS } from '../../../logic/course'
import { SESSION_MINUTES, SESSION_PLAN } from '../../../logic/plan'

export interface HubDeckStatus {
  deck: string
  site: boolean
  pdf: boolean
  handout: boolean
}

const escape = (text: string) => text.replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\'': '&#39;' })[c]!)

function planBar(): string {
  // A 5-minute block of a card is too narrow for its label: it shows the minutes, the label is in its title.
  const blocks = SESSION_PLAN.map(s =>
    `<span class="seg seg-${s.id}" style="flex:${s.minutes}" title="${escape(s.label)} ${s.minutes}분">${s.minutes / SESSION_MINUTES >= 0.15 ? `${escape(s.label)} ` : ''}<b>${s.minutes}</b></span>`,
  ).join('')
  return `<div class="plan" aria-label="50분 구성">${blocks}</div>`
}

function links(info: DeckInfo, status: HubDeckStatus): string {
  const items: string[] = []
  if (status.site) {
    items.push(`<a href="./${info.deck}/">슬라이드</a>`)
    items.push(`<a href="./${info.deck}/presenter/1">발표자 보기</a>`)
    items.push(`<a href="./${info.deck}/rehearsal">리허설 기록</a>`)
  }
  if (status.pdf)
    items.push(`<a href="./pdf/${info.deck}.pdf">PDF</a>`)
  if (status.handout)
    items.push(`<a href="./handouts/${info.deck}.pdf">핸드아웃</a>`)
  if (!items.length)
    items.push('<span class="missing">아직 빌드되지 않음</span>')
  return `<nav>${items.join('')}</nav>`
}

export function renderHub(statuses: HubDeckStatus[]): string {
  const statusOf = (deck: string) => statuses.find(s => s.deck === deck) ?? { deck, site: false, pdf: false, handout: false }
  const overview = DECKS[0]
  const sessions = DECKS.filter(d => d.session).map((info) => {
    const session = info.session!
    return `<article class="card" id="${info.deck}">
  <h2><span class="num">Session ${session.number}</span> ${escape(session.title)}</h2>
  <ul>${session.topics.map(t => `<li>${escape(t)}</li>`).join('')}</ul>
  ${planBar()}
  ${links(info, statusOf(info.deck))}
</article>`
  }).join('\n')
  return `<!doctype html>
<html lang="ko">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(COURSE.fullTitle)}</title>
<link rel="icon" href="./_hub/favicon.svg">
<link rel="stylesheet" href="./_hub/fonts/400.css">
<link rel="stylesheet" href="./_hub/fonts/700.css">
<style>
  body { font-family: 'Noto Sans KR', sans-serif; margin: 0; background: #f5f7fb; color: #1f2937; word-break: keep-all; }
  header { background: #326ce5; color: white; padding: 1.5rem 2rem; }
  header h1 { margin: 0 0 .3rem; font-size: 1.8rem; }
  header p { margin: 0; opacity: .9; }
  main { padding: 1.5rem 2rem; display: grid; grid-template-columns: repeat(auto-fill, minmax(360px, 1fr)); gap: 1rem; }
  .card { background: white; border-radius: 10px; padding: 1rem 1.2rem; box-shadow: 0 1px 3px rgba(0,0,0,.12); }
  .card h2 { font-size: 1.15rem; margin: 0 0 .5rem; }
  .num { color: #326ce5; display: block; font-size: .85rem; }
  .card ul { margin: .2rem 0 .8rem; padding-left: 1.2rem; font-size: .92rem; }
  .plan { display: flex; gap: 2px; font-size: .72rem; margin-bottom: .8rem; }
  .seg { padding: .25rem .3rem; color: white; border-radius: 3px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
  .seg-goals { background: #64748b; } .seg-concepts { background: #326ce5; } .seg-analysis { background: #7c3aed; }
  .seg-patterns { background: #0f766e; } .seg-discussion { background: #d97706; }
  nav { display: flex; gap: .5rem; flex-wrap: wrap; }
  nav a { background: #e8efff; color: #1e40af; padding: .35rem .7rem; border-radius: 6px; text-decoration: none; font-size: .9rem; }
  nav a:hover { background: #326ce5; color: white; }
  .missing { color: #b91c1c; font-size: .9rem; }
  .overview { grid-column: 1 / -1; }
  footer { padding: 0 2rem 2rem; font-size: .85rem; color: #4b5563; }
</style>
</head>
<body>
<header>
  <h1>${escape(COURSE.fullTitle)}</h1>
  <p>세션 8개 × ${SESSION_MINUTES}분 · 이론 ${COURSE.mix.concepts}% · 실무 패턴 ${COURSE.mix.patterns}%</p>
</header>
<main>
<article class="card overview" id="${overview.deck}">
  <h2><span class="num">Day overview</span> 일차 개요</h2>
  ${planBar()}
  ${links(overview, statusOf(overview.deck))}
</article>
${sessions}
</main>
<footer>발표자 보기는 같은 브라우저에서 연 슬라이드 창과 동기화됩니다(다른 기기와는 동기화되지 않습니다). 네트워크 없이 동작합니다.</footer>
</body>
</html>
`
}

/**
 * The course's 404 page. Hosts without rewrite rules (GitHub Pages) show it for any path that is no file, such
 * as a deck's deep link <base><deck>/presenter/1; it sends the browser to the deck's start page with the route
 * in the query, which the deck puts back (site.ts DEEP_LINK_RESTORE). Anything else gets a link to the hub.
 */
export function renderNotFound(base: string, decks: readonly string[]): string {
  return `<!doctype html>
<html lang="ko">
<head>
<meta charset="utf-8">
<title>페이지를 찾을 수 없습니다</title>
<script>(function () {
  var base = ${JSON.stringify(base)}
  var decks = ${JSON.stringify(decks)}
  var path = location.pathname
  if (path.indexOf(base) !== 0 || /[?&]__route=/.test(location.search)) return
  var rest = path.slice(base.length)
  var deck = rest.split('/')[0]
  var route = rest.slice(deck.length + 1)
  // A deck's own start page that is missing would come back here: only routes inside a deck are sent on.
  if (decks.indexOf(deck) >= 0 && route)
    location.replace(base + deck + '/?__route=' + encodeURIComponent(route) + (location.search ? '&' + location.search.slice(1) : '') + location.hash)
})()</script>
</head>
<body style="font-family: sans-serif; margin: 2rem">
<p>페이지를 찾을 수 없습니다. <a href="${escape(base)}">과정 홈으로</a></p>
</body>
</html>
`
}

/** Netlify / Cloudflare Pages rewrite rules: every path inside a deck is that deck's single-page app. */
export function renderRedirects(base: string, decks: readonly string[]): string {
  return decks.map(deck => `${base}${deck}/*  ${base}${deck}/index.html  200`).join('\n') + '\n'
}

/** Copies the Korean font and the favicon next to the hub so it renders offline like the decks. */
export async function copyHubAssets(root: string, distDir: string): Promise<void> {
  const require = createRequire(import.meta.url)
  const fontDir = dirname(require.resolve('@fontsource/noto-sans-kr/package.json'))
  const target = join(distDir, '_hub', 'fonts')
  await mkdir(join(target, 'files'), { recursive: true })
  for (const css of ['400.css', '700.css'])
    await copyFile(join(fontDir, css), join(target, css))
  for (const file of await readdir(join(fontDir, 'files'))) {
    if (/-(?:400|700)-normal\.woff2$/.test(file) && !existsSync(join(target, 'files', file)))
      await copyFile(join(fontDir, 'files', file), join(target, 'files', file))
  }
  await copyFile(join(root, 'public', 'favicon.svg'), join(distDir, '_hub', 'favicon.svg'))
  // Slidev writes the favicon as an absolute /favicon.svg whatever the deck's base: serve it from the root.
  await copyFile(join(root, 'public', 'favicon.svg'), join(distDir, 'favicon.svg'))
}
