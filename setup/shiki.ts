import { defineShikiSetup } from '@slidev/types'

/**
 * GitHub's high-contrast light theme: every token colour keeps 4.5:1 or more on the light code background
 * (measured with `npm run legibility`); Slidev's default vitesse-light draws comments and punctuation at 2-3:1.
 */
export default defineShikiSetup(() => ({
  themes: {
    light: 'github-light-high-contrast',
    dark: 'github-dark-high-contrast',
  },
}))
