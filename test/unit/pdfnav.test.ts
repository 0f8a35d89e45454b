import type { StaticServer } from '../../scripts/lib/server'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PDFDict, PDFDocument, PDFName } from 'pdf-lib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SESSION_PLAN } from '../../logic/plan'
import { COVER_BOOKMARK, firstHeading, handoutBookmarks, plainTitle, QUESTIONS_BOOKMARK, slideBookmarkTitle, slidePdfBookmarks } from '../../scripts/lib/build/bookmarks'
import { CODE, CODE_COLUMNS, missingCodeLines, paginateCode, rowsOf, slideCode } from '../../scripts/lib/build/handoutCode'
import { codeBySlide, groupSlides, handoutSlides, planHandout } from '../../scripts/lib/build/handoutLayout'
import { deckInputsHash } from '../../scripts/lib/build/inputs'
import { compareOutline, loadPdf, readAccessibility, readOutline, writeMetadata, writeOutline } from '../../scripts/lib/build/outline'
import { renderNotFound, renderRedirects } from '../../scripts/lib/build/hub'
import { normalizeBase } from '../../scripts/lib/build/site'
import { serveDist } from '../../scripts/lib/server'
import { badResponses, checkPdfLink, hubLinks } from '../e2e/links'

/** A project with a deck in slides/ and a manifest file to import. */
function project(): { root: string, deckFile: string } {
  const root = mkdtempSync(join(tmpdir(), 'pdfnav-'))
  mkdirSync(join(root, 'slides', 'manifests'), { recursive: true })
  writeFileSync(join(root, 'slides', 'manifests', 'web.yaml'), [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: web',
    'spec:',
    '  # region strategy',
    '  strategy:',
    '    type: RollingUpdate',
    '  # endregion strategy',
    '  replicas: 3',
    '',
  ].join('\n'))
  const deckFile = join(root, 'slides', 'session_09.md')
  writeFileSync(deckFile, '# deck\n')
  return { root, deckFile }
}

describe('the code of a slide for the handout', () => {
  const content = [
    '# Manifests', // line 10 of the deck
    '',
    '```yaml {2-3}',
    'apiVersion: v1',
    'kind: ConfigMap',
    '```',
    '',
    '```mermaid {scale: 0.8}',
    'flowchart LR',
    '  A --> B',
    '```',
    '',
    '~~~bash',
    'kubectl get pods',
    '~~~',
    '',
    '````md',
    '```go',
    'func main() {}',
    '```',
    '````',
    '',
    '<<< @/manifests/web.yaml#strategy yaml {1-2}',
    '',
    '```',
    'no language',
    '```',
  ].join('\n')

  it('lists fenced blocks of every language and imported files, skips Mermaid, names the deck line', () => {
    const { root, deckFile } = project()
    const code = slideCode(content, { deckFile, contentLine: 10, root })
    expect(code.map(c => c.lang)).toEqual(['yaml', 'bash', 'md', 'yaml', ''])
    expect(code[0]).toMatchObject({ code: 'apiVersion: v1\nkind: ConfigMap', line: 12 })
    expect(code[1].code).toBe('kubectl get pods')
    // A longer fence holds a shorter one as content.
    expect(code[2].code).toBe('```go\nfunc main() {}\n```')
    expect(code[4].code).toBe('no language')
  })

  it('prints an imported file whole, without its region markers, even when the slide shows a region', () => {
    const { root, deckFile } = project()
    const imported = slideCode(content, { deckFile, contentLine: 10, root })[3]
    expect(imported).toMatchObject({ file: join('slides', 'manifests', 'web.yaml'), region: 'strategy', line: 32 })
    expect(imported.code).toBe('apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  strategy:\n    type: RollingUpdate\n  replicas: 3')
    // Without a language after the path, the file's extension names it.
    expect(slideCode('<<< ./manifests/web.yaml', { deckFile, contentLine: 1, root })[0].lang).toBe('yaml')
  })

  it('makes an imported code file an input of the deck: changing it rebuilds the deck', () => {
    const { root, deckFile } = project()
    writeFileSync(deckFile, '# deck\n\n<<< @/manifests/web.yaml#strategy yaml\n')
    const before = deckInputsHash(root, 'session_09', 'shared')
    expect(deckInputsHash(root, 'session_09', 'shared')).toBe(before)
    writeFileSync(join(root, 'slides', 'manifests', 'web.yaml'), 'apiVersion: v1\nkind: ConfigMap\n')
    expect(deckInputsHash(root, 'session_09', 'shared')).not.toBe(before)
  })

  it('names the deck line of an import that is missing, outside the deck folder or has no such region', () => {
    const { root, deckFile } = project()
    expect(() => slideCode('text\n<<< @/manifests/gone.yaml', { deckFile, contentLine: 5, root })).toThrow(/slides\/session_09\.md:6: the code import @\/manifests\/gone\.yaml names no file/)
    expect(() => slideCode('<<< ../package.json', { deckFile, contentLine: 5, root })).toThrow(/session_09\.md:5: .*outside the deck's folder/)
    expect(() => slideCode('<<< @/manifests/web.yaml#nope', { deckFile, contentLine: 5, root })).toThrow(/region #nope is not marked/)
  })
})

describe('code pages', () => {
  const block = (n: number, width = 10) => ({ code: Array.from({ length: n }, (_, i) => `${String(i).padStart(3, '0')} ${'x'.repeat(width)}`).join('\n') })

  it('counts a wrapped line as several rows, Hangul as two columns a character', () => {
    expect(rowsOf('')).toBe(1)
    expect(rowsOf('a'.repeat(CODE_COLUMNS))).toBe(1)
    expect(rowsOf('a'.repeat(CODE_COLUMNS + 1))).toBe(2)
    expect(rowsOf('가'.repeat(Math.ceil(CODE_COLUMNS / 2) + 1))).toBe(2)
    // 8.5 pt on a 177 mm line: more than 110 columns, so typical manifests never wrap.
    expect(CODE_COLUMNS).toBeGreaterThan(110)
  })

  it('keeps every line, in order, once; never fills a page beyond its rows; splits long blocks across pages', () => {
    const slides = [{ no: 4, code: [block(30), block(5, 300)] }, { no: 5, code: [block(80)] }, { no: 7, code: [block(2)] }]
    const pages = paginateCode(slides, 40)
    const seen = pages.flat().map(c => [c.slide, c.block, c.from, c.to])
    // Chunks of each block are contiguous and cover it.
    for (const slide of slides) {
      slide.code.forEach((b, i) => {
        const chunks = seen.filter(([s, bl]) => s === slide.no && bl === i)
        expect(chunks[0][2]).toBe(0)
        expect(chunks.at(-1)![3]).toBe(b.code.split('\n').length)
        chunks.slice(1).forEach((c, k) => expect(c[2]).toBe(chunks[k][3]))
      })
    }
    for (const page of pages) {
      const rows = page.reduce((sum, c) => {
        const lines = slides.find(s => s.no === c.slide)!.code[c.block].code.split('\n').slice(c.from, c.to)
        return sum + (c.heading ? CODE.headingRows : 0) + CODE.labelRows + lines.reduce((n, l) => n + rowsOf(l), 0) + CODE.gapRows
      }, 0)
      expect(rows - CODE.gapRows).toBeLessThanOrEqual(40)
      // The slide heading is repeated on a page where its code continues.
      expect(page[0].heading).toBe(true)
    }
    expect(pages.length).toBeGreaterThanOrEqual(4)
  })

  it('plans code pages after each segment\'s slides and points the bookmarks at them', () => {
    const source = ['goals', 'concepts', 'analysis', 'patterns', 'discussion'].flatMap((segment, s) =>
      [0, 1, 2].map(i => ({ index: s * 3 + i, frontmatter: i === 0 ? { segment } : {}, content: '', title: `**Slide** ${s * 3 + i + 1}`, note: 'n' })))
    const slides = handoutSlides(source)
    slides[4].code = [{ lang: 'yaml', code: 'a: 1', line: 1 }]
    slides[5].code = [{ lang: 'bash', code: 'ls', line: 2 }]
    const groups = groupSlides(slides)
    const pages = planHandout(groups, 3, new Set(), codeBySlide(slides))
    expect(pages.map(p => p.kind)).toEqual(['cover', 'slides', 'slides', 'slides', 'slides', 'code', 'slides', 'slides', 'slides', 'slides', 'slides', 'slides', 'questions'])
    const outline = handoutBookmarks(pages, slides, groups)
    expect(outline.map(e => e.title)).toEqual([COVER_BOOKMARK, ...SESSION_PLAN.map(s => s.label), QUESTIONS_BOOKMARK])
    expect(outline[2].children!.map(c => [c.title, c.page])).toEqual([['4. Slide 4', 3], ['5. Slide 5', 3], ['6. Slide 6', 4], ['코드', 5]])
    expect(outline.at(-1)!.page).toBe(12)
    // The slide PDF: one page per slide, parts at their first slide.
    const slidePdf = slidePdfBookmarks(slides, groups)
    expect(slidePdf.map(e => [e.title, e.page])).toEqual(SESSION_PLAN.map((s, i) => [s.label, i * 3]))
  })

  it('finds every line of a block in extracted text, and reports lines that are missing', () => {
    const code = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\n\ndata:\n  key: value'
    // pdftotext: padding, page footers between lines, a wrapped line.
    const text = ' apiVersion: v1\n kind: ConfigMap\n\fpage 3 / 9\n metadata:\n   name:\n web\n data:\n   key: value\n'
    expect(missingCodeLines(text, code)).toEqual([])
    expect(missingCodeLines(text.replace('   key: value', ''), code)).toEqual(['  key: value'])
    // Order counts: a line found only before the previous one is missing.
    expect(missingCodeLines('kind: ConfigMap\napiVersion: v1', 'apiVersion: v1\nkind: ConfigMap')).toEqual(['kind: ConfigMap'])
  })
})

describe('PDF bookmarks and metadata', () => {
  async function pdfWithPages(n: number): Promise<PDFDocument> {
    const pdf = await PDFDocument.create()
    for (let i = 0; i < n; i++) pdf.addPage([200, 100])
    return pdf
  }
  const tree = [
    { title: COVER_BOOKMARK, page: 0 },
    { title: '학습 목표', page: 1, children: [{ title: '1. Session 5: 커스텀 리소스', page: 1 }, { title: '2. 학습 목표', page: 2 }] },
    { title: QUESTIONS_BOOKMARK, page: 3 },
  ]

  it('writes a tree a reader reads back with Korean titles and target pages, and the title and language', async () => {
    const pdf = await pdfWithPages(4)
    writeOutline(pdf, tree)
    writeMetadata(pdf, { title: 'Session 5: 커스텀 리소스 — 핸드아웃', lang: 'ko' })
    const again = await loadPdf(await pdf.save())
    expect(readOutline(again)).toEqual(tree)
    expect(readAccessibility(again)).toMatchObject({ title: 'Session 5: 커스텀 리소스 — 핸드아웃', lang: 'ko' })
    expect(compareOutline(readOutline(again), tree)).toEqual([])
  })

  it('keeps the structure tree and MarkInfo of a tagged PDF when it adds the outline', async () => {
    const pdf = await pdfWithPages(2)
    pdf.catalog.set(PDFName.of('MarkInfo'), pdf.context.obj({ Marked: true }))
    pdf.catalog.set(PDFName.of('StructTreeRoot'), pdf.context.register(pdf.context.obj({ Type: 'StructTreeRoot' })))
    const tagged = await loadPdf(await pdf.save())
    writeOutline(tagged, [{ title: 'a', page: 1 }])
    const again = await loadPdf(await tagged.save())
    expect(readAccessibility(again)).toMatchObject({ marked: true, structTree: true })
    expect(again.catalog.lookup(PDFName.of('StructTreeRoot'), PDFDict).get(PDFName.of('Type'))).toEqual(PDFName.of('StructTreeRoot'))
  })

  it('reports a handout missing a bookmark, a wrong target and an extra entry', async () => {
    const pdf = await pdfWithPages(4)
    writeOutline(pdf, tree.slice(0, 2))
    expect(compareOutline(readOutline(pdf), tree)).toEqual([`missing bookmark "${QUESTIONS_BOOKMARK}" (page 4)`])
    const moved = [tree[0], { ...tree[1], children: [tree[1].children![0], { ...tree[1].children![1], page: 3 }] }, tree[2]]
    expect(compareOutline(moved, tree)).toEqual(['bookmark "학습 목표 > 2. 학습 목표" opens page 4, expected 3'])
    const noSlide = [tree[0], { ...tree[1], children: [tree[1].children![1]] }, tree[2]]
    expect(compareOutline(noSlide, tree)).toEqual(['missing bookmark "학습 목표 > 1. Session 5: 커스텀 리소스" (page 2)'])
    expect(compareOutline([...tree, { title: 'x', page: 0 }], tree)).toEqual(['unexpected bookmark "x" (page 1)'])
    // No outline at all: everything is missing.
    expect(compareOutline(readOutline(await pdfWithPages(4)), tree)).toHaveLength(3)
  })

  it('refuses a bookmark to a page the PDF does not have', async () => {
    const pdf = await pdfWithPages(1)
    expect(() => writeOutline(pdf, [{ title: 'x', page: 3 }])).toThrow(/page 4, the PDF has 1/)
  })

  it('titles slides by their heading as plain text', () => {
    expect(plainTitle('매니페스트 ②: custom resource와 `kubectl get`')).toBe('매니페스트 ②: custom resource와 kubectl get')
    expect(plainTitle('<carbon-warning /> **주의** [문서](https://kubernetes.io)')).toBe('주의 문서')
    expect(firstHeading('```md\n# not this\n```\n\n## 오늘의 학습 목표\n# later')).toBe('오늘의 학습 목표')
    expect(slideBookmarkTitle({ no: 1, title: 'Deck title from the headmatter', content: '# Week 3 Day 1\n\ntext' })).toBe('1. Week 3 Day 1')
    expect(slideBookmarkTitle({ no: 7, title: '', content: 'no heading' })).toBe('7. 슬라이드 7')
  })
})

describe('a course under a sub-path', () => {
  let server: StaticServer
  beforeAll(async () => {
    const dist = mkdtempSync(join(tmpdir(), 'pdfnav-dist-'))
    mkdirSync(join(dist, 'pdf'))
    mkdirSync(join(dist, 'session_01'))
    writeFileSync(join(dist, 'index.html'), '<a href="./session_01/">s</a><a href="./pdf/session_01.pdf">p</a><a href="./pdf/gone.pdf">g</a>')
    writeFileSync(join(dist, 'session_01', 'index.html'), '<p>deck</p>')
    writeFileSync(join(dist, 'pdf', 'session_01.pdf'), '%PDF-1.7\n')
    server = await serveDist(dist, { prefix: '/k8s-course/' })
  })
  afterAll(() => server?.close())

  it('normalizes the base path and refuses odd ones', () => {
    expect(normalizeBase(undefined)).toBe('/')
    expect(normalizeBase('k8s-course')).toBe('/k8s-course/')
    expect(normalizeBase('/a/b')).toBe('/a/b/')
    expect(() => normalizeBase('/a/../b/')).toThrow(/base path/)
    expect(() => normalizeBase('/a b/')).toThrow(/base path/)
  })

  it('serves the folder under the prefix only, with the deck fallback there', async () => {
    expect((await fetch(`${server.url}/k8s-course/`)).status).toBe(200)
    expect(await (await fetch(`${server.url}/k8s-course/session_01/presenter/1`)).text()).toContain('deck')
    expect((await fetch(`${server.url}/`)).status).toBe(404)
    expect((await fetch(`${server.url}/session_01/`)).status).toBe(404)
  })

  it('404.html sends a deep link into a deck to the deck with its route, and nothing else anywhere', () => {
    const html = renderNotFound('/k8s-course/', ['overview', 'session_05'])
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)![1]
    const visit = (pathname: string, search = '', hash = '') => {
      let target: string | undefined
      new Function('location', script)({ pathname, search, hash, replace: (url: string) => { target = url } })
      return target
    }
    expect(visit('/k8s-course/session_05/presenter/1')).toBe('/k8s-course/session_05/?__route=presenter%2F1')
    expect(visit('/k8s-course/session_05/12', '?clicks=2', '#x')).toBe('/k8s-course/session_05/?__route=12&clicks=2#x')
    // No loop: a deck's missing start page, a route already sent, unknown decks and other paths stay here.
    expect(visit('/k8s-course/session_05/')).toBeUndefined()
    expect(visit('/k8s-course/session_05/3', '?__route=3')).toBeUndefined()
    expect(visit('/k8s-course/session_09/3')).toBeUndefined()
    expect(visit('/elsewhere/session_05/3')).toBeUndefined()
    expect(renderRedirects('/k8s-course/', ['overview'])).toBe('/k8s-course/overview/*  /k8s-course/overview/index.html  200\n')
  })

  it('finds a hub link that 404s, and requests outside the prefix', async () => {
    const hub = `${server.url}/k8s-course/`
    const links = hubLinks(await (await fetch(hub)).text(), hub)
    expect(links).toEqual([`${hub}session_01/`, `${hub}pdf/session_01.pdf`, `${hub}pdf/gone.pdf`])
    expect(await checkPdfLink(links[1])).toEqual([])
    expect(await checkPdfLink(links[2])).toEqual([`404 ${links[2]}`])
    expect(await checkPdfLink(links[0])).toEqual([`not a PDF: ${links[0]}`])
    const records = [
      { url: `${hub}session_01/assets/a.js`, status: 200 },
      { url: `${server.url}/favicon.svg`, status: 200 },
      { url: `${hub}session_01/assets/gone.css`, status: 404 },
      { url: 'https://example.org/x.js', status: 200 },
    ]
    expect(badResponses(records, server.url, '/k8s-course/')).toEqual([`outside /k8s-course/: ${server.url}/favicon.svg`, `404 ${hub}session_01/assets/gone.css`])
  })
})
