// Architecture in lint rules: dependencies point one way
// (names <- gazetteer <- match <- server <- cli; contracts <- server, web, cli),
// pure packages do no IO, and no explicit `any`.
import tseslint from 'typescript-eslint';

const io = ['node:net', 'node:http', 'node:https', 'node:http2', 'node:dgram', 'node:child_process', 'pg', 'better-sqlite3', 'kysely', 'fastify'];
const restrict = (packages, why) => ({
  'no-restricted-imports': [
    'error',
    {
      paths: packages.map((name) => ({ name, message: why })),
      patterns: [{ group: ['@homeward/server*', '@homeward/cli*', '@homeward/web*', '../../apps/*'], message: why }],
    },
  ],
});

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '.tmp/**', 'data/**', 'data-demo/**', 'test-results/**', 'playwright-report/**', 'bench/.out/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['packages/names/src/**'],
    rules: restrict([...io, '@homeward/gazetteer', '@homeward/match', '@homeward/contracts'], 'names is pure and depends on nothing of ours'),
  },
  {
    files: ['packages/gazetteer/src/**'],
    rules: restrict([...io, '@homeward/match', '@homeward/contracts'], 'gazetteer may use names only, and no IO'),
  },
  {
    files: ['packages/match/src/**'],
    rules: restrict([...io.filter((m) => m !== 'node:child_process'), '@homeward/contracts'], 'match may use names and gazetteer only, and no IO'),
  },
  {
    files: ['packages/contracts/src/**'],
    rules: restrict([...io, '@homeward/names', '@homeward/gazetteer', '@homeward/match'], 'contracts are shapes only'),
  },
  {
    files: ['packages/advocacy/src/**', 'packages/intake/src/**'],
    rules: restrict(io, 'advocacy and intake are pure: the server does their IO'),
  },
  {
    files: ['apps/web/src/**'],
    rules: restrict(['@homeward/names', '@homeward/gazetteer', '@homeward/match', ...io], 'the web app talks to the server through contracts only'),
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
);
