import type { HandoutSourceSlide, SlideGroup } from '../../scripts/lib/build/handoutLayout'
import { describe, expect, it } from 'vitest'
import { renderNotes } from '../../scripts/lib/build/handoutHtml'
import { discussionQuestions, groupSlides, handoutSlides, learningGoals, listItems, planHandout, slideRange, stripTags } from '../../scripts/lib/build/handoutLayout'

const slide = (index: number, frontmatter: Record<string, unknown> = {}, content = '', title = `Slide ${index + 1}`): HandoutSourceSlide =>
  ({ index, frontmatter, content, title, note: `note ${index + 1}` })

/** A deck of the usual shape: 3 goals, 10 concepts, 9 analysis, 7 patterns, 4 discussion slides. */
function sessionDeck(): HandoutSourceSlide[] {
  const sizes: [string, number][] = [['goals', 3], ['concepts', 10], ['analysis', 9], ['patterns', 7], ['discussion', 4]]
  const slides: HandoutSourceSlide[] = []
  for (const [segment, count] of sizes) {
    for (let i = 0; i < count; i++)
      slides.push(slide(slides.length, i === 0 ? { segment } : {}))
  }
  return slides
}

describe('handout grouping', () => {
  it('puts each slide under the last segment marker before it, labelled from the plan', () => {
    const groups = groupSlides(handoutSlides(sessionDeck()))
    expect(groups.map(g => [g.segment, g.label, g.minutes, g.slides.length])).toEqual([
      ['goals', '학습 목표', 5, 3],
      ['concepts', '핵심 개념', 15, 10],
      ['analysis', '심화 분석', 12, 9],
      ['patterns', '실무 패턴', 10, 7],
      ['discussion', '그룹 토론', 8, 4],
    ])
    expect(groups[1].slides[0]).toBe(4)
  })

  it('leaves hidden and disabled slides out, as the print route does', () => {
    const deck = sessionDeck()
    deck[5].frontmatter = { hide: true }
    deck[6].frontmatter = { disabled: true }
    const slides = handoutSlides(deck)
    expect(slides).toHaveLength(31)
    expect(slides.map(s => s.no)).not.toContain(6)
    expect(slides.map(s => s.no)).not.toContain(7)
  })

  it('makes one group without a label for a deck without segments (the overview)', () => {
    const groups = groupSlides(handoutSlides([slide(0), slide(1), slide(2)]))
    expect(groups).toEqual([{ segment: undefined, label: undefined, minutes: undefined, slides: [1, 2, 3] }])
  })
})

describe('handout page plan', () => {
  const groups: SlideGroup[] = groupSlides(handoutSlides(sessionDeck()))

  it('is the cover, two slides a page with every segment on a new page, then the questions', () => {
    const pages = planHandout(groups, 4)
    // 1 + ceil(3/2) + ceil(10/2) + ceil(9/2) + ceil(7/2) + ceil(4/2) + 1
    expect(pages).toHaveLength(1 + 2 + 5 + 5 + 4 + 2 + 1)
    expect(pages[0]).toEqual({ kind: 'cover' })
    expect(pages[1]).toEqual({ kind: 'slides', group: 0, continued: false, slots: [1, 2] })
    expect(pages[2]).toEqual({ kind: 'slides', group: 0, continued: true, slots: [3, null] })
    expect(pages[3]).toEqual({ kind: 'slides', group: 1, continued: false, slots: [4, 5] })
    expect(pages.at(-1)).toEqual({ kind: 'questions', continued: false, questions: [0, 1, 2, 3] })
    const slots = pages.flatMap(p => p.kind === 'slides' ? p.slots.filter(n => n !== null) : [])
    expect(slots).toEqual(Array.from({ length: 33 }, (_, i) => i + 1))
  })

  it('gives a slide whose notes need it a page of its own and keeps the order', () => {
    const pages = planHandout(groups, 0, new Set([5]))
    const concepts = pages.filter(p => p.kind === 'slides' && p.group === 1).map(p => p.kind === 'slides' ? p.slots : [])
    expect(concepts).toEqual([[4, null], [5], [6, 7], [8, 9], [10, 11], [12, 13]])
  })

  it('has no questions page without questions and continues them past six', () => {
    expect(planHandout(groups, 0).some(p => p.kind === 'questions')).toBe(false)
    const questions = planHandout(groups, 8).filter(p => p.kind === 'questions')
    expect(questions).toEqual([
      { kind: 'questions', continued: false, questions: [0, 1, 2, 3, 4, 5] },
      { kind: 'questions', continued: true, questions: [6, 7] },
    ])
  })

  it('writes slide ranges', () => {
    expect([slideRange([4, 5, 6]), slideRange([7]), slideRange([])]).toEqual(['4–6', '7', ''])
  })
})

describe('cover and discussion content from the deck', () => {
  it('takes the numbered list of the slide with the discussion timer, without icons or layout tags', () => {
    const deck = sessionDeck()
    deck[29].content = '# 시나리오\n\n1. <carbon-rocket /> 사건 하나\n2. 사건 둘\n'
    deck[30].content = [
      '# 그룹 토론',
      '',
      '<div class="grid">',
      '<div>',
      '',
      '1. 첫 질문: `<unknown>`은 **왜** 뜨나?',
      '2. 둘째 질문',
      '   - 하위 항목은 질문이 아니다',
      '',
      '</div>',
      '<DiscussionTimer />',
      '</div>',
    ].join('\n')
    const questions = discussionQuestions(handoutSlides(deck))
    expect(questions).toEqual(['첫 질문: `<unknown>`은 **왜** 뜨나?', '둘째 질문'])
  })

  it('falls back to the discussion slides\' lists without a timer', () => {
    const deck = sessionDeck()
    deck[30].content = '# 질문\n\n- 하나\n- 둘\n'
    expect(discussionQuestions(handoutSlides(deck))).toEqual(['하나', '둘'])
    expect(discussionQuestions(handoutSlides([slide(0)]))).toEqual([])
  })

  it('reads the learning goals from the 학습 목표 slide', () => {
    const deck = sessionDeck()
    deck[1] = slide(1, {}, '# 학습 목표\n\n<SegmentAgenda />\n\n- <carbon-flow /> **병렬 처리**: 고른다\n- 둘째 목표\n', '학습 목표')
    expect(learningGoals(handoutSlides(deck))).toEqual(['**병렬 처리**: 고른다', '둘째 목표'])
  })

  it('keeps tags inside code spans', () => {
    expect(stripTags('<ph-queue /> a `<b>` <span class="x">c</span>')).toBe(' a `<b>` c')
    expect(listItems('1. one\n2. two\n\n- three', 'bullet')).toEqual(['three'])
  })
})

describe('speaker notes', () => {
  it('are rendered from Markdown, not shown raw', () => {
    const html = renderNotes('첫 줄 **강조**와 `code`\n둘째 줄\n\n- 항목 <b>태그</b>\n\nQ: 질문?\nA: 답.')
    expect(html).toContain('<strong>강조</strong>')
    expect(html).toContain('<code>code</code>')
    expect(html).toContain('<br>')
    expect(html).toContain('<li>항목 &lt;b&gt;태그&lt;/b&gt;</li>')
    expect(html).toContain('<b class="qa">Q:</b> 질문?<br>\n<b class="qa">A:</b> 답.')
    expect(html).not.toContain('**')
  })
})
