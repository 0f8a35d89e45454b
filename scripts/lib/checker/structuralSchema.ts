import type { SchemaProblem } from './k8sSchema'
import { describeType, isPlainObject } from './k8sSchema'

/** The subset of OpenAPI v3 that CRD structural schemas use, enough to validate a custom resource. */
export interface StructuralSchema {
  'type'?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean'
  'properties'?: Record<string, StructuralSchema>
  'additionalProperties'?: boolean | StructuralSchema
  'items'?: StructuralSchema
  'required'?: string[]
  'enum'?: unknown[]
  'minimum'?: number
  'maximum'?: number
  'minLength'?: number
  'maxLength'?: number
  'minItems'?: number
  'maxItems'?: number
  'pattern'?: string
  'format'?: string
  'x-kubernetes-preserve-unknown-fields'?: boolean
  'x-kubernetes-int-or-string'?: boolean
  'x-kubernetes-embedded-resource'?: boolean
  [other: string]: unknown
}

/**
 * Validates `value` like the API server validates a custom resource against a structural schema, with one
 * difference on purpose: fields the schema does not declare are errors here, where the API server would prune
 * them silently. A pruned field is a bug in a teaching manifest.
 */
export function validateStructural(value: unknown, schema: StructuralSchema, path: (string | number)[] = []): SchemaProblem[] {
  const problems: SchemaProblem[] = []
  visit(value, schema, path, problems)
  return problems
}

function visit(value: unknown, schema: StructuralSchema, path: (string | number)[], problems: SchemaProblem[]): void {
  if (value === null || value === undefined)
    return
  if (schema['x-kubernetes-int-or-string']) {
    if (typeof value !== 'string' && !Number.isInteger(value))
      problems.push({ path, message: `expected an integer or a string, got ${describeType(value)}` })
    return
  }
  if (schema.enum && !schema.enum.some(allowed => allowed === value))
    problems.push({ path, message: `must be one of: ${schema.enum.join(', ')}` })
  switch (schema.type) {
    case 'string':
      if (typeof value !== 'string')
        return void problems.push({ path, message: `expected a string, got ${describeType(value)}` })
      if (schema.minLength !== undefined && value.length < schema.minLength)
        problems.push({ path, message: `must be at least ${schema.minLength} characters` })
      if (schema.maxLength !== undefined && value.length > schema.maxLength)
        problems.push({ path, message: `must be at most ${schema.maxLength} characters` })
      if (schema.pattern && !new RegExp(schema.pattern, 'u').test(value))
        problems.push({ path, message: `must match ${schema.pattern}` })
      return
    case 'integer':
    case 'number':
      if (typeof value !== 'number' || (schema.type === 'integer' && !Number.isInteger(value)))
        return void problems.push({ path, message: `expected ${schema.type === 'integer' ? 'an integer' : 'a number'}, got ${describeType(value)}` })
      if (schema.minimum !== undefined && value < schema.minimum)
        problems.push({ path, message: `must be >= ${schema.minimum}` })
      if (schema.maximum !== undefined && value > schema.maximum)
        problems.push({ path, message: `must be <= ${schema.maximum}` })
      return
    case 'boolean':
      if (typeof value !== 'boolean')
        problems.push({ path, message: `expected true or false, got ${describeType(value)}` })
      return
    case 'array':
      if (!Array.isArray(value))
        return void problems.push({ path, message: `expected a list, got ${describeType(value)}` })
      if (schema.minItems !== undefined && value.length < schema.minItems)
        problems.push({ path, message: `must have at least ${schema.minItems} items` })
      if (schema.maxItems !== undefined && value.length > schema.maxItems)
        problems.push({ path, message: `must have at most ${schema.maxItems} items` })
      if (schema.items)
        value.forEach((item, i) => visit(item, schema.items!, [...path, i], problems))
      return
    case 'object':
    case undefined:
      if (schema.type === undefined && !schema.properties && !schema.additionalProperties)
        return
      if (!isPlainObject(value))
        return void problems.push({ path, message: `expected an object, got ${describeType(value)}` })
      for (const name of schema.required ?? []) {
        if (!(name in value))
          problems.push({ path, message: `missing required field "${name}"` })
      }
      for (const [key, child] of Object.entries(value)) {
        const declared = schema.properties?.[key]
        if (declared)
          visit(child, declared, [...path, key], problems)
        else if (isPlainObject(schema.additionalProperties))
          visit(child, schema.additionalProperties, [...path, key], problems)
        else if (!schema['x-kubernetes-preserve-unknown-fields'] && schema.additionalProperties !== true)
          problems.push({ path: [...path, key], message: `unknown field "${key}"` })
      }
  }
}
