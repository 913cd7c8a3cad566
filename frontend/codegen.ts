import type { CodegenConfig } from '@graphql-codegen/cli';

// Typed operations from the server's own schema (../graph/*.graphqls, the source of truth).
// `npm run codegen` regenerates src/gql/; `npm run codegen:check` fails when it is stale.
const config: CodegenConfig = {
  schema: '../graph/*.graphqls',
  documents: ['src/**/*.{ts,tsx}', '!src/gql/**/*', '!src/**/*.test.{ts,tsx}'],
  ignoreNoDocuments: false,
  generates: {
    './src/gql/': {
      preset: 'client',
      // persisted-documents.json: every console operation by its sha256, embedded in the server
      // binary as the trusted documents (README, Operations: Trusted documents).
      presetConfig: { fragmentMasking: false, persistedDocuments: { hashAlgorithm: 'sha256' } },
      config: {
        scalars: { Time: 'string' },
        enumsAsTypes: true,
        useTypeImports: true,
        skipTypename: false,
      },
    },
  },
};

export default config;
