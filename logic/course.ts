/**
 * The course day: its title, the decks, and each session's four topics. The overview deck, the hub page,
 * the build and the checker read this; a session deck's headmatter `title` must carry its session title.
 */

export interface SessionInfo {
  /** Deck file name without `.md`, also the URL segment and the PDF name. */
  deck: string
  number: number
  title: string
  /** The four topics from the day outline, in teaching order. */
  topics: [string, string, string, string]
}

export interface DeckInfo {
  deck: string
  title: string
  /** Session decks follow the timed plan; the overview does not. */
  session?: SessionInfo
}

export const COURSE = Object.freeze({
  week: 3,
  day: 1,
  title: '고급 워크로드 관리',
  fullTitle: 'Week 3 Day 1: 고급 워크로드 관리',
  mix: { concepts: 70, patterns: 30 },
})

export const SESSIONS: readonly SessionInfo[] = Object.freeze([
  {
    deck: 'session_01',
    number: 1,
    title: 'StatefulSet과 상태 관리 패턴',
    topics: ['StatefulSet 아키텍처와 설계 원칙', '순서 보장과 안정적인 네트워크 ID', '영구 스토리지와 데이터 일관성', '상태 저장 애플리케이션 배포 패턴'],
  },
  {
    deck: 'session_02',
    number: 2,
    title: 'DaemonSet과 시스템 서비스 관리',
    topics: ['DaemonSet 동작 원리와 사용 사례', '노드별 서비스 배포 전략', '시스템 데몬과 인프라 구성 요소 관리', '업데이트 전략과 롤아웃 제어'],
  },
  {
    deck: 'session_03',
    number: 3,
    title: 'Job과 CronJob 배치 처리 패턴',
    topics: ['일회성 작업과 스케줄된 작업 관리', '병렬 처리와 작업 큐 패턴', '실패 처리와 재시도 전략', '배치 워크로드 최적화'],
  },
  {
    deck: 'session_04',
    number: 4,
    title: 'HPA와 VPA 자동 스케일링 이론',
    topics: ['수평적/수직적 자동 스케일링 원리', '메트릭 기반 스케일링 전략', '커스텀 메트릭과 외부 메트릭 활용', '스케일링 정책과 안정성 보장'],
  },
  {
    deck: 'session_05',
    number: 5,
    title: '커스텀 리소스와 Operator 패턴',
    topics: ['CRD(Custom Resource Definition) 설계', 'Operator 패턴과 컨트롤러 개발', '도메인 특화 자동화 구현', '확장 가능한 플랫폼 아키텍처'],
  },
  {
    deck: 'session_06',
    number: 6,
    title: 'Pod 스케줄링과 어피니티 규칙',
    topics: ['고급 스케줄링 전략과 제약 조건', '노드/Pod 어피니티와 안티 어피니티', 'Taint와 Toleration 활용', '토폴로지 인식 스케줄링'],
  },
  {
    deck: 'session_07',
    number: 7,
    title: '리소스 관리와 QoS 클래스',
    topics: ['리소스 요청과 제한 설정 전략', 'QoS 클래스와 우선순위 관리', '리소스 쿼터와 LimitRange 정책', '성능 최적화와 리소스 효율성'],
  },
  {
    deck: 'session_08',
    number: 8,
    title: '워크로드 패턴 종합 및 설계 원칙',
    topics: ['워크로드 타입별 선택 기준', '마이크로서비스 아키텍처 패턴', '실무 적용 시나리오와 모범 사례', '워크로드 설계 원칙과 가이드라인'],
  },
] satisfies SessionInfo[])

export const OVERVIEW: DeckInfo = Object.freeze({ deck: 'overview', title: `${COURSE.fullTitle} — 일차 개요` })

/** Every deck in teaching order: the overview first, then the sessions. */
export const DECKS: readonly DeckInfo[] = Object.freeze([
  OVERVIEW,
  ...SESSIONS.map(session => ({ deck: session.deck, title: `Session ${session.number}: ${session.title}`, session })),
])

/**
 * Resolves what an author types (`3`, `03`, `session_03`, `session_03.md`, `overview`) to a deck.
 * Returns undefined for anything else so callers can print their own message.
 */
export function findDeck(input: string): DeckInfo | undefined {
  const name = input.trim().replace(/^.*\//, '').replace(/\.md$/, '')
  if (/^\d{1,2}$/.test(name))
    return DECKS.find(d => d.session?.number === Number(name))
  return DECKS.find(d => d.deck === name)
}
