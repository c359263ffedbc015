// The schemas are valid JSON Schema. Ajv would check this against its meta-schema at every start;
// src/compilers.ts turns that off (validateSchema: false) to start faster, so it is checked here.
import t from 'tap'
import { AjvCompiler } from '@fastify/ajv-compiler'
import { namedSchemas } from '../schemas/index.js'
import { extendAjv } from '../src/compilers.js'

// Fastify hands its compiler the shared schemas as an object; Ajv reads each schema's own $id.
const external = Object.fromEntries(namedSchemas.entries())
// With our own keywords (x-max-json-bytes), as the app's Ajv has them.
const options = { customOptions: {}, onCreate: extendAjv } as Parameters<ReturnType<typeof AjvCompiler>>[1]

t.test('every named schema passes the JSON Schema meta-schema', async (t) => {
  t.doesNotThrow(() => AjvCompiler()(external, options))
})

t.test('the check refuses a schema that is not valid JSON Schema', async (t) => {
  const broken = { ...external, Broken: { $id: 'Broken', type: 'object', required: 'name' } }
  t.throws(() => AjvCompiler()(broken, options), /schema is invalid/)
})
