// `node --import=./test/ts-loader.mjs file.ts`: runs TypeScript with the hooks of ./ts-hooks.mjs.
import { register } from 'node:module'

register('./ts-hooks.mjs', import.meta.url)
