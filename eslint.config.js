// neostandard (the Fastify organisation's own rules) for what code may do; its style rules are
// off because Prettier settles formatting (.prettierrc.json).
import neostandard from 'neostandard'

export default [
  ...neostandard({
    ts: true,
    noStyle: true,
    ignores: ['dist/**', 'bench/.peers/**', 'coverage/**', '.tap/**'],
  }),
  {
    rules: {
      // Flireo's API names its fields in snake_case; destructuring them keeps those names.
      camelcase: 'off',
      // TypeBox's idiom names a schema and its static type alike; TypeScript itself reports a
      // real redeclaration.
      '@typescript-eslint/no-redeclare': 'off',
    },
  },
]
