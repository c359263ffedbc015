// Files of the package itself (seed/, package.json), found the same way from src/ under the test
// runner and from dist/src/ when built.
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url))
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir)
    if (parent === dir) throw new Error('flireo-mock: package.json not found above ' + import.meta.url)
    dir = parent
  }
  return dir
}

const root = findRoot()

export const packagePath = (...segments: string[]) => join(root, ...segments)

export const packageVersion: string = JSON.parse(readFileSync(packagePath('package.json'), 'utf8')).version
