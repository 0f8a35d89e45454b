import { accessSync, constants, existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import process from 'node:process'

/** Flags for headless Chromium as root on a machine without network (no sandbox, no background fetches). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
  '--no-first-run',
]

const SYSTEM_PATHS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/opt/google/chrome/chrome',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
]

export class ChromiumNotFoundError extends Error {}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK)
    return true
  }
  catch {
    return false
  }
}

/** Playwright's own browser, if someone installed it (never downloaded by this project). */
function playwrightBrowser(): string | undefined {
  try {
    const require = createRequire(import.meta.url)
    const { chromium } = require('playwright-chromium') as { chromium: { executablePath: () => string } }
    const path = chromium.executablePath()
    return path && existsSync(path) ? path : undefined
  }
  catch {
    return undefined
  }
}

/**
 * Finds a Chromium for export and tests: $CHROMIUM_PATH, else Playwright's browser if installed, else the usual
 * system paths. Throws one message that names the remedies.
 */
export function findChromium(env: NodeJS.ProcessEnv = process.env, candidates: readonly string[] = SYSTEM_PATHS): string {
  const fromEnv = env.CHROMIUM_PATH
  if (fromEnv) {
    if (!isExecutable(fromEnv))
      throw new ChromiumNotFoundError(`CHROMIUM_PATH is set to ${fromEnv}, which is not an executable file`)
    return fromEnv
  }
  const found = (candidates === SYSTEM_PATHS ? playwrightBrowser() : undefined) ?? candidates.find(isExecutable)
  if (found)
    return found
  throw new ChromiumNotFoundError([
    'No Chromium found for PDF export and browser tests. Either:',
    '  - install Debian\'s Chromium:  sudo apt-get install -y chromium',
    '  - or point to a Chrome/Chromium binary:  CHROMIUM_PATH=/path/to/chrome npm run build',
    `(looked at $CHROMIUM_PATH, Playwright's browser, ${candidates.join(', ') || 'no system paths'})`,
  ].join('\n'))
}
