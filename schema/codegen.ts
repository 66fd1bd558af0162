import type { CodegenConfig } from '@graphql-codegen/cli';

// The admin and widgets import these types instead of restating the API's shapes by hand.
const config: CodegenConfig = {
  schema: 'schema.graphql',
  generates: {
    'generated/graphql.ts': {
      plugins: ['typescript'],
      config: {
        enumsAsTypes: true,
        avoidOptionals: false,
        scalars: { DateTimeISO: 'string', LocalDate: 'string', JSONObject: '{ [key: string]: unknown }' },
      },
    },
  },
};

export default config;
