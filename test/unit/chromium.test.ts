import { describe, expect, it } from 'vitest'
import { ChromiumNotFoundError, findChromium } from '../../scripts/lib/chromium'

describe('findChromium', () => {
  it('takes CHROMIUM_PATH first', () => {
    expect(findChromium({ CHROMIUM_PATH: process.execPath })).toBe(process.execPath)
  })

  it('names the variable and the file when CHROMIUM_PATH is not an executable', () => {
    expect(() => findChromium({ CHROMIUM_PATH: '/nonexistent/chrome' })).toThrow(ChromiumNotFoundError)
    expect(() => findChromium({ CHROMIUM_PATH: '/nonexistent/chrome' })).toThrow('CHROMIUM_PATH is set to /nonexistent/chrome, which is not an executable file')
  })

  it('names the remedies when no browser exists anywhere', () => {
    expect(() => findChromium({}, [])).toThrow(/apt-get install -y chromium[\s\S]*CHROMIUM_PATH=/)
  })
})
