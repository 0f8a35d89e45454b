import type { ClassroomStatus, RoomState, SocketLike } from '../../logic/classroom'
import { describe, expect, it, vi } from 'vitest'
import { ClassroomClient, MAX_MESSAGE_BYTES, parseClientMessage, parseRelayMessage, pickRoomState, shiftClock, validateRoomState } from '../../logic/classroom'

const state = (over: Partial<RoomState> = {}): RoomState => ({
  page: 3,
  clicks: 1,
  clicksTotal: 2,
  timer: { status: 'running', startedAt: 1_764_000_000_000, pausedAt: 0 },
  lastUpdate: { id: 'p1', type: 'presenter', time: 1_764_000_000_500 },
  ...over,
})
const message = (value: unknown) => JSON.stringify(value)

describe('parseClientMessage', () => {
  it('accepts the three message kinds of a deck page', () => {
    expect(parseClientMessage(message({ t: 'ping', c: 5 }), 10)).toEqual({ ok: true, value: { t: 'ping', c: 5 } })
    expect(parseClientMessage(message({ t: 'auth', token: 'abc' }), 10)).toEqual({ ok: true, value: { t: 'auth', token: 'abc' } })
    expect(parseClientMessage(message({ t: 'state', state: state() }), 10)).toEqual({ ok: true, value: { t: 'state', state: state() } })
  })

  it('refuses a page outside the deck, also 0, fractions and strings', () => {
    for (const page of [0, 11, 2.5, '3', -1, null])
      expect(parseClientMessage(message({ t: 'state', state: { ...state(), page } }), 10).ok, String(page)).toBe(false)
    expect(parseClientMessage(message({ t: 'state', state: state({ page: 10 }) }), 10).ok).toBe(true)
  })

  it('refuses unknown fields at every level', () => {
    expect(parseClientMessage(message({ t: 'state', state: state(), extra: 1 }), 10).ok).toBe(false)
    expect(parseClientMessage(message({ t: 'state', state: { ...state(), cursor: { x: 1, y: 1 } } }), 10).ok).toBe(false)
    expect(parseClientMessage(message({ t: 'state', state: { ...state(), timer: { ...state().timer, slides: {} } } }), 10).ok).toBe(false)
    expect(parseClientMessage(message({ t: 'state', state: { ...state(), lastUpdate: { id: 'x', type: 'presenter', time: 1, admin: true } } }), 10).ok).toBe(false)
    expect(parseClientMessage(message({ t: 'ping', c: 1, page: 2 }), 10).ok).toBe(false)
  })

  it('refuses clicks and timers of the wrong shape', () => {
    const bad: unknown[] = [
      { ...state(), clicks: -1 },
      { ...state(), clicks: 1.5 },
      { ...state(), clicksTotal: 1e9 },
      { ...state(), timer: { status: 'running', startedAt: 'now', pausedAt: 0 } },
      { ...state(), timer: { status: 'flying', startedAt: 0, pausedAt: 0 } },
      { ...state(), timer: { status: 'running', startedAt: Number.NaN, pausedAt: 0 } },
      { ...state(), timer: { status: 'running', startedAt: 1e20, pausedAt: 0 } },
      { ...state(), timer: null },
      { ...state(), lastUpdate: { id: 'x'.repeat(500), type: 'presenter', time: 1 } },
      { ...state(), lastUpdate: { id: 'x', type: 'admin', time: 1 } },
    ]
    for (const s of bad)
      expect(parseClientMessage(message({ t: 'state', state: s }), 10).ok, JSON.stringify(s).slice(0, 120)).toBe(false)
  })

  it('refuses what is not a message: bad JSON, arrays, unknown types, oversized text', () => {
    for (const text of ['', '{', 'null', '[]', '42', '"state"', message({ t: 'drive' }), message({ t: 'auth', token: 5 }), message({ t: '__proto__' })])
      expect(parseClientMessage(text, 10).ok, text).toBe(false)
    expect(parseClientMessage(message({ t: 'auth', token: 'x'.repeat(MAX_MESSAGE_BYTES) }), 10)).toEqual({ ok: false, reason: 'too large' })
    expect(parseClientMessage('{"t":"state","__proto__":{"page":1},"state":{}}', 10).ok).toBe(false)
  })

  it('validateRoomState returns a fresh object without extra references', () => {
    const input = state()
    const result = validateRoomState(input, 10)
    expect(result.ok && result.value).toEqual(input)
    expect(result.ok && result.value.timer).not.toBe(input.timer)
  })
})

describe('clock translation', () => {
  it('shifts the timer and lastUpdate, keeps 0 as "not set"', () => {
    const s = state({ timer: { status: 'running', startedAt: 1000, pausedAt: 0 } })
    expect(shiftClock(s, 300_000).timer).toEqual({ status: 'running', startedAt: 301_000, pausedAt: 0 })
    expect(shiftClock(s, 300_000).lastUpdate?.time).toBe(1_764_000_300_500)
    expect(shiftClock(shiftClock(s, 12.4), -12.4)).toEqual(s)
  })

  it('pickRoomState leaves the cursor and per-slide marks out', () => {
    const picked = pickRoomState({ ...state(), timer: { ...state().timer, slides: { 1: { start: 5 } } }, cursor: { x: 1, y: 2 } } as never)
    expect(picked).toEqual(state())
  })
})

/** A socket the test drives by hand: what the client sent, and helpers to deliver relay messages. */
class FakeSocket implements SocketLike {
  readyState = 0
  sent: unknown[] = []
  onopen: ((event: never) => void) | null = null
  onmessage: ((event: never) => void) | null = null
  onclose: ((event: never) => void) | null = null
  onerror: ((event: never) => void) | null = null
  send(data: string) {
    this.sent.push(JSON.parse(data))
  }

  close() {
    this.readyState = 3
  }

  open() {
    this.readyState = 1
    this.onopen?.({} as never)
  }

  deliver(value: unknown) {
    this.onmessage?.({ data: JSON.stringify(value) } as never)
  }

  drop() {
    this.readyState = 3
    this.onclose?.({} as never)
  }
}

function client(options: { token?: string, now: () => number }) {
  const sockets: FakeSocket[] = []
  const states: RoomState[] = []
  const statuses: ClassroomStatus[] = []
  const c = new ClassroomClient({
    url: 'ws://relay/x',
    token: options.token,
    now: options.now,
    random: () => 0.5,
    createSocket: () => {
      const socket = new FakeSocket()
      sockets.push(socket)
      return socket
    },
    onState: s => states.push(s),
    onStatus: s => statuses.push(s),
  })
  return { c, sockets, states, statuses }
}

describe('ClassroomClient', () => {
  it('an audience device 5 minutes ahead gets the timer in its own clock', () => {
    const relayNow = 1_764_000_000_000
    let local = relayNow + 300_000
    const { c, sockets, states } = client({ now: () => local })
    c.start()
    sockets[0].open()
    sockets[0].deliver({ t: 'welcome', s: relayNow, state: state({ timer: { status: 'running', startedAt: relayNow - 60_000, pausedAt: 0 } }) })
    expect(states.at(-1)!.timer.startedAt).toBe(local - 60_000)
    // The pong, 40 ms round trip, refines the estimate; a small correction does not re-apply the state.
    local += 40
    sockets[0].deliver({ t: 'pong', c: local - 40, s: relayNow + 20 })
    expect(c.offset).toBe(-300_000)
    c.stop()
  })

  it('a presenter sends its state in the relay clock once the relay accepts it, and again after a reconnect', () => {
    vi.useFakeTimers()
    try {
      const relayNow = 1_764_000_000_000
      const local = relayNow - 120_000
      const { c, sockets, states, statuses } = client({ token: 'secret-token-123456', now: () => local })
      c.start()
      c.publish(state({ timer: { status: 'running', startedAt: local - 1000, pausedAt: 0 } }))
      sockets[0].open()
      expect(sockets[0].sent).toEqual([{ t: 'ping', c: local }, { t: 'auth', token: 'secret-token-123456' }])
      sockets[0].deliver({ t: 'welcome', s: relayNow, state: state({ page: 9 }) })
      expect(states).toEqual([]) // a presenter does not take the room's old state
      sockets[0].deliver({ t: 'role', role: 'presenter' })
      expect(sockets[0].sent.at(-1)).toMatchObject({ t: 'state', state: { page: 3, timer: { startedAt: relayNow - 1000 } } })
      // The same state again is not sent twice.
      c.publish(state({ timer: { status: 'running', startedAt: local - 1000, pausedAt: 0 } }))
      expect(sockets[0].sent.length).toBe(3)

      sockets[0].drop()
      expect(statuses.at(-1)).toBe('offline')
      vi.advanceTimersByTime(10_000)
      expect(sockets.length).toBe(2)
      sockets[1].open()
      sockets[1].deliver({ t: 'welcome', s: relayNow, state: null })
      sockets[1].deliver({ t: 'role', role: 'presenter' })
      expect(sockets[1].sent.at(-1)).toMatchObject({ t: 'state', state: { page: 3 } })
      c.stop()
    }
    finally {
      vi.useRealTimers()
    }
  })

  it('backs off between failed reconnects and resets after a welcome', () => {
    vi.useFakeTimers()
    try {
      const { c, sockets } = client({ now: () => Date.now() })
      c.start()
      const delays: number[] = []
      for (let i = 0; i < 6; i++) {
        const before = sockets.length
        sockets.at(-1)!.drop()
        let waited = 0
        while (sockets.length === before) {
          vi.advanceTimersByTime(50)
          waited += 50
        }
        delays.push(waited)
      }
      expect(delays[1]).toBeGreaterThan(delays[0])
      expect(delays[4]).toBeGreaterThan(delays[2])
      expect(Math.max(...delays)).toBeLessThanOrEqual(8_000)
      sockets.at(-1)!.open()
      sockets.at(-1)!.deliver({ t: 'welcome', s: Date.now(), state: null })
      const before = sockets.length
      sockets.at(-1)!.drop()
      vi.advanceTimersByTime(300)
      expect(sockets.length).toBe(before + 1)
      c.stop()
    }
    finally {
      vi.useRealTimers()
    }
  })

  it('ignores relay messages of the wrong shape', () => {
    expect(parseRelayMessage('{"t":"state","state":{"page":"1"}}')).toBeUndefined()
    expect(parseRelayMessage('nope')).toBeUndefined()
    expect(parseRelayMessage(message({ t: 'welcome', s: 1, state: null }))).toEqual({ t: 'welcome', s: 1, state: null })
  })
})
