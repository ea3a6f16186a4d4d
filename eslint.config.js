// ESLint flat config. Two jobs:
// 1. Architecture boundaries, as errors (they fail `npm run lint` and test/unit/boundaries.test.ts):
//    the core and the contract stay plain, I/O-free Node; only electron/main and electron/preload
//    touch Electron; the renderer reaches the station through the contract alone.
// 2. General hygiene (eslint + typescript-eslint recommended), as warnings: visible in every run,
//    not yet a gate. Turn them into errors once the tree is clean of them.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

const TS_FILES = ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts'];
const JS_FILES = ['**/*.js', '**/*.mjs', '**/*.cjs'];

// ---- what may not be imported where -------------------------------------------------------

const ELECTRON = {
  regex: '^electron(?:/|$)',
  message: "Only electron/main and electron/preload may import 'electron': the station must also run under the loopback web host and the CLI, where there is no Electron.",
};

/** Native and I/O libraries: each lives behind a port, in exactly one electron/adapters module. */
const IO_LIBRARIES = {
  regex: '^(?:usb|node-hid|sharp|@img/.*|chokidar|lowdb|ws|env-paths|commander)(?:/|$)',
  message: 'I/O and native libraries belong in electron/adapters behind a port (electron/core/ports.ts); the core is tested with fakes and must not load them.',
};

const nodeBuiltinNames = [...new Set(builtinModules.filter((name) => !name.startsWith('_')).map((name) => name.split('/')[0]))];

/** Node built-ins except `allowed` (which must be written with or without the node: prefix alike). */
function nodeBuiltins(allowed, message) {
  const forbiddenBare = nodeBuiltinNames.filter((name) => !allowed.includes(name));
  const prefixed = allowed.length > 0 ? `node:(?!(?:${allowed.join('|')})(?:/|$))` : 'node:';
  return { regex: `^(?:${prefixed}|(?:${forbiddenBare.join('|')})(?:/|$))`, message };
}

/** Relative imports that climb out of `from` into one of `areas` (e.g. ../adapters/x.js from electron/core). */
function electronAreas(areas, message) {
  const names = areas.join('|');
  return { regex: `^(?:\\.\\./)+(?:${names})(?:/|$)|(?:^|/)electron/(?:${names})(?:/|$)`, message };
}

const restrict = (...patterns) => ['error', { patterns }];

// Dynamic import() and require() would walk around no-restricted-imports; the core and the
// contract need neither (ports are passed in), so they are refused outright there.
const NO_DYNAMIC_LOADING = [
  'error',
  {
    selector: 'ImportExpression',
    message: 'The core and the contract load nothing dynamically: what they need comes in through a port.',
  },
  {
    selector: "CallExpression[callee.name='require']",
    message: 'The core and the contract load nothing dynamically: what they need comes in through a port.',
  },
];

const boundaries = [
  {
    name: 'boundaries/core',
    files: ['electron/core/**'],
    rules: {
      'no-restricted-imports': restrict(
        ELECTRON,
        IO_LIBRARIES,
        nodeBuiltins(
          ['crypto', 'path', 'events'],
          'The core is pure: only node:crypto, node:path and node:events. Files, processes, sockets and the OS are reached through ports in electron/core/ports.ts.',
        ),
        electronAreas(['adapters', 'main', 'preload', 'host', 'cli', 'tools'], 'The core is imported by hosts and adapters, never the other way round.'),
      ),
      'no-restricted-syntax': NO_DYNAMIC_LOADING,
    },
  },
  {
    name: 'boundaries/contract',
    files: ['electron/contract/**'],
    rules: {
      'no-restricted-imports': restrict(
        ELECTRON,
        IO_LIBRARIES,
        // The renderer bundles the contract for the browser, where no Node built-in exists.
        nodeBuiltins([], 'The contract is bundled into the renderer (a browser): no Node built-ins at all.'),
        electronAreas(['core', 'adapters', 'main', 'preload', 'host', 'cli', 'tools'], 'The contract stands alone: every side imports it, it imports no side.'),
      ),
      'no-restricted-syntax': NO_DYNAMIC_LOADING,
    },
  },
  {
    // The label rules and the domain types are shared with the renderer, so the officer's form and the
    // station judge a label by one piece of code. They must therefore stay browser-safe.
    name: 'boundaries/shared-with-renderer',
    files: ['electron/core/labels/**', 'electron/core/domain/**'],
    rules: {
      'no-restricted-imports': restrict(
        ELECTRON,
        IO_LIBRARIES,
        nodeBuiltins([], 'Shared with the renderer (a browser): no Node built-ins.'),
        {
          regex: '(?:^|/)(?:\\.\\./)+(?!domain/|labels/)[^/]+/',
          message: 'Shared with the renderer: import only the domain types and the label rules.',
        },
      ),
    },
  },
  {
    name: 'boundaries/no-electron-outside-main',
    files: ['electron/adapters/**', 'electron/host/**', 'electron/cli/**', 'electron/tools/**'],
    rules: { 'no-restricted-imports': restrict(ELECTRON) },
  },
  {
    name: 'boundaries/preload',
    files: ['electron/preload/**'],
    rules: {
      'no-restricted-imports': restrict(
        // A sandboxed preload's require() knows only electron and a few shims; the bundle must not need more.
        nodeBuiltins([], 'The preload runs sandboxed: it may use electron and the contract, nothing from Node.'),
        IO_LIBRARIES,
        electronAreas(['core', 'adapters', 'main', 'host', 'cli', 'tools'], 'The preload exposes the contract and nothing else; station code stays in the main process.'),
      ),
    },
  },
  {
    name: 'boundaries/renderer',
    files: ['renderer/**'],
    rules: {
      'no-restricted-imports': restrict(
        { ...ELECTRON, message: "The renderer is sandboxed web code: it reaches the station through window.evidenceStation (the contract), never 'electron'." },
        nodeBuiltins([], 'The renderer runs in a browser (Electron sandbox or Chromium against the web host): no Node built-ins.'),
        IO_LIBRARIES,
        {
          regex: '(?:^|/)electron/(?!contract(?:/|$)|core/labels/|core/domain/)',
          message: 'The renderer may import electron/contract and the shared label rules and domain types only; station code (core services, adapters, main, host, cli) stays on the other side of the bridge.',
        },
      ),
      'no-restricted-syntax': [
        'error',
        {
          selector: 'ImportExpression[source.value=/^(electron|node:)|electron.(core|adapters|main|host|cli|preload|tools)/]',
          message: 'The renderer may not load Electron, Node or station code, dynamically or otherwise.',
        },
      ],
    },
  },
];

// ---- general hygiene, reported as warnings ----------------------------------------------------

function downgradeToWarning(severity) {
  if (Array.isArray(severity)) return severity[0] === 'off' || severity[0] === 0 ? severity : ['warn', ...severity.slice(1)];
  return severity === 'off' || severity === 0 ? severity : 'warn';
}

function asWarnings(config) {
  if (!config.rules) return config;
  return { ...config, rules: Object.fromEntries(Object.entries(config.rules).map(([rule, severity]) => [rule, downgradeToWarning(severity)])) };
}

const NODE_GLOBALS = Object.fromEntries(
  ['process', 'console', 'Buffer', 'URL', 'URLSearchParams', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate', 'queueMicrotask', 'structuredClone', 'fetch', 'AbortController', 'TextEncoder', 'TextDecoder', 'globalThis'].map(
    (name) => [name, 'readonly'],
  ),
);

export default defineConfig(
  {
    ignores: ['dist/**', 'out/**', 'coverage/**', 'test-results/**', 'test/.artefacts/**', 'bench/.work/**', '.station-data/**', '.cache/**'],
  },
  {
    name: 'hygiene/typescript',
    files: TS_FILES,
    extends: [asWarnings(js.configs.recommended), ...tseslint.configs.recommended.map(asWarnings)],
    rules: {
      // A leading underscore marks a value kept on purpose (a destructured-away field, a callback's shape).
      '@typescript-eslint/no-unused-vars': ['warn', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    name: 'hygiene/javascript',
    files: JS_FILES,
    extends: [asWarnings(js.configs.recommended)],
    languageOptions: { sourceType: 'module', globals: NODE_GLOBALS },
  },
  ...boundaries,
);
