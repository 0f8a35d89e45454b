import { defineMermaidSetup } from '@slidev/types'

const FONT_FAMILY = '"Noto Sans KR", sans-serif'

/**
 * Mermaid measures label text before it draws boxes. The Korean font is split into unicode-range files that
 * the browser loads lazily, so without this the first diagram is measured with a fallback font and its
 * Hangul labels overflow their boxes (or render as tofu where no system CJK font exists).
 */
async function loadDiagramFonts(): Promise<void> {
  if (typeof document === 'undefined' || !document.fonts)
    return
  const faces = [...document.fonts].filter(face => face.family.replace(/"/g, '') === 'Noto Sans KR')
  await Promise.all(faces.map(face => face.load().catch(() => undefined)))
}

export default defineMermaidSetup(async () => {
  await loadDiagramFonts()
  return {
    theme: 'base',
    fontFamily: FONT_FAMILY,
    themeVariables: {
      fontFamily: FONT_FAMILY,
      fontSize: '16px',
      primaryColor: '#e8efff',
      primaryBorderColor: '#326ce5',
      primaryTextColor: '#1f2937',
      secondaryColor: '#fff4e0',
      tertiaryColor: '#f3f4f6',
      lineColor: '#4b5563',
      noteBkgColor: '#fff8c5',
      noteTextColor: '#1f2937',
      actorBkg: '#e8efff',
      actorBorder: '#326ce5',
      signalColor: '#374151',
      signalTextColor: '#111827',
    },
    flowchart: { htmlLabels: true, useMaxWidth: true, padding: 12 },
    sequence: { useMaxWidth: true, mirrorActors: false, actorFontFamily: FONT_FAMILY, messageFontFamily: FONT_FAMILY, noteFontFamily: FONT_FAMILY },
    stateDiagram: { useMaxWidth: true },
  }
})
