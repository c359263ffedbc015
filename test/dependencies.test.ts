// Dependencies run one way (README § Architecture): no folder of src/ imports a folder that
// imports it back, through any chain. Read from the import statements (type imports included).
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import t from 'tap'

const src = resolve(import.meta.dirname, '../src')

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : []
  })
}

/** The folder of src/ a file is in; a file at the top of src/ (app.ts, errors.ts) stands for itself. */
const folderOf = (file: string) => relative(src, dirname(file)).split('/')[0] || relative(src, file)

/** folder → the folders its files import. */
function folderGraph() {
  const graph = new Map<string, Set<string>>()
  for (const file of sourceFiles(src)) {
    const from = folderOf(file)
    const edges = graph.get(from) ?? new Set<string>()
    graph.set(from, edges)
    for (const [, target] of readFileSync(file, 'utf8').matchAll(/^(?:import|export)[^'"]*from '(\.[^']+)'/gm)) {
      const imported = resolve(dirname(file), target!).replace(/\.js$/, '.ts')
      if (!imported.startsWith(src + '/')) continue
      const to = folderOf(imported)
      if (to !== from) edges.add(to)
    }
  }
  return graph
}

/** A chain of folders that leads back to where it started, if there is one. */
function findCycle(graph: Map<string, Set<string>>): string[] | undefined {
  const done = new Set<string>()
  const visit = (node: string, path: string[]): string[] | undefined => {
    if (path.includes(node)) return [...path.slice(path.indexOf(node)), node]
    if (done.has(node)) return undefined
    for (const next of graph.get(node) ?? []) {
      const cycle = visit(next, [...path, node])
      if (cycle) return cycle
    }
    done.add(node)
    return undefined
  }
  for (const node of graph.keys()) {
    const cycle = visit(node, [])
    if (cycle) return cycle
  }
  return undefined
}

t.test('no folder of src/ imports a folder that imports it back', async (t) => {
  const graph = folderGraph()
  t.ok(graph.size > 10, 'the folders were read')
  const cycle = findCycle(graph)?.join(' → ')
  t.equal(cycle, undefined, `no cycle${cycle ? `: ${cycle}` : ''}`)
})

t.test('the check finds a cycle when there is one', async (t) => {
  const graph = new Map([
    ['a', new Set(['b'])],
    ['b', new Set(['c'])],
    ['c', new Set(['a'])],
  ])
  t.same(findCycle(graph), ['a', 'b', 'c', 'a'])
  t.equal(findCycle(new Map([['a', new Set(['b'])]])), undefined)
})
