import type { StaticServer } from '../../scripts/lib/server'
import type { Relay } from '../../scripts/lib/classroom/relay'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { request as httpRequest } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { MAX_MESSAGE_BYTES, RATE_BURST } from '../../logic/classroom'
import { injectHub } from '../../scripts/lib/classroom'
import { attachRelay } from '../../scripts/lib/classroom/relay'
import { pathSegments, serveDist } from '../../scripts/lib/server'

/** A raw request: fetch() would normalise the paths this test needs to send as they are. */
function raw(url: string, path: string, method = 'GET', headers: Record<string, string> = {}): Promise<{ status: number, headers: Record<string, string | string[] | undefined>, body: string }> {
  const { hostname, port } = new URL(url)
  return new Promise((resolve, reject) => {
    const req = httpRequest({ hostname, port, path, method, headers }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => body += chunk)
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
    })
    req.on('error', reject)
    req.end()
  })
}

let root: string
let dist: string
let server: StaticServer

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'server-test-'))
  dist = join(root, 'dist')
  mkdirSync(join(dist, 'session_01', 'assets'), { recursive: true })
  mkdirSync(join(dist, '.logs'), { recursive: true })
  writeFileSync(join(dist, 'index.html'), '<html><head></head><body><header></header>hub</body></html>')
  writeFileSync(join(dist, 'session_01', 'index.html'), '<html><head></head><body>deck one</body></html>')
  writeFileSync(join(dist, 'session_01', 'assets', 'app.js'), 'console.log(1)')
  writeFileSync(join(dist, '.build-state.json'), '{"secret":true}')
  writeFileSync(join(dist, '.logs', 'session_01.log'), 'build log')
  writeFileSync(join(root, 'outside.txt'), 'outside the dist folder')
  writeFileSync(join(root, 'dist-other.txt'), 'a sibling whose name starts like dist')
  server = await serveDist(dist)
})

afterAll(async () => {
  await server.close()
  rmSync(root, { recursive: true, force: true })
})

describe('static server', () => {
  it('serves files, directory indexes and the per-deck SPA fallback, with nosniff and no-referrer', async () => {
    const hub = await raw(server.url, '/')
    expect(hub.status).toBe(200)
    expect(hub.body).toContain('hub')
    expect(hub.headers['x-content-type-options']).toBe('nosniff')
    expect(hub.headers['referrer-policy']).toBe('no-referrer')
    expect((await raw(server.url, '/session_01/presenter/3')).body).toContain('deck one')
    expect((await raw(server.url, '/session_01/assets/app.js')).headers['content-type']).toMatch(/javascript/)
    expect((await raw(server.url, '/session_01/assets/missing.js')).status).toBe(404)
    const head = await raw(server.url, '/session_01/', 'HEAD')
    expect(head.status).toBe(200)
    expect(head.body).toBe('')
  })

  it('answers a malformed percent-escape with 400 and keeps serving', async () => {
    for (const path of ['/%E0%A4%A', '/%', '/session_01/%ZZ', '/%C0%AF'])
      expect((await raw(server.url, path)).status, path).toBe(400)
    expect((await raw(server.url, '/')).status).toBe(200)
  })

  it('allows only GET and HEAD', async () => {
    for (const method of ['POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH']) {
      const response = await raw(server.url, '/', method)
      expect(response.status, method).toBe(405)
      expect(response.headers.allow).toBe('GET, HEAD')
    }
  })

  it('never serves dotfiles or dot-folders, also encoded', async () => {
    for (const path of ['/.build-state.json', '/.logs/session_01.log', '/%2ebuild-state.json', '/%2Elogs/session_01.log', '/session_01/../.build-state.json', '/.logs/'])
      expect((await raw(server.url, path)).body, path).not.toMatch(/secret|build log/)
    expect((await raw(server.url, '/.build-state.json')).status).toBe(404)
  })

  it('keeps every path inside the folder, in every encoding', async () => {
    const attempts = ['/../outside.txt', '/%2e%2e/outside.txt', '/%2E%2E%2Foutside.txt', '/..%2foutside.txt', '/..%5coutside.txt', '/session_01/..%2f..%2foutside.txt', '/..\\outside.txt', '/%2e%2e%5coutside.txt', '/../dist-other.txt', '/%00', '//../outside.txt']
    for (const path of attempts) {
      const response = await raw(server.url, path)
      expect(response.body, path).not.toMatch(/outside the dist|sibling/)
      expect(response.status, path).not.toBe(200)
    }
    // The URL parser resolves %2e%2e like .. (it stays inside); an encoded slash cannot smuggle one in.
    expect(pathSegments('/a/%2e%2e/b')).toEqual(['b'])
    expect(pathSegments('/a/..%2f..%2fb')).toBe('bad')
    expect(pathSegments('/a/%2fb')).toBe('bad')
    expect(pathSegments('/session_01/presenter/1')).toEqual(['session_01', 'presenter', '1'])
  })
})

describe('hub injection', () => {
  it('shows the audience QR only when told the bases, and never the token', () => {
    const html = '<html><body><header></header><a href="./session_01/presenter/1">p</a></body></html>'
    const withPanel = injectHub(html, ['http://192.168.1.5:4173'], [{ deck: 'session_01', slideCount: 10 }])
    expect(withPanel).toContain('data-testid="classroom-qr"')
    expect(withPanel).toContain('http://192.168.1.5:4173/')
    expect(withPanel).toMatch(/<svg/)
    const remote = injectHub(html, [], [{ deck: 'session_01', slideCount: 10 }])
    expect(remote).not.toContain('classroom-qr')
    expect(remote).toContain('sessionStorage')
  })
})

describe('relay', () => {
  const TOKEN = 'unit-test-token-0123456789'
  let relayServer: StaticServer
  let relay: Relay
  const wsUrl = () => relayServer.url.replace('http', 'ws')
  const open: WebSocket[] = []

  beforeAll(async () => {
    relayServer = await serveDist(dist)
    relay = attachRelay(relayServer.server, { decks: [{ deck: 'session_01', slideCount: 5 }], token: TOKEN, heartbeatMs: 60_000 })
  })
  afterAll(async () => {
    open.forEach(s => s.terminate())
    await relay.close()
    await relayServer.close()
  })

  interface Peer { socket: WebSocket, messages: Record<string, unknown>[], closed: Promise<number> }
  async function connect(path = '/__classroom/ws/session_01', headers: Record<string, string> = {}): Promise<Peer> {
    const socket = new WebSocket(`${wsUrl()}${path}`, { headers })
    open.push(socket)
    const messages: Record<string, unknown>[] = []
    socket.on('message', data => messages.push(JSON.parse(String(data))))
    const closed = new Promise<number>(resolve => socket.on('close', code => resolve(code)))
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve())
      socket.once('error', reject)
    })
    await until(() => messages.length > 0)
    return { socket, messages, closed }
  }
  async function until(check: () => boolean, ms = 3000): Promise<void> {
    const deadline = Date.now() + ms
    while (!check()) {
      if (Date.now() > deadline)
        throw new Error('timed out')
      await new Promise(r => setTimeout(r, 10))
    }
  }
  const validState = (page: number) => ({ page, clicks: 0, clicksTotal: 0, timer: { status: 'stopped', startedAt: 0, pausedAt: 0 }, lastUpdate: { id: 'x', type: 'viewer', time: Date.now() } })
  const roomPage = () => relay.stats().rooms.session_01.page

  it('refuses unknown decks and paths at the upgrade', async () => {
    await expect(connect('/__classroom/ws/nope')).rejects.toThrow(/404/)
    await expect(connect('/__classroom/ws/session_01', { origin: 'http://evil.example' })).rejects.toThrow(/403/)
  })

  it('only a connection with the token moves the room; the room state is forced to presenter type', async () => {
    const audience = await connect()
    expect(audience.messages[0]).toMatchObject({ t: 'welcome', state: null })
    const intruder = await connect()
    intruder.socket.send(JSON.stringify({ t: 'state', state: validState(2) }))
    intruder.socket.send(JSON.stringify({ t: 'auth', token: `${TOKEN}x` }))
    await until(() => intruder.messages.some(m => m.t === 'role'))
    expect(intruder.messages.find(m => m.t === 'role')).toEqual({ t: 'role', role: 'audience' })
    intruder.socket.send(JSON.stringify({ t: 'state', state: validState(2) }))
    await new Promise(r => setTimeout(r, 100))
    expect(roomPage()).toBeNull()
    expect(audience.messages.filter(m => m.t === 'state')).toEqual([])

    const presenter = await connect()
    presenter.socket.send(JSON.stringify({ t: 'auth', token: TOKEN }))
    presenter.socket.send(JSON.stringify({ t: 'state', state: validState(4) }))
    await until(() => audience.messages.some(m => m.t === 'state'))
    expect(audience.messages.find(m => m.t === 'state')).toMatchObject({ state: { page: 4, lastUpdate: { type: 'presenter' } } })
    expect(presenter.messages.filter(m => m.t === 'state')).toEqual([]) // not echoed

    // A page beyond the deck from the presenter is dropped too.
    presenter.socket.send(JSON.stringify({ t: 'state', state: validState(6) }))
    await new Promise(r => setTimeout(r, 100))
    expect(roomPage()).toBe(4)

    const late = await connect()
    expect(late.messages[0]).toMatchObject({ t: 'welcome', state: { page: 4 } })
  })

  it('answers pings with its clock', async () => {
    const peer = await connect()
    const before = Date.now()
    peer.socket.send(JSON.stringify({ t: 'ping', c: 123 }))
    await until(() => peer.messages.some(m => m.t === 'pong'))
    const pong = peer.messages.find(m => m.t === 'pong')!
    expect(pong.c).toBe(123)
    expect(pong.s as number).toBeGreaterThanOrEqual(before)
  })

  it('closes a connection that sends an oversized message or floods, and keeps serving the others', async () => {
    const bystander = await connect()
    const big = await connect()
    big.socket.send('x'.repeat(MAX_MESSAGE_BYTES + 10))
    expect(await big.closed).toBe(1009)
    const flooder = await connect()
    for (let i = 0; i < RATE_BURST + 300; i++)
      flooder.socket.send(JSON.stringify({ t: 'ping', c: i }))
    expect(await flooder.closed).toBe(1008)
    expect(flooder.messages.filter(m => m.t === 'pong').length).toBeLessThanOrEqual(RATE_BURST + 5)
    bystander.socket.send(JSON.stringify({ t: 'ping', c: 1 }))
    await until(() => bystander.messages.some(m => m.t === 'pong'))
    expect(relay.stats().dropped.rate).toBeGreaterThan(0)
  })

  it('drops a connection that stops answering heartbeats', async () => {
    const quick = await serveDist(dist)
    const quickRelay = attachRelay(quick.server, { decks: [{ deck: 'session_01', slideCount: 5 }], token: TOKEN, heartbeatMs: 100 })
    try {
      const dead = new WebSocket(`${quick.url.replace('http', 'ws')}/__classroom/ws/session_01`, { autoPong: false })
      const alive = new WebSocket(`${quick.url.replace('http', 'ws')}/__classroom/ws/session_01`)
      open.push(dead, alive)
      const closed = new Promise<number>(resolve => dead.on('close', code => resolve(code)))
      await new Promise(resolve => alive.once('open', resolve))
      expect(await closed).toBe(1006)
      await until(() => quickRelay.stats().connections === 1)
      expect(alive.readyState).toBe(WebSocket.OPEN)
    }
    finally {
      await quickRelay.close()
      await quick.close()
    }
  })

  it('closes a connection after repeated wrong tokens', async () => {
    const guesser = await connect()
    for (let i = 0; i < 5; i++)
      guesser.socket.send(JSON.stringify({ t: 'auth', token: `guess-${i}` }))
    expect(await guesser.closed).toBe(1008)
  })
})
