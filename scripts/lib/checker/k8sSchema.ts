import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

/**
 * Strict validation of built-in Kubernetes objects, as `kubeconform -strict` does it, from two npm packages:
 * - @kubernetes/client-node's generated models (API level v1.36) list every field of every type, which is what
 *   catches unknown and misspelt fields;
 * - kubernetes-models (API level about v1.35) compiles the OpenAPI schema with enums and required fields.
 * Neither ships a JSON schema we could tighten, so the field walk lives here.
 */

export interface SchemaProblem {
  /** JSON path of the offending value, e.g. ['spec', 'template', 'spec', 'containers', 0, 'resourcez']. */
  path: (string | number)[]
  message: string
}

const require = createRequire(import.meta.url)
const MODELS_DIR = join(dirname(require.resolve('@kubernetes/client-node/package.json')), 'dist/gen/models')
const KUBERNETES_MODELS_DIR = dirname(require.resolve('kubernetes-models/package.json'))

interface Attribute { baseName: string, type: string, format?: string }
type ModelClass = { getAttributeTypeMap: () => Attribute[], discriminator?: string }

const modelCache = new Map<string, Promise<ModelClass | undefined>>()

function loadModel(name: string): Promise<ModelClass | undefined> {
  let cached = modelCache.get(name)
  if (!cached) {
    const file = join(MODELS_DIR, `${name}.js`)
    cached = existsSync(file)
      ? import(file).then(mod => (mod as Record<string, ModelClass>)[name])
      : Promise.resolve(undefined)
    modelCache.set(name, cached)
  }
  return cached
}

/** `apps/v1` + `StatefulSet` → `V1StatefulSet`; `autoscaling/v2` → `V2…`; `batch/v1beta1` → `V1beta1…`. */
function modelName(apiVersion: string, kind: string): string {
  const version = apiVersion.split('/').pop() ?? ''
  return `${version.charAt(0).toUpperCase()}${version.slice(1)}${kind}`
}

function kubernetesModelsFile(apiVersion: string, kind: string): string {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion]
  return group ? join(KUBERNETES_MODELS_DIR, group, version, `${kind}.js`) : join(KUBERNETES_MODELS_DIR, version, `${kind}.js`)
}

/** True when the pair names a built-in kind that both schema sources know. */
export function isBuiltinKind(apiVersion: string, kind: string): boolean {
  return existsSync(kubernetesModelsFile(apiVersion, kind)) && existsSync(join(MODELS_DIR, `${modelName(apiVersion, kind)}.js`))
}

export async function validateBuiltin(object: Record<string, unknown>): Promise<SchemaProblem[]> {
  const apiVersion = String(object.apiVersion)
  const kind = String(object.kind)
  const model = await loadModel(modelName(apiVersion, kind))
  if (!model)
    return [{ path: ['kind'], message: `unknown kind ${kind} in ${apiVersion}` }]
  const problems: SchemaProblem[] = []
  await walk(object, modelName(apiVersion, kind), [], problems)
  // kubernetes-models knows Quantity and enum types; keep its findings on paths the walk did not report.
  const reported = new Set(problems.map(p => p.path.join('.')))
  problems.push(...(await validateWithKubernetesModels(object)).filter(p => !reported.has(p.path.join('.'))))
  return dedupe(problems)
}

async function validateWithKubernetesModels(object: Record<string, unknown>): Promise<SchemaProblem[]> {
  const file = kubernetesModelsFile(String(object.apiVersion), String(object.kind))
  const mod = await import(file) as Record<string, new (data: unknown) => { validate: () => void }>
  const Model = mod[String(object.kind)]
  try {
    new Model(object).validate()
    return []
  }
  catch (error) {
    const errors = (error as { errors?: { instancePath: string, message?: string, params?: Record<string, unknown> }[] }).errors ?? []
    return errors
      .map(e => ({
        path: e.instancePath.split('/').filter(Boolean).map(seg => /^\d+$/.test(seg) ? Number(seg) : seg.replace(/~1/g, '/').replace(/~0/g, '~')),
        message: ajvMessage(e.message ?? 'invalid', e.params),
      }))
  }
}

function ajvMessage(message: string, params?: Record<string, unknown>): string {
  if (params?.allowedValues)
    return `${message}: ${(params.allowedValues as unknown[]).join(', ')}`
  if (params?.missingProperty)
    return `missing required field "${String(params.missingProperty)}"`
  return message
}

async function walk(value: unknown, type: string, path: (string | number)[], problems: SchemaProblem[]): Promise<void> {
  if (value === null || value === undefined)
    return
  const array = /^Array<(.+)>$/.exec(type)
  if (array) {
    if (!Array.isArray(value))
      return void problems.push({ path, message: `expected a list, got ${describeType(value)}` })
    await Promise.all(value.map((item, i) => walk(item, array[1], [...path, i], problems)))
    return
  }
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(type)
  if (map) {
    if (!isPlainObject(value))
      return void problems.push({ path, message: `expected a map, got ${describeType(value)}` })
    await Promise.all(Object.entries(value).map(([k, v]) => walk(v, map[1], [...path, k], problems)))
    return
  }
  switch (type) {
    case 'string':
      // Quantities (`cpu: 1`, `tolerance: 0.05`) are typed string in the generated models but accept numbers;
      // kubernetes-models' schema reports a number where a plain string is required.
      if (typeof value !== 'string' && typeof value !== 'number')
        problems.push({ path, message: `expected a string, got ${describeType(value)}` })
      return
    case 'Date':
      if (typeof value !== 'string')
        problems.push({ path, message: `expected a string, got ${describeType(value)}` })
      return
    case 'number':
      if (typeof value !== 'number')
        problems.push({ path, message: `expected a number, got ${describeType(value)}` })
      return
    case 'boolean':
      if (typeof value !== 'boolean')
        problems.push({ path, message: `expected true or false, got ${describeType(value)}` })
      return
    case 'IntOrString':
      if (typeof value !== 'string' && typeof value !== 'number')
        problems.push({ path, message: `expected a number or a string, got ${describeType(value)}` })
      return
    case 'any':
    case 'object':
      return
  }
  const model = await loadModel(type)
  if (!model)
    return // a type the generator could not name (RawExtension and the like): accept, as the API server does
  if (!isPlainObject(value))
    return void problems.push({ path, message: `expected an object (${type.replace(/^V\d\w*?(?=[A-Z])/, '')}), got ${describeType(value)}` })
  const attributes = new Map(model.getAttributeTypeMap().map(a => [a.baseName, a]))
  for (const [key, child] of Object.entries(value)) {
    const attribute = attributes.get(key)
    if (!attribute) {
      problems.push({ path: [...path, key], message: `unknown field "${key}"${suggest(key, [...attributes.keys()])}` })
      continue
    }
    await walk(child, attribute.type, [...path, key], problems)
  }
}

function suggest(key: string, known: string[]): string {
  const lower = key.toLowerCase()
  const close = known.find(k => k.toLowerCase() === lower) ?? known.find(k => editDistance(k.toLowerCase(), lower) <= 2)
  return close ? ` (did you mean "${close}"?)` : ''
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]
    row[0] = i
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1))
      previous = current
    }
  }
  return row[b.length]
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

export function describeType(value: unknown): string {
  if (Array.isArray(value))
    return 'a list'
  if (value === null)
    return 'null'
  if (typeof value === 'object')
    return 'an object'
  return `${typeof value} ${JSON.stringify(value)}`
}

function dedupe(problems: SchemaProblem[]): SchemaProblem[] {
  const seen = new Set<string>()
  return problems.filter((p) => {
    const key = `${p.path.join('.')}|${p.message}`
    if (seen.has(key))
      return false
    seen.add(key)
    return true
  })
}

