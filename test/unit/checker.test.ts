import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { checkDeckFile, formatProblem } from '../../scripts/lib/checker'

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'decks')

async function check(fixture: string): Promise<string[]> {
  const file = join(FIXTURES, fixture, 'session_01.md')
  const problems = await checkDeckFile(file)
  return problems.map(p => formatProblem({ ...p, file: relative(FIXTURES, p.file) }))
}

describe('deck checker', () => {
  it('accepts a deck that follows every convention (segments, notes, Mermaid, built-in, CRD and VPA manifests)', async () => {
    expect(await check('good')).toEqual([])
  })

  it('reports a missing segment marker', async () => {
    expect(await check('missing-segment')).toEqual(['missing-segment/session_01.md:1: no slide opens segment "patterns" (실무 패턴, 10분): add `segment: patterns` to its first slide'])
  })

  it('reports an unknown segment id at its line', async () => {
    expect(await check('unknown-segment')).toContain('unknown-segment/session_01.md:72: unknown segment "lunch"; use one of goals, concepts, analysis, patterns, discussion')
  })

  it('reports a repeated segment with the slide that opened it first', async () => {
    expect(await check('repeated-segment')).toContain('repeated-segment/session_01.md:113: segment "concepts" is already opened on slide 3')
  })

  it('reports segments out of plan order', async () => {
    expect(await check('out-of-order')).toEqual(['out-of-order/session_01.md:113: segment "analysis" comes after "patterns"; the plan order is goals → concepts → analysis → patterns → discussion'])
  })

  it('reports slide minutes that exceed the plan', async () => {
    expect(await check('minutes-over-plan')).toEqual(['minutes-over-plan/session_01.md:31: slides of "concepts" set 16 minutes, more than the segment\'s 15'])
  })

  it('reports a session slide without speaker notes', async () => {
    expect(await check('missing-notes')).toEqual(['missing-notes/session_01.md:45: slide 4 has no speaker notes (end the slide with an <!-- ... --> comment)'])
  })

  it('reports a Mermaid block that does not parse, at the diagram line', async () => {
    const problems = await check('bad-mermaid')
    expect(problems).toHaveLength(1)
    expect(problems[0]).toMatch(/^bad-mermaid\/session_01\.md:39: Mermaid: syntax error: /)
  })

  it('rejects unknown fields in a built-in manifest, like kubeconform -strict', async () => {
    expect(await check('manifest-unknown-field')).toEqual(['manifest-unknown-field/session_01.md:65: StatefulSet .spec.template.spec.containers[0].resourcez: unknown field "resourcez" (did you mean "resources"?)'])
  })

  it('validates manifests imported as snippets whole, in their own file, and reports missing files and regions', async () => {
    expect(await check('snippet-import')).toEqual([
      'snippet-import/session_01.md:50: snippet file not found: @/manifests/missing.yaml (test/fixtures/decks/snippet-import/manifests/missing.yaml); `@/` is the deck\'s folder',
      'snippet-import/session_01.md:52: snippet region "nosuchregion" not found in @/manifests/db.yaml (mark it with "# region nosuchregion" … "# endregion")',
      'snippet-import/session_01.md:54: snippet ../../../../package.json is outside the deck\'s folder; keep imported files under slides/ (e.g. slides/manifests/)',
      'snippet-import/manifests/db.yaml:18: StatefulSet .spec.template.spec.containers[0].resourcez: unknown field "resourcez" (did you mean "resources"?)',
    ])
  })

  it('rejects values outside an enum', async () => {
    expect(await check('manifest-bad-enum')).toEqual(['manifest-bad-enum/session_01.md:56: StatefulSet .spec.podManagementPolicy: must be equal to one of the allowed values: OrderedReady, Parallel'])
  })

  it('validates a custom resource against the CRD defined in the same deck', async () => {
    expect(await check('custom-resource-unknown-field')).toEqual(['custom-resource-unknown-field/session_01.md:108: Backup .spec.compress: unknown field "compress"'])
  })

  it('reports a kind with no schema instead of accepting it', async () => {
    expect(await check('unknown-kind')).toEqual(['unknown-kind/session_01.md:120: no schema for VerticalPodScaler (autoscaling.k8s.io/v1): define its CRD in this deck, add a schema in scripts/lib/schemas/, or fix apiVersion/kind'])
  })

  it('reports broken headmatter YAML with a file line', async () => {
    const problems = await check('broken-headmatter')
    expect(problems[0]).toMatch(/^broken-headmatter\/session_01\.md:3: frontmatter YAML: Missing closing 'quote/)
    expect(problems.every(p => p.includes('frontmatter YAML'))).toBe(true)
  })

  it('reports broken frontmatter YAML of a later slide', async () => {
    expect((await check('broken-frontmatter')).some(p => /^broken-frontmatter\/session_01\.md:74: frontmatter YAML: /.test(p))).toBe(true)
  })

  it('reports headmatter that would break the shared addon or the plan', async () => {
    expect(await check('headmatter-config')).toEqual([
      'headmatter-config/session_01.md:4: headmatter needs addons: [\'@/..\'] (the shared components, setup and fonts)',
      'headmatter-config/session_01.md:12: headmatter duration must be 50min (the plan in logic/plan.ts)',
    ])
  })

  it('reports emoji, which render as boxes in the PDF', async () => {
    expect(await check('emoji')).toEqual(['emoji/session_01.md:116: emoji "🚀": use an Iconify icon such as <carbon-warning /> (emoji render as boxes in the PDF)'])
  })

  it('reports a missing file without throwing', async () => {
    expect(await checkDeckFile('/nonexistent/session_09.md')).toEqual([{ file: '/nonexistent/session_09.md', line: 1, message: 'file not found' }])
  })
})
